package pagetest

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"itu.int/iscsite/generator/internal/browsertest"
)

// TestPagesInOtherLanguages loads one page of each type in French and in
// Arabic (right to left) at each width: axe-core must find no WCAG 2.1
// A/AA violation, and the page must say its language and direction. It
// writes a screenshot of each.
func TestPagesInOtherLanguages(t *testing.T) {
	site := buildSite(t, nil)
	srv := serve(t, site.Out)
	shots := screenshotDir(t)
	for _, lang := range []struct{ code, dir string }{{"fr", "ltr"}, {"ar", "rtl"}} {
		// A browser per language: each has a few minutes to live.
		t.Run(lang.code, func(t *testing.T) {
			ctx := browsertest.New(t)
			for _, w := range widths {
				if err := browsertest.SetViewport(ctx, w, 900); err != nil {
					t.Fatal(err)
				}
				for _, p := range pages {
					path := "/" + lang.code + p.path
					if err := browsertest.Navigate(ctx, srv.URL+path); err != nil {
						t.Fatal(err)
					}
					type html struct{ Lang, Dir string }
					h, err := browsertest.Eval[html](ctx, `({Lang: document.documentElement.lang, Dir: document.documentElement.dir})`)
					if err != nil {
						t.Fatal(err)
					}
					if h.Lang != lang.code || h.Dir != lang.dir {
						t.Errorf("%s: <html lang=%q dir=%q>, want lang=%q dir=%q", path, h.Lang, h.Dir, lang.code, lang.dir)
					}
					file := filepath.Join(shots, fmt.Sprintf("%s-%s-%d.png", lang.code, p.kind, w))
					if err := browsertest.Screenshot(ctx, file); err != nil {
						t.Error(err)
					}
					vs, err := browsertest.Axe(ctx)
					if err != nil {
						t.Fatal(err)
					}
					for _, v := range vs {
						t.Errorf("%s at %d px: %s", path, w, v)
					}
				}
			}
		})
	}
}

// TestArabicTablesReadRightToLeft: in Arabic, the first column of the
// Resolutions table (the areas) is the rightmost, and the bodies follow
// leftwards in their order.
func TestArabicTablesReadRightToLeft(t *testing.T) {
	site := buildSite(t, nil)
	srv := serve(t, site.Out)
	ctx := browsertest.New(t)
	for _, w := range widths {
		if err := browsertest.SetViewport(ctx, w, 900); err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"", "/ar"} {
			if err := browsertest.Navigate(ctx, srv.URL+lang+"/resolutions/"); err != nil {
				t.Fatal(err)
			}
			// The left edge of each cell of the first row, in order.
			lefts, err := browsertest.Eval[[]float64](ctx, `[...document.querySelector('#table-resolutions tbody tr').children].map(c => c.getBoundingClientRect().left)`)
			if err != nil {
				t.Fatal(err)
			}
			if len(lefts) < 3 {
				t.Fatalf("%s/resolutions/: the first row has %d cells", lang, len(lefts))
			}
			for i := 1; i < len(lefts); i++ {
				if rtl := lang == "/ar"; rtl != (lefts[i] < lefts[i-1]) {
					t.Errorf("%s/resolutions/ at %d px: cell %d starts at %.0f px, cell %d at %.0f px (right to left: %v)", lang, w, i-1, lefts[i-1], i, lefts[i], rtl)
				}
			}
		}
		if err := browsertest.ScreenshotView(ctx, filepath.Join(screenshotDir(t), fmt.Sprintf("ar-resolutions-view-%d.png", w))); err != nil {
			t.Error(err)
		}
	}
}

// TestLanguageSwitcherByKeyboard tabs from the top of a French page to the
// switcher's Arabic link, which shows its focus, and follows it with Enter:
// the same page in Arabic opens.
func TestLanguageSwitcherByKeyboard(t *testing.T) {
	site := buildSite(t, nil)
	srv := serve(t, site.Out)
	ctx := browsertest.New(t)
	for _, w := range widths {
		if err := browsertest.SetViewport(ctx, w, 900); err != nil {
			t.Fatal(err)
		}
		if err := browsertest.Navigate(ctx, srv.URL+"/fr/areas/accessibility/"); err != nil {
			t.Fatal(err)
		}
		type focus struct {
			Hreflang, Outline string
			InSwitcher        bool
			Left, Right, Top  float64
		}
		const js = `(() => { const e = document.activeElement, r = e.getBoundingClientRect();
			return {Hreflang: e.getAttribute('hreflang') || '', InSwitcher: !!e.closest('.lang-nav'),
				Outline: getComputedStyle(e).outlineStyle, Left: r.left, Right: r.right, Top: r.top}; })()`
		var f focus
		tabs := 0
		for ; tabs < 40; tabs++ {
			if _, err := chromedp.Run(ctx, chromedp.KeyEvent("\t")); err != nil {
				t.Fatal(err)
			}
			var err error
			if f, err = browsertest.Eval[focus](ctx, js); err != nil {
				t.Fatal(err)
			}
			if f.InSwitcher && f.Hreflang == "ar" {
				break
			}
		}
		if !f.InSwitcher || f.Hreflang != "ar" {
			t.Fatalf("at %d px, 40 Tabs never reach the switcher's Arabic link", w)
		}
		if f.Outline == "none" || f.Left < 0 || f.Right > float64(w) || f.Top < 0 {
			t.Errorf("at %d px, the focused Arabic link is not shown with its focus: %+v", w, f)
		}
		if err := browsertest.ScreenshotView(ctx, filepath.Join(screenshotDir(t), fmt.Sprintf("focus-switcher-%d.png", w))); err != nil {
			t.Error(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.KeyEvent("\r")); err != nil {
			t.Fatal(err)
		}
		var at string
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			at, _ = browsertest.Eval[string](ctx, `location.pathname + ' ' + document.documentElement.lang + ' ' + document.readyState`)
			if at == "/ar/areas/accessibility/ ar complete" {
				break
			}
		}
		if at != "/ar/areas/accessibility/ ar complete" {
			t.Errorf("at %d px, Enter on the Arabic link (after %d Tabs) leads to %q", w, tabs+1, at)
		}
	}
}
