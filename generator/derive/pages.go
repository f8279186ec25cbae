package derive

import (
	"itu.int/iscsite/generator/model"
)

// Page is one HTML page the site has, before rendering.
type Page struct {
	URL    string       // site path from the base path: "/", "/areas/accessibility/", "/404.html"
	Kind   string       // the layout: "home", "area", ..., "areas" (a list), "mapping" (a table), "404"
	Record model.Record // the record it shows; nil for lists and tables
	// Table and Part are set on the pages of a table: the *ResolutionTable,
	// *BodyList, *Mapping, *Matrix or *ByArea, and which of its Parts.
	Table any
	Part  int
}

// File is the page's output path, relative to the output folder.
func (p Page) File() string {
	if p.URL == "/" {
		return "index.html"
	}
	if p.URL[len(p.URL)-1] == '/' {
		return p.URL[1:] + "index.html"
	}
	return p.URL[1:]
}

// recordKind maps a content folder to its page layout.
var recordKind = map[string]string{
	"areas": "area", "resolutions": "resolution", "study-groups": "study-group",
	"groups": "group", "documents": "document", "pages": "page", "home": "home",
}

// URL is the site path of a record's page.
func URL(r model.Record) string {
	m := r.Base()
	if m.Kind == "home" {
		return "/"
	}
	return "/" + m.Kind + "/" + m.Slug + "/"
}

// UnitURL is the link to a unit: its study group's page, at its anchor.
func UnitURL(u *model.Unit) string {
	if a := u.Anchor(); a != "" {
		return URL(u.SG) + "#" + a
	}
	return URL(u.SG)
}

// Pages lists every HTML page of the site, in a stable order: the home
// page, the lists, every record's page, the pages of the tables, and the
// 404 page.
func Pages(s *model.Site, t *Tables) []Page {
	var out []Page
	home := Page{URL: "/", Kind: "home"}
	if s.Home != nil {
		home.Record = s.Home
	}
	out = append(out, home)
	for _, kind := range []string{"areas", "study-groups", "groups", "documents"} {
		out = append(out, Page{URL: "/" + kind + "/", Kind: kind})
	}
	for _, r := range s.Records() {
		if r == model.Record(s.Home) {
			continue
		}
		out = append(out, Page{URL: URL(r), Kind: recordKind[r.Base().Kind], Record: r})
	}
	table := func(kind string, t any, parts Parts) {
		for i, p := range parts {
			out = append(out, Page{URL: p.URL, Kind: kind, Table: t, Part: i})
		}
	}
	table("resolutions", t.Resolutions, t.Resolutions.Parts)
	for _, b := range t.Bodies {
		table("body", b, b.Parts)
	}
	for _, m := range t.Mappings {
		table("mapping", m, m.Parts)
	}
	for _, m := range t.Matrices {
		table("matrix", m, m.Parts)
	}
	table("by-area", t.ByArea, t.ByArea.Parts)
	out = append(out, Page{URL: "/404.html", Kind: "404"})
	return out
}
