package pagetest

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"itu.int/iscsite/generator/internal/browsertest"
)

// TestResolutionTitles moves the keyboard focus to Resolutions in the
// correspondence table, at the table's start, its end edge and its last
// row: each shows its title, whole (no edge of the table's scroll region
// clips it) and on screen, and the title is part of the link's text, so
// that screen readers read it too.
func TestResolutionTitles(t *testing.T) {
	site := buildSite(t, nil)
	titles := map[string]string{}
	for _, r := range site.Site.Resolutions {
		titles[r.Slug] = r.Title
	}
	srv := serve(t, site.Out)
	ctx := browsertest.New(t)
	type tip struct {
		Href     string  `json:"href"`
		Text     string  `json:"text"`     // the tip's text
		Link     string  `json:"link"`     // the link's whole text
		Shown    bool    `json:"shown"`    // the tip is drawn, not clipped to a pixel
		OnTop    bool    `json:"onTop"`    // what the browser draws at the tip's centre is the tip: nothing clips or covers it
		OnScreen bool    `json:"onScreen"` // within the viewport
		Width    float64 `json:"width"`
	}
	// Which links: the first of the first row, the last of a row's last
	// cell, and the first of the last row.
	const pick = `(() => { const rows = [...document.querySelectorAll('#table-resolutions tbody tr')];
		const last = rows[rows.length - 1], first = rows[0];
		const endCell = rows.map(r => r.cells[r.cells.length - 1]).find(c => c.querySelector('a.tip'));
		return [first.querySelector('td a.tip'), [...endCell.querySelectorAll('a.tip')].pop(), last.querySelector('td a.tip')]
			.filter(Boolean).map(a => a.getAttribute('href')); })()`
	const measure = `(href => { const a = document.querySelector('#table-resolutions a.tip[href="' + href + '"]');
		a.focus(); const s = a.querySelector('.tip-text'), r = s.getBoundingClientRect();
		const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		const corners = [[r.left + 2, r.top + 2], [r.right - 2, r.top + 2], [r.left + 2, r.bottom - 2], [r.right - 2, r.bottom - 2]];
		const onTop = s.contains(hit) && corners.every(([x, y]) => s.contains(document.elementFromPoint(x, y)));
		const onScreen = r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
		return {href, text: s.textContent, link: a.textContent, shown: r.width > 40 && r.height > 10 && getComputedStyle(s).clipPath === 'none',
			onTop, onScreen, width: r.width}; })(%q)`
	for _, w := range widths {
		if err := browsertest.SetViewport(ctx, w, 900); err != nil {
			t.Fatal(err)
		}
		if err := browsertest.Navigate(ctx, srv.URL+"/resolutions/"); err != nil {
			t.Fatal(err)
		}
		// A key press first, so that the browser treats the focus
		// that follows as keyboard focus (:focus-visible).
		if _, err := chromedp.Run(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		hrefs, err := browsertest.Eval[[]string](ctx, pick)
		if err != nil {
			t.Fatal(err)
		}
		if len(hrefs) != 3 {
			t.Fatalf("at %d px: found %d of the 3 links to try: %v", w, len(hrefs), hrefs)
		}
		for _, href := range hrefs {
			got, err := browsertest.Eval[tip](ctx, fmt.Sprintf(measure, href))
			if err != nil {
				t.Fatal(err)
			}
			want := titles[path.Base(strings.TrimSuffix(href, "/"))]
			if want == "" {
				t.Fatalf("at %d px: %s is not a Resolution's page", w, href)
			}
			if !strings.HasPrefix(got.Text, want) || !strings.Contains(got.Link, want) {
				t.Errorf("at %d px, %s: tip %q, link text %q; want the title %q in both", w, href, got.Text, got.Link, want)
			}
			if !got.Shown || !got.OnTop || !got.OnScreen {
				t.Errorf("at %d px, %s: tip shown %v, whole and on top %v, on screen %v (%.0f px wide)", w, href, got.Shown, got.OnTop, got.OnScreen, got.Width)
			}
			if href == hrefs[1] {
				if err := browsertest.ScreenshotView(ctx, filepath.Join(screenshotDir(t), fmt.Sprintf("tip-%d.png", w))); err != nil {
					t.Error(err)
				}
			}
			// Without the focus, the title is visually hidden again.
			hidden, err := browsertest.Eval[bool](ctx, fmt.Sprintf(`(href => { document.activeElement.blur();
				const s = document.querySelector('#table-resolutions a.tip[href="' + href + '"] .tip-text');
				return s.getBoundingClientRect().width <= 1; })(%q)`, href))
			if err != nil {
				t.Fatal(err)
			}
			if !hidden {
				t.Errorf("at %d px, %s: the tip stays shown after the focus leaves", w, href)
			}
		}
	}
}
