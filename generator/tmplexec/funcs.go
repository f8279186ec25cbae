package tmplexec

import (
	"fmt"
	"html/template"
	"reflect"
	ttemplate "text/template"
	"text/template/parse"
)

// printers are the builtins that are plain functions.
var printers = map[string]any{
	"print": fmt.Sprint, "printf": fmt.Sprintf, "println": fmt.Sprintln,
	"html": ttemplate.HTMLEscaper, "js": ttemplate.JSEscaper, "urlquery": ttemplate.URLQueryEscaper,
}

// call is a function of the set, or a builtin that is a plain function,
// as text/template's evalCall calls it; the function and so its
// parameters are known here, and so are the literal arguments' values.
type call struct {
	name   string
	fun    reflect.Value
	args   []pipe // each gives a value of its parameter's type
	finalT reflect.Type
}

// argv evaluates the arguments, the piped value last.
func (cl *call) argv(f *frame, dot, final reflect.Value, has bool) ([]reflect.Value, error) {
	a := args{cl, f, dot, final, has}
	argv := make([]reflect.Value, a.n())
	for i := range argv {
		v, err := a.value(i)
		if err != nil {
			return nil, err
		}
		argv[i] = v
	}
	return argv, nil
}

func (c *compiler) function(name string, args []parse.Node, piped bool) (command, error) {
	if fn, ok := c.funcs[name]; ok {
		cl, err := c.call(name, fn, args, piped)
		if err != nil {
			return nil, err
		}
		return cl.command(), nil
	}
	switch name {
	case "and", "or":
		return c.andOr(name == "or", args, piped)
	case "not", "len", "index", "eq", "ne", "lt", "le", "gt", "ge":
		return c.builtin(name, args, piped)
	}
	if p, ok := printers[name]; ok {
		cl, err := c.call(name, reflect.ValueOf(p), args, piped)
		if err != nil {
			return nil, err
		}
		return cl.command(), nil
	}
	return nil, unsupported("function %q", name)
}

func (c *compiler) call(name string, fun reflect.Value, args []parse.Node, piped bool) (*call, error) {
	typ := fun.Type()
	numIn, numFixed, err := arity(name, typ, len(args), piped)
	if err != nil {
		return nil, unsupported("%v", err)
	}
	cl := &call{name: name, fun: fun, args: make([]pipe, len(args))}
	for i, n := range args {
		pt := typ.In(min(i, typ.NumIn()-1))
		if typ.IsVariadic() && i >= numFixed {
			pt = typ.In(typ.NumIn() - 1).Elem()
		}
		switch n.(type) {
		case *parse.BoolNode, *parse.StringNode, *parse.NumberNode, *parse.NilNode:
			v, err := literal(n, pt)
			if err != nil {
				return nil, unsupported("%v", err)
			}
			cl.args[i] = func(*frame, reflect.Value) (reflect.Value, error) { return v, nil }
		default:
			p, err := c.arg(n)
			if err != nil {
				return nil, err
			}
			cl.args[i] = func(f *frame, dot reflect.Value) (reflect.Value, error) {
				v, err := p(f, dot)
				if err != nil {
					return v, err
				}
				return validateType(v, pt)
			}
		}
	}
	if piped {
		cl.finalT = finalType(typ, numIn, numFixed)
	}
	return cl, nil
}

// command calls the function: directly when it has one of the shapes
// below, through reflect otherwise.
func (cl *call) command() command {
	if str := cl.stringer(); str != nil {
		return func(f *frame, dot, final reflect.Value, has bool) (reflect.Value, error) {
			s, err := str(f, dot, final, has)
			return reflect.ValueOf(s), err
		}
	}
	if h := cl.htmler(); h != nil {
		return func(f *frame, dot, final reflect.Value, has bool) (reflect.Value, error) {
			s, err := h(f, dot, final, has)
			return reflect.ValueOf(s), err
		}
	}
	return func(f *frame, dot, final reflect.Value, has bool) (reflect.Value, error) {
		argv, err := cl.argv(f, dot, final, has)
		if err != nil {
			return reflect.Value{}, err
		}
		v, err := safeCall(cl.fun, argv)
		if err != nil {
			return v, fmt.Errorf("error calling %s: %w", cl.name, err)
		}
		return v, nil
	}
}

type stringFn func(f *frame, dot, final reflect.Value, has bool) (string, error)

