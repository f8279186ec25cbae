package render

import (
	"html"
	"html/template"
	"strings"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
)

// The partials below are made once per record, unit, or area and body or
// Sector: on a 100,000-record site, over half a million executions of
// html/template at several microseconds each (every action a reflective
// call). They are also written here in Go, from the same markup; a render
// uses the Go
// version of a partial only while the layouts define it exactly as it is
// shipped (compared as parsed templates, after the UI strings are
// inlined), so an edited partial is always rendered from the layouts.
// Text is escaped as html/template escapes it (see escaper); a value
// whose link has a character html/template would rewrite goes through
// the template.

// fastPartial is one partial written in Go.
type fastPartial struct {
	name string
	// src is the partial as layouts/partials/site.html defines it, with the
	// partials it executes.
	src string
	// write writes the partial for v, or reports false where v is not
	// what the Go version handles.
	write func(w *fastWriter, v any) bool
}

var fastPartials = []fastPartial{
	{"link", `{{define "link"}}<a href="{{url .}}">{{.Title}}</a>{{end}}`,
		func(w *fastWriter, v any) bool {
			rec, ok := v.(model.Record)
			if !ok {
				return false
			}
			return w.link(rec, rec.Base().Title)
		}},
	{"res-label", resLink + `{{define "res-label"}}{{template "res-link" .}}{{if .Abrogated}} <span class="badge">{{t "abrogated"}}</span>{{end}}{{end}}`,
		func(w *fastWriter, v any) bool {
			res, ok := v.(*model.Resolution)
			if !ok || !w.resLink(res) {
				return false
			}
			if res.Abrogated {
				w.s(` <span class="badge">`, w.t("abrogated"), `</span>`)
			}
			return true
		}},
	{"res-item", resLink + `{{define "res-item"}}<li><span class="id">{{template "res-link" .}}</span> <span>{{if .Abrogated}}<span class="badge">{{t "abrogated"}}</span> {{end}}{{.Title}}{{with .Revision}} <span class="meta">({{.}})</span>{{end}}</span></li>{{end}}`,
		func(w *fastWriter, v any) bool {
			res, ok := v.(*model.Resolution)
			if !ok {
				return false
			}
			w.s(`<li><span class="id">`)
			if !w.resLink(res) {
				return false
			}
			w.s(`</span> <span>`)
			if res.Abrogated {
				w.s(`<span class="badge">`, w.t("abrogated"), `</span> `)
			}
			w.text(res.Title)
			if res.Revision != "" {
				w.s(` <span class="meta">(`)
				w.text(res.Revision)
				w.s(`)</span>`)
			}
			w.s(`</span></li>`)
			return true
		}},
	{"unit-link", unitLink,
		func(w *fastWriter, v any) bool {
			u, ok := v.(*model.Unit)
			return ok && w.unitLink(u)
		}},
	{"unit-item", unitLink + `{{define "unit-item"}}<li><span class="id">{{cached "unit-link" .}}</span> <span>{{.Title}}</span></li>{{end}}`,
		func(w *fastWriter, v any) bool {
			u, ok := v.(*model.Unit)
			if !ok {
				return false
			}
			w.s(`<li><span class="id">`)
			if !w.unitLink(u) {
				return false
			}
			w.s(`</span> <span>`)
			w.text(u.Title)
			w.s(`</span></li>`)
			return true
		}},
}

