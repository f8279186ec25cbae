package serve

import (
	"fmt"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"itu.int/iscsite/generator/synth"
)

// BenchmarkSaveToReload measures watch mode as an editor feels it, on a
// generated site of 10,000 records: the time from saving one record (an
// atomic save) to the moment its page is served with the change. Each
// run is 50 edits of records drawn at random, half a change of the body,
// half of the title, seen two ways: by a browser that holds the page's
// event stream (the time until the page, fetched when "reload" comes,
// shows the edit), and by a client with no event stream that polls the
// page over HTTP. Then 20 edits that change what links records (a
// Resolution's areas), which link the whole site again, and 5 edits of
// a layout every Resolution page uses. A next edit waits until the
// rebuild is over.
//
//	go test ./generator/serve -run '^$' -bench SaveToReload -benchtime 1x
//
// It reports the median and the 99th percentile (nearest rank), in ms, of
// each, and of the whole rebuild.
func BenchmarkSaveToReload(b *testing.B) {
	n := 10000
	root := b.TempDir()
	if err := synth.Generate(root, n, 1); err != nil {
		b.Fatal(err)
	}
	ts := startServer(b, root, func(o *Options, _ *server) { o.Quiet = defaultQuiet })
	e := editor{b, root}
	rnd := rand.New(rand.NewPCG(7, 11))

	var records []string
	for _, kind := range []string{"areas", "resolutions", "study-groups", "groups", "documents"} {
		entries, _ := os.ReadDir(filepath.Join(root, "content", kind))
		for _, en := range entries {
			records = append(records, "content/"+kind+"/"+en.Name())
		}
	}
	titleRE := regexp.MustCompile(`title = "`)
	edit := func(i int, f string) (string, string) {
		src := e.read(f)
		marker := fmt.Sprintf("Edit %d, number %d", i, rnd.IntN(1e9))
		if i%2 == 0 && !strings.HasSuffix(f, ".toml") { // .toml has fields only, no body: its title then
			return src + "\n" + marker + " of the body.\n", marker
		}
		return titleRE.ReplaceAllString(src, `title = "`+marker+`: `), marker
	}

	var ms0 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	b.Logf("live heap after the first build: %d MB", ms0.HeapAlloc>>20)
	for b.Loop() {
		var told, shown, polled, done, link, linkDone, layout, layoutDone []time.Duration
		for i := range 50 {
			f := records[rnd.IntN(len(records))]
			src, marker := edit(i, f)
			t, s, d := ts.timeSave(b, e, f, src, marker)
			told, shown, done = append(told, t), append(shown, s), append(done, d)
		}
		for i := range 50 {
			f := records[rnd.IntN(len(records))]
			src, marker := edit(100+i, f)
			p, d := ts.timePoll(b, e, f, f, src, marker)
			polled, done = append(polled, p), append(done, d)
		}
		for i := range 20 {
			f := fmt.Sprintf("content/resolutions/%s.md", resSlug(rnd.IntN(n*70/100)))
			src := regexp.MustCompile(`areas = \[[^\]]*\]`).ReplaceAllString(e.read(f), fmt.Sprintf(`areas = ["area-%d"]`, i))
			p, d := ts.timePoll(b, e, f, f, src, fmt.Sprintf(`href="/areas/area-%d/"`, i))
			link, linkDone = append(link, p), append(linkDone, d)
		}
		layoutFile := "layouts/resolution.html"
		original := e.read(layoutFile)
		for i := range 5 {
			f := fmt.Sprintf("content/resolutions/%s.md", resSlug(rnd.IntN(n*70/100)))
			marker := fmt.Sprintf(`<p class="edit">Layout edit %d</p>`, i)
			src := strings.Replace(original, `{{define "main"}}`, `{{define "main"}}`+marker, 1)
			p, d := ts.timePoll(b, e, layoutFile, f, src, marker)
			layout, layoutDone = append(layout, p), append(layoutDone, d)
		}
		e.save(layoutFile, original)
		ts.waitFor(layoutFile)
		b.ReportMetric(ms(pct(shown, 50)), "p50-ms")
		b.ReportMetric(ms(pct(shown, 99)), "p99-ms")
		b.ReportMetric(ms(pct(polled, 50)), "poll-p50-ms")
		b.ReportMetric(ms(pct(polled, 99)), "poll-p99-ms")
		b.ReportMetric(ms(pct(done, 50)), "rebuild-p50-ms")
		b.ReportMetric(ms(pct(link, 50)), "link-p50-ms")
		b.ReportMetric(ms(pct(link, 99)), "link-p99-ms")
		b.ReportMetric(ms(pct(layout, 50)), "layout-p50-ms")
		b.ReportMetric(ms(pct(layoutDone, 50)), "layout-rebuild-p50-ms")
		b.Logf("text edits, with a browser: reload told p50 %.1f ms, p99 %.1f ms; page served with the edit p50 %.1f ms, p99 %.1f ms", ms(pct(told, 50)), ms(pct(told, 99)), ms(pct(shown, 50)), ms(pct(shown, 99)))
		b.Logf("text edits, polling without an event stream: p50 %.1f ms, p99 %.1f ms", ms(pct(polled, 50)), ms(pct(polled, 99)))
		b.Logf("link edits, polling: p50 %.1f ms, p99 %.1f ms; whole rebuild p50 %.0f ms", ms(pct(link, 50)), ms(pct(link, 99)), ms(pct(linkDone, 50)))
		b.Logf("an edit of resolution.html, polling a Resolution page: p50 %.1f ms (all: %v); whole rebuild p50 %.0f ms", ms(pct(layout, 50)), rounded(layout), ms(pct(layoutDone, 50)))
		b.Logf("text edits, whole rebuild: p50 %.0f ms, p99 %.0f ms", ms(pct(done, 50)), ms(pct(done, 99)))
	}
}