// stringer is the call of a function that returns a string, of a shape
// the layouts and html/template's escapers use, or nil. Its arguments
// are evaluated one by one into the Go values it takes: no slice of
// reflect.Values is made for them.
func (cl *call) stringer() stringFn {
	var do func(a args) (string, error)
	switch fn := cl.fun.Interface().(type) {
	case func(...any) string:
		do = func(a args) (string, error) {
			xs, err := a.anys(0)
			if err != nil {
				return "", err
			}
			return fn(xs...), nil
		}
	case func(string, ...any) string:
		do = func(a args) (string, error) {
			s, err := a.str(0)
			if err != nil {
				return "", err
			}
			xs, err := a.anys(1)
			if err != nil {
				return "", err
			}
			return fn(s, xs...), nil
		}
	case func(string) string:
		do = func(a args) (string, error) {
			s, err := a.str(0)
			if err != nil {
				return "", err
			}
			return fn(s), nil
		}
	case func(string) (string, error):
		do = func(a args) (string, error) {
			s, err := a.str(0)
			if err != nil {
				return "", err
			}
			return fn(s)
		}
	case func(string, string) string:
		do = func(a args) (string, error) {
			s0, err := a.str(0)
			if err != nil {
				return "", err
			}
			s1, err := a.str(1)
			if err != nil {
				return "", err
			}
			return fn(s0, s1), nil
		}
	case func(any) (string, error):
		do = func(a args) (string, error) {
			x, err := a.any(0)
			if err != nil {
				return "", err
			}
			return fn(x)
		}
	case func(any, any) (string, error):
		do = func(a args) (string, error) {
			x0, err := a.any(0)
			if err != nil {
				return "", err
			}
			x1, err := a.any(1)
			if err != nil {
				return "", err
			}
			return fn(x0, x1)
		}
	default:
		return nil
	}
	return direct(cl, do)
}

// htmler is the call of a function of the layouts that returns HTML.
func (cl *call) htmler() func(f *frame, dot, final reflect.Value, has bool) (template.HTML, error) {
	var do func(a args) (template.HTML, error)
	switch fn := cl.fun.Interface().(type) {
	case func(string, any) (template.HTML, error):
		do = func(a args) (template.HTML, error) {
			s, err := a.str(0)
			if err != nil {
				return "", err
			}
			x, err := a.any(1)
			if err != nil {
				return "", err
			}
			return fn(s, x)
		}
	case func(string, any, ...string) (template.HTML, error):
		do = func(a args) (template.HTML, error) {
			s, err := a.str(0)
			if err != nil {
				return "", err
			}
			x, err := a.any(1)
			if err != nil {
				return "", err
			}
			sep, err := a.strs(2)
			if err != nil {
				return "", err
			}
			return fn(s, x, sep...)
		}
	default:
		return nil
	}
	return direct(cl, do)
}

// direct runs do, with a panic turned into an error, as safeCall does.
func direct[T any](cl *call, do func(a args) (T, error)) func(f *frame, dot, final reflect.Value, has bool) (T, error) {
	return func(f *frame, dot, final reflect.Value, has bool) (out T, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("error calling %s: panic: %v", cl.name, r)
			}
		}()
		if out, err = do(args{cl, f, dot, final, has}); err != nil {
			err = fmt.Errorf("error calling %s: %w", cl.name, err)
		}
		return out, err
	}
}

// args are the values of one call, evaluated when asked for: the
// arguments, then the piped value.
type args struct {
	cl         *call
	f          *frame
	dot, final reflect.Value
	has        bool
}

func (a args) n() int {
	if a.has {
		return len(a.cl.args) + 1
	}
	return len(a.cl.args)
}

// value is the i-th, of its parameter's type.
func (a args) value(i int) (reflect.Value, error) {
	if i < len(a.cl.args) {
		return a.cl.args[i](a.f, a.dot)
	}
	return validateType(a.final, a.cl.finalT)
}

// str is the i-th, for a parameter of type string.
func (a args) str(i int) (string, error) {
	v, err := a.value(i)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// any is the i-th, for a parameter of type any, as reflect passes it.
func (a args) any(i int) (any, error) {
	v, err := a.value(i)
	if err != nil {
		return nil, err
	}
	if !v.CanInterface() {
		return nil, unsupported("value of an unexported field")
	}
	return v.Interface(), nil
}

// anys are those from the from-th on, for a variadic ...any.
func (a args) anys(from int) ([]any, error) {
	xs := make([]any, a.n()-from)
	for i := range xs {
		x, err := a.any(from + i)
		if err != nil {
			return nil, err
		}
		xs[i] = x
	}
	return xs, nil
}

// strs are those from the from-th on, for a variadic ...string.
func (a args) strs(from int) ([]string, error) {
	out := make([]string, a.n()-from)
	for i := range out {
		s, err := a.str(from + i)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// stringCommand is cmd as a function returning a string, when it is one
// (see stringer), or nil.
func (c *compiler) stringCommand(cmd *parse.CommandNode, piped bool) (stringFn, error) {
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return nil, nil
	}
	fn, ok := c.funcs[id.Ident]
	if !ok {
		return nil, nil
	}
	cl, err := c.call(id.Ident, fn, cmd.Args[1:], piped)
	if err != nil {
		return nil, err
	}
	return cl.stringer(), nil
}
