package tmplexec

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"text/template/parse"
)

// The builtins whose parameters are reflect.Values: their arguments are
// evaluated as values of type any, and must be valid.

// valueArg compiles an argument of a builtin.
func (c *compiler) valueArg(n parse.Node) (pipe, error) {
	if _, isNil := n.(*parse.NilNode); isNil {
		return nil, unsupported("nil argument to a builtin")
	}
	p, err := c.arg(n)
	if err != nil {
		return nil, err
	}
	return func(f *frame, dot reflect.Value) (reflect.Value, error) {
		v, err := p(f, dot)
		if err == nil && !v.IsValid() {
			err = errors.New("invalid value; expected reflect.Value")
		}
		return v, err
	}, nil
}

func (c *compiler) valueArgs(args []parse.Node) ([]pipe, error) {
	out := make([]pipe, len(args))
	for i, n := range args {
		p, err := c.valueArg(n)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

func validFinal(final reflect.Value) (reflect.Value, error) {
	if !final.IsValid() {
		return final, errors.New("invalid value; expected reflect.Value")
	}
	return final, nil
}

// andOr evaluates its arguments in turn and stops at the first false
// one (and) or true one (or), which it returns; else the last.
func (c *compiler) andOr(or bool, args []parse.Node, piped bool) (command, error) {
	if len(args) == 0 && !piped {
		return nil, unsupported("and/or with no arguments")
	}
	ps, err := c.valueArgs(args)
	if err != nil {
		return nil, err
	}
	return func(f *frame, dot, final reflect.Value, has bool) (reflect.Value, error) {
		var v reflect.Value
		for _, p := range ps {
			var err error
			if v, err = p(f, dot); err != nil {
				return v, err
			}
			if truth(v) == or {
				return v, nil
			}
		}
		if has {
			return validFinal(final)
		}
		return v, nil
	}, nil
}

func (c *compiler) builtin(name string, args []parse.Node, piped bool) (command, error) {
	n := len(args)
	if piped {
		n++
	}
	want := map[string]int{"not": 1, "len": 1, "ne": 2, "lt": 2, "le": 2, "gt": 2, "ge": 2}[name]
	if want > 0 && n != want || n < 1 {
		return nil, unsupported("wrong number of args for %s", name)
	}
	ps, err := c.valueArgs(args)
	if err != nil {
		return nil, err
	}
	do := builtins[name]
	return func(f *frame, dot, final reflect.Value, has bool) (reflect.Value, error) {
		argv := make([]reflect.Value, 0, len(ps)+1)
		for _, p := range ps {
			v, err := p(f, dot)
			if err != nil {
				return v, err
			}
			argv = append(argv, v)
		}
		if has {
			v, err := validFinal(final)
			if err != nil {
				return v, err
			}
			argv = append(argv, v)
		}
		v, err := do(argv)
		if err != nil {
			return v, fmt.Errorf("error calling %s: %w", name, err)
		}
		return v, nil
	}, nil
}

var builtins = map[string]func([]reflect.Value) (reflect.Value, error){
	"not": func(a []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(!truth(a[0])), nil },
	"len": func(a []reflect.Value) (reflect.Value, error) {
		item, isNil := indirect(a[0])
		if isNil {
			return reflect.Value{}, errors.New("len of nil pointer")
		}
		switch item.Kind() {
		case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
			return reflect.ValueOf(item.Len()), nil
		}
		return reflect.Value{}, fmt.Errorf("len of type %s", item.Type())
	},
	"index": func(a []reflect.Value) (reflect.Value, error) {
		item := indirectInterface(a[0])
		for _, ix := range a[1:] {
			ix = indirectInterface(ix)
			switch item.Kind() {
			case reflect.Array, reflect.Slice, reflect.String:
				var x int64
				switch ix.Kind() {
				case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
					x = ix.Int()
				default:
					return reflect.Value{}, unsupported("index of kind %s", ix.Kind())
				}
				if x < 0 || x >= int64(item.Len()) {
					return reflect.Value{}, fmt.Errorf("index out of range: %d", x)
				}
				item = item.Index(int(x))
			default:
				return reflect.Value{}, unsupported("index of %s", item.Kind())
			}
		}
		return item, nil
	},
	"eq": func(a []reflect.Value) (reflect.Value, error) {
		if len(a) < 2 {
			return reflect.Value{}, errors.New("missing argument for comparison")
		}
		for _, b := range a[1:] {
			c, err := compare(a[0], b)
			if err != nil {
				return reflect.Value{}, err
			}
			if c == 0 {
				return reflect.ValueOf(true), nil
			}
		}
		return reflect.ValueOf(false), nil
	},
	"ne": comparison(func(c int) bool { return c != 0 }, false),
	"lt": comparison(func(c int) bool { return c < 0 }, true),
	"le": comparison(func(c int) bool { return c <= 0 }, true),
	"gt": comparison(func(c int) bool { return c > 0 }, true),
	"ge": comparison(func(c int) bool { return c >= 0 }, true),
}

func comparison(holds func(int) bool, ordered bool) func([]reflect.Value) (reflect.Value, error) {
	return func(a []reflect.Value) (reflect.Value, error) {
		if ordered && basicKind(indirectInterface(a[0])) == reflect.Bool {
			return reflect.Value{}, unsupported("ordering of booleans")
		}
		c, err := compare(a[0], a[1])
		if err != nil {
			return reflect.Value{}, err
		}
		return reflect.ValueOf(c != unordered && holds(c) || !ordered && c == unordered), nil
	}
}

// unordered is compare's answer for two different booleans.
const unordered = 2

// compare compares two values of basic kinds as text/template's eq and
// lt do (an int with a uint by value); anything else is left to
// text/template.
func compare(a, b reflect.Value) (int, error) {
	a, b = indirectInterface(a), indirectInterface(b)
	ka, kb := basicKind(a), basicKind(b)
	switch {
	case ka == reflect.Int && kb == reflect.Uint:
		if a.Int() < 0 {
			return -1, nil
		}
		return cmp.Compare(uint64(a.Int()), b.Uint()), nil
	case ka == reflect.Uint && kb == reflect.Int:
		if b.Int() < 0 {
			return 1, nil
		}
		return cmp.Compare(a.Uint(), uint64(b.Int())), nil
	case ka != kb || ka == reflect.Invalid:
		return 0, unsupported("comparison of %s with %s", a.Kind(), b.Kind())
	}
	switch ka {
	case reflect.Bool:
		if a.Bool() == b.Bool() {
			return 0, nil
		}
		return unordered, nil
	case reflect.Int:
		return cmp.Compare(a.Int(), b.Int()), nil
	case reflect.Uint:
		return cmp.Compare(a.Uint(), b.Uint()), nil
	case reflect.Float64:
		if a.Float() != a.Float() || b.Float() != b.Float() {
			return 0, unsupported("comparison of NaN")
		}
		return cmp.Compare(a.Float(), b.Float()), nil
	}
	return cmp.Compare(a.String(), b.String()), nil
}

// basicKind sorts kinds into text/template's classes: Bool, Int, Uint,
// Float64, String; Invalid for the rest.
func basicKind(v reflect.Value) reflect.Kind {
	switch v.Kind() {
	case reflect.Bool:
		return reflect.Bool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return reflect.Int
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return reflect.Uint
	case reflect.Float32, reflect.Float64:
		return reflect.Float64
	case reflect.String:
		return reflect.String
	}
	return reflect.Invalid
}
