package render

import (
	"errors"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"sync"
	ttemplate "text/template"
	"text/template/parse"

	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/source"
)

// kinds are the page layouts every site must have.
var kinds = []string{"home", "area", "resolution", "study-group", "group", "document", "page",
	"areas", "resolutions", "body", "study-groups", "mapping", "matrix", "by-area", "groups", "documents", "data", "search", "translations", "404"}

// layoutSet is one language's templates: a set per page kind (base.html,
// every partial, then the kind's file, whose {{define}}s replace blocks
// and partials of the same name), and the shared set (base.html and the
// partials alone), in which fragments execute.
type layoutSet struct {
	lang   string
	kinds  map[string]*template.Template
	shared *template.Template
	cols   columns // where inlined constants moved the layouts' columns
	// fragments maps a kind ("" for the shared set) and a template name to
	// the template a fragment of it executes and the kind it is kept
	// under: worked out on first use, since html/template's Lookup takes
	// a lock that every page would wait on.
	fragments sync.Map // fragmentName → fragmentSet
	// funcs are each set's functions; compiled the sets tmplexec
	// compiles, each on its first use (see compiledSet).
	funcs    map[*template.Template]template.FuncMap
	compiled map[*template.Template]*compiledSet
	// own lists, for each kind whose file redefines a template of
	// base.html or the partials (a block such as "kicker", a partial),
	// the fragments that show what it redefined: those a kind makes in
	// its own set and keeps apart, so that the redefinition shows on its
	// pages and nowhere else. Every other fragment is made once, in the
	// shared set, for all kinds.
	own map[string]map[string]bool
}

// fragmentSet is the set in which the fragment name, made for a page of
// kind, executes, and the kind it is kept under ("" for all kinds): the
// kind's own when its file redefines what the fragment shows (see own) or
// is the only one to define it.
func (ls *layoutSet) fragmentSet(kind, name string) fragmentSet {
	key := fragmentName{kind, name}
	if fs, ok := ls.fragments.Load(key); ok {
		return fs.(fragmentSet)
	}
	set, ns := ls.shared, ""
	if kind != "" && (ls.own[kind][name] || ls.shared.Lookup(name) == nil) {
		set, ns = ls.kinds[kind], kind
	}
	t := set.Lookup(name)
	if t == nil {
		t = set // executing it reports the missing template
	}
	f := fragmentSet{t, ns, ls.compiled[set]}
	ls.fragments.Store(key, f)
	return f
}

type fragmentName struct{ kind, name string }

type fragmentSet struct {
	t        *template.Template
	ns       string
	compiled *compiledSet
}

// layoutText is the text of the layouts, read once and prepared (see
// inlineConstants) for one language.
type layoutText struct {
	partials []string // paths, sorted
	text     map[string]string
}

// readLayouts reads base.html, the partials and every kind's file.
// prepare rewrites each text before it is parsed.
func readLayouts(fsys fs.FS, prepare func(file, text string) string, diags *diag.List) (*layoutText, bool) {
	lt := &layoutText{text: map[string]string{}}
	read := func(p string) bool {
		b, err := source.ReadFile(fsys, p)
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, "missing layout: %v", errors.Unwrap(err))
			return false
		}
		if !source.UTF8(p, b, diags) {
			return false
		}
		lt.text[p] = prepare(p, string(b))
		return true
	}
	ok := read("layouts/base.html")
	_ = fs.WalkDir(fsys, "layouts/partials", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(p) == ".html" && !source.Ignored(p) {
			lt.partials = append(lt.partials, p)
		}
		return nil
	})
	sort.Strings(lt.partials)
	for _, p := range lt.partials {
		ok = read(p) && ok
	}
	for _, k := range kinds {
		ok = read("layouts/"+k+".html") && ok
	}
	return lt, ok
}

