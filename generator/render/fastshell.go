package render

import (
	"bytes"
	"html"
	"html/template"
	"strings"
)

// Every page is base.html around its kind's "main": a score of
// html/template actions per page, a hundred thousand times on a large
// site. So base.html (with the "crumbs" partial it executes) is also
// written here in Go, on the same terms as fast.go's partials: used while
// it reads exactly as shipped. The page kind's "scripts" and "main" blocks
// are still executed from the layouts (or, for a Resolution, main is
// written in Go: fastmain.go), and the header, footer and breadcrumb trail
// are the cached partials, as in the template.

// shippedBase is layouts/base.html and the "crumbs" partial, as shipped.
const shippedBase = `{{define "layouts/base.html"}}<!DOCTYPE html>
<html lang="{{.Lang.Code}}" dir="{{if .Lang.RTL}}rtl{{else}}ltr{{end}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{if ne .Page.Kind "home"}}{{.Title}} · {{end}}{{.Config.Title}}</title>
{{with .Summary}}<meta name="description" content="{{.}}">{{end}}
<link rel="canonical" href="{{abs .Page.URL}}">
<link rel="stylesheet" href="{{url "/css/site.css"}}">
<link rel="alternate" type="application/atom+xml" title="{{.Config.Title}}" href="{{url "/feed.xml"}}">
{{block "scripts" .}}{{end}}
</head>
<body>
<a class="skip" href="#main">{{t "skip_to_content"}}</a>
{{cachedBy "header" .Place .}}
<div class="wrap page">
{{template "crumbs" .}}
<main id="main" tabindex="-1">
{{template "main" .}}
</main>
</div>
{{cachedBy "footer" "" .}}
</body>
</html>
{{end}}{{define "crumbs"}}{{if .Crumbs}}<nav class="crumbs" aria-label="{{t "breadcrumbs"}}"><ol>
{{- cachedBy "crumb-trail" .Place .}}
<li aria-current="page">{{.Title}}</li>
</ol></nav>{{end}}{{end}}`

// fastShell is what a page kind's set needs for base.html written in Go.
type fastShell struct {
	scripts bool // the kind defines a non-empty "scripts" block
}

// newFastShells lists the kinds whose sets define base.html and "crumbs"
// as shipped.
func newFastShells(sets map[string]*template.Template, funcs template.FuncMap, prepare func(file, text string) string) map[string]*fastShell {
	out := map[string]*fastShell{}
	for kind, set := range sets {
		// "scripts" is a block of base.html, but the kind's to define.
		if sameAsShipped(set, []string{shippedBase}, funcs, prepare, "scripts") {
			scripts := set.Lookup("scripts")
			out[kind] = &fastShell{scripts: scripts != nil && scripts.Tree != nil && len(scripts.Tree.Root.Nodes) > 0}
		}
	}
	return out
}

// writeShell writes page d of set into buf with base.html written in Go,
// or reports false (having written nothing) where the layouts must do it.
func (r *Renderer) writeShell(buf *bytes.Buffer, set *template.Template, lang string, d *Data) (bool, error) {
	shell := r.fastShells[lang][d.Page.Kind]
	if shell == nil || d.Lang == nil || d.Config == nil {
		return false, nil
	}
	canonical := r.absURL(r.cfg.BasePath + strings.TrimPrefix(d.Page.URL, "/"))
	if !hrefURL(canonical) || !plainURL(r.cfg.BasePath) {
		return false, nil
	}
	w := fastWriter{set: r.fast[lang], r: r, lang: lang}
	text := func(s string) { escaper.WriteString(&w.b, s) }
	w.s("<!DOCTYPE html>\n", `<html lang="`)
	text(d.Lang.Code)
	if d.Lang.RTL {
		w.s(`" dir="rtl">`)
	} else {
		w.s(`" dir="ltr">`)
	}
	w.s("\n<head>\n", `<meta charset="utf-8">`, "\n", `<meta name="viewport" content="width=device-width, initial-scale=1">`, "\n",
		`<meta name="color-scheme" content="light dark">`, "\n<title>")
	if d.Page.Kind != "home" {
		text(d.Title)
		w.s(" · ")
	}
	text(d.Config.Title)
	w.s("</title>\n")
	if d.Summary != "" {
		w.s(`<meta name="description" content="`)
		text(d.Summary)
		w.s(`">`)
	}
	base := html.EscapeString(r.cfg.BasePath)
	w.s("\n", `<link rel="canonical" href="`, strings.ReplaceAll(canonical, "&", "&amp;"), `">`, "\n",
		`<link rel="stylesheet" href="`, base, `css/site.css">`, "\n",
		`<link rel="alternate" type="application/atom+xml" title="`)
	text(d.Config.Title)
	w.s(`" href="`, base, `feed.xml">`, "\n")
	buf.WriteString(w.b.String())
	w.b.Reset()
	if shell.scripts {
		if err := set.ExecuteTemplate(buf, "scripts", d); err != nil {
			return true, err
		}
	}
	w.s("\n</head>\n<body>\n", `<a class="skip" href="#main">`, w.t("skip_to_content"), "</a>\n")
	h, err := r.cached(lang, "header", d.Place, d)
	if err != nil {
		return true, err
	}
	w.s(string(h), "\n", `<div class="wrap page">`, "\n")
	if len(d.Crumbs) > 0 {
		trail, err := r.cached(lang, "crumb-trail", d.Place, d)
		if err != nil {
			return true, err
		}
		w.s(`<nav class="crumbs" aria-label="`, w.t("breadcrumbs"), `"><ol>`, string(trail), "\n", `<li aria-current="page">`)
		text(d.Title)
		w.s("</li>\n</ol></nav>")
	}
	w.s("\n", `<main id="main" tabindex="-1">`, "\n")
	buf.WriteString(w.b.String())
	w.b.Reset()
	if d.Main != "" {
		buf.WriteString(string(d.Main))
	} else if err := set.ExecuteTemplate(buf, "main", d); err != nil {
		return true, err
	}
	footer, err := r.cached(lang, "footer", "", d)
	if err != nil {
		return true, err
	}
	w.s("\n</main>\n</div>\n", string(footer), "\n</body>\n</html>\n")
	buf.WriteString(w.b.String())
	return true, nil
}
