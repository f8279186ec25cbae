package render

import (
	"html/template"
	"strconv"
	"strings"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/model"
)

// Data is what a page's template sees as dot.
type Data struct {
	Site   *model.Site
	Config *config.Config
	Tables *derive.Tables
	Page   derive.Page
	Lang   *config.Language

	// The page furniture, each the same value on every page that shows the
	// same: what the cached partials "header" and "crumb-trail" are given.
	Header *Header
	Trail  *Trail

	Title     string // the page's title: the record's, or its kind's
	HeadTitle string // what the browser shows: the title, then the site's
	Summary   string
	Body      template.HTML
	Sources   []model.Source // of the record

	// A record's text in the page's language: the translation's, or the
	// original's, which the layouts mark with its lang and dir (Phrase).
	Text model.Localized
	// Fallback: the page shows a record with no translation into its
	// language. Stale: its translation was made from an earlier version.
	Fallback, Stale bool

	// The page in other languages: the same .Page.URL under each one's
	// prefix (urlIn, absIn).
	Languages     []LangLink  // every language, for the switcher
	CanonicalLang string      // the language of the page rel=canonical names: its own, or the original's
	Alternates    []Alternate // the real translations of the page, for hreflang

	// One of these is set, by page kind.
	Home       *model.Page
	Area       *model.Area
	Resolution *model.Resolution
	StudyGroup *model.StudyGroup
	Group      *model.Group
	Document   *model.Document
	Free       *model.Page

	// Derived for record pages.
	ResolutionsByBody []derive.ByBody   // area: its Resolutions, by body
	Rule              model.AreaRule    // area: how it stands against the ITU rule
	UnitsBySector     []derive.BySector // area
	Corresponding     []derive.AreaBody // resolution: its areas, seen from its body
	MappingsFrom      []*derive.Mapping // study group: the mapping tables with a row per unit of it
	MatricesWith      []*derive.Matrix  // study group: the matrices with a row (or, in a grid, a column) of it

	// The translators' page: where each language stands.
	Translations []derive.TranslationStatus

	// The pages of a table: which table, and which of its parts.
	Mapping    *derive.Mapping
	Matrix     *derive.Matrix
	BodyList   *derive.BodyList
	Part       derive.Part
	Parts      derive.Parts
	Prev, Next *derive.Part // the parts before and after, if any
}

// LangLink is the page in one language, for the language switcher.
type LangLink struct {
	Code, Name, Dir string
	Current         bool // the page itself
	Translated      bool // the page's text is in that language
}

// Alternate is one hreflang alternate: its hreflang (a language code, or
// "x-default") and the language whose version it names.
type Alternate struct {
	Hreflang, Lang string
}

// Header is what the site's header shows: the site's title and the
// sections, the current one marked.
type Header struct {
	Title   string // the site's
	Nav     []NavItem
	Section string // the section of the page ("areas", ...), or ""
	List    bool   // the page is its section's own list
}

// Trail is the breadcrumbs from the home page to the page's parent.
type Trail struct {
	Crumbs []NavItem
}

// NavItem is a link in the header or the breadcrumbs.
type NavItem struct {
	Title, URL string // URL is a site path
	Current    bool
}

var sections = []struct{ kind, key string }{
	{"areas", "areas"}, {"resolutions", "resolutions"}, {"study-groups", "study_groups"},
	{"groups", "groups"}, {"documents", "documents"},
}

// furniture is the header and trail of every place a page can be, made
// once per pass and language: the same values for every page there.
type furniture struct {
	headers map[string]*Header // section + "|" + list
	trails  map[string]*Trail
}

func (r *Renderer) furniture(lang string) *furniture {
	f := &furniture{headers: map[string]*Header{}, trails: map[string]*Trail{}}
	ui := func(key string) string { s, _ := r.ui(lang, key); return s }
	places := []string{""}
	for _, s := range sections {
		places = append(places, s.kind)
	}
	for _, section := range places {
		for _, list := range []bool{false, true} {
			h := &Header{Title: r.cfg.TitleIn(lang), Section: section, List: list}
			for _, s := range sections {
				h.Nav = append(h.Nav, NavItem{Title: ui(s.key), URL: "/" + s.kind + "/", Current: s.kind == section})
			}
			f.headers[place(section, list)] = h
			t := &Trail{Crumbs: []NavItem{{Title: ui("home"), URL: "/"}}}
			for _, s := range sections {
				if s.kind == section && !list {
					t.Crumbs = append(t.Crumbs, NavItem{Title: ui(s.key), URL: "/" + s.kind + "/"})
				}
			}
			f.trails[place(section, list)] = t
		}
	}
	return f
}

func place(section string, list bool) string { return section + "|" + strconv.FormatBool(list) }

