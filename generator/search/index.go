// Package search writes the search index of each language: what the
// /search/ page's script fetches to find records by title, number,
// designation, text and area, on the static files alone.
//
// The index of a language lives in its /search/ folder:
//
//   - meta.json: the index's version, how many word files and how many
//     documents each document file holds, and the run of document ids
//     of each kind (the script filters by kind with it).
//   - w<n>.json, the word files: each maps words to the documents that
//     hold them, as two lists of ids, where the word is in the title and
//     where it is only in the text, each written as the differences
//     between ids that follow each other. A word is in the file its first
//     three letters hash to (FNV-1a, modulo the number of files), so the
//     script fetches, for each word typed, one file, which holds every
//     word that starts as it does: the last word typed, once it has three
//     letters, is looked up as a prefix. Designations and numbers are also keyed whole, compacted,
//     after "#" ("#q72" for Q7/2, "#pp191", "#191"); each area's
//     documents after "@" and its slug, for the area filter; these keys
//     are hashed whole.
//   - d<n>.json, the documents, a fixed number to a file, in id order:
//     kind, label, title, address, excerpt, and the default language's
//     code when the title, then when the excerpt, is in it (the record
//     has no translation of it).
//
// Words are normalised the same way here and in the script (see Fold and
// Words). The files are split so that no file grows with the site: a word
// file holds about maxWordEntries ids, a document file docsPerFile
// documents.
package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/plaintext"
)

const (
	docsPerFile    = 50    // a page of results needs a few document files
	maxWordEntries = 10000 // ids per word file, on average: about 8 KB compressed
)

// File is one file of the index, its path relative to the output folder.
type File struct {
	Path string
	Data []byte
}

// Indexer writes the index of a site, build after build: it keeps the
// text of each Markdown body it has read, which watch mode's next
// rebuild would otherwise parse again, and, while it indexes a build's
// languages, the words of each text it has split: a record without a
// translation shows the same text in all of them.
type Indexer struct {
	mu    sync.Mutex
	text  memo[string]   // Markdown source → its text
	words memo[[]string] // text → its words, folded, as the index holds them; for one build
	// shareWords: the build has other languages, which share words.
	// Without, each text's words are made in scratch and used at once.
	shareWords bool
	scratch    []string
}

// NewIndexer returns an Indexer with nothing read yet.
func NewIndexer() *Indexer {
	return &Indexer{}
}

// memo keeps what was made of each key, for as long as a build uses it.
type memo[V any] struct {
	made, used map[string]V
}

// get is what make makes of key, made once across builds.
func (m *memo[V]) get(key string, make func() V) V {
	if v, ok := m.used[key]; ok {
		return v
	}
	v, ok := m.made[key]
	if !ok {
		v = make()
	}
	if m.used == nil {
		m.used = map[string]V{}
	}
	m.used[key] = v
	return v
}

// next ends a build: what it did not use is forgotten.
func (m *memo[V]) next() {
	m.made, m.used = m.used, nil
}

// Files is the index of every language of s. plain gives a body's text
// when it has it (the pages' converted bodies: render.Bodies.Plain, so
// that no body is parsed twice); with nil, or where it has none, the
// Indexer reads the body itself.
func (ix *Indexer) Files(s *model.Site, plain func(*model.Text) (string, bool)) []File {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var out []File
	ix.shareWords = len(s.Config.Languages) > 1
	for _, l := range s.Config.Languages {
		dir := strings.TrimPrefix(derive.In(s.Config, l.Code, "/search/"), "/")
		out = append(out, ix.write(dir, s.Config.DefaultLanguage, ix.docs(s, l.Code, plain))...)
	}
	ix.text.next()
	// The words are kept for the languages of one build only: kept from
	// one build to the next, they would cost a large site's build a fifth
	// more memory for a tenth of a second saved in watch mode.
	ix.words = memo[[]string]{}
	return out
}

// plain is the text of a Markdown body (see plaintext): given's, or
// read once.
func (ix *Indexer) plain(body *model.Text, given func(*model.Text) (string, bool)) string {
	if given != nil {
		if s, ok := given(body); ok {
			return s
		}
	}
	src := body.Src
	if len(bytes.TrimSpace(src)) == 0 {
		return ""
	}
	return ix.text.get(string(src), func() string { return plaintext.Of(src) })
}

// wordsOf are the index words of text t.
func (ix *Indexer) wordsOf(t string) []string {
	if t == "" {
		return nil
	}
	if !ix.shareWords {
		ix.scratch = appendIndexWords(ix.scratch[:0], Fold(t))
		return ix.scratch // used before the next call
	}
	return ix.words.get(t, func() []string { return appendIndexWords(nil, Fold(t)) })
}

// postings are the documents of one word: those with it in the title,
// and those with it only in the text, each in id order.
type postings struct {
	title, text []int
}

func (p *postings) add(id int, inTitle bool) {
	inT := len(p.title) > 0 && p.title[len(p.title)-1] == id
	switch {
	case inTitle && !inT:
		p.title = append(p.title, id)
	case !inTitle && !inT && (len(p.text) == 0 || p.text[len(p.text)-1] != id):
		p.text = append(p.text, id)
	}
}

