package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// site writes a tiny valid site (with the repository's layouts) into a
// temporary folder and returns it.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"config.toml": `baseURL = "https://example.org/"
title = "T"
[languages.en]
name = "English"
[[sectors]]
id = "GS"
name = "General Secretariat"
[[sectors]]
id = "ITU-R"
name = "Radiocommunication"
[[sectors]]
id = "ITU-T"
name = "Standardization"
[[sectors]]
id = "ITU-D"
name = "Development"
[[bodies]]
id = "PP"
name = "Plenipotentiary Conference"
sector = "GS"
[[bodies]]
id = "WTSA"
name = "Standardization Assembly"
sector = "ITU-T"
`,
		"content/areas/a.md":          "+++\ntitle = \"A\"\n+++\n",
		"content/resolutions/pp-1.md": "+++\nbody = \"PP\"\nnumber = \"1\"\ntitle = \"One\"\nareas = [\"a\"]\ncoordination = true\n+++\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	layouts, _ := filepath.Abs(filepath.Join("..", "layouts"))
	if err := os.CopyFS(filepath.Join(dir, "layouts"), os.DirFS(layouts)); err != nil {
		t.Fatal(err)
	}
	return dir
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestExitCodes(t *testing.T) {
	dir := site(t)
	cases := []struct {
		args []string
		code int
		out  string // in stdout or stderr
	}{
		{nil, 2, "usage"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"build", "--bogus"}, 2, "flag provided but not defined"},
		{[]string{"check", "--source", dir}, 0, "ok: 2 records"},
		{[]string{"check", "--source", dir, "--strict"}, 0, "ok: 2 records"},
		{[]string{"build", "--source", dir}, 0, "built "},
		{[]string{"check", "--source", filepath.Join(dir, "nowhere")}, 1, "config.toml: missing"},
		{[]string{"new", "--source", dir, "area"}, 2, "usage: generator new"},
		{[]string{"new", "--source", dir, "planet", "x"}, 2, `unknown kind "planet"`},
		{[]string{"new", "--source", dir, "area", "Bad_Slug"}, 2, `bad slug "Bad_Slug"`},
		{[]string{"new", "--source", dir, "area", "a"}, 1, "already exists"},
	}
	for _, c := range cases {
		code, out, errOut := runCmd(c.args...)
		if code != c.code || !strings.Contains(out+errOut, c.out) {
			t.Errorf("generator %s: exit %d, want %d; output:\n%s%s\nwant it to contain %q", strings.Join(c.args, " "), code, c.code, out, errOut, c.out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "areas", "a", "index.html")); err != nil {
		t.Errorf("build --source wrote no public/ beside the source: %v", err)
	}
}

func TestBuildSummaryLine(t *testing.T) {
	dir := site(t)
	code, out, _ := runCmd("build", "--source", dir, "--out", filepath.Join(t.TempDir(), "site"))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 1 || !strings.HasPrefix(lines[0], "built ") || !strings.Contains(lines[0], "from 2 records in ") {
		t.Errorf("exit %d, output %q: want one summary line", code, out)
	}
}

func TestContentErrorExitsOne(t *testing.T) {
	dir := site(t)
	os.WriteFile(filepath.Join(dir, "content", "areas", "b.md"), []byte("+++\ntitel = \"B\"\n+++\n"), 0o644)
	for _, cmd := range []string{"check", "build"} {
		code, _, errOut := runCmd(cmd, "--source", dir)
		if code != 1 || !strings.Contains(errOut, `content/areas/b.md:2:1: unknown field "titel" in an area (did you mean "title"?)`) {
			t.Errorf("%s: exit %d, stderr:\n%s", cmd, code, errOut)
		}
	}
}

// Every record `new` scaffolds passes check as it is, once it names an area.
func TestNewScaffoldsPassCheck(t *testing.T) {
	dir := site(t)
	for _, kind := range []string{"area", "resolution", "study-group", "group", "document"} {
		code, out, errOut := runCmd("new", "--source", dir, kind, "new-"+kind)
		if code != 0 || !strings.Contains(out, "created ") {
			t.Fatalf("new %s: exit %d\n%s%s", kind, code, out, errOut)
		}
	}
	res := filepath.Join(dir, "content", "resolutions", "new-resolution.md")
	b, _ := os.ReadFile(res)
	os.WriteFile(res, bytes.Replace(b, []byte("areas = []"), []byte(`areas = ["a"]`), 1), 0o644)
	if code, out, errOut := runCmd("check", "--source", dir); code != 0 {
		t.Errorf("check after new: exit %d\n%s%s", code, out, errOut)
	}
}

// TestMain lets the test binary stand in for the command: bench runs
// builds in a child process of its own executable, which in a test is
// this binary.
func TestMain(m *testing.M) {
	if os.Getenv("ISCSITE_TEST_AS_COMMAND") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Setenv("ISCSITE_TEST_AS_COMMAND", "1")
	os.Exit(m.Run())
}
