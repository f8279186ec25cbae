// Package source walks content/ and splits each file into its TOML fields
// and its Markdown body, keeping the file's own line numbers.
//
// Layout: content/_index.md is the home page; content/<kind>/<slug>.md has
// front matter between "+++" lines; content/<kind>/<slug>.toml is fields
// only; <slug>.<lang>.md is a translation. Files whose names start with
// "." or "#", or end in "~" (editor backups and locks), are skipped.
package source

import (
	"bytes"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"itu.int/iscsite/generator/diag"
)

// Kinds are the record folders, in the order pages list them.
var Kinds = []string{"areas", "resolutions", "study-groups", "groups", "documents", "pages"}

// HomeKind is the Kind of content/_index.md.
const HomeKind = "home"

// Format is how a file holds its fields.
type Format int

const (
	Markdown Format = iota // +++ front matter, then a body
	TOML                   // fields only
)

// File is one content file, split.
type File struct {
	Path     string // slash path from the site root: "content/areas/accessibility.md"
	Kind     string // a folder of Kinds, or HomeKind
	Slug     string
	Lang     string // "" for the original, else the translation's language
	Format   Format
	Meta     []byte // the TOML text
	MetaLine int    // the file's line number of Meta's first line
	Body     []byte // Markdown
	BodyLine int    // the file's line number of Body's first line

	// Broken is set when the file could not be split (its problem is
	// reported): the record still exists, so references to it do not
	// cascade into errors of their own.
	Broken bool
}

// Normalize drops a UTF-8 byte-order mark and turns CRLF line ends into LF.
// Line numbers are unchanged, and columns too, since '\r' only ever ends a line.
func Normalize(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	}
	return b
}

// ReadFile reads and normalizes one file.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return Normalize(b), nil
}

// Ignored reports whether a file name is an editor's backup, lock, swap
// or probe file, or hidden: never content, never a reason to rebuild.
// vim, before it saves, tries to create a file named 4913 (then 5036, …)
// in the folder; emacs locks a file with ".#name" and autosaves to
// "#name#"; vim swaps to ".name.swp" (".swo", …); Kate to
// ".name.kate-swp"; browsers' editors to "name.crswap"; JetBrains IDEs
// write "name___jb_tmp___".
func Ignored(name string) bool {
	base := path.Base(name)
	if strings.HasPrefix(base, ".") || strings.HasPrefix(base, "#") || strings.HasSuffix(base, "~") {
		return true
	}
	if base != "" && strings.Trim(base, "0123456789") == "" {
		return true // vim's probe
	}
	if ext := path.Ext(base); len(ext) == 4 && strings.HasPrefix(ext, ".sw") && ext[3] >= 'a' && ext[3] <= 'z' {
		return true // vim's swap files .swp, .swo, … .swa
	}
	for _, suffix := range []string{".tmp", ".kate-swp", ".crswap", "___jb_tmp___", "___jb_old___"} {
		if strings.HasSuffix(base, suffix) {
			return true
		}
	}
	return false
}

// List names the content files under content/ in fsys, in path order:
// every file but the Ignored ones and those in Ignored folders. A build
// reads each with ReadOne.
func List(fsys fs.FS, diags *diag.List) []string {
	var names []string
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, "cannot read: %v", err)
			return nil
		}
		if p != "content" && Ignored(p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		diags.Errorf(diag.Pos{File: "content"}, "cannot read: %v", err)
	}
	sort.Strings(names)
	return names
}

// MaxFile is the largest content file a build reads. Markdown's parser
// takes time that grows faster than the text for some shapes (thousands
// of nested lists, or of unclosed links), so a record's text is kept to
// what a page can hold.
const MaxFile = 512 << 10

// ReadOne reads and splits the content file at p.
func ReadOne(fsys fs.FS, p string, diags *diag.List) (File, bool) {
	f, ok := Classify(p, diags)
	if !ok {
		return f, false
	}
	src, err := ReadFile(fsys, p)
	if err != nil {
		diags.Errorf(diag.Pos{File: p}, "cannot read: %v", err)
		return f, false
	}
	if len(src) > MaxFile {
		diags.Errorf(diag.Pos{File: p}, "file too large: %d bytes, more than the %d a record may have; split it into several records", len(src), MaxFile)
		f.Broken = true
		return f, true
	}
	f.Broken = !UTF8(p, src, diags) || !Split(&f, src, diags)
	return f, true
}

