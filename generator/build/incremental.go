package build

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/export"
	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/output"
	"itu.int/iscsite/generator/render"
	"itu.int/iscsite/generator/source"
)

// Builder builds a site once, then again after each batch of changed
// source files, redoing only what the batch affects; watch mode drives it.
// Its output always equals what Run would write for the same sources, and
// its diagnostics are those Run would report.
//
// It keeps what a change does not touch: each content file's decoded
// record and problems, the linked Site, the pages with their dependencies
// (derive.Page.Deps, indexed by record key), the parsed layouts, and a
// hash of every output file as last written. A batch then costs:
//
//   - config.toml: everything, as a first build.
//   - layouts/<kind>.html: parse the layouts, render the pages of that kind.
//   - other layouts (base, partials, i18n): parse, render every page.
//   - layouts/static/**: copy what changed.
//   - content: decode the changed files; when an edit changed only text
//     (model.Patch), copy it into the linked record, else link everything
//     again; then render the pages whose dependencies, before or after the
//     edit, name a changed record (or its kind, for the lists), and the
//     data exports when the tables or feeds may differ.
//
// Only files whose bytes changed are written (output.Update), and files of
// pages that are gone are removed. While a batch leaves errors, nothing is
// written and what changed is remembered, so the first good build after
// them brings the output up to date. A Builder is not safe for concurrent
// use.
type Builder struct {
	src fs.FS
	out *output.Dir

	cfg       *config.Config
	cfgDiags  diag.List
	walkDiags diag.List              // content/ as a whole: folders that cannot be read
	files     map[string]*sourceFile // content path → decoded
	order     []string               // the keys of files, sorted: Run's decode order

	rend      *render.Renderer
	rendDiags diag.List
	rendStale bool // the layouts changed since rend was parsed

	site      *model.Site
	tables    *derive.Tables
	linkDiags diag.List // Link and the area rule

	pages  []derive.Page // of the last written site
	pageAt map[string]int
	index  depIndex
	shape  string // of the last written site; see shape

	written map[string]sum // output path → hash, as on disk; nil: unknown
	static  map[string]bool
	exports map[string]bool

	stale  stale // what changed since the output was last written in full
	good   bool  // the last build succeeded, and pages belong to site
	resort bool  // records of site were sorted again: its pages come in another order
	diags  diag.List
}

// sourceFile is one content file, decoded.
type sourceFile struct {
	rec   any // model.Decode's result; nil when it failed
	diags diag.List
}

type sum [sha256.Size]byte

// stale is what the output lacks: the record keys changed since it was
// last written, the page kinds whose layouts changed, and so on.
type stale struct {
	all     bool            // config.toml, or nothing written yet: every page
	keys    map[string]bool // records changed
	kinds   map[string]bool // page kinds whose layout changed
	pages   map[string]bool // output paths of pages still to render
	removed map[string]bool // output paths of pages that are gone
	static  bool
	exports bool
}

// linked reports whether the site and its pages may be used as they are:
// nothing changed what the pages depend on since they were listed.
func (s *stale) linked() bool {
	return !s.all && len(s.keys) == 0 && len(s.kinds) == 0
}

// Hints let the caller see the pages that matter most sooner.
type Hints struct {
	// Viewed are output paths ("areas/x/index.html") open in browsers.
	// Those that the batch may change are rendered and written first.
	Viewed []string
	// Early, when set, is called once the viewed pages are written, with
	// the paths whose bytes changed, before the rest of the batch is built.
	// pending reports, until Build returns, whether a path may still
	// change in this batch.
	Early func(written []string, pending func(path string) bool)
	// Preempt, when set, is asked between parts of the work after the
	// viewed pages: when it reports true, Build returns, Preempted, and
	// the next Build does what is left as well.
	Preempt func() bool
}

// Update is what one Build did.
type Update struct {
	Diags    diag.List // sorted, as Run would report them
	Written  []string  // output paths written, sorted
	Removed  []string  // output paths removed, sorted
	Rendered int       // pages rendered
	Records  int
	Full     bool // config.toml changed (or the first build): everything was built
	// CSSOnly says that the batch changed only stylesheets under
	// layouts/static, and they were written: browsers can swap them
	// without reloading.
	CSSOnly bool
	// Static says that a file copied from layouts/static was written or
	// removed: every page that loads it is stale in browsers.
	Static bool
	// Preempted says that Build stopped for newer changes before it was
	// done; Diags then lack what the rest would have found.
	Preempted bool
	// Leftover is set when the site was written whole but the old one
	// could not be removed: a warning.
	Leftover error
	Elapsed  time.Duration
}

