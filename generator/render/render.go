// Package render turns the checked graph and its derived tables into HTML
// pages with html/template, and copies the layouts' static assets.
//
// Layout lookup: layouts/base.html is every page's skeleton and executes
// the template "main" and the block "scripts" (empty unless a kind defines
// it); layouts/<kind>.html defines them for one page kind (home, area,
// resolution, study-group, group, document, page, the lists areas,
// resolutions, study-groups, groups, documents, and 404), and may define
// the blocks "kicker" and "h1" that the partial "page-head" executes.
// Every .html file under layouts/partials/ is parsed into every kind's
// set, after base.html and before the kind's file, so a kind's {{define}}
// replaces a block of the same name. UI strings come from
// layouts/i18n/<lang>.toml. Files under layouts/static/ are copied to the
// output root as they are.
//
// Template functions (bound to the page's language and the base path):
//
//	url X        link to X: a record, a *model.Unit, or a site path "/x/"
//	abs X        the same as an absolute URL (baseURL + path)
//	t KEY        the UI string KEY in the page's language (an unknown key is an error)
//	anchor AREA  the row anchor of an area in the tables: "area-<slug>"
//	rowID T X    the anchor of X's place in table T of /study-groups/: a
//	             unit's row in a *derive.Mapping ("itu-d-itu-r-q7-2"), or a
//	             study group's row or column in a *derive.Matrix
//	             ("itu-r-itu-t-itu-r-sg5")
//	sgAreas SG   a study group's areas: its own and its units'
//	cached NAME V     the defined template NAME executed with V, made once per
//	                  render and reused wherever the same V is shown again;
//	                  NAME must be a partial no page kind redefines, and its
//	                  output may depend on nothing but V
//	cachedBy NAME K V the same, cached under the key K (for fragments whose
//	                  output depends on only part of V, like the header)
//	areaSector A S    a derive.AreaSector: area A seen from Sector S
//	resolutionRows T  the body rows of the Resolutions table (rows.go)
//	mappingRows M     the body rows of a mapping table
//	matrixBody M      a matrix's grid rows, or its row-by-row entries
//	byAreaRows T      the body rows of the study groups by area
//	resLabels LIST    Resolutions' "res-label"s, comma-separated
//	unitLinks LIST    units' "unit-link"s, comma-separated
//	areaLinks LIST    areas' links, comma-separated
//	unitSections D    a study group's Questions or Working Parties (rows.go)
//	lower S      S in lower case
//
// The partials shown most often, and a Resolution page's "main" block, are
// also written in Go (fast.go, fastmain.go); a render uses those only
// while the layouts define them as shipped.
//
// Each page's data is a *Data (data.go); the package never writes files.
package render

import (
	"bufio"
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/text"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/source"
)

// File is one output file: its path under the output folder and its bytes.
type File struct {
	Path string
	Data []byte
}

// Renderer holds what one build parses once: the templates, the UI
// strings and the configured goldmark.
type Renderer struct {
	cfg        *config.Config
	md         goldmark.Markdown
	bodies     *Bodies // converted ahead, or nil
	strings    uiStrings
	sets       map[string]map[string]*template.Template // lang → page kind → set
	fsys       fs.FS
	cols       columns                          // where inlined constants moved the layouts' columns
	ctx        *context                         // the site being rendered; set before each Render
	fast       map[string]*fastSet              // lang → the partials also written in Go (fast.go)
	fastMains  map[string]map[string]*fastMain  // lang → kind → its "main" written in Go (fastmain.go)
	fastShells map[string]map[string]*fastShell // lang → kind → base.html written in Go (fastshell.go)
}

