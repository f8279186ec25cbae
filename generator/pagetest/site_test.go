package pagetest

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"itu.int/iscsite/generator/build"
	"itu.int/iscsite/generator/output"
)

// repoRoot is the folder that holds go.mod: the site the tests build.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// builtSite is the repository's site, built into a temporary folder.
type builtSite struct {
	*build.Result
	Out string // the output folder
}

// buildSite builds the repository's real site (its config.toml, content/
// and layouts/) into a fresh temporary folder. Files in over replace the
// repository's files of the same path.
func buildSite(t testing.TB, over fstest.MapFS) *builtSite {
	t.Helper()
	var src fs.FS = os.DirFS(repoRoot(t))
	if over != nil {
		src = overlay{src, over}
	}
	out := filepath.Join(t.TempDir(), "public")
	dir, err := output.Open(out, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer dir.Close()
	res, err := build.Run(build.Options{Source: src, Out: dir})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if !res.OK() {
		t.Fatalf("build failed:\n%s", res.Diags)
	}
	// A build with an output folder streams its files there; read them back.
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(out, p)
		res.Files = append(res.Files, output.File{Path: filepath.ToSlash(rel), Data: data})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return &builtSite{Result: res, Out: out}
}

// overlay reads the files of over instead of those of the same path in
// the FS. Only Open is promoted from the embedded FS, so every read goes
// through it.
type overlay struct {
	fs.FS
	over fstest.MapFS
}

func (o overlay) Open(name string) (fs.File, error) {
	if _, ok := o.over[name]; ok {
		return o.over.Open(name)
	}
	return o.FS.Open(name)
}

// serve serves the folder on a loopback address, as a static host would:
// a folder's index.html for its path, the site's 404 page for a missing one.
func serve(t testing.TB, dir string) *httptest.Server {
	t.Helper()
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Join(dir, filepath.FromSlash(r.URL.Path))
		if fi, err := os.Stat(name); err == nil && (!fi.IsDir() || exists(filepath.Join(name, "index.html"))) {
			files.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		b, _ := os.ReadFile(filepath.Join(dir, "404.html"))
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
