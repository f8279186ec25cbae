package render

import (
	"html/template"
	"strings"
)

// A Resolution page's own part (the "main" block, with the page head and
// the facts box) is some forty html/template actions, and most records of
// a site are Resolutions: it is also written here in Go, on the same
// terms as the partials in fast.go. While layouts/resolution.html and the
// partials it executes read exactly as shipped, a Resolution page is its
// kind's set with "main" replaced by the HTML made here (Data.Main); the
// rest of the page (base.html, the header, the breadcrumbs) is still the
// layouts'. A page the Go version does not handle (an official URL with
// characters html/template would rewrite) is rendered from the layouts.

// shippedResolution is layouts/resolution.html and what its "main" block
// executes from layouts/partials/site.html, as shipped.
const shippedResolution = `{{define "page-head"}}<header class="page-head">
{{block "kicker" .}}{{end}}
<h1>{{block "h1" .}}{{.Title}}{{end}}</h1>
{{with .Summary}}<p class="lead">{{.}}</p>{{end}}
</header>{{end}}
{{define "area-links"}}{{if .}}<ul class="tags">{{range .}}<li>{{cached "link" .}}</li>{{end}}</ul>{{else}}<p class="none">{{t "none"}}</p>{{end}}{{end}}
{{define "kicker"}}{{$r := .Resolution}}<p class="kicker">{{$r.Body.Name}} · {{t "resolution"}} {{$r.Number}}</p>{{end}}
{{define "main"}}{{$r := .Resolution}}
{{template "page-head" .}}
{{if $r.Abrogated}}<p class="notice"><strong>{{t "abrogated"}}.</strong> {{t "abrogated_note"}}</p>{{end}}
{{if $r.Coordination}}<p class="notice info">{{t "calls_for_coordination"}}</p>{{end}}
<div class="record">
<aside class="facts" aria-labelledby="facts-h">
<h2 id="facts-h">{{t "at_a_glance"}}</h2>
<dl>
<dt>{{t "body"}}</dt><dd><abbr title="{{$r.Body.Name}}">{{$r.Body.ID}}</abbr></dd>
<dt>{{t "number"}}</dt><dd>{{$r.Number}}</dd>
{{with $r.Revision}}<dt>{{t "revision"}}</dt><dd>{{.}}</dd>{{end}}
<dt>{{t "status"}}</dt><dd>{{if $r.Abrogated}}{{t "abrogated"}}{{else}}{{t "in_force"}}{{end}}</dd>
{{with $r.Updated}}<dt>{{t "updated"}}</dt><dd><time datetime="{{.}}">{{.}}</time></dd>{{end}}
</dl>
{{with $r.URL}}<p class="official"><a href="{{.}}">{{t "official_text"}}</a></p>{{end}}
<h2>{{t "areas"}}</h2>
{{template "area-links" $r.Areas}}
</aside>
<div class="record-main">
<div class="prose">{{.Body}}</div>
<section aria-labelledby="res-corr">
<h2 id="res-corr">{{t "corresponding_resolutions"}}</h2>
<p class="intro">{{t "corresponding_intro"}}</p>
{{range .Corresponding}}{{cached "res-area" .}}{{end}}
</section>
<section aria-labelledby="res-related">
<h2 id="res-related">{{t "related_resolutions"}}</h2>
{{if $r.Related}}<ul class="items">{{range $r.Related}}{{cached "res-item" .}}{{end}}</ul>{{else}}<p class="none">{{t "none"}}</p>{{end}}
</section>
</div>
</div>
{{end}}`

// fastMain is a page kind whose "main" block is written in Go.
type fastMain struct {
	set   *template.Template // the kind's set, "main" being {{.Main}}
	write func(w *fastWriter, d *Data) bool
}

// newFastMains lists the kinds of sets whose "main" may be written in Go.
func newFastMains(sets map[string]*template.Template, funcs template.FuncMap, prepare func(file, text string) string) map[string]*fastMain {
	out := map[string]*fastMain{}
	set := sets["resolution"]
	if set == nil || !sameAsShipped(set, shippedResolution, funcs, prepare) {
		return out
	}
	fast, err := set.Clone()
	if err == nil {
		_, err = fast.New("main").Parse(`{{.Main}}`)
	}
	if err == nil {
		out["resolution"] = &fastMain{set: fast, write: writeResolutionMain}
	}
	return out
}

// sameAsShipped reports whether set defines every template of src, once
// prepared and parsed, exactly as src does.
func sameAsShipped(set *template.Template, src string, funcs template.FuncMap, prepare func(file, text string) string) bool {
	shipped, err := template.New("").Funcs(funcs).Parse(prepare("", src))
	if err != nil {
		return false
	}
	for _, t := range shipped.Templates() {
		if t.Tree == nil || t.Name() == "" {
			continue
		}
		own := set.Lookup(t.Name())
		if own == nil || own.Tree == nil || own.Tree.Root.String() != t.Tree.Root.String() {
			return false
		}
	}
	return true
}

