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

// TestNewFillsWhatTheSlugSays: a Resolution's body and number and a
// study group's sector and number come from the file name when it says
// them, and are left empty when it does not.
func TestNewFillsWhatTheSlugSays(t *testing.T) {
	tests := []struct {
		kind, slug string
		want, not  []string // lines the record has, and has not
	}{
		{"resolution", "wtsa-99", []string{`body = "WTSA"`, `number = "99"`, `title = ""`, `areas = []`}, nil},
		{"resolution", "pp-com5-1", []string{`body = "PP"`, `number = ""`}, nil},
		{"resolution", "pp-07", []string{`body = "PP"`, `number = ""`}, nil},
		{"resolution", "climate", []string{`body = ""`, `number = ""`}, nil},
		{"study-group", "itu-t-sg21", []string{`sector = "ITU-T"`, `number = "21"`, `# [[questions]]`, `# number = "1/21"`}, []string{"working_parties"}},
		{"study-group", "itu-r-sg8", []string{`sector = "ITU-R"`, `number = "8"`, `# [[working_parties]]`, `# number = "8A"`}, []string{"[[questions]]"}},
		{"study-group", "jca-ahf", []string{`sector = ""`, `number = ""`}, nil},
		{"document", "c19-inf-6", []string{`title = ""`, `# date = `}, []string{"\ndate = "}},
		{"area", "space", []string{`title = ""`}, []string{`title = "Space"`}},
		{"group", "iscg-2", []string{`title = ""`, `# sectors = []`}, nil},
	}
	dir := site(t)
	for _, tc := range tests {
		if code, out, errOut := runCmd("new", "--source", dir, tc.kind, tc.slug); code != 0 {
			t.Fatalf("new %s %s: exit %d\n%s%s", tc.kind, tc.slug, code, out, errOut)
		}
		b, err := os.ReadFile(filepath.Join(dir, "content", folderOf(tc.kind), tc.slug+".md"))
		if err != nil {
			t.Fatal(err)
		}
		text := "\n" + string(b)
		for _, w := range tc.want {
			if !strings.Contains(text, "\n"+w) {
				t.Errorf("new %s %s: no line %q in\n%s", tc.kind, tc.slug, w, b)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(text, n) {
				t.Errorf("new %s %s: has %q:\n%s", tc.kind, tc.slug, n, b)
			}
		}
	}
}

// TestNewScaffoldsFailCheckUntilFilled: a record as `new` writes it fails
// check at the lines an editor must fill; filled in, with every commented
// field uncommented, it passes, so the comments name real fields.
func TestNewScaffoldsFailCheckUntilFilled(t *testing.T) {
	dir := site(t)
	slugs := map[string]string{"area": "b", "resolution": "wtsa-9", "study-group": "itu-t-sg21", "group": "g", "document": "d"}
	for kind, slug := range slugs {
		if code, out, errOut := runCmd("new", "--source", dir, kind, slug); code != 0 {
			t.Fatalf("new %s: exit %d\n%s%s", kind, code, out, errOut)
		}
	}
	code, _, errOut := runCmd("check", "--source", dir)
	for _, want := range []string{
		`content/areas/b.md:2:1: field "title" must not be empty`,
		`content/resolutions/wtsa-9.md:4:1: field "title" must not be empty`,
		`content/resolutions/wtsa-9.md:5:1: field "areas" needs at least 1 value(s)`,
		`content/study-groups/itu-t-sg21.md:4:1: field "title" must not be empty`,
		`content/groups/g.md:2:1: field "title" must not be empty`,
		`content/documents/d.md:2:1: field "title" must not be empty`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("check after new: no %q in\n%s", want, errOut)
		}
	}
	if code != 1 {
		t.Errorf("check after new: exit %d, want 1", code)
	}

	fill := strings.NewReplacer(`url = ""`, `url = "https://example.org/"`, `areas = []`, `areas = ["a"]`,
		`sectors = []`, `sectors = ["GS", "ITU-T"]`, `""`, `"X"`)
	for kind, slug := range slugs {
		p := filepath.Join(dir, "content", folderOf(kind), slug+".md")
		b, _ := os.ReadFile(p)
		lines := strings.Split(string(b), "\n")
		for i, l := range lines {
			// "# key = value  # why": a field; "# Where the facts…": prose.
			if rest, ok := strings.CutPrefix(l, "# "); ok && (strings.HasPrefix(rest, "[[") || strings.Contains(rest, " = ")) {
				l = rest
			}
			lines[i] = fill.Replace(l)
		}
		os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644)
	}
	if code, out, errOut := runCmd("check", "--source", dir); code != 0 {
		t.Errorf("check after filling in: exit %d\n%s%s", code, out, errOut)
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
