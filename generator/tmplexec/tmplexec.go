// Package tmplexec executes the templates of an html/template set as
// html/template does, but from closures compiled once from the parse
// trees html/template escaped, instead of walking the trees for every
// page: each field and method is looked up once for each type it meets
// (text/template looks it up by name at every action), and a function of
// a shape the layouts use, html/template's escapers among them, is called
// directly rather than through reflect.Value.Call.
//
// It does not explain failures. A template that fails, or that uses
// something this package does not run (a range over a channel, the call
// and slice builtins, among others), returns an error, and the caller
// executes it again with html/template, which writes the same bytes or
// gives its own message with its position. The output is html/template's
// byte for byte: the tests compare both on every page of the test sites.
package tmplexec

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"maps"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	ttemplate "text/template"
	"unsafe"
)

// Writer is what templates write to: a bytes.Buffer or a strings.Builder.
type Writer interface {
	io.Writer
	io.StringWriter
}

// Set is a compiled html/template set. Its methods may be called from
// many goroutines.
type Set struct {
	tmpls map[string]*tmpl
}

// ErrUnsupported is wrapped by the error of a template that uses what
// this package does not run.
var ErrUnsupported = errors.New("not supported by tmplexec")

func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrUnsupported}, args...)...)
}

// Compile compiles the templates entries of t's set, those a caller
// executes, and the templates they call; funcs are the set's functions,
// streams those of them that can write their HTML themselves (see Stream).
// html/template escapes a template only when it is first executed, so
// Compile first executes each entry, with no data, into a writer that
// refuses the first byte: the set's functions must bear being called
// with zero values (an error or a panic is fine; both are dropped). An
// entry html/template cannot escape is not compiled: html/template then
// reports it.
//
// Compile fails when this Go's html/template does not keep its parsed
// text/template, and its escapers, where this package reads them.
func Compile(t *template.Template, funcs template.FuncMap, streams map[string]Stream, entries ...string) (*Set, error) {
	if !internalsKnown {
		return nil, errors.New("tmplexec: html/template's internals are not where this package reads them; pages are executed by html/template")
	}
	var escaped []string
	for _, name := range entries {
		if t.Lookup(name) != nil && escape(t, name) == nil {
			escaped = append(escaped, name)
		}
	}
	s := &Set{tmpls: map[string]*tmpl{}}
	all := maps.Clone(escapers())
	for name, fn := range funcs {
		all[name] = reflect.ValueOf(fn)
	}
	c := &compilation{set: s, text: textOf(t), funcs: all, streams: streams}
	// The templates an escaped one calls are escaped too: those called
	// in text under their own names, the others as templates html/template
	// derived for the context of the call, named in the call.
	for _, name := range escaped {
		c.template(name)
	}
	return s, nil
}

// compilation is the state of one Compile.
type compilation struct {
	set     *Set
	text    *ttemplate.Template
	funcs   map[string]reflect.Value
	streams map[string]Stream
}

// A Stream writes to w the HTML that the set's function of the same name
// returns (a template.HTML) for the same arguments. Where a template
// prints that function's value in text, html/template's escaper leaves
// the HTML as it is, so tmplexec has the stream write it straight into
// the output instead of making the string and copying it there.
type Stream func(w Writer, args ...any) error

// template compiles the template name once; a call met while compiling
// it (recursion) gets the template whose body comes at the end.
func (c *compilation) template(name string) *tmpl {
	if tm, ok := c.set.tmpls[name]; ok {
		return tm
	}
	tm := &tmpl{name: name}
	c.set.tmpls[name] = tm
	tt := c.text.Lookup(name)
	if tt == nil || tt.Tree == nil || tt.Tree.Root == nil {
		tm.err = unsupported("no template %q", name)
		return tm
	}
	cc := &compiler{comp: c, funcs: c.funcs, scope: []map[string]int{{"$": 0}}, nvars: 1}
	body, err := cc.list(tt.Tree.Root)
	if err != nil {
		tm.err = err
		return tm
	}
	tm.body, tm.nvars = body, cc.nvars
	return tm
}

