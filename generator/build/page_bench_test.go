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
// of the site in $SITE, and reports CPU time per page.
func BenchmarkKind(b *testing.B) {
	if os.Getenv("SITE") == "" {
		b.Skip("set SITE to a site folder (go run ./generator bench --keep DIR makes one)")
	}
	fsys := os.DirFS(os.Getenv("SITE"))
	res, _ := Run(Options{Source: fsys, Check: true})
	var d diag.List
	r := render.New(fsys, res.Site.Config, nil, &d)
	var pages []derive.Page
	for _, p := range res.Pages {
		for _, k := range strings.Split(os.Getenv("KIND"), ",") {
			if p.Kind == k {
				pages = append(pages, p)
			}
		}
	}
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
