package build

import (
	"os"
	"testing"
	"testing/fstest"

	"itu.int/iscsite/generator/render"
	"itu.int/iscsite/generator/synth"
)

// TestCompiledTemplates builds sites twice, with the layouts executed by
// html/template (render.HTMLTemplateOnly) and compiled by tmplexec, and
// requires the same bytes in every file, with no page handed back to
// html/template: the test site of three languages, the real content, and
// a generated site in six languages.
func TestCompiledTemplates(t *testing.T) {
	generated := t.TempDir()
	if err := synth.GenerateLanguages(generated, 600, 5, 6); err != nil {
		t.Fatal(err)
	}
	sites := []struct {
		name string
		fsys func() fstest.MapFS
		dir  string
	}{
		{name: "site.txtar", fsys: func() fstest.MapFS { return mapFS(withLayouts(t, readTxtar(t, "site.txtar"))) }},
		{name: "the real content", dir: "../.."},
		{name: "generated, six languages", dir: generated},
	}
	for _, s := range sites {
		t.Run(s.name, func(t *testing.T) {
			build := func() map[string]string {
				opts := Options{}
				if s.fsys != nil {
					opts.Source = s.fsys()
				} else {
					opts.Source = os.DirFS(s.dir)
				}
				res, err := Run(opts)
				if err != nil || !res.OK() {
					t.Fatalf("build failed: %v\n%s", err, diagLines(res))
				}
				out := map[string]string{}
				for _, f := range res.Files {
					out[f.Path] = string(f.Data)
				}
				return out
			}
			render.HTMLTemplateOnly(true)
			want := build()
			render.HTMLTemplateOnly(false)
			runs, fallbacks := render.CompiledRuns(), render.Fallbacks()
			got := build()
			if n := render.Fallbacks() - fallbacks; n > 0 {
				t.Errorf("%d executions fell back to html/template", n)
			}
			if n := render.CompiledRuns() - runs; n < int64(len(got))/2 {
				t.Errorf("only %d executions compiled, for %d files", n, len(got))
			}
			if len(got) != len(want) {
				t.Errorf("%d files, against %d with html/template", len(got), len(want))
			}
			for p, w := range want {
				if g, ok := got[p]; !ok {
					t.Errorf("%s: not built", p)
				} else if g != w {
					t.Errorf("%s differs from html/template's:\n%s", p, firstDiff(w, g))
				}
			}
		})
	}
}
