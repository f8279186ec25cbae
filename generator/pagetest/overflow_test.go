package pagetest

import (
	"strings"
	"testing"

	"itu.int/iscsite/generator/internal/browsertest"
)

// TestNoPageScrollsSideways loads every page of the real site at each
// width: none is wider than the screen. (TestPages checks one page of each
// kind more closely; a long title or a wide table on one record shows only
// here.)
func TestNoPageScrollsSideways(t *testing.T) {
	site := buildSite(t, nil)
	srv := serve(t, site.Out)
	ctx := browsertest.New(t)
	var paths []string
	for _, f := range site.Files {
		if p, ok := strings.CutSuffix(f.Path, "index.html"); ok {
			paths = append(paths, "/"+p)
		}
	}
	if len(paths) < 100 {
		t.Fatalf("only %d pages in the build", len(paths))
	}
	for _, w := range widths {
		if err := browsertest.SetViewport(ctx, w, 900); err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
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
	t.Logf("%d pages at %v px", len(paths), widths)
}
