package tmplexec

import (
	"html/template"
	"reflect"
	"strings"
	"sync"
	"text/template/parse"
)

// state is one execution: the writer and how deep the template calls go.
type state struct {
	w     Writer
	depth int
	free  []*frame // of calls that returned, for the next ones
}

// states are kept from one execution to the next, with their frames: a
// build executes millions of templates, most of them a row or a link.
var states = sync.Pool{New: func() any { return new(state) }}

// frame is one template call's variables, in the slots the compiler gave
// them ($ is slot 0): text/template's scoping is lexical, so every use of
// a variable is resolved when the template is compiled.
type frame struct {
	st    *state
	vars  []reflect.Value
	small [4]reflect.Value // vars, when they are few
}

// stmt writes a node's output.
type stmt func(f *frame, dot reflect.Value) error

// pipe evaluates a pipeline (or an argument) to its value.
type pipe func(f *frame, dot reflect.Value) (reflect.Value, error)

// command evaluates one command of a pipeline, given the value of the
// previous one (final, when has).
type command func(f *frame, dot, final reflect.Value, has bool) (reflect.Value, error)

// maxDepth bounds template recursion, like text/template's.
const maxDepth = 10000

func (st *state) run(tm *tmpl, dot reflect.Value) error {
	if tm.err != nil {
		return tm.err
	}
	if st.depth >= maxDepth {
		return unsupported("templates nested deeper than %d", maxDepth)
	}
	st.depth++
	var f *frame
	if n := len(st.free); n > 0 {
		f, st.free = st.free[n-1], st.free[:n-1]
	} else {
		f = &frame{st: st}
	}
	if tm.nvars <= len(f.small) {
		f.vars = f.small[:tm.nvars]
	} else {
		f.vars = make([]reflect.Value, tm.nvars)
	}
	f.vars[0] = dot
	err := tm.body(f, dot)
	clear(f.vars) // no frame keeps a page's values alive
	st.free = append(st.free, f)
	st.depth--
	return err
}

// compiler compiles one template.
type compiler struct {
	comp  *compilation
	funcs map[string]reflect.Value
	scope []map[string]int // variable name → slot, innermost last
	nvars int
}

func (c *compiler) push() { c.scope = append(c.scope, map[string]int{}) }
func (c *compiler) pop()  { c.scope = c.scope[:len(c.scope)-1] }
func (c *compiler) declare(name string) int {
	c.scope[len(c.scope)-1][name] = c.nvars
	c.nvars++
	return c.nvars - 1
}

func (c *compiler) lookup(name string) (int, error) {
	for i := len(c.scope) - 1; i >= 0; i-- {
		if slot, ok := c.scope[i][name]; ok {
			return slot, nil
		}
	}
	return 0, unsupported("undefined variable %s", name)
}

func (c *compiler) list(l *parse.ListNode) (stmt, error) {
	if l == nil {
		return func(*frame, reflect.Value) error { return nil }, nil
	}
	var stmts []stmt
	for _, n := range l.Nodes {
		s, err := c.node(n)
		if err != nil {
			return nil, err
		}
		if s != nil {
			stmts = append(stmts, s)
		}
	}
	switch len(stmts) {
	case 0:
		return func(*frame, reflect.Value) error { return nil }, nil
	case 1:
		return stmts[0], nil
	}
	return func(f *frame, dot reflect.Value) error {
		for _, s := range stmts {
			if err := s(f, dot); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

func (c *compiler) node(n parse.Node) (stmt, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		text := string(n.Text)
		return func(f *frame, _ reflect.Value) error {
			_, err := f.st.w.WriteString(text)
			return err
		}, nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		return c.action(n)
	case *parse.IfNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, false)
	case *parse.WithNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, true)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		return c.templateNode(n)
	case *parse.BreakNode:
		return func(*frame, reflect.Value) error { return errBreak }, nil
	case *parse.ContinueNode:
		return func(*frame, reflect.Value) error { return errContinue }, nil
	case *parse.ListNode:
		return c.list(n)
	}
	return nil, unsupported("node %s", n)
}

