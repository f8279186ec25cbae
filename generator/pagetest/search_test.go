package pagetest

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/internal/browsertest"
	"itu.int/iscsite/generator/search"
)

// searchState is what the search page shows: its status line and results.
type searchState struct {
	Status string
	Q      string // the ?q= of the address
	Items  []searchItem
}

type searchItem struct {
	Kind, Title, Href, Lang string
	Marks                   []string
}

const searchStateJS = `(() => ({
	Status: document.getElementById('search-status').textContent,
	Q: new URL(location.href).searchParams.get('q') || '',
	Items: [...document.querySelectorAll('#search-results > li')].map(li => {
		const a = li.querySelector('.search-title a');
		return {Kind: li.querySelector('.search-kind').textContent, Title: a.textContent,
			Href: a.getAttribute('href'), Lang: a.closest('[lang]').lang,
			Marks: [...li.querySelectorAll('mark')].map(m => m.textContent)};
	}),
}))()`

// waitSearch waits until the status line says something: the page
// writes it once the results of the words typed last are shown (the
// caller empties it before typing).
func waitSearch(t *testing.T, ctx context.Context) searchState {
	t.Helper()
	const wait = `new Promise(done => { const t0 = Date.now(); (function poll() {
		if (document.getElementById('search-status').textContent || Date.now() - t0 > 8000) done(true); else setTimeout(poll, 25); })(); })`
	if _, err := browsertest.Eval[bool](ctx, wait); err != nil {
		t.Fatal(err)
	}
	s, err := browsertest.Eval[searchState](ctx, searchStateJS)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status == "" {
		t.Fatalf("the search page said nothing in 8 s (q=%q)", s.Q)
	}
	return s
}

func clearStatus(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := browsertest.Eval[chromedp.Void](ctx, `document.getElementById('search-status').textContent = ''`); err != nil {
		t.Fatal(err)
	}
}

// keys types into the focused element, as a keyboard does.
func keys(t *testing.T, ctx context.Context, s string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.KeyEvent(s)); err != nil {
		t.Fatal(err)
	}
}

// tabTo presses Tab until the focused element matches the CSS selector.
func tabTo(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	for range 60 {
		keys(t, ctx, "\t")
		ok, err := browsertest.Eval[bool](ctx, fmt.Sprintf(`document.activeElement.matches(%q)`, selector))
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			return
		}
	}
	t.Fatalf("60 Tabs never reach %s", selector)
}

func waitPath(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	// Polled from here, not by a script in the page: the page is being
	// replaced, and it may run no script.
	var got string
	for range 200 {
		p, err := browsertest.Eval[string](ctx, `document.readyState === 'complete' ? location.pathname : ''`)
		if err == nil && p == path {
			return
		}
		got = p
		time.Sleep(40 * time.Millisecond)
	}
	t.Fatalf("at %q, want %s", got, path)
}

