package derive

import (
	"strings"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/model"
)

// Page is one HTML page the site has, before rendering.
type Page struct {
	URL    string       // site path from the base path, in any language: "/", "/areas/accessibility/", "/404.html"
	Lang   string       // the page's language code
	Prefix string       // its path's prefix: "" in the default language, "/fr" in French
	Kind   string       // the layout: "home", "area", ..., "areas" (a list), "mapping" (a table), "404"
	Record model.Record // the record it shows; nil for lists and tables
	// Table and Part are set on the pages of a table: the *ResolutionTable,
	// *BodyList, *Mapping, *Matrix or *ByArea, and which of its Parts.
	Table any
	Part  int
}

// Translated reports whether the page's text is in its language: a
// record's page is in the default language and in those of its
// translations; every other page is made of UI strings, which every
// language has. An untranslated page shows the original's text, and is
// not a translation for hreflang and the sitemap.
func (p Page) Translated(cfg *config.Config) bool {
	if p.Lang == cfg.DefaultLanguage || p.Lang == "" || p.Record == nil {
		return true
	}
	return p.Record.Base().Translations[p.Lang] != nil
}

// Path is the page's site path in its language: "/fr/areas/accessibility/".
func (p Page) Path() string { return p.Prefix + p.URL }

// File is the page's output path, relative to the output folder.
func (p Page) File() string {
	path := p.Path()
	if path[len(path)-1] == '/' {
		return path[1:] + "index.html"
	}
	return path[1:]
}

// Localized reports whether the site path p has a version in each
// language, under the language's prefix: every page ("/areas/", "/404.html"),
// the feed and correspondence.json, which hold titles and links. The CSV
// files and the static files are one for all languages: ids and labels,
// styles and scripts.
func Localized(p string) bool {
	if i := strings.IndexByte(p, '#'); i >= 0 {
		p = p[:i] // a unit's place on its study group's page
	}
	return strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html") || p == "/feed.xml" || p == "/data/correspondence.json"
}

// In is the site path p in lang: "/areas/" in French is "/fr/areas/".
func In(cfg *config.Config, lang, p string) string {
	if Localized(p) {
		return Prefix(cfg, lang) + p
	}
	return p
}

// Prefix is the path prefix of lang's pages: "" for the default
// language, "/fr" for French.
func Prefix(cfg *config.Config, lang string) string {
	if lang == cfg.DefaultLanguage {
		return ""
	}
	return "/" + lang
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

// Pages lists every HTML page of the site, in a stable order: in each
// language (config.Languages: the default first, then by code), the home page,
// the lists, every record's page, the pages of the tables, and the 404
// page. Every page exists in every language: a record without a
// translation shows the original's text there.
func Pages(s *model.Site, t *Tables) []Page {
	one := pagesOf(s, t)
	out := make([]Page, 0, len(one)*len(s.Config.Languages))
	for _, l := range s.Config.Languages {
		prefix := Prefix(s.Config, l.Code)
		for _, p := range one {
			p.Lang, p.Prefix = l.Code, prefix
			out = append(out, p)
		}
	}
	return out
}

// pagesOf lists the pages of one language.
func pagesOf(s *model.Site, t *Tables) []Page {
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
	out = append(out, Page{URL: "/data/", Kind: "data"}, Page{URL: "/search/", Kind: "search"})
	if len(s.Config.Languages) > 1 {
		out = append(out, Page{URL: "/translations/", Kind: "translations"})
	}
	out = append(out, Page{URL: "/404.html", Kind: "404"})
	return out
}