// writeResolutionMain writes a Resolution page's "main" block.
func writeResolutionMain(w *fastWriter, d *Data) bool {
	r := d.Resolution
	if r == nil || r.Body == nil || (r.URL != "" && !officialURL(r.URL)) {
		return false
	}
	w.s("\n", `<header class="page-head">`, "\n", `<p class="kicker">`)
	w.text(r.Body.Name)
	w.s(" · ", w.t("resolution"), " ")
	w.text(r.Number)
	w.s("</p>\n<h1>")
	w.text(d.Title)
	w.s("</h1>\n")
	if d.Summary != "" {
		w.s(`<p class="lead">`)
		w.text(d.Summary)
		w.s("</p>")
	}
	w.s("\n</header>\n")
	if r.Abrogated {
		w.s(`<p class="notice"><strong>`, w.t("abrogated"), ".</strong> ", w.t("abrogated_note"), "</p>")
	}
	w.s("\n")
	if r.Coordination {
		w.s(`<p class="notice info">`, w.t("calls_for_coordination"), "</p>")
	}
	w.s("\n", `<div class="record">`, "\n", `<aside class="facts" aria-labelledby="facts-h">`, "\n",
		`<h2 id="facts-h">`, w.t("at_a_glance"), "</h2>\n<dl>\n<dt>", w.t("body"), `</dt><dd><abbr title="`)
	w.text(r.Body.Name)
	w.s(`">`)
	w.text(r.Body.ID)
	w.s("</abbr></dd>\n<dt>", w.t("number"), "</dt><dd>")
	w.text(r.Number)
	w.s("</dd>\n")
	if r.Revision != "" {
		w.s("<dt>", w.t("revision"), "</dt><dd>")
		w.text(r.Revision)
		w.s("</dd>")
	}
	w.s("\n<dt>", w.t("status"), "</dt><dd>")
	if r.Abrogated {
		w.s(w.t("abrogated"))
	} else {
		w.s(w.t("in_force"))
	}
	w.s("</dd>\n")
	if r.Updated != "" {
		w.s("<dt>", w.t("updated"), `</dt><dd><time datetime="`)
		w.text(r.Updated)
		w.s(`">`)
		w.text(r.Updated)
		w.s("</time></dd>")
	}
	w.s("\n</dl>\n")
	if r.URL != "" {
		w.s(`<p class="official"><a href="`, strings.ReplaceAll(r.URL, "&", "&amp;"), `">`, w.t("official_text"), "</a></p>")
	}
	w.s("\n<h2>", w.t("areas"), "</h2>\n")
	if len(r.Areas) > 0 {
		w.s(`<ul class="tags">`)
		for _, a := range r.Areas {
			w.s("<li>")
			if !w.html(w.r.cached(w.lang, "link", a, a)) {
				return false
			}
			w.s("</li>")
		}
		w.s("</ul>")
	} else {
		w.s(`<p class="none">`, w.t("none"), "</p>")
	}
	w.s("\n</aside>\n", `<div class="record-main">`, "\n", `<div class="prose">`, string(d.Body), "</div>\n",
		`<section aria-labelledby="res-corr">`, "\n", `<h2 id="res-corr">`, w.t("corresponding_resolutions"), "</h2>\n",
		`<p class="intro">`, w.t("corresponding_intro"), "</p>\n")
	for _, ab := range d.Corresponding {
		if !w.html(w.r.cached(w.lang, "res-area", ab, ab)) {
			return false
		}
	}
	w.s("\n</section>\n", `<section aria-labelledby="res-related">`, "\n", `<h2 id="res-related">`, w.t("related_resolutions"), "</h2>\n")
	if len(r.Related) > 0 {
		w.s(`<ul class="items">`)
		for _, o := range r.Related {
			if !w.html(w.r.cached(w.lang, "res-item", o, o)) {
				return false
			}
		}
		w.s("</ul>")
	} else {
		w.s(`<p class="none">`, w.t("none"), "</p>")
	}
	w.s("\n</section>\n</div>\n</div>\n")
	return true
}

// officialURL reports whether an http(s) URL is one html/template writes
// into an href unchanged but for "&" (as "&amp;").
func officialURL(u string) bool {
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return false
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~:/?#=&", c) >= 0) {
			return false
		}
	}
	return true
}

// writeMain makes the page's "main" in Go where its kind allows, and
// returns the set to execute: the kind's own, or the one that shows Main.
func (r *Renderer) writeMain(lang string, set *template.Template, d *Data) *template.Template {
	fm := r.fastMains[lang][d.Page.Kind]
	if fm == nil {
		return set
	}
	w := fastWriter{set: r.fast[lang], r: r, lang: lang}
	if !fm.write(&w, d) {
		return set
	}
	d.Main = template.HTML(w.b.String())
	return fm.set
}
