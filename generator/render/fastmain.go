package render

import (
	"html"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
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

// shippedRecordParts are the partials of layouts/partials/site.html that
// record pages' "main" blocks execute, as shipped.
const shippedRecordParts = `{{define "page-head"}}<header class="page-head">
{{block "kicker" .}}{{end}}
<h1>{{block "h1" .}}{{.Title}}{{end}}</h1>
{{with .Summary}}<p class="lead">{{.}}</p>{{end}}
</header>{{end}}
{{define "area-links"}}{{if .}}<ul class="tags">{{range .}}<li>{{cached "link" .}}</li>{{end}}</ul>{{else}}<p class="none">{{t "none"}}</p>{{end}}{{end}}
`

// shippedResolution is layouts/resolution.html, as shipped.
const shippedResolution = `{{define "kicker"}}{{$r := .Resolution}}<p class="kicker">{{$r.Body.Name}} · {{t "resolution"}} {{$r.Number}}</p>{{end}}
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
	for _, k := range []struct {
		kind, shipped string
		write         func(w *fastWriter, d *Data) bool
	}{
		{"resolution", shippedResolution, writeResolutionMain},
		{"study-group", shippedStudyGroup, writeStudyGroupMain},
		{"area", shippedArea, writeAreaMain},
	} {
		set := sets[k.kind]
		if !sameAsShipped(set, []string{shippedRecordParts, k.shipped}, funcs, prepare) {
			continue
		}
		fast, err := set.Clone()
		if err == nil {
			_, err = fast.New("main").Parse(`{{.Main}}`)
		}
		if err == nil {
			out[k.kind] = &fastMain{set: fast, write: k.write}
		}
	}
	return out
}

// sameAsShipped reports whether set defines every template that the
// layout files parts define, once prepared and parsed in order (a later
// file's define replaces a block, as a page kind's does), exactly as they
// do; the templates named in skip are not compared.
func sameAsShipped(set *template.Template, parts []string, funcs template.FuncMap, prepare func(file, text string) string, skip ...string) bool {
	if set == nil {
		return false
	}
	shipped := template.New("shipped").Funcs(funcs)
	for i, part := range parts {
		if _, err := shipped.New("shipped-" + strconv.Itoa(i)).Parse(prepare("", part)); err != nil {
			return false // a UI string the layouts lack: the template will say so
		}
	}
	for _, t := range shipped.Templates() {
		if t.Tree == nil || strings.HasPrefix(t.Name(), "shipped") || slices.Contains(skip, t.Name()) {
			continue
		}
		own := set.Lookup(t.Name())
		if own == nil || own.Tree == nil || own.Tree.Root.String() != t.Tree.Root.String() {
			return false
		}
	}
	return true
}

// shippedArea is layouts/area.html, as shipped.
const shippedArea = `{{define "kicker"}}<p class="kicker">{{t "area_kicker"}}</p>{{end}}
{{define "main"}}{{$a := .Area}}
{{template "page-head" .}}
<div class="record">
<aside class="facts" aria-labelledby="facts-h">
<h2 id="facts-h">{{t "in_tables"}}</h2>
<ul class="jump">
<li><a href="{{url "/resolutions/"}}#{{anchor $a}}">{{t "resolutions_table"}}</a></li>
<li><a href="{{url "/study-groups/"}}#{{anchor $a}}">{{t "by_area"}}</a></li>
</ul>
<dl>
<dt>{{t "resolutions"}}</dt><dd>{{len $a.Resolutions}}</dd>
<dt>{{t "study_groups"}}</dt><dd>{{len $a.Units}}</dd>
{{with $a.Updated}}<dt>{{t "updated"}}</dt><dd><time datetime="{{.}}">{{.}}</time></dd>{{end}}
</dl>
</aside>
<div class="record-main">
<div class="prose">{{.Body}}</div>
<section aria-labelledby="area-res">
<h2 id="area-res">{{t "resolutions"}}</h2>
{{range .ResolutionsByBody}}<h3>{{.Body.Name}} <span class="meta">({{.Body.ID}})</span></h3>
<ul class="items">{{range .Resolutions}}{{cached "res-item" .}}{{end}}</ul>
{{else}}<p class="none">{{t "none"}}</p>{{end}}
</section>
<section aria-labelledby="area-sg">
<h2 id="area-sg">{{t "study_groups"}}</h2>
{{range .UnitsBySector}}<h3>{{.Sector.Name}} <span class="meta">({{.Sector.ID}})</span></h3>
<ul class="items wide">{{range .Units}}{{cached "unit-item" .}}{{end}}</ul>
{{else}}<p class="none">{{t "none"}}</p>{{end}}
</section>
{{if or $a.Groups $a.Documents}}<section aria-labelledby="area-other">
<h2 id="area-other">{{t "groups_and_documents"}}</h2>
<ul class="links">{{range $a.Groups}}<li><a href="{{url .}}">{{.Title}}</a></li>{{end}}{{range $a.Documents}}<li><a href="{{url .}}">{{.Title}}</a>{{with .Symbol}} <span class="meta">({{.}})</span>{{end}}</li>{{end}}</ul>
</section>{{end}}
{{with $a.Coordinators}}<section aria-labelledby="area-coord">
<h2 id="area-coord">{{t "coordinators"}}</h2>
<ul class="links">{{range .}}<li>{{.Name}}{{with .Sector}}, {{.}}{{end}}{{with .Role}} — {{.}}{{end}}</li>{{end}}</ul>
</section>{{end}}
</div>
</div>
{{end}}
`

// shippedStudyGroup is layouts/study-group.html, as shipped.
const shippedStudyGroup = `{{define "kicker"}}{{$sg := .StudyGroup}}<p class="kicker">{{$sg.Sector.Name}}{{with $sg.Period}} · {{.}}{{end}}</p>{{end}}
{{define "h1"}}{{.StudyGroup.Unit.Designation}}: {{.Title}}{{end}}
{{define "main"}}{{$sg := .StudyGroup}}
{{template "page-head" .}}
<div class="record">
<aside class="facts" aria-labelledby="facts-h">
<h2 id="facts-h">{{t "at_a_glance"}}</h2>
<dl>
<dt>{{t "sector"}}</dt><dd><abbr title="{{$sg.Sector.Name}}">{{$sg.Sector.ID}}</abbr></dd>
<dt>{{t "number"}}</dt><dd>{{$sg.Number}}</dd>
{{with $sg.Period}}<dt>{{t "period"}}</dt><dd>{{.}}</dd>{{end}}
{{with $sg.Updated}}<dt>{{t "updated"}}</dt><dd><time datetime="{{.}}">{{.}}</time></dd>{{end}}
</dl>
{{with $sg.URL}}<p class="official"><a href="{{.}}">{{t "official_page"}}</a></p>{{end}}
<h2>{{t "areas"}}</h2>
{{template "area-links" (sgAreas $sg)}}
{{with $sg.Unit.Related}}<h2>{{t "counterparts"}}</h2>
<ul class="tags">{{range .}}<li>{{cached "unit-link" .}}</li>{{end}}</ul>{{end}}
{{with .MatricesWith}}<h2>{{t "in_tables"}}</h2>
<ul class="jump">
{{- range .}}<li><a href="{{url "/study-groups/"}}#{{rowID . $sg}}">{{.Rows.ID}} × {{.Cols.ID}} {{t "matrix_lc"}}</a></li>{{end}}
</ul>{{end}}
</aside>
<div class="record-main">
<div class="prose">{{.Body}}</div>
<section aria-labelledby="sg-units">
<h2 id="sg-units">{{if eq $sg.Sector.ID "ITU-R"}}{{t "working_parties"}}{{else}}{{t "questions"}}{{end}}</h2>
{{if $sg.Units}}{{unitSections .}}{{else}}<p class="none">{{t "none"}}</p>{{end}}
</section>
<section aria-labelledby="sg-counterparts">
<h2 id="sg-counterparts">{{t "counterpart_study_groups"}}</h2>
<p class="intro">{{t "counterparts_by_area_intro"}}</p>
{{range sgAreas $sg}}{{cached "sg-area" (areaSector . $sg.Sector)}}{{else}}<p class="none">{{t "none"}}</p>{{end}}
</section>
</div>
</div>
{{end}}
`

// writeResolutionMain writes a Resolution page's "main" block.
func writeResolutionMain(w *fastWriter, d *Data) bool {
	r := d.Resolution
	if r == nil || r.Body == nil || (r.URL != "" && !hrefURL(r.URL)) {
		return false
	}
	w.s("\n", `<header class="page-head">`, "\n", `<p class="kicker">`)
	w.text(r.Body.Name)
	w.s(" · ", w.t("resolution"), " ")
	w.text(r.Number)
	w.s("</p>\n<h1>")
	w.text(d.Title)
	w.pageHeadEnd(d)
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
	if !w.areaLinks(r.Areas) {
		return false
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

// pageHeadEnd closes the h1 of the page head and writes the rest of it.
func (w *fastWriter) pageHeadEnd(d *Data) {
	w.s("</h1>\n")
	if d.Summary != "" {
		w.s(`<p class="lead">`)
		w.text(d.Summary)
		w.s("</p>")
	}
	w.s("\n</header>\n")
}

// areaLinks is the partial "area-links".
func (w *fastWriter) areaLinks(as []*model.Area) bool {
	if len(as) == 0 {
		w.s(`<p class="none">`, w.t("none"), "</p>")
		return true
	}
	w.s(`<ul class="tags">`)
	for _, a := range as {
		w.s("<li>")
		if !w.html(w.r.cached(w.lang, "link", a, a)) {
			return false
		}
		w.s("</li>")
	}
	w.s("</ul>")
	return true
}

// writeStudyGroupMain writes a study group's page "main" block.
func writeStudyGroupMain(w *fastWriter, d *Data) bool {
	sg := d.StudyGroup
	if sg == nil || sg.Sector == nil || sg.Unit == nil || (sg.URL != "" && !hrefURL(sg.URL)) {
		return false
	}
	areas := w.r.ctx.tables.SGAreas[sg]
	w.s("\n", `<header class="page-head">`, "\n", `<p class="kicker">`)
	w.text(sg.Sector.Name)
	if sg.Period != "" {
		w.s(" · ")
		w.text(sg.Period)
	}
	w.s("</p>\n<h1>")
	w.text(sg.Unit.Designation())
	w.s(": ")
	w.text(d.Title)
	w.pageHeadEnd(d)
	w.s(`<div class="record">`, "\n", `<aside class="facts" aria-labelledby="facts-h">`, "\n",
		`<h2 id="facts-h">`, w.t("at_a_glance"), "</h2>\n<dl>\n<dt>", w.t("sector"), `</dt><dd><abbr title="`)
	w.text(sg.Sector.Name)
	w.s(`">`)
	w.text(sg.Sector.ID)
	w.s("</abbr></dd>\n<dt>", w.t("number"), "</dt><dd>")
	w.text(sg.Number)
	w.s("</dd>\n")
	if sg.Period != "" {
		w.s("<dt>", w.t("period"), "</dt><dd>")
		w.text(sg.Period)
		w.s("</dd>")
	}
	w.s("\n")
	if sg.Updated != "" {
		w.s("<dt>", w.t("updated"), `</dt><dd><time datetime="`)
		w.text(sg.Updated)
		w.s(`">`)
		w.text(sg.Updated)
		w.s("</time></dd>")
	}
	w.s("\n</dl>\n")
	if sg.URL != "" {
		w.s(`<p class="official"><a href="`, strings.ReplaceAll(sg.URL, "&", "&amp;"), `">`, w.t("official_page"), "</a></p>")
	}
	w.s("\n<h2>", w.t("areas"), "</h2>\n")
	if !w.areaLinks(areas) {
		return false
	}
	w.s("\n")
	if len(sg.Unit.Related) > 0 {
		w.s("<h2>", w.t("counterparts"), "</h2>\n", `<ul class="tags">`)
		for _, u := range sg.Unit.Related {
			w.s("<li>")
			if !w.html(w.r.cached(w.lang, "unit-link", u, u)) {
				return false
			}
			w.s("</li>")
		}
		w.s("</ul>")
	}
	w.s("\n")
	if len(d.MatricesWith) > 0 {
		w.s("<h2>", w.t("in_tables"), "</h2>\n", `<ul class="jump">`)
		for _, m := range d.MatricesWith {
			id, err := rowID(m, sg)
			if err != nil || !plainURL(id) {
				return false
			}
			w.s(`<li><a href="`, html.EscapeString(w.set.base+"study-groups/"), "#", id, `">`)
			w.text(m.Rows.ID)
			w.s(" × ")
			w.text(m.Cols.ID)
			w.s(" ", w.t("matrix_lc"), "</a></li>")
		}
		w.s("\n</ul>")
	}
	w.s("\n</aside>\n", `<div class="record-main">`, "\n", `<div class="prose">`, string(d.Body), "</div>\n",
		`<section aria-labelledby="sg-units">`, "\n", `<h2 id="sg-units">`)
	if sg.Sector.ID == "ITU-R" {
		w.s(w.t("working_parties"))
	} else {
		w.s(w.t("questions"))
	}
	w.s("</h2>\n")
	if len(sg.Units) > 0 {
		if !w.html(w.r.unitSections(w.lang, d)) {
			return false
		}
	} else {
		w.s(`<p class="none">`, w.t("none"), "</p>")
	}
	w.s("\n</section>\n", `<section aria-labelledby="sg-counterparts">`, "\n", `<h2 id="sg-counterparts">`, w.t("counterpart_study_groups"), "</h2>\n",
		`<p class="intro">`, w.t("counterparts_by_area_intro"), "</p>\n")
	for _, a := range areas {
		as := derive.AreaSector{Area: a, Sector: sg.Sector}
		if !w.html(w.r.cached(w.lang, "sg-area", as, as)) {
			return false
		}
	}
	if len(areas) == 0 {
		w.s(`<p class="none">`, w.t("none"), "</p>")
	}
	w.s("\n</section>\n</div>\n</div>\n")
	return true
}

