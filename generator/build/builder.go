package build

import (
	"io/fs"
	"path"
	"slices"
	"time"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/output"
	"itu.int/iscsite/generator/render"
	"itu.int/iscsite/generator/search"
)

// Builder builds a site, then again after each batch of changed source
// files: a full build is its first Build, and watch mode calls Build for
// every batch. Every Build runs the same phases, in order: load, decode,
// link, derive, pages, render, write. Between builds it keeps what a
// batch does not change: each content file's decoded record and
// problems, the linked site while edits only change text, the parsed
// layouts while they are the same, and the records' converted bodies.
//
// Each Build renders every page, so the output is what a fresh build
// writes whatever a layout shows: no list of what depends on what is
// kept, by hand or otherwise. Pages asked for (open in a browser, or
// requested) are rendered first, and only files whose bytes changed are
// written: the first Build writes a whole new folder, swapped in at once,
// and later ones change files in place (output.Dir.Put). A Builder is not
// safe for concurrent use.
type Builder struct {
	src    fs.FS
	out    *output.Dir // nil: write nothing
	check  bool        // render, but write nothing, as check does
	strict bool        // warnings are errors
	keep   bool        // with no out, keep the files (tests)

	cfg       *config.Config
	cfgDiags  diag.List
	walkDiags diag.List              // content/ as a whole: folders that cannot be read
	files     map[string]*sourceFile // content path → decoded
	order     []string               // the keys of files, sorted

	site      *model.Site
	tables    *derive.Tables
	pages     []derive.Page
	clashes   diag.List      // of pages
	byFile    map[string]int // pages by output path
	linkDiags diag.List
	resort    bool // patched records sort elsewhere now

	rend      *render.Renderer
	rendDiags diag.List
	bodies    *render.Bodies
	index     *search.Indexer
}

// NewBuilder returns a Builder of the site in src writing to out.
func NewBuilder(src fs.FS, out *output.Dir) *Builder {
	if out != nil {
		out.Remember()
	}
	return &Builder{src: src, out: out, index: search.NewIndexer()}
}

// Hints let the caller see the pages that matter most sooner.
type Hints struct {
	// Viewed are output paths ("areas/x/index.html") open in browsers:
	// rendered and written first.
	Viewed []string
	// Requested, when set, is asked before each page is rendered for the
	// output paths of pages someone waits for: they are rendered next.
	Requested func() []string
	// Settled, when set, is told each page's output path once its file
	// is up to date, and whether it was written (else it was found
	// unchanged), in a build that changes files in place. It is called
	// from the goroutines that render.
	Settled func(path string, changed bool)
	// Preempt, when set, is asked now and then once the viewed pages are
	// done: when it reports true, Build stops, Preempted; the next Build
	// renders everything anyway.
	Preempt func() bool
}

// Update is what one Build did.
type Update struct {
	Diags    diag.List // sorted
	Written  []string  // output paths written, sorted
	Removed  []string  // output paths removed, sorted
	Rendered int       // pages rendered
	Records  int
	Pages    []derive.Page
	Files    []output.File // every file, when kept in memory (no output folder)
	// Full says that the whole output was written as a new folder: the
	// first build, a changed config.toml, or an output folder gone.
	Full bool
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
	Phases   []Phase // how long each phase took, in order
}

// OK reports whether the build had no errors.
func (u *Update) OK() bool { return u.Diags.Errors() == 0 }

// Phase is one step of a build and its duration.
type Phase struct {
	Name  string
	Took  time.Duration
	start time.Time
}

// BasePath is the path the site lives under ("/" or "/sub/"), from the
// last config.toml that parsed.
func (b *Builder) BasePath() string {
	if b.cfg == nil {
		return "/"
	}
	return b.cfg.BasePath
}

