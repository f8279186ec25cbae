package serve

import (
	"fmt"
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
// atomic save) to the moment the browser showing that record's page is
// told to reload (its "reload" event read from the event stream). Each
// run is 50 edits of records drawn at random, half a change of the body,
// half of the title; a next edit waits until the rebuild is over. Then 20
// edits that change what links records (a Resolution's areas), which link
// the whole site again.
//
//	go test ./generator/serve -run '^$' -bench SaveToReload -benchtime 1x
//
// It reports the median and the 99th percentile (nearest rank), in ms, of
// each kind of edit, and of the whole rebuild.
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

	var ms0 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	b.Logf("live heap after the first build: %d MB", ms0.HeapAlloc>>20)
	for b.Loop() {
		var text, textDone, link, linkDone []time.Duration
		for i := range 50 {
			f := records[rnd.IntN(len(records))]
			src := e.read(f)
			if i%2 == 0 {
				if strings.HasSuffix(f, ".toml") { // fields only, no body: the title then
					src = titleRE.ReplaceAllString(src, fmt.Sprintf(`title = "Edit %d: `, i))
				} else {
					src += fmt.Sprintf("\nAn edit, number %d, of the body.\n", i)
				}
			} else {
				src = titleRE.ReplaceAllLiteralString(src, fmt.Sprintf(`title = "Edit %d: `, i))
			}
			told, done := ts.timeSave(b, e, f, src)
			text, textDone = append(text, told), append(textDone, done)
		}
		for i := range 20 {
			f := fmt.Sprintf("content/resolutions/%s.md", resSlug(rnd.IntN(n*70/100)))
			src := regexp.MustCompile(`areas = \[[^\]]*\]`).ReplaceAllString(e.read(f), fmt.Sprintf(`areas = ["area-%d"]`, i))
			told, done := ts.timeSave(b, e, f, src)
			link, linkDone = append(link, told), append(linkDone, done)
		}
		b.ReportMetric(ms(pct(text, 50)), "p50-ms")
		b.ReportMetric(ms(pct(text, 99)), "p99-ms")
		b.ReportMetric(ms(pct(textDone, 50)), "rebuild-p50-ms")
		b.ReportMetric(ms(pct(link, 50)), "link-p50-ms")
		b.ReportMetric(ms(pct(link, 99)), "link-p99-ms")
		b.ReportMetric(ms(pct(linkDone, 50)), "link-rebuild-p50-ms")
		b.Logf("save → reload told, text edits: p50 %.1f ms, p99 %.1f ms (all: %v)", ms(pct(text, 50)), ms(pct(text, 99)), rounded(text))
		b.Logf("save → reload told, link edits: p50 %.1f ms, p99 %.1f ms (all: %v)", ms(pct(link, 50)), ms(pct(link, 99)), rounded(link))
		b.Logf("whole rebuild: text p50 %.0f ms, link p50 %.0f ms", ms(pct(textDone, 50)), ms(pct(linkDone, 50)))
	}
}

// timeSave saves f with src while a browser shows f's page, and returns
// the time until the browser is told to reload, and until the rebuild is
// over.
func (ts *testServer) timeSave(b *testing.B, e editor, f, src string) (told, done time.Duration) {
	b.Helper()
	page := "/" + strings.TrimSuffix(strings.TrimPrefix(f, "content/"), filepath.Ext(f)) + "/"
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
	r := ts.waitFor(f)
	done = time.Since(start)
	if told > 40*time.Millisecond {
		b.Logf("slow: %s told %v (server: %v after taking the batch), rebuild %v, rendered %d", f, told, r.Told, r.Took, r.Update.Rendered)
	}
	s.res.Body.Close()
	return told, done
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
