package build

import (
	"bytes"
	"os"
	"testing"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/render"
)

func BenchmarkWarmPage(b *testing.B) {
	fsys := os.DirFS(os.Getenv("SITE"))
	res, _ := Run(Options{Source: fsys, Check: true})
	var d diag.List
	r := render.New(fsys, res.Site.Config, nil, &d)
	var pages []derive.Page
	for _, p := range res.Pages {
		if p.Kind == os.Getenv("KIND") {
			pages = append(pages, p)
		}
	}
	pass := r.Begin(res.Site, res.Tables)
	var buf bytes.Buffer
	for _, p := range pages {
		buf.Reset()
		pass.Page(&buf, p)
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		buf.Reset()
		pass.Page(&buf, pages[i%len(pages)])
		i++
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}
