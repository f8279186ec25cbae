// Package render turns the checked graph and its derived tables into HTML
// pages with html/template, and copies the layouts' static assets. All
// markup is in the layouts; this package gives them data, functions and
// a cache of the fragments they make. This comment is the layout manual.
//
// # Layouts
//
// layouts/base.html is every page's skeleton: it executes the template
// "main" and the block "scripts" (empty unless a kind defines it).
// layouts/<kind>.html defines "main" for one page kind: home, area,
// resolution, study-group, group, document, page (a free page), the lists
// areas, study-groups, groups and documents, the tables resolutions (the
// Resolutions correspondence table), body (one body's Resolutions),
// mapping, matrix and by-area, and 404. A kind's file may also define the
// blocks "kicker" and "h1" that the partial "page-head" executes, or
// redefine any partial for its own pages. Every .html file under
// layouts/partials/ is parsed into every kind's set, after base.html and
// before the kind's file. UI strings come from layouts/i18n/<lang>.toml.
// Files under layouts/static/ are copied to the output root as they are.
//
// Each page's dot is a *Data (data.go). {{t "key"}}, {{url "/path/"}},
// {{lang "code"}} and {{site "title"}} with a literal argument are put
// into the layout text when it is parsed: constants of the build.
//
// The layouts are html/template's, escaped by it, and executed by
// generator/tmplexec, which compiles the escaped templates and writes the
// same bytes about twice as fast; whatever it does not run, and every
// template that fails, html/template executes again, for its output or
// its error (execute.go). A layout needs no care for either.
//
// # Fragments
//
// A page of a large site shows the same pieces as thousands of others: a
// Resolution's label, a unit's link, an area's block on every Resolution
// page of one body. {{cached "NAME" V}} executes the partial NAME with V
// as its dot once per build and reuses the HTML wherever the same V is
// shown again; {{each "NAME" LIST}} does so for every item of a list and
// joins them (with a separator, when given: {{each "res-label" .X ", "}}).
// A fragment is given only what it may depend on: its value. The rules,
// which the functions enforce, follow from that:
//
//   - V is a record, a unit, a table row or another value of the graph or
//     the tables, never a page's own data: {{cached "x" .}} on a page is
//     an error at its line. A value holding lists (a slice) cannot be a
//     key: an error too; each executes such items every time instead.
//   - Inside the partial, dot (and $) is V: the page is out of reach, so
//     a fragment cannot show one page's title on another.
//   - The header and the breadcrumbs are fragments too: "header" gets
//     .Header (the site's title and sections, the current one marked) and
//     "crumb-trail" gets .Trail.
//   - A kind that redefines a partial or a block (resolution.html defines
//     "kicker") makes the fragments that show it in its own set: the
//     redefinition shows on its pages, and the shared version on others.
//
// For example, layouts/resolution.html lists a Resolution's related
// Resolutions with
//
//	{{each "res-item" .}}
//
// and "res-item", a partial of layouts/partials/site.html whose dot is
// one Resolution, is executed once per build for each Resolution, in
// each language; every page that lists that Resolution joins the same
// HTML.
//
// # Template functions
//
// Bound to the page's language and the base path:
//
//	url X        link to X: a record, a *model.Unit, or a site path "/x/"
//	abs X        the same as an absolute URL (baseURL + path)
//	t KEY        the UI string KEY in the page's language (an unknown key is an error)
//	lang WHAT    the page language's "code", "dir" (ltr or rtl) or "name"
//	site WHAT    from config.toml: the site's "title" and "publisher" in the page's
//	             language, "publisherURL", "reportErrors"
//	urlIn L X    url X in language L (the switcher's links)
//	absIn L X    abs X in language L (canonical and hreflang links)
//	path R       the site path of record R: "/areas/x/"
//	tr R         record R's text in the page's language: a model.Localized, whose
//	             Title, Summary and Short are model.Phrases (Text, and Lang and Dir
//	             where the text is the original's)
//	original     the Lang and Dir of the default language, on another language's
//	             page, as a model.Phrase (empty on the default language's)
//	name X       the name of a body or Sector X in the page's language
//	heading S    Sector S's heading over table columns in the page's language
//	date D       the date D ("2006-01-02") as the page's language writes it, from
//	             its UI strings date_format ("{day} {month} {year}"), day_1 (how
//	             the first of the month is written) and month_1 to month_12
//	anchor AREA  the anchor of an area's row in the tables: "area-<slug>"
//	rowID T X    the anchor of X's row in table T: an area's in .Tables.Resolutions or
//	             .Tables.ByArea, a unit's in a *derive.Mapping ("itu-d-itu-r-q7-2"),
//	             a study group's row or column in a *derive.Matrix
//	rowURL T X   the link to that row: the page of T that holds it, at the anchor
//	sgAreas SG   a study group's areas: its own and its units'
//	tables       the site's *derive.Tables, which fragments may show too
//	bySector UNITS  units grouped by Sector: a []derive.BySector
//	areaSector A S  a derive.AreaSector: area A seen from Sector S
//	cached NAME V   the partial NAME executed with V, made once per build (see Fragments)
//	each NAME LIST [SEP]  cached for every item of LIST, joined by SEP
//	inForce LIST how many of the Resolutions in LIST are in force
//	lower S      S in lower case
//
// # Languages
//
// The layouts are parsed once for each language of config.toml, with t,
// url, lang and site given literal arguments replaced by their value at
// parse time, so a page in French is made by the French set. A cached
// fragment is kept per language. A record's text on another language's
// page comes through tr: the translation's where it has one, else the
// original's, which the layout marks with lang-of (lang, and dir where it
// differs from the page's) so that screen readers switch voice: the
// partial "link" in layouts/partials/site.html is the example.
//
// A record page's Data says more: Text (the record's model.Localized),
// Fallback (no translation: the notice, and rel=canonical to the
// original), Stale (the original changed since the translation),
// Languages (the switcher's links) and Alternates (hreflang, real
// translations only).
//
// # Watch mode
//
// A build renders every page with a new pass (Begin), so fragments never
// outlive the records they show; the build writes only the files whose
// bytes changed.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/yuin/goldmark"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/tmplexec"
)

