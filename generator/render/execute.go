package render

import (
	"html/template"
	"maps"
	"slices"
	"strings"
	"sync/atomic"

	"itu.int/iscsite/generator/tmplexec"
)

// The layouts are executed by tmplexec, which runs html/template's
// escaped templates about twice as fast as html/template does, and
// falls back to html/template for anything it does not run or that fails:
// html/template then writes the page, or gives the error at its line.

var htmlTemplateOnly atomic.Bool

// HTMLTemplateOnly makes the renderers New makes from now on execute the
// layouts with html/template alone (on), or compiled by tmplexec (off,
// the default): the command's ISCSITE_TEMPLATES=html, and the tests that
// compare the two.
func HTMLTemplateOnly(on bool) { htmlTemplateOnly.Store(on) }

var compiledRuns, fallbacks atomic.Int64

// CompiledRuns is how many executions tmplexec made, and Fallbacks how
// many it handed back to html/template, since the program started: a
// test's way to see that pages take the compiled path.
func CompiledRuns() int64 { return compiledRuns.Load() }
func Fallbacks() int64    { return fallbacks.Load() }

// compileSets compiles the language's sets, for what each executes: a
// kind's set its pages (base.html) and the fragments it keeps apart (see
// fragmentSet), the shared set the other fragments. It runs before any
// pass exists, since tmplexec.Compile executes what it compiles once with
// no data, and a template function given no pass panics rather than make
// a fragment. A fragment whose name is not a literal stays with
// html/template.
func (ls *layoutSet) compileSets() {
	ls.compiled = map[*template.Template]*tmplexec.Set{}
	shared := map[string]bool{}
	for kind, set := range ls.kinds {
		entries := []string{"layouts/base.html"}
		_, fragments := callGraph(set)
		for name := range fragments {
			if ls.own[kind][name] || ls.shared.Lookup(name) == nil {
				entries = append(entries, name)
			} else {
				shared[name] = true
			}
		}
		c, err := tmplexec.Compile(set, entries...)
		if err != nil {
			return // html/template executes everything
		}
		ls.compiled[set] = c
	}
	c, err := tmplexec.Compile(ls.shared, slices.Sorted(maps.Keys(shared))...)
	if err == nil {
		ls.compiled[ls.shared] = c
	}
}

// execute runs the template name into w: compiled, when it is, else (or
// when that fails, after undo dropped what it wrote) t, the template of
// that name, or its set when it has none (which reports it missing).
func execute(t *template.Template, compiled *tmplexec.Set, w tmplexec.Writer, undo func(), name string, v any) error {
	if compiled != nil && compiled.Has(name) {
		if err := compiled.Execute(w, name, v); err == nil {
			compiledRuns.Add(1)
			return nil
		}
		undo()
		fallbacks.Add(1)
	}
	if t.Name() != name {
		return t.ExecuteTemplate(w, name, v)
	}
	return t.Execute(w, v)
}

// executeString is execute into a new string.
func executeString(t *template.Template, compiled *tmplexec.Set, name string, v any) (string, error) {
	if compiled != nil && compiled.Has(name) {
		if s, err := compiled.ExecuteString(name, v); err == nil {
			compiledRuns.Add(1)
			return s, nil
		}
		fallbacks.Add(1)
	}
	var b strings.Builder
	err := execute(t, nil, &b, nil, name, v)
	return b.String(), err
}