// New parses the layouts of the site in fsys. Problems go to diags; the
// renderer is nil if any template fails to parse. bodies, if not nil, are
// the records' bodies converted ahead (see Bodies), and its goldmark is
// the renderer's.
func New(fsys fs.FS, cfg *config.Config, bodies *Bodies, diags *diag.List) *Renderer {
	r := &Renderer{cfg: cfg, fsys: fsys, bodies: bodies, cols: columns{}}
	if bodies != nil {
		r.md = bodies.md
	} else {
		r.md = newMarkdown(cfg.BasePath, cfg.UnsafeHTML)
	}
	r.strings = loadI18n(fsys, cfg, diags)
	before := diags.Errors()
	// One set per language, parsed with functions bound to it: html/template
	// escapes a set once, on first use, so sets are never cloned per page.
	// Only the default language is rendered until translations are.
	r.sets = map[string]map[string]*template.Template{}
	lang := cfg.DefaultLanguage
	lookup := func(key string) (string, bool) { return r.ui(lang, key) }
	stringsFile := "layouts/i18n/" + cfg.DefaultLanguage + ".toml"
	prepare := func(file, text string) string {
		return inlineConstants(file, text, stringsFile, cfg.BasePath, lookup, r.cols, diags)
	}
	funcs := r.funcs(lang)
	r.sets[lang] = parseLayouts(fsys, funcs, prepare, r.cols, diags)
	if r.sets[lang] == nil || diags.Errors() > before {
		return nil
	}
	quiet := func(file, text string) string {
		var ignored diag.List
		return inlineConstants(file, text, stringsFile, cfg.BasePath, lookup, nil, &ignored)
	}
	r.fast = map[string]*fastSet{lang: r.newFastSet(r.anySet(lang), funcs, quiet)}
	r.fastMains = map[string]map[string]*fastMain{lang: newFastMains(r.sets[lang], funcs, quiet)}
	r.fastShells = map[string]map[string]*fastShell{lang: newFastShells(r.sets[lang], funcs, quiet)}
	return r
}

// Render executes every page, on all cores, and returns the files in the
// order of pages. Template errors are reported with their layout position.
//
// The big tables are fragments (see cached) that one page holds but that
// take longest to render; they are rendered first, each as a job of its
// own, so that both cores share them instead of one page holding a core.
func (r *Renderer) Render(s *model.Site, t *derive.Tables, pages []derive.Page, diags *diag.List) []File {
	out := make([]File, len(pages))
	r.RenderEach(s, t, pages, diags, func(i int, f File) {
		out[i] = File{Path: f.Path, Data: bytes.Clone(f.Data)}
	})
	return out
}

// RenderEach is Render handing each page to emit as soon as it is made,
// from several goroutines at once, instead of keeping them all: a large
// site then never sits whole in memory. i is the page's index in pages.
// The file's bytes are valid only during the call: emit copies what it keeps.
func (r *Renderer) RenderEach(s *model.Site, t *derive.Tables, pages []derive.Page, diags *diag.List, emit func(i int, f File)) {
	lang := r.cfg.DefaultLanguage
	ctx := newContext(s, t)
	ctx.fragments = newFragments(s, r.anySet(lang), len(pages) >= warmupMin)
	r.ctx = ctx
	var warm []fragmentJob
	if len(pages) >= warmupMin {
		warm = r.warmups(lang, t, pages)
	}
	var errs []pageError
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			var local []pageError
			for i := range next {
				if i < len(warm) {
					// An error here comes back to the page that shows the fragment.
					_, _ = r.cached(lang, warm[i].name, warm[i].v, warm[i].v)
					continue
				}
				p := pages[i-len(warm)]
				buf.Reset()
				if err := r.page(&buf, ctx, p, lang); err != nil {
					local = append(local, pageError{err.(diag.Diagnostic), p.URL})
					continue
				}
				emit(i-len(warm), File{Path: p.File(), Data: buf.Bytes()})
				if buf.Cap() > 1<<20 {
					buf = bytes.Buffer{} // let a huge page's buffer go
				}
				// The tables are shown by one page each: once it is out, let
				// them go too, so the rest of the build carries less.
				for _, w := range warm {
					if w.page == p.Kind {
						ctx.fragments.drop(w.name, w.v)
					}
				}
			}
			mu.Lock()
			errs = append(errs, local...)
			mu.Unlock()
		})
	}
	for i := range len(warm) + len(pages) {
		next <- i
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		order := make(map[string]int, len(pages))
		for i, p := range pages {
			order[p.URL] = i
		}
		reportPageErrors(errs, order, diags)
	}
}

// pageError is a template error met while rendering one page.
type pageError struct {
	diag.Diagnostic
	url string
}

// reportPageErrors reports each template error once, naming the first
// page (in page order) that met it and how many others did: one mistake
// in a layout fails every page of its kind.
func reportPageErrors(errs []pageError, order map[string]int, diags *diag.List) {
	type key struct {
		pos diag.Pos
		msg string
	}
	byKey := map[key][]string{}
	var keys []key
	for _, e := range errs {
		k := key{e.Pos, e.Msg}
		if byKey[k] == nil {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], e.url)
	}
	for _, k := range keys {
		urls := byKey[k]
		slices.SortFunc(urls, func(a, b string) int { return order[a] - order[b] })
		where := " (rendering " + urls[0]
		if len(urls) > 1 {
			where += fmt.Sprintf(" and %d other pages", len(urls)-1)
		}
		diags.Errorf(k.pos, "%s%s)", k.msg, where)
	}
}