// data is the dot of page p.
func (p *pass) data(pg derive.Page, lang string) (*Data, error) {
	r := p.r
	d := &Data{Site: p.site, Config: r.cfg, Tables: p.tables, Page: pg, Lang: r.cfg.Language(lang)}
	ui := func(key string) string { s, _ := r.ui(lang, key); return s }
	section := ""
	for _, s := range sections {
		if strings.HasPrefix(pg.URL, "/"+s.kind+"/") {
			section = s.kind
		}
	}
	list := pg.URL == "/"+section+"/"
	fu := p.furniture[lang]
	d.Header = fu.headers[place(section, list)]
	if pg.URL != "/" {
		d.Trail = fu.trails[place(section, list)]
	}
	if pg.Record != nil {
		m := pg.Record.Base()
		def := r.cfg.Language(r.cfg.DefaultLanguage)
		dir, _ := languageField(def, "dir")
		d.Text = m.In(lang, def.Code, dir)
		d.Title, d.Summary, d.Sources = d.Text.Title.Text, d.Text.Summary.Text, m.Sources
		d.Fallback = lang != def.Code && d.Text.Translation == nil
		if t := d.Text.Translation; t != nil {
			// Fingerprinting the original is for its own page only, not
			// for every link tr makes.
			changed, _ := t.Changed(m)
			d.Stale = len(changed) > 0
		}
		// The cache knows a body by where it lives: the translation's own,
		// or the original's.
		text, file := &m.Body, m.File
		if t := d.Text.Translation; t != nil && d.Text.BodyLang == "" && len(t.Body.Src) > 0 {
			text, file = &t.Body, t.File
		}
		body, err := r.bodies.get(r.md, r.cfg.UnsafeHTML, file, text, strings.TrimPrefix(pg.Prefix+"/", "/"))
		if err != nil {
			return nil, diag.Diagnostic{Pos: diag.Pos{File: file, Line: text.Line}, Msg: "markdown: " + err.Error()}
		}
		d.Body = body
	} else {
		d.Title = ui(strings.ReplaceAll(pg.Kind, "-", "_"))
		if pg.Kind == "404" {
			d.Title = ui("not_found")
		}
	}
	if pg.Kind == "translations" {
		d.Translations = p.translations()
	}
	p.recordData(d, pg)
	p.tableData(d, pg, lang, ui)
	title := r.cfg.TitleIn(lang)
	if pg.Kind == "home" && d.Title == "" {
		d.Title = title
	}
	d.HeadTitle = d.Title + " · " + title
	if pg.Kind == "home" {
		d.HeadTitle = title
	}
	r.languages(d, pg)
	return d, nil
}

// languages fills the page's links to itself in every language, its
// canonical address and its hreflang alternates. A record's page is
// translated in the languages of its translations (and the default);
// every other page is made of UI strings and so is in every language.
// A fallback page names the original as canonical and is no alternate.
func (r *Renderer) languages(d *Data, pg derive.Page) {
	translated := func(lang string) bool {
		other := pg
		other.Lang = lang
		return other.Translated(r.cfg)
	}
	for _, l := range r.cfg.Languages {
		dir, _ := languageField(&l, "dir")
		link := LangLink{Code: l.Code, Name: l.Name, Dir: dir, Current: l.Code == pg.Lang, Translated: translated(l.Code)}
		d.Languages = append(d.Languages, link)
		if link.Translated {
			d.Alternates = append(d.Alternates, Alternate{Hreflang: l.Code, Lang: l.Code})
		}
	}
	d.CanonicalLang = pg.Lang
	if !translated(pg.Lang) {
		d.CanonicalLang = r.cfg.DefaultLanguage
	}
	if len(d.Alternates) > 1 {
		d.Alternates = append(d.Alternates, Alternate{Hreflang: "x-default", Lang: r.cfg.DefaultLanguage})
	} else {
		d.Alternates = nil // a page in one language has no alternates
	}
}

// recordData fills what a record's page shows beyond the record.
func (p *pass) recordData(d *Data, pg derive.Page) {
	switch rec := pg.Record.(type) {
	case *model.Page:
		if rec.Kind == "home" {
			d.Home = rec
		} else {
			d.Free = rec
		}
	case *model.Area:
		d.Area = rec
		d.Rule = p.site.Rule(rec)
		d.ResolutionsByBody = derive.GroupByBody(rec.Resolutions)
		d.UnitsBySector = derive.GroupBySector(rec.Units)
	case *model.Resolution:
		d.Resolution = rec
		for _, a := range rec.Areas {
			d.Corresponding = append(d.Corresponding, derive.AreaBody{Area: a, Body: rec.Body})
		}
	case *model.StudyGroup:
		d.StudyGroup = rec
		for _, m := range p.tables.Mappings {
			if m.From == rec.Sector {
				d.MappingsFrom = append(d.MappingsFrom, m)
			}
		}
		for _, m := range p.tables.Matrices {
			if m.Rows == rec.Sector || (m.Dense() && m.Cols == rec.Sector) {
				d.MatricesWith = append(d.MatricesWith, m)
			}
		}
	case *model.Group:
		d.Group = rec
	case *model.Document:
		d.Document = rec
	}
}

// tableData fills what a table's page shows, and its title: the table's,
// and on a later part, which part it is.
func (p *pass) tableData(d *Data, pg derive.Page, lang string, ui func(string) string) {
	switch t := pg.Table.(type) {
	case *derive.ResolutionTable:
		d.Parts = t.Parts
	case *derive.BodyList:
		d.BodyList, d.Parts = t, t.Parts
		d.Title = t.Body.NameIn(lang)
	case *derive.Mapping:
		d.Mapping, d.Parts = t, t.Parts
		d.Title = t.From.ID + " " + ui("questions") + " ↔ " + t.To.ID
	case *derive.Matrix:
		d.Matrix, d.Parts = t, t.Parts
		d.Title = ui("matrix") + " " + t.Rows.ID + " × " + t.Cols.ID
	case *derive.ByArea:
		d.Parts = t.Parts
	default:
		return
	}
	d.Part = d.Parts[pg.Part]
	if pg.Part > 0 {
		d.Prev = &d.Parts[pg.Part-1]
	}
	if pg.Part+1 < len(d.Parts) {
		d.Next = &d.Parts[pg.Part+1]
	}
	if d.Parts.Many() {
		d.Title += " (" + strings.NewReplacer("{n}", strconv.Itoa(d.Part.Number()), "{count}", strconv.Itoa(len(d.Parts))).Replace(ui("part_of")) + ")"
	}
}
