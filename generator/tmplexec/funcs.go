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
		do = with1(restFrom(0, args.anys), func(xs []any) (string, error) { return fn(xs...), nil })
	case func(string, ...any) string:
		do = with2(args.str, restFrom(1, args.anys), func(s string, xs []any) (string, error) { return fn(s, xs...), nil })
	case func(string) string:
		do = with1(args.str, func(s string) (string, error) { return fn(s), nil })
	case func(string) (string, error):
		do = with1(args.str, fn)
	case func(string, string) string:
		do = with2(args.str, args.str, func(a, b string) (string, error) { return fn(a, b), nil })
	case func(any) (string, error):
		do = with1(args.any, fn)
	case func(any, any) (string, error):
		do = with2(args.any, args.any, fn)
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
		do = with2(args.str, args.any, fn)
	case func(string, any, ...string) (template.HTML, error):
		do = with3(args.str, args.any, restFrom(2, args.strs), func(s string, x any, sep []string) (template.HTML, error) { return fn(s, x, sep...) })
	default:
		return nil
	}
	return direct(cl, do)
}

// with1, with2 and with3 are a call of fn with the call's first one,
// two or three values, each given by its getter, which is handed the
// value's place.
func with1[A, R any](a func(args, int) (A, error), fn func(A) (R, error)) func(args) (R, error) {
	return func(v args) (r R, err error) {
		x, err := a(v, 0)
		if err != nil {
			return r, err
		}
		return fn(x)
	}
}

func with2[A, B, R any](a func(args, int) (A, error), b func(args, int) (B, error), fn func(A, B) (R, error)) func(args) (R, error) {
	return func(v args) (r R, err error) {
		x, err := a(v, 0)
		if err != nil {
			return r, err
		}
		y, err := b(v, 1)
		if err != nil {
			return r, err
		}
		return fn(x, y)
	}
}

func with3[A, B, C, R any](a func(args, int) (A, error), b func(args, int) (B, error), c func(args, int) (C, error), fn func(A, B, C) (R, error)) func(args) (R, error) {
	return func(v args) (r R, err error) {
		x, err := a(v, 0)
		if err != nil {
			return r, err
		}
		y, err := b(v, 1)
		if err != nil {
			return r, err
		}
		z, err := c(v, 2)
		if err != nil {
			return r, err
		}
		return fn(x, y, z)
	}
}

// restFrom is a getter of the values from the from-th on, for a
// variadic parameter there (the place it is handed is ignored).
func restFrom[T any](from int, rest func(args, int) ([]T, error)) func(args, int) ([]T, error) {
	return func(a args, _ int) ([]T, error) { return rest(a, from) }
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
func (a args) anys(from int) ([]any, error) { return rest(a, from, a.any) }

// strs are those from the from-th on, for a variadic ...string.
func (a args) strs(from int) ([]string, error) { return rest(a, from, a.str) }

func rest[T any](a args, from int, get func(int) (T, error)) ([]T, error) {
	out := make([]T, a.n()-from)
	for i := range out {
		x, err := get(from + i)
		if err != nil {
			return nil, err
		}
		out[i] = x
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