// Meta is what meta.json holds.
type Meta struct {
	Version string            `json:"version"`
	Files   int               `json:"files"` // word files: w0.json ...
	PerFile int               `json:"chunk"` // documents per d<n>.json
	Count   int               `json:"count"` // documents
	Kinds   map[string][2]int `json:"kinds"` // kind → [first id, last id + 1]
}

// write makes the index files of docs under dir ("search/", "fr/search/").
// A document's sixth field is def, the default language, when its title
// is in it rather than the index's; the seventh the same for the excerpt.
func (ix *Indexer) write(dir, def string, docs []doc) []File {
	// Made at about its size, so that it is not rehashed as it grows (a
	// generated site of 100,000 records: 235,000 documents, 359,000
	// words).
	words := make(map[string]*postings, 2*len(docs))
	word := func(w string) *postings {
		p := words[w]
		if p == nil {
			p = &postings{}
			words[w] = p
		}
		return p
	}
	meta := Meta{PerFile: docsPerFile, Count: len(docs), Kinds: map[string][2]int{}}
	for id, d := range docs {
		r, ok := meta.Kinds[d.kind]
		if !ok {
			r[0] = id
		}
		r[1] = id + 1
		meta.Kinds[d.kind] = r
		for _, c := range d.codes {
			if c := Compact(c); c != "" {
				word("#"+c).add(id, true)
			}
		}
		for _, t := range d.titleText {
			for _, w := range ix.wordsOf(t) {
				word(w).add(id, true)
			}
		}
		for _, t := range d.bodyText {
			for _, w := range ix.wordsOf(t) {
				word(w).add(id, false)
			}
		}
		for _, a := range d.areas {
			word("@"+a.Slug).add(id, false)
		}
	}

	entries := 0
	for _, p := range words {
		entries += len(p.title) + len(p.text)
	}
	meta.Files = max(1, (entries+maxWordEntries-1)/maxWordEntries)
	files := make([][]string, meta.Files)
	for w := range words {
		n := FileOf(w, meta.Files)
		files[n] = append(files[n], w)
	}

	var out []File
	version := fnv.New64a()
	add := func(name string, data []byte) {
		data = append(data, '\n')
		version.Write(data)
		out = append(out, File{Path: dir + name, Data: data})
	}
	for i, ws := range files {
		add("w"+strconv.Itoa(i)+".json", wordFile(ws, words))
	}
	for i := 0; i < len(docs); i += docsPerFile {
		chunk := docs[i:min(i+docsPerFile, len(docs))]
		rows := make([][]string, len(chunk))
		for j, d := range chunk {
			in := func(orig bool) string {
				if orig {
					return def
				}
				return ""
			}
			rows[j] = []string{d.kind, d.label, d.title, d.url, d.excerpt, in(d.titleOrig), in(d.excerptOrig)}
		}
		data, err := json.Marshal(rows)
		if err != nil {
			panic(err) // strings always encode
		}
		add("d"+strconv.Itoa(i/docsPerFile)+".json", data)
	}
	meta.Version = fmt.Sprintf("%016x", version.Sum64())
	data, _ := json.Marshal(meta)
	out = append(out, File{Path: dir + "meta.json", Data: append(data, '\n')})
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// FileOf is the word file that holds word w, of n: the one its first
// three letters hash to, so that every word a prefix of three letters
// or more can start is in one file. Three, not two: the words that start
// with "re" or "co" would make one file many times the others.
// Designations and areas ("#…", "@…") are only looked up whole, and so
// are hashed whole: the designations of thousands of units start alike.
func FileOf(w string, n int) int {
	key := w
	if w != "" && w[0] != '#' && w[0] != '@' {
		key = w[:prefixEnd(w)]
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(n))
}

// PrefixLen is how many letters a word must have to be looked up as the
// start of longer ones.
const PrefixLen = 3

// prefixEnd is where the first PrefixLen letters of w end.
func prefixEnd(w string) int {
	end := 0
	for range PrefixLen {
		if end == len(w) {
			break
		}
		_, n := utf8.DecodeRuneInString(w[end:])
		end += n
	}
	return end
}

// wordFile is the JSON of a word file: each word, in order, with its two
// lists of ids written as the differences between ids that follow each
// other (small numbers, which take few digits and compress well).
// Written by hand, as encoding/json would spend a tenth of a build's
// CPU on these maps of lists; a word is letters, digits and the "#",
// "@" and "-" of its keys, which JSON needs no escape for (json.Marshal
// writes any other).
func wordFile(ws []string, words map[string]*postings) []byte {
	slices.Sort(ws)
	b := []byte{'{'}
	for i, w := range ws {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendKey(b, w)
		p := words[w]
		b = append(b, ":["...)
		b = appendDeltas(b, p.title)
		b = append(b, ',')
		b = appendDeltas(b, p.text)
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendKey(b []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 0x20 || c == '"' || c == '\\' {
			k, _ := json.Marshal(w)
			return append(b, k...)
		}
	}
	b = append(b, '"')
	b = append(b, w...)
	return append(b, '"')
}

func appendDeltas(b []byte, ids []int) []byte {
	b = append(b, '[')
	prev := 0
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(id-prev), 10)
		prev = id
	}
	return append(b, ']')
}