// OK reports whether the build had no errors.
func (u *Update) OK() bool { return u.Diags.Errors() == 0 }

// NewBuilder returns a Builder of the site in src, writing to the folder
// out. Call Build(nil, ...) first, for the first build.
func NewBuilder(src fs.FS, out *output.Dir) *Builder {
	return &Builder{src: src, out: out}
}

// BasePath is the path the site lives under ("/" or "/sub/"), from the
// last config.toml that parsed.
func (b *Builder) BasePath() string {
	if b.cfg == nil {
		return "/"
	}
	return b.cfg.BasePath
}

// Diags are the last build's problems.
func (b *Builder) Diags() diag.List { return b.diags }

// Build brings the output up to date with the source after the files at
// changed (slash paths from the site root; folders too) were created,
// written, removed or renamed. The first call, or one naming config.toml,
// builds everything. The error is only for failing to write.
func (b *Builder) Build(changed []string, h Hints) (*Update, error) {
	start := time.Now()
	u := &Update{}
	defer func() { u.Elapsed = time.Since(start) }()

	c := b.classify(changed)
	if b.cfg == nil || c.config {
		// A config.toml that did not parse left nothing to build on.
		b.loadAll()
		u.Full = true
	} else {
		b.applyLayouts(c)
		b.applyContent(c)
	}
	if b.written != nil && !b.out.Exists() {
		b.written = nil // the folder went away: write it whole again
	}
	if b.written == nil {
		b.stale.all = true
	}

	err := b.run(h, u)
	u.Diags = b.diags
	if b.site != nil {
		u.Records = countRecords(b.decoded())
	}
	u.CSSOnly = u.OK() && c.cssOnly && !u.Full && len(u.Written) > 0 && len(u.Removed) == 0 &&
		!slices.ContainsFunc(u.Written, func(p string) bool { return !strings.HasSuffix(p, ".css") })
	return u, err
}

// loadAll reads config.toml and every content file again.
func (b *Builder) loadAll() {
	b.stale.all = true
	b.cfgDiags, b.walkDiags = nil, nil
	b.files, b.order = map[string]*sourceFile{}, nil
	b.site, b.tables, b.linkDiags, b.good = nil, nil, nil, false
	b.rend, b.rendDiags, b.rendStale = nil, nil, true
	b.cfg = loadConfig(b.src, &b.cfgDiags)
	if b.cfg == nil {
		return
	}
	b.order = source.List(b.src, &b.walkDiags)
	decoded := make([]*sourceFile, len(b.order))
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				decoded[i] = b.readOne(b.order[i])
			}
		})
	}
	for i := range b.order {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, p := range b.order {
		b.files[p] = decoded[i]
	}
}

// readOne reads and decodes one content file, as Load and decodeAll do.
func (b *Builder) readOne(p string) *sourceFile {
	sf := &sourceFile{}
	if f, ok := source.ReadOne(b.src, p, &sf.diags); ok {
		sf.rec = model.Decode(b.cfg, &f, &sf.diags)
	}
	return sf
}

// decoded lists the decoded records in path order, as Run links them.
func (b *Builder) decoded() []any {
	out := make([]any, 0, len(b.order))
	for _, p := range b.order {
		if r := b.files[p].rec; r != nil {
			out = append(out, r)
		}
	}
	return out
}

func (b *Builder) applyLayouts(c changes) {
	if c.layoutsAll {
		b.rendStale = true
		b.stale.all = true
	}
	for k := range c.kinds {
		b.rendStale = true
		if b.stale.kinds == nil {
			b.stale.kinds = map[string]bool{}
		}
		b.stale.kinds[k] = true
	}
	if c.static {
		b.stale.static = true
	}
}

