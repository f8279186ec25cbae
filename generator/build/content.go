package build

import (
	"errors"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/source"
)

// The sources as a build last read them: config.toml, and each content
// file decoded with its problems. A rebuild reads again only the files a
// batch names.

// sourceFile is one content file, decoded.
type sourceFile struct {
	rec   any // model.Decode's result; nil when it failed
	diags diag.List
}

// changes sorts a batch of changed paths by what they touch.
type changes struct {
	config  bool
	layouts bool            // a template, a partial or UI strings
	static  bool            // layouts/static/**
	cssOnly bool            // nothing but stylesheets under layouts/static
	content map[string]bool // content files
	rescan  bool            // folders of content/ came or went: list it again
	dirs    []string        // those folders
}

// classify sorts the paths of a batch (slash paths from the site root).
func (b *Builder) classify(paths []string) changes {
	c := changes{content: map[string]bool{}}
	css, other := false, false
	for _, p := range paths {
		p = path.Clean(p)
		top, rest, _ := strings.Cut(p, "/")
		switch top {
		case "config.toml":
			if rest == "" {
				c.config, other = true, true
			}
		case "content":
			if rest != "" && slices.ContainsFunc(strings.Split(rest, "/"), source.Ignored) {
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
			switch {
			case strings.HasPrefix(rest, "static/") || rest == "static":
				c.static = true
				if strings.HasSuffix(rest, ".css") {
					css = true
				} else {
					other = true
				}
			case rest == "":
				c.layouts, c.static, other = true, true, true
			default:
				c.layouts, other = true, true
			}
		}
	}
	c.cssOnly = css && !other
	return c
}

// hasFilesUnder reports whether a known content file is under the folder.
func (b *Builder) hasFilesUnder(dir string) bool {
	i, _ := slices.BinarySearch(b.order, dir+"/")
	return i < len(b.order) && strings.HasPrefix(b.order[i], dir+"/")
}

// loadConfig reads config.toml.
func loadConfig(fsys fs.FS, diags *diag.List) *config.Config {
	src, err := source.ReadFile(fsys, "config.toml")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			diags.Errorf(diag.Pos{File: "config.toml"}, "missing: a site needs config.toml at its root (is --source right?)")
		} else {
			diags.Errorf(diag.Pos{File: "config.toml"}, "cannot read: %v", err)
		}
		return nil
	}
	if !source.UTF8("config.toml", src, diags) {
		return nil
	}
	return config.Parse("config.toml", src, diags)
}

// readAll lists content/ and decodes every file, on all cores.
func (b *Builder) readAll() {
	b.walkDiags = nil
	b.order = source.List(b.src, &b.walkDiags)
	decoded := make([]*sourceFile, len(b.order))
	var wg sync.WaitGroup
	// Reading waits on the disk as well as the CPU: a few more workers
	// than cores keep both busy.
	n := 2 * runtime.GOMAXPROCS(0)
	for w := range n {
		wg.Go(func() {
			for i := w; i < len(b.order); i += n {
				decoded[i] = b.readOne(b.order[i])
			}
		})
	}
	wg.Wait()
	b.files = make(map[string]*sourceFile, len(b.order))
	for i, p := range b.order {
		b.files[p] = decoded[i]
	}
}

// readOne reads and decodes one content file.
func (b *Builder) readOne(p string) *sourceFile {
	sf := &sourceFile{}
	if f, ok := source.ReadOne(b.src, p, &sf.diags); ok {
		sf.rec = model.Decode(b.cfg, &f, &sf.diags)
	}
	return sf
}

// reread reads again the content files a batch changed, and reports
// whether the site must be linked again: false when every edit changed
// only what pages show as text (model.Patch copied it into the linked
// records).
func (b *Builder) reread(c changes) (relink bool) {
	paths := maps.Clone(c.content)
	if c.rescan {
		// Folders came or went: list content/ again, as a build would, and
		// treat every file that appeared or vanished as changed.
		var walk diag.List
		names := source.List(b.src, &walk)
		b.walkDiags = walk
		listed := map[string]bool{}
		for _, p := range names {
			listed[p] = true
			if b.files[p] == nil {
				paths[p] = true
			}
		}
		for _, p := range b.order {
			if !listed[p] {
				paths[p] = true
			}
		}
	}
	relink = b.site == nil || b.linkDiags.Errors() > 0
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		old := b.files[p]
		var nf *sourceFile
		if listedFile(b.src, p) {
			nf = b.readOne(p)
		}
		if old == nil && nf == nil {
			continue // came and went between two looks, as editors' temporary files do
		}
		if !relink && old != nil && nf != nil && old.rec != nil && nf.rec != nil && len(old.diags) == 0 && len(nf.diags) == 0 {
			if ch, ok := model.Patch(old.rec, nf.rec); ok {
				b.resort = b.resort || ch&model.ChangedOrder != 0
				continue // old.rec now holds the new fields
			}
		}
		relink = true
		switch {
		case nf == nil:
			delete(b.files, p)
			i, _ := slices.BinarySearch(b.order, p)
			b.order = slices.Delete(b.order, i, i+1)
		case old == nil:
			b.files[p] = nf
			i, _ := slices.BinarySearch(b.order, p)
			b.order = slices.Insert(b.order, i, p)
		default:
			b.files[p] = nf
		}
	}
	return relink
}

// listedFile reports whether source.List would name p now.
func listedFile(fsys fs.FS, p string) bool {
	rest, ok := strings.CutPrefix(p, "content/")
	if !ok || slices.ContainsFunc(strings.Split(rest, "/"), source.Ignored) {
		return false
	}
	fi, err := fs.Lstat(fsys, p)
	return err == nil && !fi.IsDir()
}

// decoded lists the decoded records in path order, as the site links them.
func (b *Builder) decoded() []any {
	out := make([]any, 0, len(b.order))
	for _, p := range b.order {
		if r := b.files[p].rec; r != nil {
			out = append(out, r)
		}
	}
	return out
}

// records lists the decoded records, without translations.
func (b *Builder) records() []model.Record {
	var out []model.Record
	for _, d := range b.decoded() {
		if rec, ok := d.(model.Record); ok {
			out = append(out, rec)
		}
	}
	return out
}

// translations are the decoded translations, in file order.
func (b *Builder) translations() []*model.Translation {
	var out []*model.Translation
	for _, d := range b.decoded() {
		if t, ok := d.(*model.Translation); ok {
			out = append(out, t)
		}
	}
	return out
}

// sourceDiags are the problems of config.toml and the content.
func (b *Builder) sourceDiags() diag.List {
	all := slices.Clone(b.cfgDiags)
	if b.cfg == nil {
		return all
	}
	all = append(all, b.walkDiags...)
	for _, p := range b.order {
		all = append(all, b.files[p].diags...)
	}
	return append(all, b.linkDiags...)
}