// action prints its pipeline's value, unless it declares variables. A
// pipeline whose last command is a function returning a string (an
// escaper, always, in an escaped template) writes that string as it is.
func (c *compiler) action(n *parse.ActionNode) (stmt, error) {
	if s, err := c.stream(n); s != nil || err != nil {
		return s, err
	}
	if len(n.Pipe.Decl) == 0 && len(n.Pipe.Cmds) > 0 {
		last := n.Pipe.Cmds[len(n.Pipe.Cmds)-1]
		if str, err := c.stringCommand(last, len(n.Pipe.Cmds) > 1); err != nil {
			return nil, err
		} else if str != nil {
			head, err := c.commands(n.Pipe.Cmds[:len(n.Pipe.Cmds)-1])
			if err != nil {
				return nil, err
			}
			return func(f *frame, dot reflect.Value) error {
				v, has, err := head(f, dot)
				if err != nil {
					return err
				}
				s, err := str(f, dot, v, has)
				if err != nil {
					return err
				}
				_, err = f.st.w.WriteString(s)
				return err
			}, nil
		}
	}
	p, err := c.pipeline(n.Pipe)
	if err != nil {
		return nil, err
	}
	if len(n.Pipe.Decl) > 0 {
		return func(f *frame, dot reflect.Value) error {
			_, err := p(f, dot)
			return err
		}, nil
	}
	return func(f *frame, dot reflect.Value) error {
		v, err := p(f, dot)
		if err != nil {
			return err
		}
		return f.st.print(v)
	}, nil
}

// stream is the action {{F args}} in text, escaped as {{F args |
// htmlescaper}}, when F has a Stream and returns template.HTML, which the
// escaper leaves as it is: the stream writes it; else nil.
func (c *compiler) stream(n *parse.ActionNode) (stmt, error) {
	cmds := n.Pipe.Cmds
	if len(n.Pipe.Decl) > 0 || len(cmds) != 2 || len(cmds[1].Args) != 1 {
		return nil, nil
	}
	fn, isIdent := cmds[0].Args[0].(*parse.IdentifierNode)
	esc, isEsc := cmds[1].Args[0].(*parse.IdentifierNode)
	if !isIdent || !isEsc || esc.Ident != "_html_template_htmlescaper" {
		return nil, nil
	}
	stream, fun := c.comp.streams[fn.Ident], c.funcs[fn.Ident]
	if stream == nil || !fun.IsValid() || fun.Type().Out(0) != reflect.TypeFor[template.HTML]() {
		return nil, nil
	}
	cl, err := c.call(fn.Ident, fun, cmds[0].Args[1:], false)
	if err != nil {
		return nil, err
	}
	return func(f *frame, dot reflect.Value) error {
		xs, err := args{cl, f, dot, reflect.Value{}, false}.anys(0)
		if err != nil {
			return err
		}
		return stream(f.st.w, xs...)
	}, nil
}

// pipeline compiles a pipeline with its declarations.
func (c *compiler) pipeline(p *parse.PipeNode) (pipe, error) {
	run, err := c.commandsPipe(p.Cmds)
	if err != nil {
		return nil, err
	}
	if len(p.Decl) == 0 {
		return run, nil
	}
	var slots []int
	for _, d := range p.Decl {
		if len(d.Ident) != 1 {
			return nil, unsupported("declaration of %s", d)
		}
		var slot int
		if p.IsAssign {
			if slot, err = c.lookup(d.Ident[0]); err != nil {
				return nil, err
			}
		} else {
			slot = c.declare(d.Ident[0])
		}
		slots = append(slots, slot)
	}
	return func(f *frame, dot reflect.Value) (reflect.Value, error) {
		v, err := run(f, dot)
		if err != nil {
			return v, err
		}
		for _, s := range slots {
			f.vars[s] = v
		}
		return v, nil
	}, nil
}

func (c *compiler) commandsPipe(cmds []*parse.CommandNode) (pipe, error) {
	run, err := c.commands(cmds)
	if err != nil {
		return nil, err
	}
	return func(f *frame, dot reflect.Value) (reflect.Value, error) {
		v, _, err := run(f, dot)
		return v, err
	}, nil
}

