package pagetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"itu.int/iscsite/generator/internal/browsertest"
)

// pages are the pages the browser tests load: one of each page type.
var pages = []struct{ kind, path string }{
	{"home", "/"},
	{"area", "/areas/accessibility/"},
	{"resolution", "/resolutions/pp-191/"},
	{"study-group", "/study-groups/itu-d-sg1/"},
	{"resolutions-table", "/resolutions/"},
	{"body", "/resolutions/pp/"},
	{"study-groups", "/study-groups/"},
	{"mapping-table", "/study-groups/itu-d-itu-r/"},
	{"matrix", "/study-groups/matrix/itu-r-itu-t/"},
	{"by-area", "/study-groups/by-area/"},
	{"areas", "/areas/"},
	{"groups", "/groups/"},
	{"group", "/groups/iscg/"},
	{"documents", "/documents/"},
	{"document", "/documents/council-2019-report-resolution-191/"},
	{"page", "/pages/about/"},
	{"data", "/data/"},
	{"search", "/search/?q=accessibility"},
	{"404", "/404.html"},
}

// tablePages are the pages of the real site's derived tables.
var tablePages = []string{"/resolutions/", "/study-groups/itu-d-itu-r/", "/study-groups/itu-t-itu-r/", "/study-groups/itu-d-itu-t/",
	"/study-groups/matrix/itu-r-itu-t/", "/study-groups/matrix/itu-r-itu-d/", "/study-groups/matrix/itu-t-itu-d/", "/study-groups/by-area/"}

// widths are a desktop window and a phone, in CSS pixels.
var widths = []int{1280, 390}

// schemes are the values of prefers-color-scheme the pages are tested in.
var schemes = []string{"light", "dark"}

// screenshotDir is where the screenshots go: $SCREENSHOT_DIR, or
// testdata/screenshots-out (ignored by git).
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join("testdata", "screenshots-out")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// colorScheme emulates prefers-color-scheme for the pages loaded next.
func colorScheme(ctx context.Context, scheme string) error {
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	return err
}

