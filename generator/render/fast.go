package render

import (
	"html"
	"html/template"
	"strings"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
)

// The smallest partials are made once per record or unit, which on a
// 100,000-record site is half a million executions of html/template at
// several microseconds each (every action a reflective call). Those below
// are also written here in Go, from the same markup; a render uses the Go
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
				w.s(` <span class="badge">`, w.abrogated, `</span>`)
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
				w.s(`<span class="badge">`, w.abrogated, `</span> `)
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

const (
	resLink  = `{{define "res-link"}}<a class="r{{if .Abrogated}} abrogated{{end}}" href="{{url .}}">{{.Body.ID}} {{.Number}}</a>{{end}}`
	unitLink = `{{define "unit-link"}}<a class="u" href="{{url .}}" title="{{.Title}}">{{.Designation}}</a>{{end}}`
)

// fastWriter writes one fast partial.
type fastWriter struct {
	b         strings.Builder
	base      string // the base path
	abrogated string // the UI string, escaped as an inlined one is
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
	if !plainURL(w.base) || !plainURL(path) {
		return false
	}
	w.s(w.base, path[1:])
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
	if set == nil {
		return out
	}
	for _, fp := range fastPartials {
		shipped, err := template.New("").Funcs(funcs).Parse(prepare("", fp.src))
		if err != nil {
			continue // a UI string the layouts lack: the template will say so
		}
		same := true
		for _, t := range shipped.Templates() {
			if t.Tree == nil || t.Name() == "" {
				continue
			}
			own := set.Lookup(t.Name())
			if own == nil || own.Tree == nil || own.Tree.Root.String() != t.Tree.Root.String() {
				same = false
			}
		}
		if same {
			out[fp.name] = fp.write
		}
	}
	return out
}

// fastSet is one language's fast partials.
type fastSet struct {
	write     map[string]func(w *fastWriter, v any) bool
	base      string
	abrogated string
}

func (r *Renderer) newFastSet(lang string, set *template.Template, funcs template.FuncMap, prepare func(file, text string) string) *fastSet {
	abrogated, _ := r.ui(lang, "abrogated")
	return &fastSet{write: fastFor(set, funcs, prepare), base: r.cfg.BasePath, abrogated: html.EscapeString(abrogated)}
}

// writeFast makes the fragment of a fast partial, or reports false.
func (f *fastSet) writeFast(name string, v any) (template.HTML, bool) {
	if f == nil || f.write[name] == nil {
		return "", false
	}
	write := f.write[name]
	w := fastWriter{base: f.base, abrogated: f.abrogated}
	if !write(&w, v) {
		return "", false
	}
	return template.HTML(w.b.String()), true
}