// parse makes the layout set of one language. funcs makes the template
// functions of a set, given its kind ("" for the shared set).
func (lt *layoutText) parse(lang string, funcs func(kind string) template.FuncMap, cols columns, diags *diag.List) *layoutSet {
	ls := &layoutSet{lang: lang, kinds: map[string]*template.Template{}, own: map[string]map[string]bool{}, funcs: map[*template.Template]template.FuncMap{}}
	before := diags.Errors()
	one := func(kind string) *template.Template {
		fm := funcs(kind)
		set := template.New("layouts/base.html").Funcs(fm)
		ls.funcs[set] = fm
		if _, err := set.Parse(lt.base()); err != nil {
			*diags = append(*diags, cols.templateDiag(err, "layouts/base.html"))
			return nil
		}
		for _, p := range lt.partials {
			if _, err := set.New(p).Parse(lt.text[p]); err != nil {
				*diags = append(*diags, cols.templateDiag(err, p))
				return nil
			}
		}
		if kind == "" {
			return set
		}
		file := "layouts/" + kind + ".html"
		if _, err := set.New(file).Parse(lt.text[file]); err != nil {
			*diags = append(*diags, cols.templateDiag(err, file))
			return nil
		}
		return set
	}
	if ls.shared = one(""); ls.shared == nil {
		return nil
	}
	calls, _ := callGraph(ls.shared)
	for _, kind := range kinds {
		set := one(kind)
		if set == nil {
			continue
		}
		ls.kinds[kind] = set
		redefined := map[string]bool{}
		for _, name := range lt.defined("layouts/"+kind+".html", funcs("")) {
			if ls.shared.Lookup(name) != nil {
				redefined[name] = true
			}
		}
		if len(redefined) > 0 {
			ls.own[kind] = reaching(calls, redefined)
		}
	}
	if diags.Errors() > before {
		return nil
	}
	return ls
}

// callGraph maps each template of set to those it shows: with
// {{template}} (a {{block}} is one too), and with cached and each given
// a literal name, since a fragment shows what its partial shows. It also
// gives the names given to cached and each.
func callGraph(set *template.Template) (calls map[string][]string, fragments map[string]bool) {
	g := map[string][]string{}
	fragments = map[string]bool{}
	for _, t := range set.Templates() {
		if t.Tree == nil {
			continue
		}
		name := t.Name()
		pipe := func(p *parse.PipeNode) {
			if p == nil {
				return
			}
			for _, cmd := range p.Cmds {
				if len(cmd.Args) < 2 {
					continue
				}
				fn, isIdent := cmd.Args[0].(*parse.IdentifierNode)
				lit, isString := cmd.Args[1].(*parse.StringNode)
				if isIdent && isString && (fn.Ident == "cached" || fn.Ident == "each") {
					g[name] = append(g[name], lit.Text)
					fragments[lit.Text] = true
				}
			}
		}
		var walk func(n parse.Node)
		walk = func(n parse.Node) {
			switch n := n.(type) {
			case *parse.ListNode:
				if n != nil {
					for _, c := range n.Nodes {
						walk(c)
					}
				}
			case *parse.ActionNode:
				pipe(n.Pipe)
			case *parse.TemplateNode:
				g[name] = append(g[name], n.Name)
				pipe(n.Pipe)
			case *parse.IfNode:
				pipe(n.Pipe)
				walk(n.List)
				walk(n.ElseList)
			case *parse.RangeNode:
				pipe(n.Pipe)
				walk(n.List)
				walk(n.ElseList)
			case *parse.WithNode:
				pipe(n.Pipe)
				walk(n.List)
				walk(n.ElseList)
			}
		}
		walk(t.Tree.Root)
	}
	return g, fragments
}

// reaching is every template that executes, directly or through others,
// one of targets (targets included).
func reaching(calls map[string][]string, targets map[string]bool) map[string]bool {
	out := maps.Clone(targets)
	for changed := true; changed; {
		changed = false
		for name, callees := range calls {
			if !out[name] && slices.ContainsFunc(callees, func(c string) bool { return out[c] }) {
				out[name] = true
				changed = true
			}
		}
	}
	return out
}

func (lt *layoutText) base() string { return lt.text["layouts/base.html"] }

// defined lists the names the file {{define}}s or {{block}}s, from a
// parse of its own (text/template: escaping does not matter here).
func (lt *layoutText) defined(file string, funcs template.FuncMap) []string {
	t, err := ttemplate.New(file).Funcs(ttemplate.FuncMap(funcs)).Parse(lt.text[file])
	if err != nil {
		return nil // reported by the real parse
	}
	var names []string
	for _, d := range t.Templates() {
		if d.Name() != file {
			names = append(names, d.Name())
		}
	}
	return names
}