type fragmentJob struct {
	name string
	v    any
	page string // the kind of the one page that shows it
}

// warmupMin is the fewest pages for which Render makes the table
// fragments first. Watch mode renders a few pages at a time, most of which
// show no table; a page that does makes its fragments when it needs them.
const warmupMin = 256

// warmups lists the table fragments to render before the pages, for the
// list pages among pages: the layouts' "resolutions-table" (of
// /resolutions/), and "by-area", one "mapping-table" and one "matrix" each
// (of /study-groups/), where the layouts define them.
func (r *Renderer) warmups(lang string, t *derive.Tables, pages []derive.Page) []fragmentJob {
	set := r.anySet(lang)
	var jobs []fragmentJob
	for _, p := range pages {
		add := func(name string, v any) {
			if set != nil && set.Lookup(name) != nil {
				jobs = append(jobs, fragmentJob{name, v, p.Kind})
			}
		}
		switch p.Kind {
		case "resolutions":
			add("resolutions-table", t)
		case "study-groups":
			add("by-area", t)
			for _, m := range t.Mappings {
				add("mapping-table", m)
			}
			for _, m := range t.Matrices {
				add("matrix", m)
			}
		}
	}
	return jobs
}

// page renders one page into buf.
func (r *Renderer) page(buf *bytes.Buffer, ctx *context, p derive.Page, lang string) error {
	set := r.sets[lang][p.Kind]
	if set == nil {
		return diag.Diagnostic{Pos: diag.Pos{File: "layouts/" + p.Kind + ".html"}, Msg: "missing layout"}
	}
	d, err := r.data(ctx, p, lang)
	if err != nil {
		return err
	}
	own := set
	set = r.writeMain(lang, set, d)
	if done, err := r.writeShell(buf, own, lang, d); done {
		if err != nil {
			return r.cols.templateDiag(err, "layouts/"+p.Kind+".html")
		}
		return nil
	}
	if err := set.ExecuteTemplate(buf, "layouts/base.html", d); err != nil {
		return r.cols.templateDiag(err, "layouts/"+p.Kind+".html")
	}
	return nil
}

// convert renders a record's body with md. Where md drops raw HTML (the
// site does not allow it), each piece dropped is a warning at its line,
// so that an editor knows why a <span lang="fr"> vanished.
func convert(md goldmark.Markdown, unsafe bool, m *model.Meta) (template.HTML, diag.List, error) {
	t := m.Body
	if len(bytes.TrimSpace(t.Src)) == 0 {
		return "", nil, nil
	}
	// goldmark makes a 4 KB buffered writer per call unless it is given
	// one: reuse them.
	mw := markdownWriters.Get().(*markdownWriter)
	defer markdownWriters.Put(mw)
	mw.out.Reset()
	mw.w.Reset(&mw.out)
	doc := md.Parser().Parse(text.NewReader(t.Src))
	var dropped diag.List
	if !unsafe {
		dropped = droppedHTML(doc, m)
	}
	if err := md.Renderer().Render(mw.w, t.Src, doc); err != nil {
		return "", nil, err
	}
	if err := mw.w.Flush(); err != nil {
		return "", nil, err
	}
	return template.HTML(mw.out.String()), dropped, nil
}

type markdownWriter struct {
	out bytes.Buffer
	w   *bufio.Writer
}

var markdownWriters = sync.Pool{New: func() any {
	mw := &markdownWriter{}
	mw.w = bufio.NewWriter(&mw.out)
	return mw
}}

// Static returns the files under layouts/static/, for the output root.
func (r *Renderer) Static(diags *diag.List) []File {
	var out []File
	_ = fs.WalkDir(r.fsys, "layouts/static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || source.Ignored(p) {
			return nil
		}
		b, rerr := fs.ReadFile(r.fsys, p)
		if rerr != nil {
			diags.Errorf(diag.Pos{File: p}, "cannot read: %v", rerr)
			return nil
		}
		if textAsset[path.Ext(p)] && !source.UTF8(p, b, diags) {
			return nil
		}
		out = append(out, File{Path: strings.TrimPrefix(p, "layouts/static/"), Data: b})
		return nil
	})
	return out
}

