package build

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txtar from this build")

// TestGolden builds testdata/site.txtar with the repository's layouts and
// compares every output file with testdata/golden.txtar: one page of every
// kind, the data files and the feeds, under a sub-path.
func TestGolden(t *testing.T) {
	files := withLayouts(t, readTxtar(t, "site.txtar"))
	res, err := Run(Options{Source: mapFS(files)})
	if err != nil || !res.OK() {
		t.Fatalf("build failed: %v\n%s", err, diagLines(res))
	}
	got := &txtar.Archive{Comment: []byte("The built output of testdata/site.txtar; go test -run Golden -update rewrites it.\n")}
	for _, f := range res.Files {
		if strings.HasPrefix(f.Path, "css/") || strings.HasPrefix(f.Path, "js/") {
			continue // static assets are copied as they are
		}
		got.Files = append(got.Files, txtar.File{Name: f.Path, Data: f.Data})
	}
	slices.SortFunc(got.Files, func(a, b txtar.File) int { return strings.Compare(a.Name, b.Name) })
	golden := filepath.Join("testdata", "golden.txtar")
	if *update {
		if err := os.WriteFile(golden, txtar.Format(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := txtar.ParseFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run Golden -update)", err)
	}
	wantFiles := txtarFiles(want)
	kinds := map[string]bool{}
	for _, f := range got.Files {
		w, ok := wantFiles[f.Name]
		switch {
		case !ok:
			t.Errorf("%s: built, but not in the golden output", f.Name)
		case w != string(f.Data):
			t.Errorf("%s differs from the golden output:\n%s", f.Name, firstDiff(w, string(f.Data)))
		}
		delete(wantFiles, f.Name)
		kinds[strings.SplitN(f.Name, "/", 2)[0]] = true
	}
	for name := range wantFiles {
		t.Errorf("%s: in the golden output, but not built", name)
	}
	for _, k := range []string{"index.html", "404.html", "areas", "resolutions", "study-groups", "groups", "documents", "pages", "data", "sitemap.xml", "feed.xml"} {
		if !kinds[k] {
			t.Errorf("no %s in the output", k)
		}
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return ""
}
