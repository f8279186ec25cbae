package build

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"itu.int/iscsite/generator/output"
)

// buildDir builds the site in src into out, as `build` does.
func buildDir(t *testing.T, src, out string) *Result {
	t.Helper()
	d := openOut(t, out)
	defer d.Close()
	res, err := Run(Options{Source: os.DirFS(src), Out: d})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// openOut opens the output folder out for a test's build; it is closed
// when the test ends.
func openOut(t testing.TB, out string) *output.Dir {
	t.Helper()
	d, err := output.Open(out, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}

func TestTemplateErrorsNameTheLayout(t *testing.T) {
	base := withLayouts(t, readTxtar(t, "base.txtar"))
	cases := []struct {
		layout, want string
	}{
		{"{{define \"main\"}}\n<h1>{{.Title}</h1>\n{{end}}\n",
			`layouts/area.html:2: template error: bad character U+007D '}'`},
		{"{{define \"main\"}}\n<h1>{{.Tilte}}</h1>\n{{end}}\n",
			`layouts/area.html:2:7: template error: executing "main" at <.Tilte>: can't evaluate field Tilte in type *render.Data (rendering /areas/accessibility/ and 1 other page)`},
		{"{{define \"main\"}}\n<p>{{t \"no_such_string\"}}</p>\n{{end}}\n",
			`layouts/area.html:2:4: unknown UI string "no_such_string": add it to layouts/i18n/en.toml`},
		// Columns are the editor's, after UI strings and links put in.
		{"{{define \"main\"}}<p>{{t \"home\"}} <a href=\"{{url \"/areas/\"}}\">{{.Nope}}</a></p>{{end}}\n",
			`layouts/area.html:1:64: template error: executing "main" at <.Nope>: can't evaluate field Nope in type *render.Data (rendering /areas/accessibility/ and 1 other page)`},
		{"{{define \"main\"}}{{template \"nope\" .}}{{end}}\n",
			`layouts/area.html:1:29: template error: no such template "nope" (rendering /areas/accessibility/ and 1 other page)`},
		{"{{define \"mian\"}}x{{end}}\n",
			`layouts/area.html: template error: layouts/area.html defines no "main" block: a page's layout must {{define "main"}}…{{end}} (rendering /areas/accessibility/ and 1 other page)`},
	}
	for _, c := range cases {
		files := overlay(base, "-- layouts/area.html --\n"+c.layout)
		res, _ := Run(Options{Source: mapFS(files)})
		if got := diagLines(res); got != c.want {
			t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
		}
	}
}

func TestOneLayoutMistakeIsReportedOnce(t *testing.T) {
	base := withLayouts(t, readTxtar(t, "base.txtar"))
	files := overlay(base, "-- layouts/resolution.html --\n{{define \"main\"}}{{.Nope}}{{end}}\n")
	res, _ := Run(Options{Source: mapFS(files)})
	want := `layouts/resolution.html:1:20: template error: executing "main" at <.Nope>: can't evaluate field Nope in type *render.Data (rendering /resolutions/pp-175/ and 3 other pages)`
	if got := diagLines(res); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestFailedBuildLeavesOutputAsItWas(t *testing.T) {
	src, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	files := withLayouts(t, readTxtar(t, "base.txtar"))
	writeTree(t, src, files)
	if res := buildDir(t, src, out); !res.OK() {
		t.Fatalf("first build failed:\n%s", diagLines(res))
	}
	// Old times must survive too: nothing is rewritten.
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(out, "index.html"), old, old); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)

	for name, change := range map[string]string{
		"content": "-- content/areas/accessibility.md --\n+++\ntitle = \"x\"\nweight = \"ten\"\n+++\n",
		"layout":  "-- layouts/area.html --\n{{define \"main\"}}{{.Nope}}{{end}}\n",
	} {
		writeTree(t, src, overlay(map[string]string{}, change))
		res := buildDir(t, src, out)
		if res.OK() {
			t.Fatalf("%s: the broken build passed", name)
		}
		after := readTree(t, out)
		if !equalTrees(before, after) {
			t.Errorf("%s: a failed build changed the output", name)
		}
		st, err := os.Stat(filepath.Join(out, "index.html"))
		if err != nil || !st.ModTime().Equal(old) {
			t.Errorf("%s: index.html was rewritten (%v)", name, err)
		}
		writeTree(t, src, map[string]string{"content/areas/accessibility.md": files["content/areas/accessibility.md"], "layouts/area.html": files["layouts/area.html"]})
	}
	if left := besideOut(t, out); len(left) > 0 {
		t.Errorf("temporary folders left beside the output: %v", left)
	}
}

func TestBuildsAreDeterministic(t *testing.T) {
	src := t.TempDir()
	writeTree(t, src, withLayouts(t, readTxtar(t, "site.txtar")))
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if res := buildDir(t, src, a); !res.OK() {
		t.Fatal(diagLines(res))
	}
	buildDir(t, src, b)
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) < 20 || !equalTrees(ta, tb) {
		t.Errorf("two builds of the same site differ (or built too little: %d files)", len(ta))
	}
}

