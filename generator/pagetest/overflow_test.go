package pagetest

import (
	"strings"
	"testing"

	"itu.int/iscsite/generator/internal/browsertest"
)

// TestNoPageScrollsSideways loads every page of the real site in every
// language at each width: none is wider than the screen. (TestPages checks
// one page of each kind more closely; a long title or a wide table on one
// record shows only here.)
func TestNoPageScrollsSideways(t *testing.T) {
	site := buildSite(t, nil)
	srv := serve(t, site.Out)
	def := site.Site.Config.DefaultLanguage
	paths := map[string][]string{}
	var langs []string
	for _, pg := range site.Pages {
		p, ok := strings.CutSuffix(pg.File(), "index.html")
		if !ok {
			continue
		}
		if paths[pg.Lang] == nil {
			langs = append(langs, pg.Lang)
		}
		paths[pg.Lang] = append(paths[pg.Lang], "/"+p)
	}
	if len(paths[def]) < 100 || len(langs) < 6 {
		t.Fatalf("only %d pages in %d languages in the build", len(paths[def]), len(langs))
	}
	for _, lang := range langs {
		// A browser per language: each has a few minutes to live.
		t.Run(lang, func(t *testing.T) {
			ctx := browsertest.New(t)
			for _, w := range widths {
				if err := browsertest.SetViewport(ctx, w, 900); err != nil {
					t.Fatal(err)
				}
				for _, p := range paths[lang] {
					if err := browsertest.Navigate(ctx, srv.URL+p); err != nil {
						t.Fatal(err)
					}
					sw, vw, err := browsertest.HorizontalOverflow(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if sw > vw {
						t.Errorf("%s scrolls sideways at %d px: content %d px wide", p, w, sw)
					}
				}
			}
			t.Logf("%d pages at %v px", len(paths[lang]), widths)
		})
	}
}
