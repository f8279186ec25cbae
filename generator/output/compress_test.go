package output

import (
	"bytes"
	"compress/gzip"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// page is text that compresses well, different for each seed.
func page(seed string) []byte {
	return []byte("<!doctype html><title>" + seed + "</title>" + strings.Repeat("<p>"+seed+" and the same words again.</p>\n", 40))
}

// compressedSite is a small site of every kind of file.
func compressedSite() []File {
	return []File{
		{"index.html", page("home")},
		{"areas/a/index.html", page("a")},
		{"areas/b/index.html", page("b")},
		{"css/site.css", bytes.Repeat([]byte("body { margin: 0 }\n"), 30)},
		{"data/x.csv", bytes.Repeat([]byte("slug,title\na,A\n"), 30)},
		{"feed.xml", bytes.Repeat([]byte("<entry><title>t</title></entry>\n"), 30)},
		{"robots.txt", []byte("User-agent: *\n")},      // too small to gain
		{"img/p.png", bytes.Repeat([]byte("x"), 4000)}, // not text
		{"empty.json", nil},
	}
}

// writeSite writes files as one whole site, compressed or not.
func writeSite(t *testing.T, d *Dir, compress bool, files []File) {
	t.Helper()
	d.Compress(compress)
	if err := d.write(files); err != nil {
		t.Fatal(err)
	}
}

// decoded is the content of the compressed copy at name.
func decoded(t *testing.T, name string) []byte {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = brotli.NewReader(f)
	if strings.HasSuffix(name, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b
}

// copiesOf lists the compressed copies in the tree, sorted.
func copiesOf(got map[string]string) string {
	var out []string
	for p := range got {
		if strings.HasSuffix(p, ".gz") || strings.HasSuffix(p, ".br") {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// checkCopies checks each copy in dir: it decodes to its file's bytes
// and has its file's modification time.
func checkCopies(t *testing.T, dir string) {
	t.Helper()
	for p := range tree(t, dir) {
		ext := filepath.Ext(p)
		if ext != ".gz" && ext != ".br" {
			continue
		}
		src := filepath.Join(dir, strings.TrimSuffix(p, ext))
		want, err := os.ReadFile(src)
		if err != nil {
			t.Fatalf("%s has no file: %v", p, err)
		}
		if got := decoded(t, filepath.Join(dir, p)); !bytes.Equal(got, want) {
			t.Errorf("%s decodes to %d bytes, not its file's %d", p, len(got), len(want))
		}
		cf, _ := os.Stat(filepath.Join(dir, p))
		sf, _ := os.Stat(src)
		if !cf.ModTime().Equal(sf.ModTime()) {
			t.Errorf("%s modified %v, its file %v", p, cf.ModTime(), sf.ModTime())
		}
		if cf.Size() >= sf.Size() {
			t.Errorf("%s is %d bytes, not smaller than its file's %d", p, cf.Size(), sf.Size())
		}
	}
}

const allCopies = "areas/a/index.html.br areas/a/index.html.gz areas/b/index.html.br areas/b/index.html.gz css/site.css.br css/site.css.gz data/x.csv.br data/x.csv.gz feed.xml.br feed.xml.gz index.html.br index.html.gz"

func TestCompressedCopies(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	d := openDir(t, dir)
	writeSite(t, d, true, compressedSite())
	got := tree(t, dir)
	if c := copiesOf(got); c != allCopies {
		t.Errorf("copies:\n%s\nwant (text files only, each smaller than its file):\n%s", c, allCopies)
	}
	checkCopies(t, dir)
	for c := range strings.FieldsSeq(allCopies) {
		if !strings.Contains(got[Manifest], "\n"+c+"\n") {
			t.Errorf("the manifest does not list %s", c)
		}
	}
	if files := strings.Join(d.Files(), " "); strings.Contains(files, ".gz") || strings.Contains(files, ".br") {
		t.Errorf("Files lists the copies: %s", files)
	}
	// The folder is still the generator's own.
	d.Close()
	d = openDir(t, dir)
	writeSite(t, d, true, compressedSite())
}

// stamp is what a file is: its bytes and its modification time.
func stamp(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := tree(t, dir)
	for p, data := range m {
		if fi, err := os.Stat(filepath.Join(dir, p)); err == nil && !fi.IsDir() {
			m[p] = data + "@" + fi.ModTime().Format(time.RFC3339Nano)
		}
	}
	return m
}

func TestCompressedCopiesFollowTheirFiles(t *testing.T) {
	without := func(p string) []File {
		return slices.DeleteFunc(compressedSite(), func(f File) bool { return f.Path == p })
	}
	cases := []struct {
		name string
		next func(t *testing.T, d *Dir) // the build after a compressed one
		want string                     // the copies then
		same bool                       // the folder is exactly as it was
	}{
		{"a build without compression removes them", func(t *testing.T, d *Dir) {
			writeSite(t, d, false, compressedSite())
		}, "", false},
		{"a deleted page's copies go with it", func(t *testing.T, d *Dir) {
			writeSite(t, d, true, without("areas/b/index.html"))
		}, strings.ReplaceAll(allCopies, "areas/b/index.html.br areas/b/index.html.gz ", ""), false},
		{"a failed build leaves them as they were", func(t *testing.T, d *Dir) {
			d.Compress(false)
			tr, err := d.Begin()
			if err != nil {
				t.Fatal(err)
			}
			tr.Write(File{"index.html", page("new")})
			tr.Write(File{"../out.html", nil})
			if err := tr.Commit(); err == nil {
				t.Fatal("Commit wrote a path out of the folder")
			}
		}, allCopies, true},
		{"an aborted build leaves them as they were", func(t *testing.T, d *Dir) {
			d.Compress(true)
			tr, err := d.Begin()
			if err != nil {
				t.Fatal(err)
			}
			tr.Write(File{"index.html", page("new")})
			tr.Abort()
		}, allCopies, true},
		{"a file named as a copy fails the build", func(t *testing.T, d *Dir) {
			d.Compress(true)
			if err := d.write(append(compressedSite(), File{"css/site.css.gz", []byte("mine")})); err == nil || !strings.Contains(err.Error(), `"css/site.css.gz" is both a file of the site and the compressed copy of css/site.css`) {
				t.Errorf("got %v", err)
			}
		}, allCopies, true},
		{"the same site again is the same", func(t *testing.T, d *Dir) {
			writeSite(t, d, true, compressedSite())
		}, allCopies, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "public")
			d := openDir(t, dir)
			writeSite(t, d, true, compressedSite())
			before := stamp(t, dir)
			c.next(t, d)
			if got := copiesOf(tree(t, dir)); got != c.want {
				t.Errorf("copies:\n%s\nwant:\n%s", got, c.want)
			}
			if after := stamp(t, dir); c.same && !maps.Equal(before, after) {
				t.Errorf("the folder changed:\n%s\nwas:\n%s", keys(after), keys(before))
			}
			manifest := tree(t, dir)[Manifest]
			for p := range tree(t, dir) {
				if !strings.HasSuffix(p, "/") && p != Manifest && !strings.Contains(manifest, "\n"+p+"\n") {
					t.Errorf("the manifest does not list %s", p)
				}
			}
			checkCopies(t, dir)
		})
	}
}

func TestCompressedCopiesAreDeterministic(t *testing.T) {
	// A fresh build, and a build over the last one, which reuses its
	// copies: byte for byte the same, a copy spoiled since included.
	fresh := filepath.Join(t.TempDir(), "public")
	writeSite(t, openDir(t, fresh), true, compressedSite())
	again := filepath.Join(t.TempDir(), "public")
	d := openDir(t, again)
	writeSite(t, d, true, compressedSite())
	if err := os.WriteFile(filepath.Join(again, "index.html.gz"), []byte("spoilt"), 0o644); err != nil {
		t.Fatal(err)
	}
	writeSite(t, d, true, compressedSite())
	a, b := tree(t, fresh), tree(t, again)
	if !maps.Equal(a, b) {
		for p := range a {
			if a[p] != b[p] {
				t.Errorf("%s differs", p)
			}
		}
		t.Errorf("two builds differ:\n%s\n%s", keys(a), keys(b))
	}
	checkCopies(t, again)
}

func TestPutKeepsCopiesUpToDate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	d := openDir(t, dir)
	d.Remember()
	writeSite(t, d, true, compressedSite())
	before := stamp(t, dir)
	steps := []struct {
		put  File
		drop string
	}{
		{put: File{"index.html", page("home")}},           // unchanged: its copies stay
		{put: File{"areas/a/index.html", page("a, new")}}, // changed: new copies
		{put: File{"css/site.css", []byte("b{}")}},        // too small now: no copies
		{put: File{"groups/g/index.html", page("g")}},     // new
		{drop: "feed.xml"},
	}
	for _, s := range steps {
		var err error
		if s.drop != "" {
			err = d.Drop(s.drop)
		} else {
			_, err = d.Put(s.put)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Sync(); err != nil {
		t.Fatal(err)
	}
	after := stamp(t, dir)
	for _, p := range []string{"index.html.gz", "index.html.br"} {
		if after[p] != before[p] {
			t.Errorf("%s was written again, its file unchanged", p)
		}
	}
	for _, p := range []string{"areas/a/index.html.gz", "areas/a/index.html.br"} {
		if after[p] == before[p] {
			t.Errorf("%s was not written again, its file changed", p)
		}
	}
	want := "areas/a/index.html.br areas/a/index.html.gz areas/b/index.html.br areas/b/index.html.gz data/x.csv.br data/x.csv.gz groups/g/index.html.br groups/g/index.html.gz index.html.br index.html.gz"
	if got := copiesOf(after); got != want {
		t.Errorf("copies:\n%s\nwant:\n%s", got, want)
	}
	checkCopies(t, dir)
	manifest := tree(t, dir)[Manifest]
	for _, p := range []string{"css/site.css.gz", "feed.xml.br"} {
		if strings.Contains(manifest, p) {
			t.Errorf("the manifest still lists %s", p)
		}
	}
	for p := range strings.FieldsSeq(want) {
		if !strings.Contains(manifest, "\n"+p+"\n") {
			t.Errorf("the manifest does not list %s", p)
		}
	}
}