func TestDeletedRecordsPageDisappears(t *testing.T) {
	src, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	writeTree(t, src, withLayouts(t, readTxtar(t, "site.txtar")))
	buildDir(t, src, out)
	page := filepath.Join(out, "documents", "c19-report", "index.html")
	if _, err := os.Stat(page); err != nil {
		t.Fatalf("the document's page was not built: %v", err)
	}
	if err := os.Remove(filepath.Join(src, "content", "documents", "c19-report.md")); err != nil {
		t.Fatal(err)
	}
	if res := buildDir(t, src, out); !res.OK() {
		t.Fatal(diagLines(res))
	}
	if _, err := os.Stat(filepath.Dir(page)); !os.IsNotExist(err) {
		t.Errorf("the deleted document's page is still there (%v)", err)
	}
	for name, data := range readTree(t, out) {
		if strings.Contains(data, "c19-report") {
			t.Errorf("%s still links the deleted document", name)
		}
	}
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			return false
		}
	}
	return true
}

// besideOut lists what is beside the output folder but its lock file.
func besideOut(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		if n := e.Name(); n != filepath.Base(out) && n != "."+filepath.Base(out)+".lock" {
			left = append(left, n)
		}
	}
	return left
}

// check parses and tries the layouts in the same run as the content, and
// reports their errors with the content's, even while the content has
// errors of its own (the layouts are then tried on a sample site).
func TestCheckTriesTheLayouts(t *testing.T) {
	base := withLayouts(t, readTxtar(t, "base.txtar"))
	brokenLayout := "-- layouts/area.html --\n{{define \"main\"}}\n<h1>{{.Tilte}}</h1>\n{{end}}\n"
	brokenContent := "-- content/areas/accessibility.md --\n+++\ntitle = \"Accessibility\"\nweight = \"ten\"\n+++\n"
	cases := []struct {
		name, change, want string
	}{
		{"a template error", brokenLayout,
			`layouts/area.html:2:7: template error: executing "main" at <.Tilte>: can't evaluate field Tilte in type *render.Data (rendering /areas/accessibility/ and 1 other page)`},
		{"a template error and a content error", brokenLayout + brokenContent,
			`content/areas/accessibility.md:3:1: field "weight" must be an integer, not a string
layouts/area.html:2:7: template error: executing "main" at <.Tilte>: can't evaluate field Tilte in type *render.Data (trying the layouts on a sample site, as the content has errors: rendering /areas/sample-a/ and 3 other pages)`},
		{"a template parse error and a content error", "-- layouts/base.html --\n<html>{{.Title}\n" + brokenContent,
			`content/areas/accessibility.md:3:1: field "weight" must be an integer, not a string
layouts/base.html:1: template error: bad character U+007D '}'`},
		{"an error shown only by an abrogated Resolution", "-- layouts/resolution.html --\n{{define \"main\"}}{{if .Resolution.Abrogated}}{{.Nope}}{{end}}{{end}}\n" + brokenContent,
			`content/areas/accessibility.md:3:1: field "weight" must be an integer, not a string
layouts/resolution.html:1:48: template error: executing "main" at <.Nope>: can't evaluate field Nope in type *render.Data (trying the layouts on a sample site, as the content has errors: rendering /resolutions/pp-2/ and 1 other page)`},
	}
	for _, c := range cases {
		res, _ := Run(Options{Source: mapFS(overlay(base, c.change)), Check: true})
		got := strings.Join(slices.DeleteFunc(strings.Split(diagLines(res), "\n"), func(l string) bool { return strings.Contains(l, "warning:") }), "\n")
		if got != c.want {
			t.Errorf("%s: got:\n%s\nwant:\n%s", c.name, got, c.want)
		}
	}
}
