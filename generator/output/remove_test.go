package output

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRemoveTree(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "site")
	outside := filepath.Join(root, "outside")
	files := []string{
		"index.html",
		"areas/index.html",
		"areas/a/index.html",
		"resolutions/pp-1/index.html",
		"resolutions/pp-1/deeper/still/file.txt",
		"data/x.csv",
		"empty/",
		"areas/b/",
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if f[len(f)-1] == '/' {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Links are removed, never followed.
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(outside, "kept.txt")
	if err := os.WriteFile(kept, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, link := range []string{"link", "areas/link", "areas/a/link"} {
		if err := os.Symlink(outside, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}

	if err := removeTree(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(dir); !os.IsNotExist(err) {
		t.Errorf("%s still there: %v", dir, err)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("a file behind a link was removed: %v", err)
	}
	if err := removeTree(dir); err != nil {
		t.Errorf("removing a missing folder: %v", err)
	}
}