// commands runs cmds in turn, each given the previous one's value; it
// reports whether there was one.
func (c *compiler) commands(cmds []*parse.CommandNode) (func(f *frame, dot reflect.Value) (reflect.Value, bool, error), error) {
	compiled := make([]command, len(cmds))
	for i, cmd := range cmds {
		var err error
		if compiled[i], err = c.command(cmd, i > 0); err != nil {
			return nil, err
		}
	}
	return func(f *frame, dot reflect.Value) (reflect.Value, bool, error) {
		var v reflect.Value
		has := false
		for _, cmd := range compiled {
			var err error
			if v, err = cmd(f, dot, v, has); err != nil {
				return v, true, err
			}
			has = true
			// As text/template does: a value of type any is the value in it.
			if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
				v = reflect.ValueOf(v.Interface())
			}
		}
		return v, has, nil
	}, nil
}

func (c *compiler) command(cmd *parse.CommandNode, piped bool) (command, error) {
	args := cmd.Args[1:]
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return c.fieldChain(func(f *frame, dot reflect.Value) (reflect.Value, error) { return dot, nil }, n.Ident, args)
	case *parse.ChainNode:
		if n.Node.Type() == parse.NodeNil {
			return nil, unsupported("indirection through nil")
		}
		recv, err := c.arg(n.Node)
		if err != nil {
			return nil, err
		}
		return c.fieldChain(recv, n.Field, args)
	case *parse.VariableNode:
		slot, err := c.lookup(n.Ident[0])
		if err != nil {
			return nil, err
		}
		recv := func(f *frame, _ reflect.Value) (reflect.Value, error) { return f.vars[slot], nil }
		if len(n.Ident) > 1 {
			return c.fieldChain(recv, n.Ident[1:], args)
		}
		return notAFunction(recv, args)
	case *parse.IdentifierNode:
		return c.function(n.Ident, args, piped)
	case *parse.PipeNode:
		p, err := c.pipeline(n)
		if err != nil {
			return nil, err
		}
		return notAFunction(p, args)
	case *parse.DotNode:
		return notAFunction(func(f *frame, dot reflect.Value) (reflect.Value, error) { return dot, nil }, args)
	case *parse.BoolNode, *parse.StringNode, *parse.NumberNode:
		v, err := constant(n)
		if err != nil {
			return nil, err
		}
		return notAFunction(func(*frame, reflect.Value) (reflect.Value, error) { return v, nil }, args)
	}
	return nil, unsupported("command %s", cmd)
}

// notAFunction is the command of a value that takes no arguments.
func notAFunction(p pipe, args []parse.Node) (command, error) {
	if len(args) > 0 {
		return nil, unsupported("arguments to a non-function")
	}
	return func(f *frame, dot, _ reflect.Value, has bool) (reflect.Value, error) {
		if has {
			return reflect.Value{}, unsupported("a piped value to a non-function")
		}
		return p(f, dot)
	}, nil
}

// constant is the value of a literal where no type is expected, as
// text/template's evalEmptyInterface and idealConstant give it.
func constant(n parse.Node) (reflect.Value, error) {
	switch n := n.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(n.True), nil
	case *parse.StringNode:
		return reflect.ValueOf(n.Text), nil
	case *parse.NumberNode:
		if n.IsInt && !strings.ContainsAny(n.Text, ".eEpPxXoObB_'") && int64(int(n.Int64)) == n.Int64 {
			return reflect.ValueOf(int(n.Int64)), nil
		}
	}
	return reflect.Value{}, unsupported("constant %s", n)
}

// arg compiles an argument whose type is known only when it is used.
func (c *compiler) arg(n parse.Node) (pipe, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return func(f *frame, dot reflect.Value) (reflect.Value, error) { return dot, nil }, nil
	case *parse.FieldNode, *parse.ChainNode, *parse.VariableNode, *parse.IdentifierNode:
		cmd, err := c.command(&parse.CommandNode{NodeType: parse.NodeCommand, Args: []parse.Node{n}}, false)
		if err != nil {
			return nil, err
		}
		return func(f *frame, dot reflect.Value) (reflect.Value, error) { return cmd(f, dot, reflect.Value{}, false) }, nil
	case *parse.PipeNode:
		return c.pipeline(n)
	}
	v, err := constant(n)
	if err != nil {
		return nil, err
	}
	return func(*frame, reflect.Value) (reflect.Value, error) { return v, nil }, nil
}