// Classify fills a File's Path, Kind, Slug, Lang and Format from its path,
// reporting paths that cannot be content.
func Classify(p string, diags *diag.List) (File, bool) {
	f := File{Path: p}
	rel := strings.TrimPrefix(p, "content/")
	dir, base := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	ext := path.Ext(base)
	switch ext {
	case ".md":
		f.Format = Markdown
	case ".toml":
		f.Format = TOML
	default:
		diags.Errorf(diag.Pos{File: p}, "not a content file: records are .md or .toml files")
		return f, false
	}
	name := strings.TrimSuffix(base, ext)
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name, f.Lang = name[:i], name[i+1:]
		if !validLang(f.Lang) || name == "" {
			diags.Errorf(diag.Pos{File: p, Line: 1, Col: 1}, "bad file name %q: name a record <slug>%s, or a translation <slug>.<language>%s (like accessibility.fr%s)", base, ext, ext, ext)
			return f, false
		}
	}
	f.Slug = name
	switch {
	case dir == "" && name == "_index":
		f.Kind = HomeKind
		return f, true
	case dir == "":
		diags.Errorf(diag.Pos{File: p}, "file outside a record folder: put records in content/<kind>/ (one of %s)", strings.Join(Kinds, ", "))
		return f, false
	case strings.Contains(dir, "/") || !knownKind(dir):
		diags.Errorf(diag.Pos{File: p}, "unknown content folder %q (records go in content/<kind>/, kind one of %s)%s",
			dir, strings.Join(Kinds, ", "), diag.DidYouMean(dir, Kinds))
		return f, false
	}
	f.Kind = dir
	if !ValidSlug(name) {
		diags.Errorf(diag.Pos{File: p, Line: 1, Col: 1}, "bad slug %q: a file name may hold only lowercase letters a-z, digits and hyphens", name)
		return f, false
	}
	return f, true
}

func knownKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// validLang reports whether s is shaped like a language code: "fr",
// "zh", "pt-br".
func validLang(s string) bool {
	for i, part := range strings.Split(s, "-") {
		if part == "" || i == 0 && len(part) > 8 {
			return false
		}
		for _, c := range []byte(part) {
			if !('a' <= c && c <= 'z' || i > 0 && '0' <= c && c <= '9') {
				return false
			}
		}
	}
	return true
}

// UTF8 reports whether b, the text of the file at p, is valid UTF-8, and
// reports where it is not: a file saved in another encoding would
// otherwise show as garbled text on the site.
func UTF8(p string, b []byte, diags *diag.List) bool {
	if utf8.Valid(b) {
		return true
	}
	off := 0
	for off < len(b) {
		r, n := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	col := off - (bytes.LastIndexByte(b[:off], '\n') + 1) + 1
	diags.Errorf(diag.Pos{File: p, Line: line, Col: col}, "invalid UTF-8 (byte 0x%02x): save the file as UTF-8", b[off])
	return false
}

// ValidSlug reports whether s is a slug: [a-z0-9-]+.
func ValidSlug(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Split separates src into f.Meta and f.Body. Markdown files must open
// with a "+++" line and close the front matter with another.
func Split(f *File, src []byte, diags *diag.List) bool {
	if f.Format == TOML {
		f.Meta, f.MetaLine = src, 1
		return true
	}
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \t")) != "+++" {
		diags.Errorf(diag.Pos{File: f.Path, Line: 1, Col: 1}, "missing front matter: a .md record must start with a line \"+++\", then its TOML fields, then \"+++\"")
		return false
	}
	line := 2
	for off := 0; off <= len(rest); line++ {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
			end = len(rest) - off
		} else {
			l = rest[off : off+end]
		}
		if string(bytes.TrimRight(l, " \t")) == "+++" {
			f.Meta, f.MetaLine = rest[:off], 2
			f.Body, f.BodyLine = rest[min(off+end+1, len(rest)):], line+1
			return true
		}
		off += end + 1
	}
	diags.Errorf(diag.Pos{File: f.Path, Line: 1, Col: 1}, "front matter opened here is never closed: add a line \"+++\" after the fields")
	return false
}
