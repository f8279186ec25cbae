package build

import (
	"bytes"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/render"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkKind renders the pages of the kinds in $KIND (comma-separated)
// of the site in $SITE, and reports CPU time per page: each round is a
// new pass, so it makes the fragments again, as a build does (bodies'
// Markdown too).
func BenchmarkKind(b *testing.B) {
	r, res, pages := kindPages(b, false)
	b.ResetTimer()
	c := cpuNow()
	var buf bytes.Buffer
	for b.Loop() {
		pass := r.Begin(res.Site, res.Tables)
		for _, p := range pages {
			buf.Reset()
			pass.Page(&buf, p)
		}
	}
	b.ReportMetric(float64((cpuNow()-c).Nanoseconds())/float64(b.N*len(pages)), "cpu-ns/page")
	b.ReportMetric(float64((cpuNow()-c).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkKindWarm is BenchmarkKind within one pass whose fragments and
// bodies were made before the timer started: what the templates of the
// pages themselves cost, without what they share with other pages.
func BenchmarkKindWarm(b *testing.B) {
	r, res, pages := kindPages(b, true)
	pass := r.Begin(res.Site, res.Tables)
	var buf bytes.Buffer
	for _, p := range pages {
		buf.Reset()
		pass.Page(&buf, p)
	}
	b.ResetTimer()
	c := cpuNow()
	for b.Loop() {
		for _, p := range pages {
			buf.Reset()
			pass.Page(&buf, p)
		}
	}
	b.ReportMetric(float64((cpuNow()-c).Nanoseconds())/float64(b.N*len(pages)), "cpu-ns/page")
	b.ReportMetric(float64((cpuNow()-c).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// kindPages is the renderer of $SITE and its pages of the kinds in
// $KIND. With keepBodies the renderer keeps the bodies' HTML across
// passes, as serve does; without, each pass converts the Markdown it
// shows, as a fresh build does.
func kindPages(b *testing.B, keepBodies bool) (*render.Renderer, *Result, []derive.Page) {
	if os.Getenv("SITE") == "" {
		b.Skip("set SITE to a site folder (go run ./generator bench --keep DIR makes one)")
	}
	fsys := os.DirFS(os.Getenv("SITE"))
	res, _ := Run(Options{Source: fsys, Check: true})
	var bodies *render.Bodies
	if keepBodies {
		bodies = render.NewBodies(res.Site.Config)
	}
	var d diag.List
	r := render.New(fsys, res.Site.Config, bodies, &d)
	var pages []derive.Page
	for _, p := range res.Pages {
		for _, k := range strings.Split(os.Getenv("KIND"), ",") {
			if p.Kind == k {
				pages = append(pages, p)
			}
		}
	}
	return r, res, pages
}
