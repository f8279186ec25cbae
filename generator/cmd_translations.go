package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"itu.int/iscsite/generator/build"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
)

// printTranslations writes the translators' report of check
// --translations: per language, what is translated, what is out of date
// and in which fields, and what has no translation.
func printTranslations(w io.Writer, s *model.Site) {
	for _, st := range derive.Translations(s) {
		fmt.Fprintf(w, "%s: %d of %d records translated\n", st.Lang, st.Translated, st.Total)
		for _, x := range st.Stale {
			m := x.Record.Base()
			if x.Unstamped {
				fmt.Fprintf(w, "  not stamped: %s does not say which version of %s it translates (once it is up to date: generator stamp %s)\n", x.Translation.File, m.File, x.Translation.File)
				continue
			}
			changed := ""
			if m.Updated != "" {
				changed = ", updated " + m.Updated
			}
			fmt.Fprintf(w, "  out of date: %s: %s changed in %s%s\n", x.Translation.File, strings.Join(x.Fields, ", "), m.File, changed)
		}
		byKind := map[string][]string{}
		var kinds []string
		for _, r := range st.Missing {
			m := r.Base()
			if byKind[m.Kind] == nil {
				kinds = append(kinds, m.Kind)
			}
			byKind[m.Kind] = append(byKind[m.Kind], m.Slug)
		}
		for _, k := range kinds {
			fmt.Fprintf(w, "  not translated: %s (%d): %s\n", k, len(byKind[k]), strings.Join(byKind[k], ", "))
		}
	}
}

// runStamp records in translation files which version of their original
// they translate: the [translates] table of fingerprints (see
// model.Fingerprint). Stamp a translation once it is up to date with its
// original; --unstamped stamps every translation that has no table yet.
func runStamp(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("stamp", stderr)
	src := fl.String("source", ".", "the site root")
	unstamped := fl.Bool("unstamped", false, "stamp every translation without a [translates] table")
	if fl.Parse(args) != nil || (fl.NArg() == 0) == !*unstamped {
		fmt.Fprintln(stderr, "usage: generator stamp [--source DIR] FILE... | --unstamped")
		return exitUsage
	}
	res, _ := build.Run(build.Options{Source: os.DirFS(*src), Check: true})
	if res.Site == nil || res.Diags.Errors() > 0 {
		fmt.Fprint(stderr, res.Diags.String())
		fmt.Fprintln(stderr, "stamp: the site has errors: fix them first")
		return exitContent
	}
	type translation struct {
		t *model.Translation
		m *model.Meta // its original
	}
	byFile := map[string]translation{}
	for _, r := range res.Site.Records() {
		m := r.Base()
		for _, t := range m.Translations {
			byFile[t.File] = translation{t, m}
		}
	}
	var files []string
	if *unstamped {
		for f, x := range byFile {
			if x.t.Stamped == nil {
				files = append(files, f)
			}
		}
		slices.Sort(files)
	}
	for _, a := range fl.Args() {
		rel := filepath.ToSlash(a)
		if abs, err := filepath.Abs(a); err == nil {
			if root, err := filepath.Abs(*src); err == nil {
				if r, err := filepath.Rel(root, abs); err == nil {
					rel = filepath.ToSlash(r)
				}
			}
		}
		files = append(files, rel)
	}
	code := exitOK
	for _, f := range files {
		x, ok := byFile[f]
		if !ok {
			fmt.Fprintf(stderr, "stamp: %s is not a translation of a record (content/<kind>/<slug>.<lang>.md)\n", f)
			code = exitContent
			continue
		}
		p := filepath.Join(*src, filepath.FromSlash(f))
		old, err := os.ReadFile(p)
		if err == nil {
			err = writeStamp(p, old, model.Stamp(x.t, x.m))
		}
		if err != nil {
			fmt.Fprintf(stderr, "stamp: %v\n", err)
			code = exitContent
			continue
		}
		fmt.Fprintf(stdout, "stamped %s (from %s)\n", f, x.m.File)
	}
	return code
}

// writeStamp replaces the [translates] table of a translation file's
// front matter with stamp, keeping every other line as it is.
func writeStamp(path string, src []byte, stamp map[string]string) error {
	lines := strings.SplitAfter(string(src), "\n")
	md := strings.HasSuffix(path, ".md")
	// The front matter: between the first two "+++" lines of a .md file,
	// the whole of a .toml one.
	start, end := 0, len(lines)
	if md {
		start = 1
		end = -1
		for i := 1; i < len(lines); i++ {
			if strings.TrimRight(lines[i], " \t\r\n") == "+++" {
				end = i
				break
			}
		}
		if end < 0 {
			return fmt.Errorf("%s: front matter is never closed", path)
		}
	}
	var out []string
	out = append(out, lines[:start]...)
	in := false
	for _, l := range lines[start:end] {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "["+model.StampKey+"]"):
			in = true
			continue
		case in && strings.HasPrefix(t, "["):
			in = false
		}
		if !in {
			out = append(out, l)
		}
	}
	for len(out) > start && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	if len(out) > 0 && !strings.HasSuffix(out[len(out)-1], "\n") {
		out[len(out)-1] += "\n"
	}
	out = append(out, "\n["+model.StampKey+"] # the original this translates, as generator stamp found it\n")
	for _, f := range model.TextFields {
		if fp, ok := stamp[f]; ok {
			out = append(out, fmt.Sprintf("%s = %q\n", f, fp))
		}
	}
	out = append(out, lines[end:]...)
	tmp := path + ".stamp-tmp"
	if err := os.WriteFile(tmp, []byte(strings.Join(out, "")), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