// TestSearchByKeyboard searches the real site with the keyboard alone:
// from the header's box on the home page to the search page, a number, a
// Question, a Working Party, a French word; then from the results to a
// record's page.
func TestSearchByKeyboard(t *testing.T) {
	site := buildSite(t, nil)
	srv := serve(t, site.Out)
	ctx := browsertest.New(t)
	if err := browsertest.SetViewport(ctx, 1280, 900); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	tabTo(t, ctx, "#site-q")
	keys(t, ctx, "191\r")
	waitPath(t, ctx, "/search/")
	s := waitSearch(t, ctx)
	first := func(s searchState) searchItem {
		t.Helper()
		if len(s.Items) == 0 {
			t.Fatalf("q=%q: no results; status %q", s.Q, s.Status)
		}
		return s.Items[0]
	}
	if got := first(s); s.Q != "191" || !strings.Contains(got.Kind, "PP 191") || got.Href != "/resolutions/pp-191/" {
		t.Errorf("191: first result %+v (q=%q), want PP 191", got, s.Q)
	}
	if !strings.Contains(s.Status, fmt.Sprint(len(s.Items))) && len(s.Items) < 10 {
		t.Errorf("status %q does not give the count of %d results", s.Status, len(s.Items))
	}

	// The page's own box, by keyboard: Tab to it, erase, type.
	for _, c := range []struct{ typed, label, href string }{
		{"Q7/2", "ITU-D Q7/2", "/study-groups/itu-d-sg2/#q7-2"},
		{"WP 1C", "ITU-R WP 1C", "/study-groups/itu-r-sg1/#wp1c"},
		{"sg 17", "ITU-T SG17", "/study-groups/itu-t-sg17/"},
	} {
		if err := browsertest.Navigate(ctx, srv.URL+"/search/"); err != nil {
			t.Fatal(err)
		}
		tabTo(t, ctx, "#search-q")
		clearStatus(t, ctx)
		keys(t, ctx, c.typed)
		s := waitSearch(t, ctx)
		got := first(s)
		t.Logf("%q: %d results, first %q %q; status %q", c.typed, len(s.Items), got.Kind, got.Title, s.Status)
		if !strings.Contains(got.Kind, c.label) || got.Href != c.href {
			t.Errorf("%q: first result %+v, want %s at %s", c.typed, got, c.label, c.href)
		}
		if !slices.ContainsFunc(got.Marks, func(m string) bool { return strings.Contains(c.label, m) }) {
			t.Errorf("%q: nothing of %s is highlighted in %+v", c.typed, c.label, got)
		}
	}

	// From the results to the page: Tab past the filters to the first
	// result, Enter.
	tabTo(t, ctx, "#search-results a")
	keys(t, ctx, "\r")
	waitPath(t, ctx, "/study-groups/itu-t-sg17/")

	// A French word, on the French page, finds the French area.
	if err := browsertest.Navigate(ctx, srv.URL+"/fr/search/"); err != nil {
		t.Fatal(err)
	}
	tabTo(t, ctx, "#search-q")
	clearStatus(t, ctx)
	keys(t, ctx, "handicapées")
	s = waitSearch(t, ctx)
	got := first(s)
	t.Logf("handicapées: %d results, first %q; status %q", len(s.Items), got.Title, s.Status)
	if got.Href != "/fr/areas/accessibility/" || got.Title != "Accessibilité" || !slices.Contains(got.Marks, "handicapées") {
		t.Errorf("handicapées: first result %+v, want the French accessibility area with the word marked", got)
	}
	if !strings.HasPrefix(s.Status, "Résultats") {
		t.Errorf("French status %q", s.Status)
	}
	// An untranslated result is marked as English text.
	clearStatus(t, ctx)
	keys(t, ctx, strings.Repeat("\b", len([]rune("handicapées")))+"PP 191")
	s = waitSearch(t, ctx)
	if got := first(s); got.Href != "/fr/resolutions/pp-191/" || got.Lang != "en" {
		t.Errorf("PP 191 in French: first result %+v, want the French page of PP 191, its English title marked lang=en", got)
	}
	if err := browsertest.ScreenshotView(ctx, filepath.Join(screenshotDir(t), "search-fr-1280.png")); err != nil {
		t.Error(err)
	}
}

// TestSearchFilters: the kind and area filters narrow the results to
// what they say, from the same words.
func TestSearchFilters(t *testing.T) {
	site := buildSite(t, nil)
	srv := serve(t, site.Out)
	ctx := browsertest.New(t)
	for _, w := range widths {
		if err := browsertest.SetViewport(ctx, w, 900); err != nil {
			t.Fatal(err)
		}
		if err := browsertest.Navigate(ctx, srv.URL+"/search/?q=coordination"); err != nil {
			t.Fatal(err)
		}
		all := waitSearch(t, ctx)
		set := func(id, value string) searchState {
			t.Helper()
			clearStatus(t, ctx)
			js := fmt.Sprintf(`(s => { s.value = %q; s.dispatchEvent(new Event('change')); })(document.getElementById(%q))`, value, id)
			if _, err := browsertest.Eval[chromedp.Void](ctx, js); err != nil {
				t.Fatal(err)
			}
			return waitSearch(t, ctx)
		}
		res := set("search-kind", "resolution")
		count := func(s searchState) int {
			var n int
			fmt.Sscanf(s.Status[strings.LastIndexByte(s.Status, ' ')+1:], "%d", &n)
			return n
		}
		t.Logf("at %d px: coordination: %d results; Resolutions: %d", w, count(all), count(res))
		if count(res) == 0 || count(res) >= count(all) {
			t.Errorf("the kind filter left %d of %d results", count(res), count(all))
		}
		for _, it := range res.Items {
			if !strings.HasPrefix(it.Kind, "Resolution") {
				t.Errorf("kind filter Resolution shows %+v", it)
			}
		}
		area := site.Site.Areas[0]
		inArea := map[string]bool{}
		for _, r := range area.Resolutions {
			inArea[derive.URL(r)] = true
		}
		both := set("search-area", area.Slug)
		t.Logf("… in %s: %d", area.Slug, count(both))
		if count(both) == 0 || count(both) >= count(res) {
			t.Errorf("the area filter left %d of %d results", count(both), count(res))
		}
		for _, it := range both.Items {
			if !inArea[it.Href] {
				t.Errorf("area filter %s shows %+v, not a Resolution of the area", area.Slug, it)
			}
		}
		if err := browsertest.ScreenshotView(ctx, filepath.Join(screenshotDir(t), fmt.Sprintf("search-filtered-%d.png", w))); err != nil {
			t.Error(err)
		}
		vs, err := browsertest.Axe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			t.Errorf("at %d px, filtered results: %s", w, v)
		}
	}
}