// applyContent reads the changed content files again and updates the
// site: in place when only text changed, else by linking again.
func (b *Builder) applyContent(c changes) {
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
		for _, dir := range c.dirs {
			for _, p := range names {
				if strings.HasPrefix(p, dir+"/") {
					paths[p] = true
				}
			}
		}
	}
	if len(paths) == 0 {
		return
	}

	relink := b.site == nil || !b.good || !b.stale.linked()
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		old := b.files[p]
		var nf *sourceFile
		if listedFile(b.src, p) {
			nf = b.readOne(p)
		}
		if old == nil && nf == nil {
			continue // came and went between two looks, as editors' temporary files do
		}
		b.markKeys(p, old, nf)
		if !relink && old != nil && nf != nil && old.rec != nil && nf.rec != nil &&
			len(old.diags) == 0 && len(nf.diags) == 0 {
			if ch, ok := model.Patch(old.rec, nf.rec); ok {
				// The exports show titles and dates, never bodies.
				if ch&^(model.ChangedBody|model.ChangedShort) != 0 {
					b.stale.exports = true
				}
				if ch&model.ChangedOrder != 0 {
					b.resort = true
				}
				continue
			}
		}
		relink = true
		switch {
		case nf == nil && old != nil:
			delete(b.files, p)
			i, _ := slices.BinarySearch(b.order, p)
			b.order = slices.Delete(b.order, i, i+1)
		case nf != nil && old == nil:
			b.files[p] = nf
			i, _ := slices.BinarySearch(b.order, p)
			b.order = slices.Insert(b.order, i, p)
		case nf != nil:
			b.files[p] = nf
		}
	}
	if relink {
		b.site = nil
	} else if b.resort {
		b.site.Resort()
	}
}

// markKeys marks the records of a changed file stale: the one it held and
// the one it holds, and the one its name says, in case neither decoded.
func (b *Builder) markKeys(p string, old, nf *sourceFile) {
	if b.stale.keys == nil {
		b.stale.keys = map[string]bool{}
	}
	var scratch diag.List
	if f, ok := source.Classify(p, &scratch); ok {
		b.stale.keys[f.Kind+"/"+f.Slug] = true
	}
	for _, sf := range []*sourceFile{old, nf} {
		if sf == nil {
			continue
		}
		switch r := sf.rec.(type) {
		case model.Record:
			b.stale.keys[r.Base().Key()] = true
		case *model.Translation:
			b.stale.keys[r.Kind+"/"+r.Slug] = true
		}
	}
}

// listedFile reports whether source.List would name p now.
func listedFile(fsys fs.FS, p string) bool {
	rest, ok := strings.CutPrefix(p, "content/")
	if !ok {
		return false
	}
	for _, part := range strings.Split(rest, "/") {
		if source.Ignored(part) {
			return false
		}
	}
	fi, err := fs.Lstat(fsys, p)
	return err == nil && !fi.IsDir()
}

// link links the decoded records again, checks the area rule and derives
// the tables.
func (b *Builder) link() {
	b.linkDiags = nil
	b.site = model.Link(b.cfg, b.decoded(), &b.linkDiags)
	b.site.CheckAreaRule(&b.linkDiags)
	if b.stale.all {
		b.tables = derive.Derive(b.site)
		return
	}
	// The tables that read none of the changed kinds stay: their records
	// are the same values, linked the same way.
	kinds := map[string]bool{}
	for k := range b.stale.keys {
		kind, _, _ := strings.Cut(k, "/")
		kinds[kind] = true
	}
	b.tables = derive.Again(b.tables, b.site, kinds)
}

// sourceDiags are the problems a build reports before rendering.
func (b *Builder) sourceDiags() diag.List {
	var all diag.List
	all = append(all, b.cfgDiags...)
	if b.cfg == nil {
		return all
	}
	all = append(all, b.walkDiags...)
	for _, p := range b.order {
		all = append(all, b.files[p].diags...)
	}
	return append(all, b.linkDiags...)
}