// Build brings the output up to date with the sources after the files at
// changed (slash paths from the site root; folders too) were created,
// written, removed or renamed. The first Build reads everything, whatever
// changed says. The error is only for failing to write.
func (b *Builder) Build(changed []string, h Hints) (*Update, error) {
	start := time.Now()
	u := &Update{}
	phase := func(name string) {
		now := time.Now()
		if n := len(u.Phases); n > 0 {
			u.Phases[n-1].Took = now.Sub(u.Phases[n-1].start)
		}
		u.Phases = append(u.Phases, Phase{Name: name, start: now})
	}
	defer func() {
		phase("")
		u.Phases = u.Phases[:len(u.Phases)-1]
		u.Diags = u.Diags.Sort()
		u.Elapsed = time.Since(start)
	}()

	phase("load")
	c := b.classify(changed)
	full := c.config || b.cfg == nil
	if full {
		b.reload()
	}
	if b.cfg == nil {
		u.Diags = b.cfgDiags
		return u, nil
	}
	configOK := b.cfgDiags.Errors() == 0
	if c.layouts || c.static && !c.cssOnly {
		b.rend = nil // static files can be a problem of the layouts too (a name a page has)
	}

	phase("decode")
	relink := true
	if full {
		b.readAll()
	} else {
		relink = b.reread(c)
	}
	u.Records = len(b.records())
	if c.cssOnly && !full && b.site != nil && b.rend != nil && b.out != nil && b.out.Remembers() {
		return u, b.writeStatic(u)
	}

	// Work for the core that linking and deriving leave idle: the new
	// folder of a whole site with its records' page folders, and the
	// records' Markdown bodies.
	w, err := b.writer(u, full)
	if err != nil {
		return u, err
	}
	defer w.abort()
	idle, converted := b.whileLinking(w)
	defer func() { b.bodies.Stop(); <-converted }()

	phase("link")
	b.link(relink)
	phase("derive")
	if b.tables == nil {
		b.tables = derive.Derive(b.site)
		b.pages = nil
	}
	phase("pages")
	if b.pages == nil {
		b.pages = derive.Pages(b.site, b.tables)
		b.clashes, b.byFile = pageClashes(b.pages), nil
	}
	u.Pages = b.pages
	u.Diags = b.strictly(append(b.sourceDiags(), b.clashes...))
	if u.Diags.Errors() > 0 {
		<-idle
		if configOK {
			tryLayouts(b.src, b.cfg, &u.Diags)
		}
		return u, nil
	}

	phase("render")
	<-idle
	if b.rend == nil {
		b.rendDiags = nil
		b.rend = render.New(b.src, b.cfg, b.bodies, &b.rendDiags)
	}
	u.Diags = append(u.Diags, b.rendDiags...)
	if b.rend == nil {
		return u, nil
	}
	if err := b.renderAll(w, h, u); err != nil || u.Preempted || !u.OK() {
		return u, err
	}
	phase("write")
	return u, w.commit(u)
}

// link links the decoded records again when relink says so (or there is
// no site yet), and checks the area rule; else the patched site stays,
// sorted again if patches moved records.
func (b *Builder) link(relink bool) {
	switch {
	case relink || b.site == nil:
		b.linkDiags = nil
		b.site = model.Link(b.cfg, b.decoded(), &b.linkDiags)
		b.site.CheckAreaRule(&b.linkDiags)
		b.tables = nil
	case b.resort:
		b.site.Resort()
		b.pages = nil
	}
	b.resort = false
}

// reload reads config.toml again, and forgets what was made with the old
// one.
func (b *Builder) reload() {
	b.cfgDiags = nil
	b.cfg = loadConfig(b.src, &b.cfgDiags)
	b.site, b.rend, b.bodies = nil, nil, nil
}

// strictly turns warnings into errors under --strict.
func (b *Builder) strictly(l diag.List) diag.List {
	if b.strict {
		return l.Strict()
	}
	return l
}

// whileLinking starts, on a goroutine of its own, what a build can do
// before the site is linked: the folders of the records' pages in a new
// folder, and converting the records' bodies. The first channel closes
// when the folders are made, the second when the goroutine ends: once
// every body is converted, or Stop.
func (b *Builder) whileLinking(w writer) (made, done <-chan struct{}) {
	madeC, doneC := make(chan struct{}), make(chan struct{})
	records := b.records()
	if b.bodies == nil {
		b.bodies = render.NewBodies(b.cfg)
	}
	stale := b.bodies.Prepare(records, b.translations())
	go func() {
		defer close(doneC)
		for _, rec := range records {
			if dir := path.Dir(derive.Page{URL: derive.URL(rec)}.File()); dir != "." {
				w.mkdir(dir)
			}
		}
		close(madeC)
		b.bodies.Convert(stale)
	}()
	return madeC, doneC
}

// pageClashes reports two pages at one address: a record whose slug is a
// page the generator makes itself (/resolutions/pp/, the list of PP
// Resolutions), or two records of one address.
func pageClashes(pages []derive.Page) diag.List {
	var out diag.List
	seen := map[string]derive.Page{}
	for _, p := range pages {
		prev, dup := seen[p.Path()]
		if !dup {
			seen[p.Path()] = p
			continue
		}
		rec := p.Record
		if rec == nil {
			rec, prev = prev.Record, p
		}
		if rec == nil {
			continue
		}
		what := "another record's page"
		if prev.Record == nil {
			what = "a page the site makes itself (" + prev.Kind + ")"
		}
		out.Errorf(rec.Base().Pos, "the page of this record, %s, is %s: rename the file", p.Path(), what)
	}
	slices.SortFunc(out, func(a, b diag.Diagnostic) int { return a.Pos.Line - b.Pos.Line })
	return out
}
