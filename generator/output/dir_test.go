package output

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// site makes a site root with config.toml, content/ and layouts/ in a
// temporary folder, and returns the root and that folder.
func site(t *testing.T) (root, tmp string) {
	t.Helper()
	tmp = t.TempDir()
	root = filepath.Join(tmp, "site")
	for _, f := range []string{"config.toml", "content/areas/a.md", "layouts/base.html", ".git/HEAD", "generator/main.go"} {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root, tmp
}

func openSite(out, root string) (*Dir, error) {
	return Open(out, root, filepath.Join(root, "content"), filepath.Join(root, "layouts"))
}

func TestOpenRefusesTheSources(t *testing.T) {
	root, tmp := site(t)
	if err := os.Symlink(root, filepath.Join(tmp, "link-to-site")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "content"), filepath.Join(tmp, "link-to-content")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "a-file"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(tmp, "mine", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "mine", "sub", "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	cases := []struct {
		out, want string // want: the message's end after "refusing to write the site to OUT: "
	}{
		{".", "it is the site root " + root},
		{root, "it is the site root " + root},
		{root + "/", "it is the site root " + root},
		{"../site/.", "it is the site root " + root},
		{filepath.Join(tmp, "link-to-site"), "it is the site root " + root},
		{"..", "it holds the site root " + root},
		{"/", "it holds the site root " + root},
		{"content", "it is the source folder " + filepath.Join(root, "content")},
		{"layouts/../content", "it is the source folder " + filepath.Join(root, "content")},
		{filepath.Join(tmp, "link-to-content"), "it is the source folder " + filepath.Join(root, "content")},
		{"content/public", "it lies inside the source folder " + filepath.Join(root, "content")},
		{filepath.Join(tmp, "link-to-content", "x", "y"), "it lies inside the source folder " + filepath.Join(root, "content")},
		{"layouts", "it is the source folder " + filepath.Join(root, "layouts")},
		{"layouts/static", "it lies inside the source folder " + filepath.Join(root, "layouts")},
		{"config.toml", "it is a file, not a folder"},
		{filepath.Join(tmp, "a-file"), "it is a file, not a folder"},
		{"generator", "it already holds files the generator did not write (main.go; no .iscsite-output file lists them); empty it, remove it, or choose another --out"},
		{".git", "it already holds files the generator did not write (HEAD; no .iscsite-output file lists them); empty it, remove it, or choose another --out"},
		{filepath.Join(tmp, "mine"), "it already holds files the generator did not write (sub; no .iscsite-output file lists them); empty it, remove it, or choose another --out"},
	}
	for _, c := range cases {
		d, err := openSite(c.out, root)
		if err == nil {
			d.Close()
			t.Errorf("--out %s: opened", c.out)
			continue
		}
		var re *RefusedError
		if !errors.As(err, &re) {
			t.Errorf("--out %s: %v, not a refusal", c.out, err)
			continue
		}
		if want := "refusing to write the site to " + c.out + ": " + c.want; err.Error() != want {
			t.Errorf("--out %s:\n got %s\nwant %s", c.out, err, want)
		}
	}
	// Nothing was touched.
	for _, f := range []string{"config.toml", "content/areas/a.md", "layouts/base.html", ".git/HEAD", "generator/main.go"} {
		if b, err := os.ReadFile(filepath.Join(root, f)); err != nil || string(b) != f {
			t.Errorf("%s: %q, %v", f, b, err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(tmp, "mine", "sub", "notes.txt")); err != nil || string(b) != "x" {
		t.Errorf("an editor's file was touched: %q, %v", b, err)
	}

	// What may be written: a new folder in the site or beside it, an
	// empty one, and the generator's own output.
	for _, out := range []string{"public", filepath.Join(tmp, "out"), "public-2/deeper"} {
		d, err := openSite(out, root)
		if err != nil {
			t.Errorf("--out %s: %v", out, err)
			continue
		}
		d.Close()
	}
	if err := os.Mkdir(filepath.Join(tmp, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := openSite(filepath.Join(tmp, "empty"), root)
	if err != nil {
		t.Fatalf("an empty folder: %v", err)
	}
	d.Close()
}

func TestOpenKnowsItsOwnOutput(t *testing.T) {
	root, _ := site(t)
	out := filepath.Join(root, "public")
	d, err := openSite(out, root)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.write([]File{{"index.html", []byte("home")}, {"areas/a/index.html", []byte("a")}}); err != nil {
		t.Fatal(err)
	}
	// A second Open, while the first holds the folder, is refused.
	if _, err := openSite(out, root); err == nil || !strings.Contains(err.Error(), "another build or serve is writing it") {
		t.Errorf("a second writer: %v", err)
	}
	d.Close()

	// Its own output, and the temporary files of an update in place, are
	// the generator's; a file an editor added is not.
	if err := os.WriteFile(filepath.Join(out, "areas", ".index.html.tmp-123"), []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err = openSite(out, root)
	if err != nil {
		t.Fatalf("own output: %v", err)
	}
	d.Close()
	if err := os.WriteFile(filepath.Join(out, "areas", "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = openSite(out, root)
	want := "refusing to write the site to " + out + ": it holds files the generator did not write (areas/notes.txt, not listed in its .iscsite-output); move them away, or choose another --out"
	if err == nil || err.Error() != want {
		t.Errorf("an editor's file in the output:\n got %v\nwant %s", err, want)
	}
}

func TestOpenRemovesWhatKilledBuildsLeft(t *testing.T) {
	root, _ := site(t)
	out := filepath.Join(root, "public")
	d, err := openSite(out, root)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.write([]File{{"index.html", []byte("home")}}); err != nil {
		t.Fatal(err)
	}
	// A build that never ends: its temporary folder stays, as when the
	// process is killed (which also releases its lock).
	tr, err := d.Begin()
	if err != nil {
		t.Fatal(err)
	}
	tr.Write(File{"index.html", []byte("new")})
	tr.Write(File{"areas/a/index.html", []byte("a")})
	d.Close()
	// A folder of an editor's that happens to have such a name is kept.
	users := filepath.Join(root, ".public.new-mine")
	if err := os.MkdirAll(users, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tr.tmp); err != nil {
		t.Fatalf("the unfinished build's folder: %v", err)
	}

	d, err = openSite(out, root)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := os.Stat(tr.tmp); !os.IsNotExist(err) {
		t.Errorf("the killed build's folder is still there: %v", err)
	}
	if _, err := os.Stat(users); err != nil {
		t.Errorf("an editor's folder was removed: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "home" {
		t.Errorf("the output changed: %q", b)
	}
}