// run builds what is stale: the part of Build after reading the sources.
func (b *Builder) run(h Hints, u *Update) error {
	b.good = false
	diags := b.sourceDiags()
	if b.cfg == nil {
		b.diags = diags.Sort()
		return nil
	}
	relinked := false
	if b.site == nil {
		b.link()
		relinked = true
		diags = b.sourceDiags()
		if b.pages != nil && shape(b.tables) != b.shape {
			b.stale.all = true
		}
	}
	if diags.Errors() > 0 {
		b.diags = diags.Sort()
		return nil
	}
	if b.rendStale || b.rend == nil {
		b.rendDiags = nil
		b.rend = render.New(b.src, b.cfg, nil, &b.rendDiags)
		b.rendStale = false
	}
	diags = append(diags, b.rendDiags...)
	if b.rend == nil || diags.Errors() > 0 {
		b.diags = diags.Sort()
		return nil
	}

	w := &writes{b: b, u: u}
	defer w.abort()
	rendered := map[string]bool{}

	// Viewed pages first: render them, write them, tell the caller.
	if len(h.Viewed) > 0 && b.pages != nil && !(b.stale.all && b.written == nil) {
		var first []derive.Page
		for _, v := range h.Viewed {
			if p, ok := b.earlyPage(v, relinked); ok && !rendered[v] {
				rendered[v] = true
				first = append(first, p)
			}
		}
		if len(first) > 0 {
			var rd diag.List
			files := b.rend.Render(b.site, b.tables, first, &rd)
			u.Rendered += len(first)
			if rd.Errors() > 0 {
				b.diags = append(diags, rd...).Sort()
				return nil
			}
			for _, f := range files {
				w.add(f.Path, f.Data)
			}
			if err := w.flush(); err != nil {
				return b.writeFailed(err)
			}
			if h.Early != nil {
				h.Early(slices.Clone(u.Written), b.pending(relinked, rendered))
			}
		}
	}

	// The pages of the site as it is now, and which of them to render.
	pages, index := b.pages, b.index
	if relinked || b.pages == nil || b.resort {
		pages = derive.Pages(b.site, true)
		index = newDepIndex(pages)
	}
	want := b.affectedFiles(pages, index)
	if relinked && b.pages != nil && !b.stale.all {
		maps.Copy(want, b.affectedFiles(b.pages, b.index))
	}
	now := make(map[string]bool, len(pages))
	for _, p := range pages {
		now[p.File()] = true
	}
	removed := b.stale.removed
	if removed == nil {
		removed = map[string]bool{}
	}
	for _, p := range b.pages {
		if f := p.File(); !now[f] {
			removed[f] = true
		}
	}

	// From here on what is left to do is a list of files: keep it, with
	// the site's pages, so that a build stopped for newer changes (or
	// failing) leaves the next one the rest.
	st := stale{pages: map[string]bool{}, removed: removed,
		static: b.stale.all || b.stale.static, exports: b.stale.all || b.stale.exports || relinked}
	var todo []derive.Page
	for _, p := range pages {
		f := p.File()
		if (want[f] || b.written[f] == (sum{})) && !rendered[f] {
			todo = append(todo, p)
			st.pages[f] = true
		}
	}
	b.stale = st
	b.commitPages(pages, index)
	if err := w.begin(); err != nil {
		return b.writeFailed(err)
	}

	// Record pages first, then the lists, which are bigger; in parts, so
	// that newer changes need not wait for all of them.
	slices.SortStableFunc(todo, func(x, y derive.Page) int { return boolInt(x.Record == nil) - boolInt(y.Record == nil) })
	preempt := func() bool {
		if h.Preempt == nil || w.whole() || !h.Preempt() {
			return false
		}
		u.Preempted = true
		b.good = true
		b.diags = diags.Sort()
		return true
	}
	var rd diag.List
	if w.tree != nil {
		// A whole new folder: every page at once, streamed to it.
		b.rend.RenderEach(b.site, b.tables, todo, &rd, func(_ int, f render.File) { w.add(f.Path, f.Data) })
		u.Rendered += len(todo)
		todo = nil
	}
	for len(todo) > 0 {
		part := todo[:min(len(todo), renderPart)]
		todo = todo[len(part):]
		files := b.rend.Render(b.site, b.tables, part, &rd)
		u.Rendered += len(part)
		if rd.Errors() > 0 {
			continue // render the rest for their problems; write nothing
		}
		for _, f := range files {
			w.add(f.Path, f.Data)
		}
		if err := w.flush(); err != nil {
			return b.writeFailed(err)
		}
		for _, p := range part {
			delete(b.stale.pages, p.File())
		}
		if len(todo) > 0 && preempt() {
			return nil
		}
	}
	if rd.Errors() > 0 {
		b.diags = append(diags, rd...).Sort()
		return nil
	}
	for f := range b.stale.removed {
		if !now[f] {
			w.remove(f)
		}
	}

	if b.stale.static {
		var sd diag.List
		static := b.rend.Static(&sd)
		if sd.Errors() > 0 {
			b.diags = append(diags, sd...).Sort()
			return nil
		}
		paths := map[string]bool{}
		for _, f := range static {
			paths[f.Path] = true
			if w.add(f.Path, f.Data) {
				u.Static = true
			}
		}
		for p := range b.static {
			if !paths[p] && !now[p] {
				w.remove(p)
				u.Static = true
			}
		}
		b.static = paths
	}
	if b.stale.exports {
		if preempt() {
			return nil
		}
		data, err := export.Data(b.site, b.tables)
		if err != nil {
			return err
		}
		data = append(append(data, export.Sitemap(b.cfg, pages)...), export.Feed(b.site))
		paths := map[string]bool{}
		for _, f := range data {
			b, err := f.Bytes()
			if err != nil {
				return err
			}
			paths[f.Path] = true
			w.add(f.Path, b)
		}
		for p := range b.exports {
			if !paths[p] && !now[p] && !b.static[p] {
				w.remove(p)
			}
		}
		b.exports = paths
	}

	if err := w.commit(); err != nil {
		return b.writeFailed(err)
	}
	b.stale = stale{}
	b.good = true
	b.diags = diags.Sort()
	return nil
}