// Has reports whether the set compiled the template name.
func (s *Set) Has(name string) bool {
	tm := s.tmpls[name]
	return tm != nil && tm.err == nil
}

// Execute writes the template name executed with data to w. On an
// error, w may hold part of the output.
func (s *Set) Execute(w Writer, name string, data any) (err error) {
	tm := s.tmpls[name]
	if tm == nil {
		return unsupported("no compiled template %q", name)
	}
	st := states.Get().(*state)
	st.w = w
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("tmplexec: panic executing %q: %v", name, r)
			return // st is left to the collector, in whatever state it is
		}
		st.w = nil
		states.Put(st)
	}()
	return st.run(tm, reflect.ValueOf(data))
}

// ExecuteString is Execute into a string, grown at once to the size of
// the template's previous output: a partial executed for every row of a
// table is not grown and copied again and again.
func (s *Set) ExecuteString(name string, data any) (string, error) {
	var b strings.Builder
	tm := s.tmpls[name]
	if tm != nil {
		b.Grow(int(tm.size.Load()))
	}
	if err := s.Execute(&b, name, data); err != nil {
		return "", err
	}
	tm.size.Store(int64(b.Len()))
	return b.String(), nil
}

// tmpl is one compiled template.
type tmpl struct {
	name  string
	body  stmt
	nvars int   // slots of its variables, $ first
	err   error // why it did not compile
	size  atomic.Int64
}

// escape has html/template escape the template name of t's set.
func escape(t *template.Template, name string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("tmplexec: html/template panicked escaping %q: %v", name, r)
		}
	}()
	err = t.ExecuteTemplate(refuse{}, name, nil)
	var escErr *template.Error
	if errors.As(err, &escErr) {
		return fmt.Errorf("tmplexec: %w", err)
	}
	return nil
}

// refuse is a writer that takes nothing: it ends an execution that
// Compile runs only to have the template escaped.
type refuse struct{}

func (refuse) Write([]byte) (int, error) { return 0, errRefused }

var errRefused = errors.New("tmplexec: escaping only")

// What html/template and text/template keep unexported, and read here:
// the text/template under an html/template (its field text), and the
// functions of a text/template set (common.execFuncs). Their types are
// checked, so that a Go whose packages keep them elsewhere makes Compile
// fail rather than read the wrong memory.
var (
	textOffset, commonOffset, execFuncsOffset uintptr
	internalsKnown                            = findInternals()
)

func findInternals() bool {
	text, ok := reflect.TypeFor[template.Template]().FieldByName("text")
	if !ok || text.Type != reflect.TypeFor[*ttemplate.Template]() {
		return false
	}
	common, ok := reflect.TypeFor[ttemplate.Template]().FieldByName("common")
	if !ok || common.Type.Kind() != reflect.Pointer || common.Type.Elem().Kind() != reflect.Struct {
		return false
	}
	funcs, ok := common.Type.Elem().FieldByName("execFuncs")
	if !ok || funcs.Type != reflect.TypeFor[map[string]reflect.Value]() {
		return false
	}
	textOffset, commonOffset, execFuncsOffset = text.Offset, common.Offset, funcs.Offset
	return true
}

func textOf(t *template.Template) *ttemplate.Template {
	return *(**ttemplate.Template)(unsafe.Add(unsafe.Pointer(t), textOffset))
}

// escapers are html/template's escaping functions, by the names its
// escaped templates call them. It adds them all to a set's functions as
// it escapes the set: they are read once, from a set of this package's
// own, since another set's may be written while it is read.
var escapers = sync.OnceValue(func() map[string]reflect.Value {
	t := template.Must(template.New("escapers").Parse(`{{.}}`))
	_ = t.Execute(refuse{}, nil)
	return funcsOf(textOf(t))
})

// funcsOf is a copy of the functions of t's set.
func funcsOf(t *ttemplate.Template) map[string]reflect.Value {
	common := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(t), commonOffset))
	if common == nil {
		return nil
	}
	return maps.Clone(*(*map[string]reflect.Value)(unsafe.Add(common, execFuncsOffset)))
}