// File is one output file: its path under the output folder and its bytes.
type File struct {
	Path string
	Data []byte
}

// Renderer holds what the layouts give a build: the templates of each
// language, the UI strings and the configured goldmark. It renders one
// pass at a time.
type Renderer struct {
	cfg     *config.Config
	fsys    fs.FS
	md      goldmark.Markdown
	bodies  *Bodies
	strings uiStrings
	sets    map[string]*layoutSet // by language

	mu      sync.Mutex
	current *pass // the pass the template functions serve
}

// New parses the layouts of the site in fsys. Problems go to diags; the
// renderer is nil if any template fails to parse. bodies are the records'
// bodies, converted once (see Bodies); nil converts each when shown.
func New(fsys fs.FS, cfg *config.Config, bodies *Bodies, diags *diag.List) *Renderer {
	r := &Renderer{cfg: cfg, fsys: fsys, bodies: bodies, sets: map[string]*layoutSet{}}
	if bodies != nil {
		r.md = bodies.md
	} else {
		r.md = newMarkdown(cfg.BasePath, cfg.UnsafeHTML)
	}
	r.strings = loadI18n(fsys, cfg, diags)
	before := diags.Errors()
	// One layout set per language, parsed with its constants inlined and
	// functions bound to it: html/template escapes a set once, on first
	// use. The default language's set reports the layouts' mistakes; the
	// others' would repeat them, so only a problem of their own (none is
	// known) is added.
	for i, l := range cfg.Languages {
		lang := l.Code
		into := diags
		var quiet diag.List
		if i > 0 {
			into = &quiet
		}
		cols := columns{}
		consts := r.constants(lang)
		text, ok := readLayouts(fsys, func(file, text string) string {
			return inlineConstants(file, text, consts, cols, into)
		}, into)
		if !ok || into.Errors() > 0 && i > 0 || diags.Errors() > before {
			addNew(diags, quiet)
			return nil
		}
		var ls *layoutSet
		ls = text.parse(lang, func(kind string) template.FuncMap { return r.funcs(lang, func() *layoutSet { return ls }, kind) }, cols, into)
		if ls == nil || diags.Errors() > before || quiet.Errors() > 0 {
			addNew(diags, quiet)
			return nil
		}
		ls.cols = cols
		if !htmlTemplateOnly.Load() {
			ls.compileSets(func(kind string) map[string]tmplexec.Stream { return r.streams(ls, kind) })
		}
		r.sets[lang] = ls
	}
	return r
}

// addNew adds to diags the problems of more it does not hold already.
func addNew(diags *diag.List, more diag.List) {
	seen := map[string]bool{}
	for _, d := range *diags {
		seen[d.String()] = true
	}
	for _, d := range more {
		if !seen[d.String()] {
			*diags = append(*diags, d)
			seen[d.String()] = true
		}
	}
}

// constants are the template functions whose value, given a literal,
// is known when the layouts are parsed for lang: see inlineConstants.
func (r *Renderer) constants(lang string) map[string]constant {
	l := r.cfg.Language(lang)
	return map[string]constant{
		"t": func(key string) (string, string) {
			if s, ok := r.ui(lang, key); ok {
				return s, ""
			}
			return "", fmt.Sprintf("unknown UI string %q: add it to layouts/i18n/%s.toml", key, lang)
		},
		"url": func(p string) (string, string) { return r.cfg.BasePath + derive.In(r.cfg, lang, p)[1:], "" },
		"lang": func(what string) (string, string) {
			v, ok := languageField(l, what)
			if !ok {
				return "", fmt.Sprintf("lang %q: give lang \"code\", \"dir\" or \"name\"", what)
			}
			return v, ""
		},
		"site": func(what string) (string, string) {
			v, ok := r.siteField(lang, what)
			if !ok {
				return "", fmt.Sprintf("site %q: give site \"title\", \"publisher\", \"publisherURL\" or \"reportErrors\"", what)
			}
			return v, ""
		},
	}
}

