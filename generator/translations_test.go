package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStampAndReport follows a translation through its life: made
// without saying what it translates, stamped, then out of date when its
// original changes, as check --translations reports each time.
func TestStampAndReport(t *testing.T) {
	dir := site(t)
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	cfg := read("config.toml")
	write("config.toml", strings.Replace(cfg, "[languages.en]\nname = \"English\"\n", "[languages.en]\nname = \"English\"\n[languages.fr]\nname = \"Français\"\n", 1))
	write("content/areas/a.fr.md", "+++\ntitle = \"Domaine A\"\n+++\nTexte.\n")

	report := func(want ...string) {
		t.Helper()
		code, out, errs := runCmd("check", "--source", dir, "--translations")
		if code != 0 {
			t.Fatalf("check --translations: exit %d\n%s%s", code, out, errs)
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("check --translations does not say %q:\n%s", w, out)
			}
		}
	}
	report("fr: 1 of 2 records translated\n",
		"  not stamped: content/areas/a.fr.md does not say which version of content/areas/a.md it translates",
		"  not translated: resolutions (1): pp-1\n")

	code, out, errs := runCmd("stamp", "--source", dir, filepath.Join(dir, "content/areas/a.fr.md"))
	if code != 0 || out != "stamped content/areas/a.fr.md (from content/areas/a.md)\n" {
		t.Fatalf("stamp: exit %d\n%s%s", code, out, errs)
	}
	// The fingerprints of the original's title ("A") and of its body
	// (empty); the translation's own lines stay as they were.
	if got := read("content/areas/a.fr.md"); !strings.HasPrefix(got, "+++\ntitle = \"Domaine A\"\n") || !strings.Contains(got, "\n[translates] # the original this translates, as generator stamp found it\ntitle = \"559aead0\"\nbody = \"e3b0c442\"\n") || !strings.HasSuffix(got, "+++\nTexte.\n") {
		t.Errorf("stamped file:\n%s", got)
	}
	report("fr: 1 of 2 records translated\n")
	if _, out, _ := runCmd("check", "--source", dir, "--translations"); strings.Contains(out, "a.fr.md") {
		t.Errorf("a stamped translation is still reported:\n%s", out)
	}

	write("content/areas/a.md", "+++\ntitle = \"Area A\"\nupdated = 2026-11-30\n+++\nThe area.\n")
	report("  out of date: content/areas/a.fr.md: title, body changed in content/areas/a.md, updated 2026-11-30\n")

	code, _, errs = runCmd("stamp", "--source", dir, "content/areas/a.md")
	if code == 0 || !strings.Contains(errs, "content/areas/a.md is not a translation of a record") {
		t.Errorf("stamp of an original: exit %d\n%s", code, errs)
	}
}