// timeSave saves f with src while a browser shows f's page, and returns
// the time until the browser is told to reload, until the page it then
// fetches shows marker, and until the rebuild is over.
func (ts *testServer) timeSave(b *testing.B, e editor, f, src, marker string) (told, shown, done time.Duration) {
	b.Helper()
	page := pageOf(f)
	s := listen(ts.t, ts, page)
	ts.viewing(page)
	start := time.Now()
	e.save(f, src)
	for {
		ev := s.next(ts.t)
		if ev.name == eventReload {
			told = time.Since(start)
			break
		}
		if ev.name == eventError {
			b.Fatalf("%s: %s", f, ev.data)
		}
	}
	for {
		if _, body := ts.get(page); strings.Contains(string(body), html.EscapeString(marker)) {
			shown = time.Since(start)
			break
		}
		if time.Since(start) > 30*time.Second {
			b.Fatalf("%s: the page never showed the edit", f)
		}
	}
	ts.waitFor(f)
	done = time.Since(start)
	s.res.Body.Close()
	return told, shown, done
}

// timePoll is timePollPage for the page of the record file rec.
func (ts *testServer) timePoll(b *testing.B, e editor, f, rec, src, marker string) (served, done time.Duration) {
	b.Helper()
	return ts.timePollPage(b, e, f, pageOf(rec), src, marker)
}

// pageOf is the URL path of a record's page.
func pageOf(f string) string {
	return "/" + strings.TrimSuffix(strings.TrimPrefix(f, "content/"), filepath.Ext(f)) + "/"
}

// pct is the p-th percentile of ds by nearest rank.
func pct(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (p*len(s)+99)/100 - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func rounded(ds []time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d.Round(100 * time.Microsecond)
	}
	return out
}

