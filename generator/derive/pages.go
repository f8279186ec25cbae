package derive

import (
	"itu.int/iscsite/generator/model"
)

// Page is one HTML page the site has, before rendering.
type Page struct {
	URL    string       // site path from the base path: "/", "/areas/accessibility/", "/404.html"
	Kind   string       // the layout: "home", "area", ..., "areas" (a list), "404"
	Record model.Record // the record it shows; nil for lists
	// Deps are the keys ("areas/accessibility") of the records whose
	// fields the page shows, or "kind/*" for every record of a kind: what
	// a watcher needs to re-render only the pages a change touches.
	Deps []string
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

// Pages lists every HTML page of the site, in a stable order. With
// withDeps it also fills each page's Deps, which only a watcher needs: on
// a large site they are a good part of the build's memory.
func Pages(s *model.Site, withDeps bool) []Page {
	var out []Page
	home := Page{URL: "/", Kind: "home", Deps: []string{"home/_index", "areas/*", "resolutions/*", "study-groups/*", "pages/*"}}
	if s.Home != nil {
		home.Record = s.Home
	}
	out = append(out, home)
	lists := []struct{ kind, deps string }{
		{"areas", "areas/* resolutions/* study-groups/*"},
		{"resolutions", "areas/* resolutions/*"},
		{"study-groups", "areas/* study-groups/*"},
		{"groups", "groups/*"},
		{"documents", "documents/*"},
	}
	for _, l := range lists {
		out = append(out, Page{URL: "/" + l.kind + "/", Kind: l.kind, Deps: splitSpaces(l.deps)})
	}
	for _, r := range s.Records() {
		if r == model.Record(s.Home) {
			continue
		}
		p := Page{URL: URL(r), Kind: recordKind[r.Base().Kind], Record: r}
		if withDeps {
			p.Deps = deps(r)
		}
		out = append(out, p)
	}
	out = append(out, Page{URL: "/404.html", Kind: "404"})
	return out
}

// deps lists the records a record's page shows: itself and every record
// one link away, and for a Resolution the Resolutions sharing its areas.
func deps(r model.Record) []string {
	keys := []string{r.Base().Key()}
	add := func(rs ...model.Record) {
		for _, x := range rs {
			keys = append(keys, x.Base().Key())
		}
	}
	areas := func(as []*model.Area) {
		for _, a := range as {
			add(a)
		}
	}
	switch r := r.(type) {
	case *model.Area:
		for _, x := range r.Resolutions {
			add(x)
		}
		for _, u := range r.Units {
			add(u.SG)
		}
		for _, g := range r.Groups {
			add(g)
		}
		for _, d := range r.Documents {
			add(d)
		}
	case *model.Resolution:
		for _, a := range r.Areas {
			add(a)
			for _, x := range a.Resolutions {
				add(x)
			}
			for _, u := range a.Units {
				add(u.SG)
			}
		}
		for _, x := range r.Related {
			add(x)
		}
	case *model.StudyGroup:
		for _, u := range append([]*model.Unit{r.Unit}, r.Units...) {
			for _, a := range u.Areas {
				add(a)
				for _, o := range a.Units {
					add(o.SG)
				}
			}
			for _, o := range u.Related {
				add(o.SG)
			}
		}
	case *model.Group:
		areas(r.Areas)
	case *model.Document:
		areas(r.Areas)
	}
	return keys
}

func splitSpaces(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}