// TestPages loads one page of each type at each width, in each colour
// scheme: the page must not scroll sideways and axe-core must find no
// WCAG 2.1 A/AA violation. It writes a screenshot of each and logs the
// axe results per page type.
func TestPages(t *testing.T) {
	site := buildSite(t, nil)
	srv := serve(t, site.Out)
	ctx := browsertest.New(t)
	shots := screenshotDir(t)
	t.Logf("screenshots: %s", shots)

	type result struct {
		violations int
		err        bool
	}
	results := map[string]result{} // "kind/width/scheme"
	for _, scheme := range schemes {
		if err := colorScheme(ctx, scheme); err != nil {
			t.Fatal(err)
		}
		for _, w := range widths {
			if err := browsertest.SetViewport(ctx, w, 900); err != nil {
				t.Fatal(err)
			}
			for _, p := range pages {
				name := fmt.Sprintf("%s/%d/%s", p.kind, w, scheme)
				t.Run(name, func(t *testing.T) {
					if err := browsertest.Navigate(ctx, srv.URL+p.path); err != nil {
						t.Fatal(err)
					}
					sw, vw, err := browsertest.HorizontalOverflow(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if sw > vw {
						t.Errorf("%s scrolls sideways at %d px: content %d px wide, viewport %d px", p.path, w, sw, vw)
					}
					if w < 600 && vw != w {
						t.Errorf("%s: layout viewport is %d px wide at a phone width of %d px (meta viewport?)", p.path, vw, w)
					}
					file := filepath.Join(shots, fmt.Sprintf("%s-%d-%s.png", p.kind, w, scheme))
					if err := browsertest.Screenshot(ctx, file); err != nil {
						t.Error(err)
					}
					vs, err := browsertest.Axe(ctx)
					if err != nil {
						results[name] = result{err: true}
						t.Fatal(err)
					}
					results[name] = result{violations: len(vs)}
					for _, v := range vs {
						t.Errorf("%s: axe: %s", p.path, v)
					}
				})
			}
		}
	}

	// The numbers for the record: axe violations per page type, width and
	// scheme.
	var b strings.Builder
	fmt.Fprintf(&b, "axe-core WCAG 2.1 A/AA violations per page type:\n%-18s", "page type")
	for _, scheme := range schemes {
		for _, w := range widths {
			fmt.Fprintf(&b, " %12s", fmt.Sprintf("%d %s", w, scheme))
		}
	}
	b.WriteString("\n")
	for _, p := range pages {
		fmt.Fprintf(&b, "%-18s", p.kind)
		for _, scheme := range schemes {
			for _, w := range widths {
				r, ok := results[fmt.Sprintf("%s/%d/%s", p.kind, w, scheme)]
				cell := "not run"
				switch {
				case r.err:
					cell = "error"
				case ok:
					cell = fmt.Sprint(r.violations)
				}
				fmt.Fprintf(&b, " %12s", cell)
			}
		}
		b.WriteString("\n")
	}
	t.Log(b.String())
}

// filterState is what the page shows of one filtered table.
type filterState struct {
	Rows    int      `json:"rows"`    // rows in the table body
	Visible int      `json:"visible"` // rows that take up space on screen
	Wrong   []string `json:"wrong"`   // rows shown without the word, or hidden with it
	Status  string   `json:"status"`  // the text of the filter's live region
	BoxShow bool     `json:"boxShow"` // the filter box is on screen
}

// filterStateJS measures the table of the filter input #%q for the word %q.
const filterStateJS = `(() => {
	const input = document.getElementById(%q);
	const box = input.closest('.filter');
	const table = document.getElementById(input.dataset.filter);
	const word = %q.toLowerCase();
	const rows = [...table.tBodies[0].rows];
	const shown = r => r.getClientRects().length > 0;
	const text = r => [...r.cells].map(c => c.textContent).join(' ').toLowerCase();
	return {
		rows: rows.length,
		visible: rows.filter(shown).length,
		wrong: rows.filter(r => word && shown(r) !== text(r).includes(word)).map(r => r.id || r.cells[0].textContent),
		status: (box.querySelector('output') || {}).textContent || '',
		boxShow: box.getClientRects().length > 0,
	};
})()`

// filterWordsJS lists the page's filter inputs with, for each, a word of
// its table's row headers that some rows contain and others do not.
const filterWordsJS = `[...document.querySelectorAll('.filter input')].map(input => {
	const rows = [...document.getElementById(input.dataset.filter).tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent).join(' ').toLowerCase());
	const words = rows.flatMap(t => t.match(/[a-z]{4,}/g) || []);
	const word = words.find(w => { const n = rows.filter(t => t.includes(w)).length; return n > 0 && n < rows.length; }) || '';
	return {id: input.id, word};
})`

// tableRows counts the body rows of each filtered table in the build.
func tableRows(site *builtSite) map[string]int {
	n := map[string]int{
		"filter-table-resolutions": len(site.Tables.Resolutions.Rows),
		"filter-by-area":           len(site.Tables.ByArea.Rows),
	}
	for _, m := range site.Tables.Mappings {
		n["filter-"+m.ID] = len(m.Rows)
	}
	return n
}

// TestFilter types into every table filter: the rows shown are exactly
// those containing the word, fewer than all, and the live region says how
// many. Clearing the box brings every row back. With JavaScript off,
// every row is there and the filter box is not.
func TestFilter(t *testing.T) {
	site := buildSite(t, nil)
	srv := serve(t, site.Out)
	ctx := browsertest.New(t)
	if err := browsertest.SetViewport(ctx, 390, 900); err != nil {
		t.Fatal(err)
	}
	want := tableRows(site)
	paths := tablePages
	tested := map[string]bool{}

	for _, path := range paths {
		if err := browsertest.Navigate(ctx, srv.URL+path); err != nil {
			t.Fatal(err)
		}
		type filter struct{ ID, Word string }
		filters, err := browsertest.Eval[[]filter](ctx, filterWordsJS)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range filters {
			t.Run("js/"+f.ID, func(t *testing.T) {
				tested[f.ID] = true
				rows, ok := want[f.ID]
				if !ok {
					t.Fatalf("%s: filter #%s is for no table the build knows", path, f.ID)
				}
				if f.Word == "" {
					t.Fatalf("no word of the table tells its rows apart")
				}
				before, err := browsertest.Eval[filterState](ctx, fmt.Sprintf(filterStateJS, f.ID, ""))
				if err != nil {
					t.Fatal(err)
				}
				if !before.BoxShow {
					t.Fatalf("filter box #%s is hidden with JavaScript on", f.ID)
				}
				if before.Rows != rows || before.Visible != rows {
					t.Fatalf("before typing: %d rows, %d visible; the build has %d", before.Rows, before.Visible, rows)
				}
				if _, err := chromedp.Run(ctx, chromedp.SendKeys("#"+f.ID, f.Word)); err != nil {
					t.Fatal(err)
				}
				after, err := browsertest.Eval[filterState](ctx, fmt.Sprintf(filterStateJS, f.ID, f.Word))
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%q: %d of %d rows shown; status %q", f.Word, after.Visible, after.Rows, after.Status)
				if after.Visible == 0 || after.Visible >= after.Rows {
					t.Errorf("typing %q left %d of %d rows; want some, not all", f.Word, after.Visible, after.Rows)
				}
				if len(after.Wrong) > 0 {
					t.Errorf("typing %q: rows shown without it or hidden with it: %q", f.Word, after.Wrong)
				}
				if !strings.Contains(after.Status, fmt.Sprintf("%d of %d", after.Visible, after.Rows)) {
					t.Errorf("status %q does not say %d of %d rows are shown", after.Status, after.Visible, after.Rows)
				}
				clear := fmt.Sprintf(`(e => { e.value = ''; e.dispatchEvent(new Event('input')); })(document.getElementById(%q))`, f.ID)
				if _, err := browsertest.Eval[chromedp.Void](ctx, clear); err != nil {
					t.Fatal(err)
				}
				cleared, err := browsertest.Eval[filterState](ctx, fmt.Sprintf(filterStateJS, f.ID, ""))
				if err != nil {
					t.Fatal(err)
				}
				if cleared.Visible != rows || cleared.Status != "" {
					t.Errorf("after clearing: %d of %d rows visible, status %q", cleared.Visible, rows, cleared.Status)
				}
			})
		}
	}
	for id := range want {
		if !tested[id] {
			t.Errorf("no filter box #%s on %v", id, paths)
		}
	}

	// Without JavaScript, in a tab of its own.
	noJS, cancel := chromedp.NewContext(ctx)
	defer cancel()
	if _, err := chromedp.Call(noJS, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.SetViewport(noJS, 390, 900); err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		if err := browsertest.Navigate(noJS, srv.URL+path); err != nil {
			t.Fatal(err)
		}
		for id, rows := range want {
			found, err := browsertest.Eval[bool](noJS, fmt.Sprintf(`!!document.getElementById(%q)`, id))
			if err != nil {
				t.Fatal(err)
			}
			if !found {
				continue
			}
			t.Run("nojs/"+id, func(t *testing.T) {
				s, err := browsertest.Eval[filterState](noJS, fmt.Sprintf(filterStateJS, id, ""))
				if err != nil {
					t.Fatal(err)
				}
				if s.BoxShow {
					t.Errorf("filter box #%s is shown without JavaScript", id)
				}
				if s.Rows != rows || s.Visible != rows {
					t.Errorf("without JavaScript: %d rows, %d visible; the build has %d", s.Rows, s.Visible, rows)
				}
			})
		}
	}
}

// TestStickyHeader scrolls each table's region on a phone: the header row
// stays at the top of the region and the row headers at its start. A
// mapping table is stacked there instead, one row under another, and then
// nothing in it may need scrolling sideways. In every table, no cell's
// text runs past its edge (a long word in a narrow column), and the
// caption stays whole in the region.
func TestStickyHeader(t *testing.T) {
	site := buildSite(t, nil)
	srv := serve(t, site.Out)
	ctx := browsertest.New(t)
	if err := browsertest.SetViewport(ctx, 390, 700); err != nil {
		t.Fatal(err)
	}
	type tableState struct {
		ID        string   `json:"id"`
		Label     string   `json:"label"`     // the region's accessible name source
		Focusable bool     `json:"focusable"` // the region takes keyboard focus
		ScrollX   bool     `json:"scrollX"`   // the region scrolled sideways
		ScrollY   bool     `json:"scrollY"`   // the region scrolled down
		HeadTop   float64  `json:"headTop"`   // header cell top − region top, after scrolling down
		RowStart  float64  `json:"rowStart"`  // row header left − region left, after scrolling sideways
		Mapping   bool     `json:"mapping"`   // a mapping table, which a phone shows stacked
		Stacked   bool     `json:"stacked"`   // the table's rows are blocks
		Overflow  float64  `json:"overflow"`  // table width − region width
		CaptionIn bool     `json:"captionIn"` // the caption's text is whole in the region, after scrolling sideways
		Spilled   []string `json:"spilled"`   // cells whose text runs past their edge (a long word)
	}
	const js = `const stackedNow = table => getComputedStyle(table.tBodies[0].rows[0]).display === 'block';
	[...document.querySelectorAll('.scroll')].map(r => {
		const table = r.querySelector('table');
		const box = r.getBoundingClientRect();
		const inner = r.clientTop;
		r.scrollTop = 0; r.scrollLeft = 0;
		r.scrollTop = 120;
		const scrollY = r.scrollTop > 0;
		const head = table.tHead.rows[table.tHead.rows.length - 1].cells[0];
		const headTop = head.getBoundingClientRect().top - box.top - inner;
		r.scrollTop = 0;
		r.scrollLeft = 150;
		const scrollX = r.scrollLeft > 0;
		const rowHead = table.tBodies[0].rows[0].cells[0];
		const rowStart = rowHead.getBoundingClientRect().left - box.left - r.clientLeft;
		const cap = table.caption.firstElementChild.getBoundingClientRect();
		const cells = [...table.querySelectorAll(stackedNow(table) ? 'tbody th, tbody td' : 'th, td')];
		const spilled = cells.filter(c => {
			// The cell's visible text, without visually hidden labels and tips.
			const b = c.getBoundingClientRect(), s = getComputedStyle(c);
			const walk = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
			for (let n; (n = walk.nextNode());) {
				if (n.parentElement.closest('.tip-text, .vh')) continue;
				const r = document.createRange();
				r.selectNodeContents(n);
				for (const t of r.getClientRects()) {
					if (t.right > b.right - parseFloat(s.paddingRight) + 1 || t.left < b.left + parseFloat(s.paddingLeft) - 1) return true;
				}
			}
			return false;
		}).map(c => c.textContent.trim().slice(0, 40));
		const captionIn = cap.left >= box.left - 1 && cap.right <= box.left + r.clientLeft + r.clientWidth + 1;
		r.scrollLeft = 0;
		const label = document.getElementById(r.getAttribute('aria-labelledby'));
		const stacked = getComputedStyle(table.tBodies[0].rows[0]).display === 'block';
		return {id: table.id, label: label ? label.textContent : '', focusable: r.tabIndex === 0,
			scrollX, scrollY, headTop, rowStart, stacked, captionIn, spilled, mapping: table.classList.contains('mapping'), overflow: table.scrollWidth - r.clientWidth};
	})`
	for _, path := range tablePages {
		if err := browsertest.Navigate(ctx, srv.URL+path); err != nil {
			t.Fatal(err)
		}
		tables, err := browsertest.Eval[[]tableState](ctx, js)
		if err != nil {
			t.Fatal(err)
		}
		if len(tables) == 0 {
			t.Fatalf("%s: no scroll regions", path)
		}
		for _, s := range tables {
			if s.Label == "" || !s.Focusable {
				t.Errorf("%s #%s: region label %q, focusable %v; want a label and tabindex=0", path, s.ID, s.Label, s.Focusable)
			}
			if len(s.Spilled) > 0 {
				t.Errorf("%s #%s: text runs out of %d cells: %q", path, s.ID, len(s.Spilled), s.Spilled)
			}
			if !s.CaptionIn {
				t.Errorf("%s #%s: the caption's text runs past the region's edge after scrolling sideways", path, s.ID)
			}
			if s.Mapping != s.Stacked {
				t.Errorf("%s #%s: mapping table %v, stacked %v; on a phone mapping tables and only they are stacked", path, s.ID, s.Mapping, s.Stacked)
			}
			if s.Stacked {
				if s.Overflow > 1 || s.ScrollX {
					t.Errorf("%s #%s: stacked table %.0f px wider than its region", path, s.ID, s.Overflow)
				}
				t.Logf("%s #%s: stacked", path, s.ID)
				continue
			}
			// A header row above the region's top by more than its border
			// has scrolled away; the second header row of a two-row head
			// sits below the first.
			if s.ScrollY && (s.HeadTop < -1 || s.HeadTop > 80) {
				t.Errorf("%s #%s: header cell %.0f px from the region's top after scrolling down; want it stuck there", path, s.ID, s.HeadTop)
			}
			if s.ScrollX && (s.RowStart < -1 || s.RowStart > 1) {
				t.Errorf("%s #%s: row header %.0f px from the region's start after scrolling sideways; want it stuck there", path, s.ID, s.RowStart)
			}
			t.Logf("%s #%s: scrolls down %v (header at %.0f px), sideways %v (row header at %.0f px)", path, s.ID, s.ScrollY, s.HeadTop, s.ScrollX, s.RowStart)
		}
	}
}
