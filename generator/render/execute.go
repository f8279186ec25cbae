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
// many it failed at and html/template then made, since the program
// started: a test's way to see that pages take the compiled path.
func CompiledRuns() int64 { return compiledRuns.Load() }
func Fallbacks() int64    { return fallbacks.Load() }

// compiledSet is a set tmplexec compiles on its first use: a kind's
// for its pages (base.html) and the fragments it keeps apart (see
// fragmentSet), the shared one for the other fragments. A fragment whose
// name is not a literal stays with html/template.
type compiledSet struct {
	set     *template.Template
	funcs   template.FuncMap
	streams map[string]tmplexec.Stream
	entries []string
	state   atomic.Int32 // notCompiled, compiling, compiled
	c       *tmplexec.Set
}

const (
	notCompiled = iota
	compiling
	compiled
)

// get is the compiled set, compiled now if need be; nil while another
// page compiles it, or if it cannot be: html/template executes it then.
// tmplexec.Compile executes each entry once, with no data, into a writer
// that refuses the first byte, during a pass: whatever fragment that
// makes is keyed by its value, and holds what the partial makes of it,
// whoever asked. Nobody waits: a page that would wait for the set (among
// them one that Compile's own executions make) uses html/template.
func (cs *compiledSet) get() *tmplexec.Set {
	if cs == nil {
		return nil
	}
	switch cs.state.Load() {
	case compiled:
		return cs.c
	case notCompiled:
		if cs.state.CompareAndSwap(notCompiled, compiling) {
			cs.c, _ = tmplexec.Compile(cs.set, cs.funcs, cs.streams, cs.entries...)
			cs.state.Store(compiled)
			return cs.c
		}
	}
	return nil
}

// compileSets makes the language's sets compiled on first use; streams
// gives a set's streams, given its kind ("" for the shared set).
func (ls *layoutSet) compileSets(streams func(kind string) map[string]tmplexec.Stream) {
	ls.compiled = map[*template.Template]*compiledSet{}
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
		ls.compiled[set] = &compiledSet{set: set, funcs: ls.funcs[set], streams: streams(kind), entries: entries}
	}
	ls.compiled[ls.shared] = &compiledSet{set: ls.shared, funcs: ls.funcs[ls.shared], streams: streams(""), entries: slices.Sorted(maps.Keys(shared))}
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
		return again(t, w, name, v)
	}
	return executeHTML(t, w, name, v)
}

// executeString is execute into a new string.
func executeString(t *template.Template, compiled *tmplexec.Set, name string, v any) (string, error) {
	var b strings.Builder
	if compiled != nil && compiled.Has(name) {
		s, err := compiled.ExecuteString(name, v)
		if err == nil {
			compiledRuns.Add(1)
			return s, nil
		}
		err = again(t, &b, name, v)
		return b.String(), err
	}
	err := executeHTML(t, &b, name, v)
	return b.String(), err
}

// again is html/template's execution of what tmplexec failed at: a
// template error, which html/template reports too, or something tmplexec
// does not run, which it then runs (a fallback).
func again(t *template.Template, w tmplexec.Writer, name string, v any) error {
	err := executeHTML(t, w, name, v)
	if err == nil {
		fallbacks.Add(1)
	}
	return err
}

func executeHTML(t *template.Template, w tmplexec.Writer, name string, v any) error {
	if t.Name() != name {
		return t.ExecuteTemplate(w, name, v)
	}
	return t.Execute(w, v)
}