// BenchmarkTranslatedSave measures watch mode on a generated site of
// 10,000 records in six languages, with the areas and a tenth of the
// records translated: 12 edits of a French translation (its title or
// text), each timed until its French page is served with the edit, and
// 12 edits of the original of a translated record, until its English page
// shows the edit; both polled over HTTP with no event stream, and until
// the whole rebuild (every language) is over.
//
//	go test ./generator/serve -run '^$' -bench TranslatedSave -benchtime 1x -timeout 30m
func BenchmarkTranslatedSave(b *testing.B) {
	root := b.TempDir()
	if err := synth.GenerateLanguages(root, 10000, 1, 6); err != nil {
		b.Fatal(err)
	}
	ts := startServer(b, root, func(o *Options, _ *server) { o.Quiet = defaultQuiet })
	e := editor{b, root}
	rnd := rand.New(rand.NewPCG(3, 5))
	var translations []string
	for _, kind := range []string{"areas", "resolutions", "groups", "documents"} {
		found, _ := filepath.Glob(filepath.Join(root, "content", kind, "*.fr.md"))
		for _, f := range found {
			rel, _ := filepath.Rel(root, f)
			translations = append(translations, filepath.ToSlash(rel))
		}
	}
	if len(translations) < 100 {
		b.Fatalf("only %d French translations", len(translations))
	}
	titleRE := regexp.MustCompile(`title = "`)
	for b.Loop() {
		var trServed, trDone, origServed, origDone []time.Duration
		for i := range 12 {
			f := translations[rnd.IntN(len(translations))]
			marker := fmt.Sprintf("Traduction %d, %d", i, rnd.IntN(1e9))
			src := e.read(f)
			if i%2 == 0 {
				src += "\n" + marker + ".\n"
			} else {
				src = titleRE.ReplaceAllString(src, `title = "`+marker+`: `)
			}
			page := "/fr" + pageOf(strings.TrimSuffix(f, ".fr.md")+".md")
			s, d := ts.timePollPage(b, e, f, page, src, marker)
			trServed, trDone = append(trServed, s), append(trDone, d)
		}
		for i := range 12 {
			f := strings.TrimSuffix(translations[rnd.IntN(len(translations))], ".fr.md") + ".md"
			marker := fmt.Sprintf("Original edit %d, %d", i, rnd.IntN(1e9))
			s, d := ts.timePoll(b, e, f, f, e.read(f)+"\n"+marker+".\n", marker)
			origServed, origDone = append(origServed, s), append(origDone, d)
		}
		b.ReportMetric(ms(pct(trServed, 50)), "tr-p50-ms")
		b.ReportMetric(ms(pct(trServed, 99)), "tr-p99-ms")
		b.ReportMetric(ms(pct(origServed, 50)), "orig-p50-ms")
		b.ReportMetric(ms(pct(origDone, 50)), "rebuild-p50-ms")
		b.Logf("translation edits, French page served with the edit: p50 %.1f ms, p99 %.1f ms; whole rebuild p50 %.0f ms, p99 %.0f ms",
			ms(pct(trServed, 50)), ms(pct(trServed, 99)), ms(pct(trDone, 50)), ms(pct(trDone, 99)))
		b.Logf("edits of a translated original, English page served with the edit: p50 %.1f ms, p99 %.1f ms; whole rebuild p50 %.0f ms, p99 %.0f ms",
			ms(pct(origServed, 50)), ms(pct(origServed, 99)), ms(pct(origDone, 50)), ms(pct(origDone, 99)))
	}
}

// timePollPage saves the file f with src, with no browser listening, and
// polls page over HTTP: it returns the time until the page holds marker
// (as it is, or escaped), and until the rebuild is over.
func (ts *testServer) timePollPage(b *testing.B, e editor, f, page, src, marker string) (served, done time.Duration) {
	b.Helper()
	start := time.Now()
	e.save(f, src)
	for {
		_, body := ts.get(page)
		if strings.Contains(string(body), marker) || strings.Contains(string(body), html.EscapeString(marker)) {
			served = time.Since(start)
			break
		}
		if time.Since(start) > 30*time.Second {
			b.Fatalf("%s: %s never showed the edit", f, page)
		}
		time.Sleep(200 * time.Microsecond)
	}
	ts.waitFor(f)
	return served, time.Since(start)
}