// siteField is the site's title, publisher's name and address, or the
// address for reporting mistakes, in lang.
func (r *Renderer) siteField(lang, what string) (string, bool) {
	switch what {
	case "title":
		return r.cfg.TitleIn(lang), true
	case "publisher":
		return r.cfg.PublisherIn(lang), true
	case "publisherURL":
		return r.cfg.PublisherURL, true
	case "reportErrors":
		return r.cfg.ReportErrors, true
	}
	return "", false
}

// languageField is the code, direction ("ltr" or "rtl") or name of l.
func languageField(l *config.Language, what string) (string, bool) {
	switch what {
	case "code":
		return l.Code, true
	case "dir":
		if l.RTL {
			return "rtl", true
		}
		return "ltr", true
	case "name":
		return l.Name, true
	}
	return "", false
}

// pass is one rendering of a site: what every page shares, the fragment
// cache among it.
type pass struct {
	r         *Renderer
	site      *model.Site
	tables    *derive.Tables
	frags     *fragments
	furniture map[string]*furniture // by language

	mu   sync.Mutex
	errs []PageError

	translationsOnce sync.Once
	translationsList []derive.TranslationStatus
}

// translations is where each language stands, worked out once a pass.
func (p *pass) translations() []derive.TranslationStatus {
	p.translationsOnce.Do(func() { p.translationsList = derive.Translations(p.site) })
	return p.translationsList
}

// Pass renders the pages of one build. Page may be called from many
// goroutines; Errors reports what the pages met.
type Pass struct{ p *pass }

// Begin starts a pass over the site s with its tables t. A Renderer
// serves one pass at a time: Begin ends the previous one.
func (r *Renderer) Begin(s *model.Site, t *derive.Tables) Pass {
	p := &pass{r: r, site: s, tables: t, frags: newFragments(s), furniture: map[string]*furniture{}}
	for lang := range r.sets {
		p.furniture[lang] = r.furniture(lang)
	}
	r.mu.Lock()
	r.current = p
	r.mu.Unlock()
	return Pass{p}
}

func (r *Renderer) pass() *pass {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.current
}

// Page renders pg into buf. On a problem it reports false, and the
// problem is kept for Errors.
func (ps Pass) Page(buf *bytes.Buffer, pg derive.Page) bool {
	p := ps.p
	if err := p.page(buf, pg, pg.Lang); err != nil {
		p.mu.Lock()
		p.errs = append(p.errs, PageError{err.(diag.Diagnostic), pg.Path()})
		p.mu.Unlock()
		return false
	}
	return true
}

// Errors reports each problem the pages met once, naming the first page
// (in the order of pages) that met it and how many others did: one
// mistake in a layout fails every page of its kind.
func (ps Pass) Errors(pages []derive.Page, diags *diag.List) {
	p := ps.p
	p.mu.Lock()
	errs := slices.Clone(p.errs)
	p.mu.Unlock()
	if len(errs) == 0 {
		return
	}
	order := make(map[string]int, len(pages))
	for i, pg := range pages {
		order[pg.Path()] = i
	}
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
		switch len(urls) {
		case 1:
		case 2:
			where += " and 1 other page"
		default:
			where += fmt.Sprintf(" and %d other pages", len(urls)-1)
		}
		diags.Errorf(k.pos, "%s%s)", k.msg, where)
	}
}

// PageError is a problem met while rendering one page.
type PageError struct {
	diag.Diagnostic
	url string
}

// page renders one page into buf.
func (p *pass) page(buf *bytes.Buffer, pg derive.Page, lang string) error {
	if lang == "" { // a page made by hand, in a test
		lang, pg.Lang = p.r.cfg.DefaultLanguage, p.r.cfg.DefaultLanguage
	}
	ls := p.r.sets[lang]
	set := ls.kinds[pg.Kind]
	if set == nil {
		return diag.Diagnostic{Pos: diag.Pos{File: "layouts/" + pg.Kind + ".html"}, Msg: "missing layout"}
	}
	d, err := p.data(pg, lang)
	if err != nil {
		return err
	}
	start := buf.Len()
	undo := func() { buf.Truncate(start) }
	if err := execute(set, ls.compiled[set].get(), buf, undo, "layouts/base.html", d); err != nil {
		return ls.cols.templateDiag(err, "layouts/"+pg.Kind+".html")
	}
	return nil
}

// ui is the UI string key in lang, or in the default language. A string
// of a file that did not parse is there, empty: the build fails anyway.
func (r *Renderer) ui(lang, key string) (string, bool) {
	if s, ok := r.strings[lang][key]; ok {
		return s, true
	}
	s, ok := r.strings[r.cfg.DefaultLanguage][key]
	_, unreadable := r.strings[r.cfg.DefaultLanguage][brokenKey]
	return s, ok || unreadable
}

// absURL is the absolute URL of u, a link under the base path.
func (r *Renderer) absURL(u string) string {
	return strings.TrimSuffix(r.cfg.BaseURL, "/") + strings.TrimPrefix(u, strings.TrimSuffix(r.cfg.BasePath, "/"))
}
