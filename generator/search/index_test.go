package search_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"itu.int/iscsite/generator/build"
	"itu.int/iscsite/generator/search"
)

// index is one language's index, read back from the files a build wrote.
type index struct {
	meta  search.Meta
	words []map[string][2][]int
	docs  [][]string
}

func readIndex(t *testing.T, files map[string][]byte, dir string) *index {
	t.Helper()
	var ix index
	if err := json.Unmarshal(files[dir+"meta.json"], &ix.meta); err != nil {
		t.Fatalf("%smeta.json: %v", dir, err)
	}
	for i := range ix.meta.Files {
		var w map[string][2][]int
		if err := json.Unmarshal(files[dir+"w"+strconv.Itoa(i)+".json"], &w); err != nil {
			t.Fatalf("%sw%d.json: %v", dir, i, err)
		}
		ix.words = append(ix.words, w)
	}
	for i := 0; i*ix.meta.PerFile < ix.meta.Count; i++ {
		var d [][]string
		if err := json.Unmarshal(files[dir+"d"+strconv.Itoa(i)+".json"], &d); err != nil {
			t.Fatalf("%sd%d.json: %v", dir, i, err)
		}
		if len(d) != min(ix.meta.PerFile, ix.meta.Count-i*ix.meta.PerFile) {
			t.Fatalf("%sd%d.json holds %d documents", dir, i, len(d))
		}
		ix.docs = append(ix.docs, d...)
	}
	return &ix
}

// ids are the documents of word w: where it is in the title, and where
// only in the text.
func (ix *index) ids(w string) (title, text []int) {
	p, ok := ix.words[search.FileOf(w, ix.meta.Files)][w]
	if !ok {
		return nil, nil
	}
	undelta := func(d []int) []int {
		out, id := make([]int, len(d)), 0
		for i, x := range d {
			id += x
			out[i] = id
		}
		return out
	}
	return undelta(p[0]), undelta(p[1])
}

// doc is the id of the document labelled label, or -1.
func (ix *index) doc(label string) int {
	return slices.IndexFunc(ix.docs, func(d []string) bool { return d[1] == label })
}

// realSite builds the repository's site in memory.
func realSite(t *testing.T) (*build.Result, map[string][]byte) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	res, err := build.Run(build.Options{Source: os.DirFS(root)})
	if err != nil || !res.OK() {
		t.Fatalf("build: %v\n%s", err, res.Diags)
	}
	files := map[string][]byte{}
	for _, f := range res.Files {
		files[f.Path] = f.Data
	}
	return res, files
}

// TestRealIndex reads back the index of the real site: designations and
// numbers are keyed whole, words in each language are those of its text,
// and each kind is one run of ids.
func TestRealIndex(t *testing.T) {
	res, files := realSite(t)
	en := readIndex(t, files, "search/")
	for _, c := range []struct{ key, label string }{
		{"#pp191", "PP 191"}, {"#191", "PP 191"}, {"#q72", "ITU-D Q7/2"}, {"#itudq72", "ITU-D Q7/2"},
		{"#wp1c", "ITU-R WP 1C"}, {"#sg17", "ITU-T SG17"},
	} {
		id := en.doc(c.label)
		if id < 0 {
			t.Errorf("no document labelled %q", c.label)
			continue
		}
		if title, _ := en.ids(c.key); !slices.Contains(title, id) {
			t.Errorf("%s does not find %s (ids %v)", c.key, c.label, title)
		}
	}

	// Kinds: one run each, in order, covering every document.
	next := 0
	for _, k := range search.Kinds {
		r, ok := en.meta.Kinds[k]
		if !ok {
			continue
		}
		if r[0] != next {
			t.Errorf("kind %s starts at %d, want %d", k, r[0], next)
		}
		for id := r[0]; id < r[1]; id++ {
			if en.docs[id][0] != k {
				t.Fatalf("document %d is a %s in the run of %s", id, en.docs[id][0], k)
			}
		}
		next = r[1]
	}
	if next != en.meta.Count {
		t.Errorf("kinds cover %d of %d documents", next, en.meta.Count)
	}

	// An area's word finds the records tagged with it, in their text.
	area := res.Site.Areas[0]
	_, text := en.ids("@" + area.Slug)
	if len(text) < 1+len(area.Resolutions) {
		t.Errorf("@%s finds %d documents; the area has %d Resolutions", area.Slug, len(text), len(area.Resolutions))
	}

	// French: a word of a translated title is in the French index, on
	// that record, and links go to French pages.
	fr := readIndex(t, files, "fr/search/")
	for _, a := range res.Site.Areas {
		tr := a.Translations["fr"]
		if tr == nil {
			continue
		}
		id := slices.IndexFunc(fr.docs, func(d []string) bool { return d[3] == "/fr/areas/"+a.Slug+"/" })
		if id < 0 {
			t.Fatalf("no French document for %s", a.Slug)
		}
		if fr.docs[id][2] != tr.Title || fr.docs[id][5] != "" || fr.docs[id][6] != "" {
			t.Errorf("French document of %s = %q, want its translated title %q", a.Slug, fr.docs[id], tr.Title)
		}
		ws := search.Words(tr.Title)
		w := ws[len(ws)-1]
		if title, _ := fr.ids(w); !slices.Contains(title, id) {
			t.Errorf("French word %q does not find %s", w, a.Slug)
		}
	}
	// An untranslated record says its text is the original's.
	id := fr.doc("PP 191")
	if fr.docs[id][5] != "en" || fr.docs[id][6] != "en" || !strings.HasPrefix(fr.docs[id][3], "/fr/resolutions/") {
		t.Errorf("French PP 191 = %q: want the English text marked en, at a French address", fr.docs[id])
	}
}

// TestIndexFilesStaySmall: on the real site, each index file is far below
// the limit a search session may fetch.
func TestIndexFilesStaySmall(t *testing.T) {
	_, files := realSite(t)
	for p, data := range files {
		if !strings.Contains(p, "search/") || !strings.HasSuffix(p, ".json") {
			continue
		}
		if n := gzipLen(data); n > 300<<10 {
			t.Errorf("%s is %d bytes compressed, over 300 KB", p, n)
		}
	}
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}
