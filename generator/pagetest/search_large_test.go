package pagetest

import (
	"bytes"
	"compress/gzip"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"itu.int/iscsite/generator/build"
	"itu.int/iscsite/generator/internal/browsertest"
	"itu.int/iscsite/generator/output"
	"itu.int/iscsite/generator/synth"
)

// Limits of the index on a large site: what one search session may fetch,
// compressed as a server sends it, and what a language's index may hold.
const (
	maxSessionBytes = 300 << 10
	maxSearchBytes  = 100 << 10
	maxFileBytes    = 300 << 10
	maxIndexBytes   = 3 << 20
)

// TestSearchOnLargeSite builds a generated site of 10,000 records and
// searches it in the browser: no index file is over 300 KB compressed nor
// a language's index over 3 MB, each of three typical searches, typed a
// key at a time, fetches under 100 KB, and the three under 300 KB. It logs what each search
// fetched and how long the results took to show after a keystroke once
// the files were there.
func TestSearchOnLargeSite(t *testing.T) {
	src := t.TempDir()
	if err := synth.Generate(src, 10000, 1); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	dir, err := output.Open(out, src)
	if err != nil {
		t.Fatal(err)
	}
	res, err := build.Run(build.Options{Source: os.DirFS(src), Out: dir})
	dir.Close()
	if err != nil || !res.OK() {
		t.Fatalf("build: %v\n%s", err, res.Diags)
	}

	gz := map[string]int{} // site path → compressed size
	for _, lang := range []string{"", "fr/"} {
		files, _ := filepath.Glob(filepath.Join(out, lang+"search", "*.json"))
		total, largest, name := 0, 0, ""
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			n := gzipSize(data)
			rel, _ := filepath.Rel(out, f)
			gz["/"+filepath.ToSlash(rel)] = n
			total += n
			if n > largest {
				largest, name = n, rel
			}
			if n > maxFileBytes {
				t.Errorf("%s is %d bytes compressed, over %d", rel, n, maxFileBytes)
			}
		}
		t.Logf("index /%ssearch/: %d files, %d KB compressed in all; the largest %s, %d KB", lang, len(files), total>>10, name, largest>>10)
		if total > maxIndexBytes {
			t.Errorf("the index of /%ssearch/ is %d bytes compressed, over %d", lang, total, maxIndexBytes)
		}
	}

	srv := serve(t, out)
	ctx := browsertest.New(t)
	if err := browsertest.Navigate(ctx, srv.URL+"/search/"); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	fetched := func() (paths []string, bytes int) {
		names, err := browsertest.Eval[[]string](ctx, `performance.getEntriesByType('resource').map(e => e.name)`)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			u, err := url.Parse(n)
			if err != nil || !strings.HasPrefix(u.Path, "/search/") || seen[u.Path] {
				continue
			}
			seen[u.Path] = true
			paths = append(paths, strings.TrimPrefix(u.Path, "/search/"))
			bytes += gz[u.Path]
		}
		sort.Strings(paths)
		return paths, bytes
	}
	session := 0
	for _, q := range []string{"spectrum", "Q3/5", "satellite security"} {
		if _, err := browsertest.Eval[chromedp.Void](ctx, `(e => { e.value = ''; e.focus(); })(document.getElementById('search-q'))`); err != nil {
			t.Fatal(err)
		}
		clearStatus(t, ctx)
		keys(t, ctx, q)
		s := waitSearch(t, ctx)
		paths, n := fetched()
		session += n
		t.Logf("%q, typed a key at a time: %s; fetched %d files, %.1f KB compressed: %s", q, s.Status, len(paths), float64(n)/1024, strings.Join(paths, " "))
		if len(s.Items) == 0 {
			t.Errorf("%q finds nothing on the generated site", q)
		}
		if n > maxSearchBytes {
			t.Errorf("%q fetched %d bytes compressed; a typical search should fetch under %d", q, n, maxSearchBytes)
		}
	}
	t.Logf("the session of three searches fetched %.1f KB compressed", float64(session)/1024)
	if session > maxSessionBytes {
		t.Errorf("a session of three searches fetched %d bytes compressed, over %d", session, maxSessionBytes)
	}

	// Once its files are there, how soon a keystroke shows its results:
	// from the input event to the first result in the list.
	const timing = `(async () => {
		const input = document.getElementById('search-q'), list = document.getElementById('search-results');
		const took = [];
		for (const q of ['spe', 'spec', 'spect', 'spectrum', 'spectrum sat', 'spectrum sate', 'spectrum satellite', 'Q3/5']) {
			const t0 = performance.now();
			await new Promise(done => {
				const mo = new MutationObserver(() => { if (list.firstElementChild) { mo.disconnect(); done(); } });
				mo.observe(list, {childList: true});
				input.value = q;
				input.dispatchEvent(new Event('input'));
			});
			took.push(Math.round((performance.now() - t0) * 10) / 10);
		}
		return took;
	})()`
	if _, err := browsertest.Eval[[]float64](ctx, timing); err != nil { // fetches what it needs
		t.Fatal(err)
	}
	took, err := browsertest.Eval[[]float64](ctx, timing)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("keystroke to results, files fetched, ms: %v", took)
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}