// writeAreaMain writes an area page's "main" block.
func writeAreaMain(w *fastWriter, d *Data) bool {
	a := d.Area
	if a == nil || !plainURL(a.Slug) {
		return false
	}
	base := html.EscapeString(w.set.base)
	w.s("\n", `<header class="page-head">`, "\n", `<p class="kicker">`, w.t("area_kicker"), "</p>\n<h1>")
	w.text(d.Title)
	w.pageHeadEnd(d)
	w.s(`<div class="record">`, "\n", `<aside class="facts" aria-labelledby="facts-h">`, "\n",
		`<h2 id="facts-h">`, w.t("in_tables"), "</h2>\n", `<ul class="jump">`, "\n",
		`<li><a href="`, base, "resolutions/#area-", a.Slug, `">`, w.t("resolutions_table"), "</a></li>\n",
		`<li><a href="`, base, "study-groups/#area-", a.Slug, `">`, w.t("by_area"), "</a></li>\n",
		"</ul>\n<dl>\n<dt>", w.t("resolutions"), "</dt><dd>", strconv.Itoa(len(a.Resolutions)), "</dd>\n",
		"<dt>", w.t("study_groups"), "</dt><dd>", strconv.Itoa(len(a.Units)), "</dd>\n")
	if a.Updated != "" {
		w.s("<dt>", w.t("updated"), `</dt><dd><time datetime="`)
		w.text(a.Updated)
		w.s(`">`)
		w.text(a.Updated)
		w.s("</time></dd>")
	}
	w.s("\n</dl>\n</aside>\n", `<div class="record-main">`, "\n", `<div class="prose">`, string(d.Body), "</div>\n",
		`<section aria-labelledby="area-res">`, "\n", `<h2 id="area-res">`, w.t("resolutions"), "</h2>\n")
	for _, g := range d.ResolutionsByBody {
		w.s("<h3>")
		w.text(g.Body.Name)
		w.s(` <span class="meta">(`)
		w.text(g.Body.ID)
		w.s(")</span></h3>\n", `<ul class="items">`)
		for _, r := range g.Resolutions {
			if !w.html(w.r.cached(w.lang, "res-item", r, r)) {
				return false
			}
		}
		w.s("</ul>\n")
	}
	if len(d.ResolutionsByBody) == 0 {
		w.s(`<p class="none">`, w.t("none"), "</p>")
	}
	w.s("\n</section>\n", `<section aria-labelledby="area-sg">`, "\n", `<h2 id="area-sg">`, w.t("study_groups"), "</h2>\n")
	for _, g := range d.UnitsBySector {
		w.s("<h3>")
		w.text(g.Sector.Name)
		w.s(` <span class="meta">(`)
		w.text(g.Sector.ID)
		w.s(")</span></h3>\n", `<ul class="items wide">`)
		for _, u := range g.Units {
			if !w.html(w.r.cached(w.lang, "unit-item", u, u)) {
				return false
			}
		}
		w.s("</ul>\n")
	}
	if len(d.UnitsBySector) == 0 {
		w.s(`<p class="none">`, w.t("none"), "</p>")
	}
	w.s("\n</section>\n")
	if len(a.Groups) > 0 || len(a.Documents) > 0 {
		w.s(`<section aria-labelledby="area-other">`, "\n", `<h2 id="area-other">`, w.t("groups_and_documents"), "</h2>\n", `<ul class="links">`)
		for _, g := range a.Groups {
			w.s("<li>")
			if !w.link(g, g.Title) {
				return false
			}
			w.s("</li>")
		}
		for _, doc := range a.Documents {
			w.s("<li>")
			if !w.link(doc, doc.Title) {
				return false
			}
			if doc.Symbol != "" {
				w.s(` <span class="meta">(`)
				w.text(doc.Symbol)
				w.s(")</span>")
			}
			w.s("</li>")
		}
		w.s("</ul>\n</section>")
	}
	w.s("\n")
	if len(a.Coordinators) > 0 {
		w.s(`<section aria-labelledby="area-coord">`, "\n", `<h2 id="area-coord">`, w.t("coordinators"), "</h2>\n", `<ul class="links">`)
		for _, c := range a.Coordinators {
			w.s("<li>")
			w.text(c.Name)
			if c.Sector != "" {
				w.s(", ")
				w.text(c.Sector)
			}
			if c.Role != "" {
				w.s(" — ")
				w.text(c.Role)
			}
			w.s("</li>")
		}
		w.s("</ul>\n</section>")
	}
	w.s("\n</div>\n</div>\n")
	return true
}

// hrefURL reports whether an http(s) URL is one html/template writes
// into an href unchanged but for "&" (as "&amp;").
func hrefURL(u string) bool {
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