// textAsset are the static files that must be UTF-8 text.
var textAsset = map[string]bool{".css": true, ".js": true, ".html": true, ".svg": true, ".txt": true, ".xml": true, ".json": true, ".webmanifest": true}

// funcs are the template functions for one language; see the package doc.
func (r *Renderer) funcs(lang string) template.FuncMap {
	base := r.cfg.BasePath
	url := func(x any) (string, error) {
		switch x := x.(type) {
		case string:
			return base + strings.TrimPrefix(x, "/"), nil
		case *model.Unit:
			return base + derive.UnitURL(x)[1:], nil
		case model.Record:
			return base + derive.URL(x)[1:], nil
		}
		return "", fmt.Errorf("url: cannot link to %T", x)
	}
	return template.FuncMap{
		"url": url,
		"abs": func(x any) (string, error) {
			u, err := url(x)
			return r.absURL(u), err
		},
		"t": func(key string) (string, error) {
			if s, ok := r.ui(lang, key); ok {
				return s, nil
			}
			return "", fmt.Errorf("unknown UI string %q: add it to layouts/i18n/%s.toml", key, r.cfg.DefaultLanguage)
		},
		"anchor":  func(a *model.Area) string { return "area-" + a.Slug },
		"rowID":   rowID,
		"sgAreas": func(sg *model.StudyGroup) []*model.Area { return r.ctx.tables.SGAreas[sg] },
		"cached":  func(name string, v any) (template.HTML, error) { return r.cached(lang, name, v, v) },
		"cachedBy": func(name string, key, v any) (template.HTML, error) {
			return r.cached(lang, name, key, v)
		},
		"areaSector": func(a *model.Area, s *config.Sector) derive.AreaSector {
			return derive.AreaSector{Area: a, Sector: s}
		},
		"resolutionRows": func(t *derive.Tables) (template.HTML, error) { return r.resolutionRows(lang, t) },
		"mappingRows":    func(m *derive.Mapping) (template.HTML, error) { return r.mappingRows(lang, m) },
		"matrixBody":     func(m *derive.Matrix) (template.HTML, error) { return r.matrixBody(lang, m) },
		"byAreaRows":     func(t *derive.Tables) (template.HTML, error) { return r.byAreaRows(lang, t) },
		"resLabels":      func(rs []*model.Resolution) (template.HTML, error) { return r.resLabels(lang, rs) },
		"unitLinks":      func(us []*model.Unit) (template.HTML, error) { return r.unitLinks(lang, us) },
		"areaLinks":      func(as []*model.Area) (template.HTML, error) { return r.areaLinks(lang, as) },
		"unitSections":   func(d *Data) (template.HTML, error) { return r.unitSections(lang, d) },
		"lower":          strings.ToLower,
	}
}

// absURL is the absolute URL of u, a link under the base path.
func (r *Renderer) absURL(u string) string {
	return strings.TrimSuffix(r.cfg.BaseURL, "/") + strings.TrimPrefix(u, strings.TrimSuffix(r.cfg.BasePath, "/"))
}

// ui is the UI string key in lang, or in the default language. A string
// of a file that did not parse is there, empty: the build fails anyway.
func (r *Renderer) ui(lang, key string) (string, bool) {
	if s, ok := r.strings[lang][key]; ok {
		return s, true
	}
	s, ok := r.strings[r.cfg.DefaultLanguage][key]
	_, unreadable := r.strings[r.cfg.DefaultLanguage][broken]
	return s, ok || unreadable
}

// anySet is a template set of the language: every set holds the partials.
func (r *Renderer) anySet(lang string) *template.Template {
	for _, k := range kinds {
		if s := r.sets[lang][k]; s != nil {
			return s
		}
	}
	return nil
}

// rowID is the anchor of a unit's row in a mapping table, or of a study
// group's row or column in a matrix; see the package doc. The tables and
// the record pages both call it, so links and anchors cannot drift apart.
func rowID(table, x any) (string, error) {
	switch t := table.(type) {
	case *derive.Mapping:
		if u, ok := x.(*model.Unit); ok && u.Anchor() != "" {
			return t.ID + "-" + u.Anchor(), nil
		}
	case *derive.Matrix:
		if sg, ok := x.(*model.StudyGroup); ok {
			return t.ID + "-" + sg.Slug, nil
		}
	}
	return "", fmt.Errorf("rowID: no row of %T in %T", x, table)
}