// renderPart is how many pages Build renders between two looks at
// Hints.Preempt: some tens of milliseconds of work.
const renderPart = 48

// commitPages makes pages the site's pages.
func (b *Builder) commitPages(pages []derive.Page, index depIndex) {
	b.pages, b.index, b.shape, b.resort = pages, index, shape(b.tables), false
	b.pageAt = make(map[string]int, len(pages))
	for i, p := range pages {
		b.pageAt[p.File()] = i
	}
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}

// earlyPage is the page at the output path v as the batch leaves it, when
// the batch may change it; it is rendered before the rest.
func (b *Builder) earlyPage(v string, relinked bool) (derive.Page, bool) {
	i, ok := b.pageAt[v]
	if !ok {
		return derive.Page{}, false
	}
	p := b.pages[i]
	if !relinked {
		return p, b.stale.all || b.stale.kinds[p.Kind] || b.stale.pages[v] || touches(p, b.stale.keys)
	}
	// Linked again: the records of unchanged files are the same values,
	// linked anew; a changed file's record is a new value, found by key.
	if p.Kind == "home" {
		p.Record = nil
		if b.site.Home != nil {
			p.Record = b.site.Home
		}
	} else if p.Record != nil {
		r := b.find(p.Record.Base().Key())
		if r == nil {
			return derive.Page{}, false // gone: the end of the build removes it
		}
		p.Record = r
		return p, true // its new dependencies are not known yet: render it anyway
	}
	return p, b.stale.all || b.stale.kinds[p.Kind] || b.stale.pages[v] || touches(p, b.stale.keys)
}

// pending says which output paths a batch may still change once the
// viewed pages are written. It holds copies, since the caller asks from
// other goroutines while the batch goes on.
func (b *Builder) pending(relinked bool, rendered map[string]bool) func(string) bool {
	if relinked || b.stale.all {
		return func(p string) bool { return !rendered[p] }
	}
	aff := b.affectedFiles(b.pages, b.index)
	var more map[string]bool
	if b.stale.static {
		more = maps.Clone(b.static)
	}
	if b.stale.exports {
		if more == nil {
			more = map[string]bool{}
		}
		maps.Copy(more, b.exports)
	}
	return func(p string) bool { return !rendered[p] && (aff[p] || more[p]) }
}

// find returns the record of the current site with key k, or nil.
func (b *Builder) find(k string) model.Record {
	kind, slug, _ := strings.Cut(k, "/")
	var hit model.Record
	look := func(r model.Record) {
		if r.Base().Slug == slug {
			hit = r
		}
	}
	s := b.site
	switch kind {
	case "areas":
		for _, r := range s.Areas {
			look(r)
		}
	case "resolutions":
		for _, r := range s.Resolutions {
			look(r)
		}
	case "study-groups":
		for _, r := range s.StudyGroups {
			look(r)
		}
	case "groups":
		for _, r := range s.Groups {
			look(r)
		}
	case "documents":
		for _, r := range s.Documents {
			look(r)
		}
	case "pages":
		for _, r := range s.Pages {
			look(r)
		}
	}
	return hit
}