// The blocks of an area on Resolution and study-group pages.
var areaBlocks = []fastPartial{
	{"body-row", bodyRow,
		func(w *fastWriter, v any) bool {
			row, ok := v.(derive.BodyRow)
			if !ok || row.Area == nil || row.Body == nil {
				return false
			}
			w.s(`<li><span class="id"><abbr title="`)
			w.text(row.Body.Name)
			w.s(`">`)
			w.text(row.Body.ID)
			w.s(`</abbr></span> <span>`)
			if !w.html(w.r.resLabels(w.lang, row.Resolutions())) {
				return false
			}
			w.s(`</span></li>`)
			return true
		}},
	{"area-study-groups", unitsBySector + areaStudyGroups,
		func(w *fastWriter, v any) bool {
			ab, ok := v.(derive.AreaBody)
			return ok && ab.Area != nil && w.unitsBlock(ab.StudyGroups())
		}},
	{"res-area", bodyRow + unitsBySector + areaStudyGroups + `{{define "res-area"}}<section class="area-block" aria-labelledby="ra-{{.Area.Slug}}">
<h3 id="ra-{{.Area.Slug}}"><a href="{{url .Area}}">{{.Area.Title}}</a></h3>
<p class="jump"><a href="{{url "/resolutions/"}}#{{anchor .Area}}">{{t "row_in_resolutions_table"}}</a></p>
{{with .Rows}}<ul class="items narrow">{{range .}}{{cached "body-row" .}}{{end}}</ul>{{else}}<p class="none">{{t "none"}}</p>{{end}}
<h4>{{t "study_groups_on_area"}}</h4>
{{cachedBy "area-study-groups" .Area .}}
</section>{{end}}`,
		func(w *fastWriter, v any) bool {
			ab, ok := v.(derive.AreaBody)
			if !ok || !w.areaHead("ra-", ab.Area, "/resolutions/", "row_in_resolutions_table") {
				return false
			}
			if rows := ab.Rows(); len(rows) > 0 {
				w.s(`<ul class="items narrow">`)
				for _, row := range rows {
					if !w.html(w.r.cached(w.lang, "body-row", row, row)) {
						return false
					}
				}
				w.s(`</ul>`)
			} else {
				w.s(`<p class="none">`, w.t("none"), `</p>`)
			}
			w.s("\n<h4>", w.t("study_groups_on_area"), "</h4>\n")
			if !w.html(w.r.cached(w.lang, "area-study-groups", ab.Area, ab)) {
				return false
			}
			w.s("\n</section>")
			return true
		}},
	{"sg-area", unitsBySector + `{{define "sg-area"}}<section class="area-block" aria-labelledby="sa-{{.Area.Slug}}">
<h3 id="sa-{{.Area.Slug}}"><a href="{{url .Area}}">{{.Area.Title}}</a></h3>
<p class="jump"><a href="{{url "/study-groups/"}}#{{anchor .Area}}">{{t "row_in_by_area"}}</a></p>
{{with .Others}}<ul class="items narrow">{{template "units-by-sector" .}}</ul>{{else}}<p class="none">{{t "none"}}</p>{{end}}
</section>{{end}}`,
		func(w *fastWriter, v any) bool {
			as, ok := v.(derive.AreaSector)
			if !ok || as.Sector == nil || !w.areaHead("sa-", as.Area, "/study-groups/", "row_in_by_area") || !w.unitsBlock(as.Others()) {
				return false
			}
			w.s("\n</section>")
			return true
		}},
}

func init() { fastPartials = append(fastPartials, areaBlocks...) }

const (
	bodyRow         = `{{define "body-row"}}<li><span class="id"><abbr title="{{.Body.Name}}">{{.Body.ID}}</abbr></span> <span>{{resLabels .Resolutions}}</span></li>{{end}}`
	unitsBySector   = `{{define "units-by-sector"}}{{range .}}<li><span class="id"><abbr title="{{.Sector.Name}}">{{.Sector.ID}}</abbr></span> <span>{{unitLinks .Units}}</span></li>{{end}}{{end}}`
	areaStudyGroups = `{{define "area-study-groups"}}{{with .StudyGroups}}<ul class="items narrow">{{template "units-by-sector" .}}</ul>{{else}}<p class="none">{{t "none"}}</p>{{end}}{{end}}`
)

// areaHead writes the start of an area's block, to its jump link into
// the table at path.
func (w *fastWriter) areaHead(idPrefix string, a *model.Area, table, jumpKey string) bool {
	if a == nil || !plainURL(a.Slug) {
		return false
	}
	w.s(`<section class="area-block" aria-labelledby="`, idPrefix)
	w.text(a.Slug)
	w.s("\">\n", `<h3 id="`, idPrefix)
	w.text(a.Slug)
	w.s(`">`)
	if !w.link(a, a.Title) {
		return false
	}
	w.s("</h3>\n", `<p class="jump"><a href="`, html.EscapeString(w.set.base+table[1:]), "#area-", a.Slug, `">`, w.t(jumpKey), "</a></p>\n")
	return true
}

// unitsBlock writes units grouped by Sector, as a list, or "none".
func (w *fastWriter) unitsBlock(groups []derive.BySector) bool {
	if len(groups) == 0 {
		w.s(`<p class="none">`, w.t("none"), `</p>`)
		return true
	}
	w.s(`<ul class="items narrow">`)
	for _, g := range groups {
		if g.Sector == nil {
			return false
		}
		w.s(`<li><span class="id"><abbr title="`)
		w.text(g.Sector.Name)
		w.s(`">`)
		w.text(g.Sector.ID)
		w.s(`</abbr></span> <span>`)
		if !w.html(w.r.unitLinks(w.lang, g.Units)) {
			return false
		}
		w.s(`</span></li>`)
	}
	w.s(`</ul>`)
	return true
}

