package pagetest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// pageBudget is the most bytes a page may weigh, uncompressed: its HTML and
// the CSS and JavaScript it links (SPEC §7: tens of kilobytes).
const pageBudget = 60_000

var assetRef = regexp.MustCompile(`<(?:link rel="stylesheet" href|script src)="([^"]+)"`)

// TestPageSize weighs every HTML page with the CSS and JavaScript it links,
// and logs the page count and the heaviest pages.
func TestPageSize(t *testing.T) {
	site := buildSite(t, nil)
	base := site.Site.Config.BasePath
	type weight struct {
		page  string
		bytes int
	}
	var all []weight
	for _, f := range site.Files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		n := len(f.Data)
		for _, m := range assetRef.FindAllSubmatch(f.Data, -1) {
			ref := string(m[1])
			rel, ok := strings.CutPrefix(ref, base)
			if !ok {
				t.Errorf("%s links %s, outside the base path %s", f.Path, ref, base)
				continue
			}
			b, err := os.ReadFile(filepath.Join(site.Out, filepath.FromSlash(rel)))
			if err != nil {
				t.Errorf("%s links %s: %v", f.Path, ref, err)
				continue
			}
			n += len(b)
		}
		all = append(all, weight{f.Path, n})
		if n >= pageBudget {
			t.Errorf("%s weighs %d bytes with its CSS and JavaScript; the budget is %d", f.Path, n, pageBudget)
		}
	}
	slices.SortFunc(all, func(a, b weight) int { return b.bytes - a.bytes })
	var b strings.Builder
	for _, w := range all[:min(5, len(all))] {
		fmt.Fprintf(&b, "\n  %s: %d bytes", w.page, w.bytes)
	}
	t.Logf("%d HTML pages; the heaviest, with CSS and JS:%s", len(all), b.String())
}
