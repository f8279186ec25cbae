package build

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/source"
)

// changes sorts a batch of changed paths by what they touch.
type changes struct {
	config     bool
	layoutsAll bool            // base.html, partials, i18n: every page
	kinds      map[string]bool // layouts/<kind>.html: the pages of a kind
	static     bool            // layouts/static/**
	cssOnly    bool            // only stylesheets under layouts/static
	content    map[string]bool // content files
	rescan     bool            // folders of content/ came or went: list it again
	dirs       []string        // those folders
}

func (b *Builder) classify(paths []string) changes {
	c := changes{kinds: map[string]bool{}, content: map[string]bool{}}
	css, other := false, false
	for _, p := range paths {
		p = path.Clean(p)
		top, rest, _ := strings.Cut(p, "/")
		switch top {
		case "config.toml":
			if rest == "" {
				c.config = true
				other = true
			}
		case "content":
			if rest != "" && ignoredUnder(rest) {
				continue
			}
			other = true
			fi, err := fs.Lstat(b.src, p)
			switch {
			case err == nil && fi.IsDir(), rest == "":
				c.rescan = true
				c.dirs = append(c.dirs, p)
			case err != nil && b.files[p] == nil && b.hasFilesUnder(p):
				c.rescan = true // a folder that went away
			default:
				c.content[p] = true
			}
		case "layouts":
			if rest != "" && source.Ignored(p) {
				continue // an editor's backup or swap file, as render skips them
			}
			switch dir, name := path.Split(rest); {
			case rest == "":
				c.layoutsAll, c.static = true, true
				other = true
			case strings.HasPrefix(rest, "static/") || rest == "static":
				c.static = true
				if strings.HasSuffix(rest, ".css") {
					css = true
				} else {
					other = true
				}
			case dir == "" && strings.HasSuffix(name, ".html") && name != "base.html":
				c.kinds[strings.TrimSuffix(name, ".html")] = true
				other = true
			default:
				c.layoutsAll = true
				other = true
			}
		}
	}
	c.cssOnly = css && !other
	return c
}

// ignoredUnder reports whether a path under content/ is one Load skips.
func ignoredUnder(rest string) bool {
	return slices.ContainsFunc(strings.Split(rest, "/"), source.Ignored)
}

// hasFilesUnder reports whether a known content file is under the folder.
func (b *Builder) hasFilesUnder(dir string) bool {
	i, _ := slices.BinarySearch(b.order, dir+"/")
	return i < len(b.order) && strings.HasPrefix(b.order[i], dir+"/")
}

// depIndex finds the pages that depend on a record: by its key, or by its
// kind for the pages that list every record of a kind ("areas/*").
type depIndex struct {
	byKey  map[string][]int32
	byKind map[string][]int32
}

func newDepIndex(pages []derive.Page) depIndex {
	x := depIndex{byKey: map[string][]int32{}, byKind: map[string][]int32{}}
	for i, p := range pages {
		for _, d := range p.Deps {
			m := x.byKey
			if kind, ok := strings.CutSuffix(d, "/*"); ok {
				m, d = x.byKind, kind
			}
			// A page names a record once per path to it; keep it once.
			if l := m[d]; len(l) == 0 || l[len(l)-1] != int32(i) {
				m[d] = append(l, int32(i))
			}
		}
	}
	return x
}

// lookup lists the pages that depend on any of the record keys.
func (x depIndex) lookup(keys map[string]bool) []int32 {
	var out []int32
	kinds := map[string]bool{}
	for k := range keys {
		out = append(out, x.byKey[k]...)
		if kind, _, ok := strings.Cut(k, "/"); ok && !kinds[kind] {
			kinds[kind] = true
			out = append(out, x.byKind[kind]...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// touches reports whether the page depends on any of the record keys.
func touches(p derive.Page, keys map[string]bool) bool {
	for _, d := range p.Deps {
		if kind, ok := strings.CutSuffix(d, "/*"); ok {
			for k := range keys {
				if strings.HasPrefix(k, kind+"/") {
					return true
				}
			}
		} else if keys[d] {
			return true
		}
	}
	return false
}

// shape sums up the facts of the whole site that pages show beyond their
// dependencies: which tables there are, and whether each matrix is a grid
// (study-group pages link to their rows). When it changes, every page is
// rendered again; it changes only when a Sector gets its first study group
// or a matrix crosses derive.DenseLimit.
func shape(t *derive.Tables) string {
	var b strings.Builder
	for _, m := range t.Mappings {
		fmt.Fprintf(&b, "mapping %s\n", m.ID)
	}
	for _, m := range t.Matrices {
		fmt.Fprintf(&b, "matrix %s %v\n", m.ID, m.Dense())
	}
	for _, s := range t.ByArea.Sectors {
		fmt.Fprintf(&b, "sector %s\n", s.ID)
	}
	return b.String()
}