const (
	resLink  = `{{define "res-link"}}<a class="r{{if .Abrogated}} abrogated{{end}}" href="{{url .}}">{{.Body.ID}} {{.Number}}</a>{{end}}`
	unitLink = `{{define "unit-link"}}<a class="u" href="{{url .}}" title="{{.Title}}">{{.Designation}}</a>{{end}}`
)

// fastWriter writes one fast partial.
type fastWriter struct {
	b    strings.Builder
	set  *fastSet
	r    *Renderer
	lang string
}

// t is a UI string, escaped as an inlined {{t "key"}} is.
func (w *fastWriter) t(key string) string {
	s, _ := w.r.ui(w.lang, key)
	return html.EscapeString(s)
}

// html writes a fragment or a function's HTML, reporting false on an
// error (the template then reports it).
func (w *fastWriter) html(h template.HTML, err error) bool {
	w.b.WriteString(string(h))
	return err == nil
}

func (w *fastWriter) s(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
}

func (w *fastWriter) text(s string) { escaper.WriteString(&w.b, s) }

// href writes a site path under the base path as an attribute value, if
// html/template would write it unchanged: slugs and anchors are made of
// such characters.
func (w *fastWriter) href(path string) bool {
	if !plainURL(w.set.base) || !plainURL(path) {
		return false
	}
	w.s(w.set.base, path[1:])
	return true
}

// plainURL reports whether s has only characters that html/template's URL
// normalizer and attribute escaper leave as they are.
func plainURL(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("/#-._~", c) >= 0) {
			return false
		}
	}
	return true
}

// link writes <a href="URL">TEXT</a>.
func (w *fastWriter) link(rec model.Record, text string) bool {
	w.s(`<a href="`)
	if !w.href(derive.URL(rec)) {
		return false
	}
	w.s(`">`)
	w.text(text)
	w.s(`</a>`)
	return true
}

func (w *fastWriter) resLink(res *model.Resolution) bool {
	if res.Body == nil {
		return false
	}
	w.s(`<a class="r`)
	if res.Abrogated {
		w.s(` abrogated`)
	}
	w.s(`" href="`)
	if !w.href(derive.URL(res)) {
		return false
	}
	w.s(`">`)
	w.text(res.Body.ID)
	w.s(" ")
	w.text(res.Number)
	w.s(`</a>`)
	return true
}

func (w *fastWriter) unitLink(u *model.Unit) bool {
	if u.SG == nil || u.SG.Sector == nil {
		return false
	}
	w.s(`<a class="u" href="`)
	if !w.href(derive.UnitURL(u)) {
		return false
	}
	w.s(`" title="`)
	w.text(u.Title)
	w.s(`">`)
	w.text(u.Designation())
	w.s(`</a>`)
	return true
}

// fastFor lists, by name, the fast partials the layouts of set define as
// shipped. prepare is the layouts' own preparation (see inlineConstants).
func fastFor(set *template.Template, funcs template.FuncMap, prepare func(file, text string) string) map[string]func(w *fastWriter, v any) bool {
	out := map[string]func(w *fastWriter, v any) bool{}
	for _, fp := range fastPartials {
		if sameAsShipped(set, []string{fp.src}, funcs, prepare) {
			out[fp.name] = fp.write
		}
	}
	return out
}

// fastSet is one language's fast partials.
type fastSet struct {
	write map[string]func(w *fastWriter, v any) bool
	base  string
}

func (r *Renderer) newFastSet(set *template.Template, funcs template.FuncMap, prepare func(file, text string) string) *fastSet {
	return &fastSet{write: fastFor(set, funcs, prepare), base: r.cfg.BasePath}
}

// writeFast makes the fragment of a fast partial, or reports false.
func (r *Renderer) writeFast(lang, name string, v any) (template.HTML, bool) {
	f := r.fast[lang]
	if f == nil || f.write[name] == nil {
		return "", false
	}
	w := fastWriter{set: f, r: r, lang: lang}
	if !f.write[name](&w, v) {
		return "", false
	}
	return template.HTML(w.b.String()), true
}