// TestSearchWithoutScript: with JavaScript off, the header's box is a
// plain form: it opens the search page, which links the lists of every
// record, and the list of Resolutions has the one looked for.
func TestSearchWithoutScript(t *testing.T) {
	site := buildSite(t, nil)
	srv := serve(t, site.Out)
	ctx := browsertest.New(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.SetViewport(ctx, 390, 900); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.Navigate(ctx, srv.URL+"/areas/"); err != nil {
		t.Fatal(err)
	}
	tabTo(t, ctx, "#site-q")
	keys(t, ctx, "191\r")
	waitPath(t, ctx, "/search/")
	type page struct {
		Q, Value    string
		Filters     bool
		BrowseLinks []string
	}
	p, err := browsertest.Eval[page](ctx, `({Q: new URL(location.href).searchParams.get('q'),
		Value: document.getElementById('search-q').value,
		Filters: !document.querySelector('.search-filters').hidden,
		BrowseLinks: [...document.querySelectorAll('.search-browse a')].filter(a => a.offsetParent).map(a => a.getAttribute('href'))})`)
	if err != nil {
		t.Fatal(err)
	}
	if p.Q != "191" || p.Filters {
		t.Errorf("without script: %+v; want ?q=191 and no filters (they need the script)", p)
	}
	if !slices.Contains(p.BrowseLinks, "/resolutions/#by-body-h") || !slices.Contains(p.BrowseLinks, "/study-groups/") {
		t.Fatalf("without script the search page links %q; want the lists of every record", p.BrowseLinks)
	}
	if err := browsertest.ScreenshotView(ctx, filepath.Join(screenshotDir(t), "search-nojs-390.png")); err != nil {
		t.Error(err)
	}
	if err := browsertest.Navigate(ctx, srv.URL+"/resolutions/#by-body-h"); err != nil {
		t.Fatal(err)
	}
	has, err := browsertest.Eval[bool](ctx, `!!document.querySelector('#by-body-h ~ * a[href="/resolutions/pp-191/"], a[href="/resolutions/pp-191/"]')`)
	if err != nil {
		t.Fatal(err)
	}
	if !has {
		t.Error("the list of all Resolutions does not link PP 191")
	}
}

// TestSearchNormalisesAsTheIndex runs the script's fold, words and
// compact, and its choice of word file, on the strings that the index's
// Go code normalises: a word the two sides spell differently would never
// be found.
func TestSearchNormalisesAsTheIndex(t *testing.T) {
	site := buildSite(t, nil)
	srv := serve(t, site.Out)
	ctx := browsertest.New(t)
	if err := browsertest.Navigate(ctx, srv.URL+"/search/"); err != nil {
		t.Fatal(err)
	}
	cases := []string{
		"Accessibilité", "ÉLECTRONIQUE", "Œuvre", "Straße", "ﬁbre", "Ǆemal",
		"PP 191", "Q7/2", "q 7/2", "WP 1C", "SG17", "ITU-D Q7/2", "１２３", "Résolution 191 (Rév. Dubaï, 2018)",
		"الاتصالات", "الإتصالات", "أمن", "مدرسة", "مُدَرِّسَة", "على", "الـــاتصالات", "ٱلله", "مؤتمر", "ﻻ",
		"人工智能", "人工智能 AI 安全", "电", "中文Chinese混合", "１０Ｇ网络",
		"Кибербезопасность", "ЁЛКА", "İstanbul", "— · «»", "",
	}
	// Add every title of the real site, in every language.
	for _, r := range site.Site.Records() {
		m := r.Base()
		cases = append(cases, m.Title, m.Summary)
		for _, tr := range m.Translations {
			cases = append(cases, tr.Title, tr.Summary)
		}
	}
	type norm struct {
		Fold, Compact string
		Words         []string
		Files         []int
	}
	const n = 37
	for _, c := range cases {
		got, err := browsertest.Eval[norm](ctx, fmt.Sprintf(`(s => { const ws = iscSearch.words(s);
			return {Fold: iscSearch.fold(s), Compact: iscSearch.compact(s), Words: ws, Files: ws.map(w => iscSearch.fileOf(w, %d))}; })(%q)`, n, c))
		if err != nil {
			t.Fatal(err)
		}
		want := norm{Fold: search.Fold(c), Compact: search.Compact(c), Words: search.Words(c)}
		for _, w := range want.Words {
			want.Files = append(want.Files, search.FileOf(w, n))
		}
		if got.Fold != want.Fold || got.Compact != want.Compact || !slices.Equal(got.Words, want.Words) || !slices.Equal(got.Files, want.Files) {
			t.Errorf("%q: the script gives %+v, the index %+v", c, got, want)
		}
	}
}
