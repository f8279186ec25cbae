package pagetest

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"itu.int/iscsite/generator/internal/browsertest"
)

// TestFocus tabs into a page: the skip link comes first and shows on
// screen, with a focus outline; following it moves focus to the main
// content.
func TestFocus(t *testing.T) {
	site := buildSite(t, nil)
	srv := serve(t, site.Out)
	ctx := browsertest.New(t)
	for _, w := range widths {
		if err := browsertest.SetViewport(ctx, w, 900); err != nil {
			t.Fatal(err)
		}
		if err := browsertest.Navigate(ctx, srv.URL+"/areas/accessibility/"); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		type focus struct {
			Class   string  `json:"class"`
			Left    float64 `json:"left"`
			Top     float64 `json:"top"`
			Width   float64 `json:"width"`
			Outline string  `json:"outline"`
			Width0  string  `json:"outlineWidth"`
		}
		const js = `(() => { const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
			return {class: e.className, left: r.left, top: r.top, width: r.width, outline: s.outlineStyle, outlineWidth: s.outlineWidth}; })()`
		f, err := browsertest.Eval[focus](ctx, js)
		if err != nil {
			t.Fatal(err)
		}
		if f.Class != "skip" {
			t.Fatalf("at %d px, the first Tab focuses %q, not the skip link", w, f.Class)
		}
		if f.Left < 0 || f.Top < 0 || f.Left+f.Width > float64(w) {
			t.Errorf("at %d px, the focused skip link is off screen: %+v", w, f)
		}
		if f.Outline == "none" || f.Width0 == "0px" {
			t.Errorf("at %d px, the focused skip link has no outline: %+v", w, f)
		}
		if err := browsertest.Screenshot(ctx, filepath.Join(screenshotDir(t), fmt.Sprintf("focus-skip-%d.png", w))); err != nil {
			t.Error(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.KeyEvent("\r")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		id, err := browsertest.Eval[string](ctx, `document.activeElement.id`)
		if err != nil {
			t.Fatal(err)
		}
		if id != "main" {
			t.Errorf("at %d px, following the skip link focuses #%q, not #main", w, id)
		}
	}
}
