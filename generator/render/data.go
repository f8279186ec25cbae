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

// context is what every page of one render shares.
type context struct {
	site      *model.Site
	tables    *derive.Tables
	fragments *fragments // see Renderer.cached
}

func newContext(s *model.Site, t *derive.Tables) *context {
	return &context{site: s, tables: t}
}

// Data is what a page's template sees as dot.
type Data struct {
	Site    *model.Site
	Config  *config.Config
	Tables  *derive.Tables
	Page    derive.Page
	Lang    *config.Language
	Nav     []NavItem
	Section string    // the section the page belongs to ("areas", ...), or ""
	Place   string    // Section, and whether the page is its list: what the header and breadcrumbs depend on
	Crumbs  []NavItem // from the home page to the page's parent

	Title   string
	Summary string
	Body    template.HTML
	Main    template.HTML // the "main" block, where Go wrote it (fastmain.go)

	// One of these is set, by page kind.
	Home       *model.Page
	Area       *model.Area
	Resolution *model.Resolution
	StudyGroup *model.StudyGroup
	Group      *model.Group
	Document   *model.Document
	Free       *model.Page

	// Derived for record pages.
	ResolutionsByBody []derive.ByBody   // area: its bodies; the Resolutions list: every body of the table
	UnitsBySector     []derive.BySector // area
	Corresponding     []derive.AreaBody // resolution: its areas' other bodies
	MappingsFrom      []*derive.Mapping // study group: the mapping tables with a row per unit of it
	MatricesWith      []*derive.Matrix  // study group: the matrices with a row (or, in a grid, a column) of it
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

func (r *Renderer) data(ctx *context, p derive.Page, lang string) (*Data, error) {
	d := &Data{Site: ctx.site, Config: r.cfg, Tables: ctx.tables, Page: p, Lang: r.cfg.Language(lang)}
	ui := func(key string) string {
		if s, ok := r.strings[lang][key]; ok {
			return s
		}
		return r.strings[r.cfg.DefaultLanguage][key]
	}
	for _, s := range sections {
		current := strings.HasPrefix(p.URL, "/"+s.kind+"/")
		if current {
			d.Section = s.kind
		}
		d.Nav = append(d.Nav, NavItem{Title: ui(s.key), URL: "/" + s.kind + "/", Current: current})
	}
	d.Place = d.Section + "|" + strconv.FormatBool(p.Kind == d.Section)
	if p.URL != "/" {
		d.Crumbs = append(d.Crumbs, NavItem{Title: ui("home"), URL: "/"})
	}
	if p.Record != nil {
		m := p.Record.Base()
		d.Title, d.Summary = m.Title, m.Summary
		body, err := r.bodies.get(r.md, r.cfg.UnsafeHTML, m)
		if err != nil {
			return nil, diag.Diagnostic{Pos: diag.Pos{File: m.File, Line: m.Body.Line}, Msg: "markdown: " + err.Error()}
		}
		d.Body = body
		if m.Kind != "home" && m.Kind != "pages" {
			for _, s := range sections {
				if s.kind == m.Kind {
					d.Crumbs = append(d.Crumbs, NavItem{Title: ui(s.key), URL: "/" + s.kind + "/"})
				}
			}
		}
	} else {
		d.Title = ui(strings.ReplaceAll(p.Kind, "-", "_"))
		if p.Kind == "404" {
			d.Title = ui("not_found")
		}
	}
	switch rec := p.Record.(type) {
	case *model.Page:
		if rec.Kind == "home" {
			d.Home = rec
		} else {
			d.Free = rec
		}
	case *model.Area:
		d.Area = rec
		d.ResolutionsByBody = derive.GroupByBody(rec.Resolutions)
		d.UnitsBySector = derive.GroupBySector(rec.Units)
	case *model.Resolution:
		d.Resolution = rec
		for _, a := range rec.Areas {
			d.Corresponding = append(d.Corresponding, derive.AreaBody{Area: a, Body: rec.Body})
		}
	case *model.StudyGroup:
		d.StudyGroup = rec
		for _, m := range ctx.tables.Mappings {
			if m.From == rec.Sector {
				d.MappingsFrom = append(d.MappingsFrom, m)
			}
		}
		for _, m := range ctx.tables.Matrices {
			if m.Rows == rec.Sector || (m.Dense() && m.Cols == rec.Sector) {
				d.MatricesWith = append(d.MatricesWith, m)
			}
		}
	case *model.Group:
		d.Group = rec
	case *model.Document:
		d.Document = rec
	}
	if p.Kind == "resolutions" {
		d.ResolutionsByBody = resolutionsByBody(ctx.site, ctx.tables)
	}
	if p.Kind == "home" && d.Title == "" {
		d.Title = r.cfg.Title
	}
	return d, nil
}

// resolutionsByBody is every body of the Resolutions table with its
// Resolutions in site order, none for a body that has none.
func resolutionsByBody(s *model.Site, t *derive.Tables) []derive.ByBody {
	byBody := map[*config.Body][]*model.Resolution{}
	for _, r := range s.Resolutions {
		byBody[r.Body] = append(byBody[r.Body], r)
	}
	out := make([]derive.ByBody, len(t.Resolutions.Bodies))
	for i, b := range t.Resolutions.Bodies {
		out[i] = derive.ByBody{Body: b, Resolutions: byBody[b]}
	}
	return out
}
