package output

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if rel != "." {
				m[filepath.ToSlash(rel)+"/"] = ""
			}
			return nil
		}
		b, _ := os.ReadFile(p)
		m[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	return m
}

func keys(m map[string]string) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, " ")
}

func TestPut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	d := openDir(t, dir)
	d.Remember()
	if err := d.write([]File{
		{"index.html", []byte("home")},
		{"areas/a/index.html", []byte("a")},
		{"areas/b/index.html", []byte("b")},
		{"css/site.css", []byte("css")},
	}); err != nil {
		t.Fatal(err)
	}
	if !d.Remembers() {
		t.Fatal("the Dir does not remember the site it wrote")
	}
	// A reader holds the old file open while it is replaced.
	old, err := os.Open(filepath.Join(dir, "areas/a/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	before, _ := os.Stat(filepath.Join(dir, "index.html"))

	for _, f := range []File{{"areas/a/index.html", []byte("a2")}, {"groups/g/index.html", []byte("g")}, {"index.html", []byte("home")}} {
		wrote, err := d.Put(f)
		if err != nil {
			t.Fatal(err)
		}
		if want := f.Path != "index.html"; wrote != want {
			t.Errorf("Put %s: wrote %v, want %v", f.Path, wrote, want)
		}
	}
	for _, p := range []string{"areas/b/index.html", "css/site.css", "not/there.html"} {
		if err := d.Drop(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Sync(); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dir)
	manifest := got[Manifest]
	delete(got, Manifest)
	if want := "areas/ areas/a/ areas/a/index.html groups/ groups/g/ groups/g/index.html index.html"; keys(got) != want {
		t.Errorf("files: %s\nwant:  %s", keys(got), want)
	}
	if want := manifestHeader + "\nareas/a/index.html\ngroups/g/index.html\nindex.html\n"; manifest != want {
		t.Errorf("manifest:\n%s\nwant:\n%s", manifest, want)
	}
	if got["areas/a/index.html"] != "a2" || got["groups/g/index.html"] != "g" || got["index.html"] != "home" {
		t.Errorf("contents: %v", got)
	}
	if after, _ := os.Stat(filepath.Join(dir, "index.html")); !after.ModTime().Equal(before.ModTime()) || !os.SameFile(before, after) {
		t.Errorf("index.html was written again with the same bytes")
	}
	b := make([]byte, 10)
	n, _ := old.Read(b)
	if string(b[:n]) != "a" {
		t.Errorf("the open old file reads %q: it was changed in place, not replaced", b[:n])
	}
	fi, _ := os.Stat(filepath.Join(dir, "groups/g/index.html"))
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", fi.Mode())
	}
	for _, bad := range []string{"../x", "/abs", "a/../../x", "", Manifest} {
		if _, err := d.Put(File{bad, nil}); err == nil {
			t.Errorf("Put wrote %q", bad)
		}
		if err := d.Drop(bad); err == nil {
			t.Errorf("Drop removed %q", bad)
		}
	}
}

// openDir opens an output folder for a test, in a site of its own.
func openDir(t *testing.T, dir string) *Dir {
	t.Helper()
	d, err := Open(dir, filepath.Join(t.TempDir(), "site"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}

// write replaces the output folder with exactly files.
func (d *Dir) write(files []File) error {
	t, err := d.Begin()
	if err != nil {
		return err
	}
	for _, f := range files {
		t.Write(f)
	}
	return t.Commit()
}
