package build

import (
	"strings"
	"testing"
)

// TestLanguages states what the golden output of testdata/site.txtar shows
// of its three languages (en, the default; fr; ar, right to left), so that
// regenerating the golden file cannot quietly lose it:
//   - accessibility is translated into fr and ar, its fr translation
//     current, its ar one without a body;
//   - environment's fr translation was made from an earlier body;
//   - smes has no translation.
func TestLanguages(t *testing.T) {
	files := withLayouts(t, readTxtar(t, "site.txtar"))
	res, err := Run(Options{Source: mapFS(files)})
	if err != nil || !res.OK() {
		t.Fatalf("build failed: %v\n%s", err, diagLines(res))
	}
	out := map[string]string{}
	for _, f := range res.Files {
		out[f.Path] = string(f.Data)
	}
	const abs = "https://example.org/iscsite"
	tests := []struct {
		file       string
		has, lacks []string
	}{
		{ // a translated page: its own text, canonical and every real translation
			file: "fr/areas/accessibility/index.html",
			has: []string{
				`<html lang="fr" dir="ltr">`,
				`<h1>Accessibilité</h1>`,
				`<link rel="canonical" href="` + abs + `/fr/areas/accessibility/">`,
				`<link rel="alternate" hreflang="en" href="` + abs + `/areas/accessibility/">`,
				`<link rel="alternate" hreflang="ar" href="` + abs + `/ar/areas/accessibility/">`,
				`<link rel="alternate" hreflang="fr" href="` + abs + `/fr/areas/accessibility/">`,
				`<link rel="alternate" hreflang="x-default" href="` + abs + `/areas/accessibility/">`,
				// the switcher: plain links, the current one marked
				`<li><a href="/iscsite/areas/accessibility/" hreflang="en"><span lang="en" dir="ltr">English</span></a></li>`,
				`<li><a href="/iscsite/fr/areas/accessibility/" hreflang="fr" aria-current="true"><span lang="fr" dir="ltr">Français</span></a></li>`,
				// links inside the body stay in the language
				`<a href="/iscsite/fr/resolutions/">`,
			},
			lacks: []string{`class="notice"`, `lang="en" dir="ltr">Accessibility`},
		},
		{ // a fallback page: the original's text, marked, with a notice
			file: "fr/areas/smes/index.html",
			has: []string{
				`<html lang="fr" dir="ltr">`,
				`<p class="notice">Cette page n&#39;a pas encore été traduite`,
				`<h1 lang="en" dir="ltr">SMEs</h1>`,
				`<link rel="canonical" href="` + abs + `/areas/smes/">`,
				// the switcher marks untranslated targets
				`hreflang="ar"><span lang="ar" dir="rtl">العربية</span> <span class="meta">(non traduit)</span></a>`,
				`aria-current="true"><span lang="fr" dir="ltr">Français</span> <span class="meta">(non traduit)</span></a>`,
				`<a href="/iscsite/fr/areas/">Domaines</a>`, // the page's own furniture is French
			},
			lacks: []string{`rel="alternate" hreflang`},
		},
		{ // a translation without a body: the body is the original's, marked
			file: "ar/areas/accessibility/index.html",
			has: []string{
				`<html lang="ar" dir="rtl">`,
				`<h1>إمكانية النفاذ</h1>`,
				`<div class="prose" lang="en" dir="ltr"><p>Accessibility is a <em>shared</em> theme.</p>`,
				`<p class="notice">لم يُترجم النص الوارد أدناه بعد`,
			},
		},
		{ // an out-of-date translation says so, with the date and a link
			file: "fr/areas/environment/index.html",
			has: []string{
				`<h1>Environnement et CEM</h1>`,
				`L&#39;original a été modifié le <time datetime="2025-04-01">1er avril 2025</time>. <a href="/iscsite/areas/environment/" hreflang="en">Lire l&#39;original</a>`,
			},
		},
		{ // a table in Arabic: its furniture in Arabic, the titles marked English
			file: "ar/resolutions/index.html",
			has: []string{
				`<html lang="ar" dir="rtl">`,
				`<h1>القرارات</h1>`,
				`<span lang="en" dir="ltr">Telecommunication/ICT accessibility for persons with disabilities</span>`,
			},
		},
		{ // the sitemap lists real translations only, each with its alternates
			file: "sitemap.xml",
			has: []string{
				`<url><loc>` + abs + `/fr/areas/accessibility/</loc><lastmod>2025-03-01</lastmod><xhtml:link rel="alternate" hreflang="en" href="` + abs + `/areas/accessibility/"/><xhtml:link rel="alternate" hreflang="ar" href="` + abs + `/ar/areas/accessibility/"/><xhtml:link rel="alternate" hreflang="fr" href="` + abs + `/fr/areas/accessibility/"/><xhtml:link rel="alternate" hreflang="x-default" href="` + abs + `/areas/accessibility/"/></url>`,
				`<url><loc>` + abs + `/areas/smes/</loc></url>`,
			},
			lacks: []string{`/fr/areas/smes/`, `/ar/areas/environment/`},
		},
		{ // the translators' report, in the language, and its CSV
			file: "fr/translations/index.html",
			has: []string{
				`<a href="/iscsite/fr/areas/environment/" lang="en">Environment &amp; EMF</a></th><td><code>content/areas/environment.fr.md</code></td><td><code>body</code></td>`,
				`<li><a href="/iscsite/fr/areas/smes/" lang="en">SMEs</a></li>`,
			},
			lacks: []string{`/fr/areas/accessibility/`},
		},
		{
			file: "data/translations.csv",
			has: []string{
				"fr,areas/environment,content/areas/environment.md,content/areas/environment.fr.md,out of date,body\n",
				"fr,areas/smes,content/areas/smes.md,,missing,\n",
			},
			lacks: []string{"fr,areas/accessibility"},
		},
		{ // the downloads, the JSON in the page's language
			file: "fr/data/index.html",
			has:  []string{`<h1>Données</h1>`, `<a href="/iscsite/fr/data/correspondence.json">correspondence.json</a>`, `<a href="/iscsite/data/resolutions-list.csv">resolutions-list.csv</a>`},
		},
		{ // each language has its 404 page and its feed
			file: "ar/404.html",
			has:  []string{`<html lang="ar" dir="rtl">`, `<a href="/iscsite/ar/areas/">`},
		},
		{
			file: "fr/feed.xml",
			has:  []string{`xml:lang="fr"`, `<entry><title>Accessibilité</title>`, `<title xml:lang="en">Report on Resolution 191</title>`},
		},
	}
	for _, tt := range tests {
		got, ok := out[tt.file]
		if !ok {
			t.Errorf("%s: not built", tt.file)
			continue
		}
		for _, s := range tt.has {
			if !strings.Contains(got, s) {
				t.Errorf("%s lacks %s", tt.file, s)
			}
		}
		for _, s := range tt.lacks {
			if strings.Contains(got, s) {
				t.Errorf("%s has %s", tt.file, s)
			}
		}
	}
}