// affectedFiles are the output paths of the pages that stale names.
func (b *Builder) affectedFiles(pages []derive.Page, index depIndex) map[string]bool {
	out := map[string]bool{}
	for _, p := range pages {
		if b.stale.all || b.stale.kinds[p.Kind] {
			out[p.File()] = true
		}
	}
	for _, i := range index.lookup(b.stale.keys) {
		out[pages[i].File()] = true
	}
	for f := range b.stale.pages {
		out[f] = true
	}
	return out
}

// writeFailed forgets what is on disk, so the next build writes it all.
func (b *Builder) writeFailed(err error) error {
	b.written = nil
	b.stale.all = true
	b.diags = nil
	return errors.Join(ErrWrite, err)
}

// writes collects the files of one build whose bytes changed, and writes
// them: in place (output.Update) after the first build; before it, into a
// new folder swapped in whole at the end (output.Tree), as Run does.
type writes struct {
	b       *Builder
	u       *Update
	changed []output.File
	sums    []sum
	removed []string

	// The whole folder, while nothing is written yet.
	tree      *output.Tree
	mu        sync.Mutex // add is called from rendering goroutines then
	treeSums  map[string]sum
	committed bool
}

// whole reports whether the writes go to a new folder at once.
func (w *writes) whole() bool { return w.b.written == nil }

// begin starts the new folder, when one is needed.
func (w *writes) begin() error {
	if !w.whole() || w.tree != nil {
		return nil
	}
	t, err := w.b.out.Begin()
	if err != nil {
		return err
	}
	w.tree, w.treeSums = t, map[string]sum{}
	return nil
}

// abort drops a new folder that was not committed.
func (w *writes) abort() {
	if w.tree != nil && !w.committed {
		w.tree.Abort()
	}
}

// add notes a file of the new output, and reports whether it changed.
func (w *writes) add(p string, data []byte) bool {
	s := sum(sha256.Sum256(data))
	if w.tree != nil {
		w.tree.Write(output.File{Path: p, Data: data})
		w.mu.Lock()
		w.treeSums[p] = s
		w.mu.Unlock()
		return true
	}
	if old, ok := w.b.written[p]; ok && old == s {
		return false
	}
	w.changed = append(w.changed, output.File{Path: p, Data: bytes.Clone(data)}) // RenderEach reuses data
	w.sums = append(w.sums, s)
	return true
}

func (w *writes) remove(p string) {
	if w.whole() {
		return
	}
	if _, ok := w.b.written[p]; ok {
		w.removed = append(w.removed, p)
	}
}

// flush writes what add and remove noted since the last flush, in place;
// a new folder waits for commit.
func (w *writes) flush() error {
	if w.whole() || len(w.changed) == 0 && len(w.removed) == 0 {
		return nil
	}
	if err := w.b.out.Update(w.changed, w.removed); err != nil {
		return err
	}
	for i, f := range w.changed {
		w.b.written[f.Path] = w.sums[i]
		w.u.Written = append(w.u.Written, f.Path)
	}
	for _, p := range w.removed {
		delete(w.b.written, p)
		delete(w.b.stale.removed, p)
	}
	w.u.Removed = append(w.u.Removed, w.removed...)
	w.changed, w.sums, w.removed = nil, nil, nil
	sort.Strings(w.u.Written)
	sort.Strings(w.u.Removed)
	return nil
}

// commit ends the build's writes: the new folder goes in place of the
// output, or the last files are written in place.
func (w *writes) commit() error {
	if w.tree == nil {
		return w.flush()
	}
	w.committed = true
	if err := w.tree.Commit(); err != nil {
		var left *output.LeftoverError
		if !errors.As(err, &left) {
			return err
		}
		w.u.Leftover = err
	}
	w.b.written = w.treeSums
	for p := range w.treeSums {
		w.u.Written = append(w.u.Written, p)
	}
	sort.Strings(w.u.Written)
	return nil
}
