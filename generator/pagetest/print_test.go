package pagetest

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"itu.int/iscsite/generator/internal/browsertest"
)

// TestPrint renders the tables for print: no navigation, no filter box,
// tables whole (not clipped by their scroll region).
func TestPrint(t *testing.T) {
	site := buildSite(t, nil)
	srv := serve(t, site.Out)
	ctx := browsertest.New(t)
	if err := browsertest.SetViewport(ctx, 1280, 900); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	shots := screenshotDir(t)
	for _, path := range []string{"/resolutions/", "/resolutions/pp-191/"} {
		if err := browsertest.Navigate(ctx, srv.URL+path); err != nil {
			t.Fatal(err)
		}
		type printState struct {
			Shown   []string `json:"shown"`   // screen-only parts still shown
			Clipped []string `json:"clipped"` // scroll regions that clip their table
		}
		s, err := browsertest.Eval[printState](ctx, `({
			shown: [...document.querySelectorAll('.site-nav, .skip, .filter, .crumbs')].filter(e => getComputedStyle(e).display !== 'none').map(e => e.className),
			clipped: [...document.querySelectorAll('.scroll')].filter(r => r.scrollHeight > r.clientHeight + 1).map(r => r.querySelector('table').id),
		})`)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Shown) > 0 {
			t.Errorf("%s in print: screen-only parts shown: %q", path, s.Shown)
		}
		if len(s.Clipped) > 0 {
			t.Errorf("%s in print: tables clipped by their scroll region: %q", path, s.Clipped)
		}
		name := strings.Trim(strings.ReplaceAll(path, "/", "-"), "-")
		if err := browsertest.Screenshot(ctx, filepath.Join(shots, "print-"+name+".png")); err != nil {
			t.Error(err)
		}
	}
}
