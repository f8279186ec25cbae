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
// the CSS and JavaScript it links (tens of kilobytes). A full table may
// weigh up to tableBudget: the Resolutions table has a cell per area and
// body, each with its Resolutions' titles, which other scripts write in
// twice the bytes and on Arabic pages each marked as running left to right.
const (
	pageBudget  = 60_000
	tableBudget = 80_000
)

// fullTables are the page kinds that show a whole table on one page.
var fullTables = map[string]bool{"resolutions": true, "mapping": true, "matrix": true, "by-area": true}

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
	kinds := map[string]string{}
	for _, pg := range site.Pages {
		kinds[pg.File()] = pg.Kind
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
		budget := pageBudget
		if fullTables[kinds[f.Path]] {
			budget = tableBudget
		}
		if n >= budget {
			t.Errorf("%s weighs %d bytes with its CSS and JavaScript; the budget is %d", f.Path, n, budget)
		}
	}
	slices.SortFunc(all, func(a, b weight) int { return b.bytes - a.bytes })
	var b strings.Builder
	for _, w := range all[:min(5, len(all))] {
		fmt.Fprintf(&b, "\n  %s: %d bytes", w.page, w.bytes)
	}
	t.Logf("%d HTML pages; the heaviest, with CSS and JS:%s", len(all), b.String())
}
