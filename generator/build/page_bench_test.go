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
// new pass, so it makes the fragments again, as a build does, and
// converts the bodies' Markdown as their pages show them.
func BenchmarkKind(b *testing.B) {
	r, res, pages := kindPages(b, false)
	b.ResetTimer()
	c := cpuNow()
	for b.Loop() {
		renderPages(b, r.Begin(res.Site, res.Tables), pages)
	}
	reportCPU(b, cpuNow()-c, len(pages))
}

// BenchmarkKindWarm is BenchmarkKind within one pass whose fragments and
// bodies were made before the timer started: what the templates of the
// pages themselves cost, without what they share with other pages.
func BenchmarkKindWarm(b *testing.B) {
	r, res, pages := kindPages(b, true)
	pass := r.Begin(res.Site, res.Tables)
	renderPages(b, pass, pages)
	b.ResetTimer()
	c := cpuNow()
	for b.Loop() {
		renderPages(b, pass, pages)
	}
	reportCPU(b, cpuNow()-c, len(pages))
}

// kindPages is the renderer of $SITE and its pages of the kinds in
// $KIND. With keepBodies the renderer keeps each body's HTML once it is
// converted, as a build does; without, a body is converted whenever a
// page shows it.
func kindPages(b *testing.B, keepBodies bool) (*render.Renderer, *Result, []derive.Page) {
	if os.Getenv("SITE") == "" {
		b.Skip("set SITE to a site folder (go run ./generator bench --keep DIR makes one)")
	}
	fsys := os.DirFS(os.Getenv("SITE"))
	res, _ := Run(Options{Source: fsys, Check: true})
	var bodies *render.Bodies
	if keepBodies {
		bodies = render.NewBodies(res.Site.Config)
		bodies.Prepare(res.Site.Records(), linkedTranslations(res.Site))
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

// renderPages renders pages in pass; a page that fails ends the
// benchmark, which would otherwise time an error.
func renderPages(b *testing.B, pass render.Pass, pages []derive.Page) {
	var buf bytes.Buffer
	for _, p := range pages {
		buf.Reset()
		if !pass.Page(&buf, p) {
			var d diag.List
			pass.Errors(pages, &d)
			b.Fatalf("%s: %v", p.Path(), d)
		}
	}
}

func reportCPU(b *testing.B, cpu time.Duration, pages int) {
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*pages), "cpu-ns/page")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}
