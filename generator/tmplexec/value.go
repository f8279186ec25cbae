package tmplexec

import (
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"text/template/parse"
)

var (
	errBreak    = errors.New("break outside range")
	errContinue = errors.New("continue outside range")

	stringType   = reflect.TypeFor[string]()
	anyType      = reflect.TypeFor[any]()
	errorType    = reflect.TypeFor[error]()
	stringerType = reflect.TypeFor[fmt.Stringer]()
	valueType    = reflect.TypeFor[reflect.Value]()
)

// field is one name of a field chain (.A.B), with the way to it from the
// type it last met, so that a page's thousand actions on the same types
// look each name up once.
type field struct {
	name string
	last atomic.Pointer[access]
}

// access is how field reaches its name from a receiver of type recv
// (seen, for methods, through ptr: recv's address when it has one).
type access struct {
	ptr, recv reflect.Type
	method    int   // index in ptr's methods, or -1
	index     []int // of the struct field, when not a method
	exported  bool
	isMap     bool // the name is a map key
}

func (fl *field) find(ptr, recv reflect.Type) *access {
	if a := fl.last.Load(); a != nil && a.ptr == ptr && a.recv == recv {
		return a
	}
	a := &access{ptr: ptr, recv: recv, method: -1}
	if m, ok := ptr.MethodByName(fl.name); ok && ptr.Kind() != reflect.Interface {
		a.method = m.Index
	} else if recv.Kind() == reflect.Struct {
		if sf, ok := recv.FieldByName(fl.name); ok {
			a.index, a.exported = sf.Index, sf.IsExported()
		}
	} else if recv.Kind() == reflect.Map && stringType.AssignableTo(recv.Key()) {
		a.isMap = true
	}
	fl.last.Store(a)
	return a
}

// get is text/template's evalField: the method or field name of recv,
// the method called with args and final.
func (fl *field) get(f *frame, dot, recv reflect.Value, args []lazyArg, final reflect.Value, has bool) (reflect.Value, error) {
	if !recv.IsValid() {
		return reflect.Value{}, nil
	}
	recv, isNil := indirect(recv)
	if recv.Kind() == reflect.Interface && isNil {
		return reflect.Value{}, fmt.Errorf("nil pointer evaluating .%s", fl.name)
	}
	ptr := recv
	if k := ptr.Kind(); k != reflect.Interface && k != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	a := fl.find(ptr.Type(), recv.Type())
	if a.method >= 0 {
		return callValue(f, dot, ptr.Method(a.method), fl.name, args, final, has)
	}
	hasArgs := len(args) > 0 || has
	switch {
	case a.index != nil:
		if !a.exported || hasArgs {
			return reflect.Value{}, fmt.Errorf("cannot use field %s", fl.name)
		}
		return recv.FieldByIndexErr(a.index)
	case a.isMap:
		if hasArgs {
			return reflect.Value{}, fmt.Errorf("%s is not a method but has arguments", fl.name)
		}
		return recv.MapIndex(reflect.ValueOf(fl.name)), nil
	}
	return reflect.Value{}, fmt.Errorf("can't evaluate field %s in type %s", fl.name, recv.Type())
}

// fieldChain is the command recv.A.B…: the last name gets the
// arguments and the piped value.
func (c *compiler) fieldChain(recv pipe, idents []string, args []parse.Node) (command, error) {
	lazy, err := c.lazyArgs(args)
	if err != nil {
		return nil, err
	}
	fields := make([]*field, len(idents))
	for i, id := range idents {
		fields[i] = &field{name: id}
	}
	last := len(fields) - 1
	return func(f *frame, dot, final reflect.Value, has bool) (reflect.Value, error) {
		v, err := recv(f, dot)
		if err != nil {
			return v, err
		}
		for _, fl := range fields[:last] {
			if v, err = fl.get(f, dot, v, nil, reflect.Value{}, false); err != nil {
				return v, err
			}
		}
		return fields[last].get(f, dot, v, lazy, final, has)
	}, nil
}

// lazyArg is an argument of a method, whose type is known only once the
// method is found: a literal is made of that type then.
type lazyArg struct {
	p   pipe
	lit parse.Node
}

func (c *compiler) lazyArgs(args []parse.Node) ([]lazyArg, error) {
	out := make([]lazyArg, len(args))
	for i, n := range args {
		switch n.(type) {
		case *parse.BoolNode, *parse.StringNode, *parse.NumberNode, *parse.NilNode:
			out[i].lit = n
		default:
			p, err := c.arg(n)
			if err != nil {
				return nil, err
			}
			out[i].p = p
		}
	}
	return out, nil
}

func (a lazyArg) eval(f *frame, dot reflect.Value, typ reflect.Type) (reflect.Value, error) {
	if a.lit != nil {
		return literal(a.lit, typ)
	}
	v, err := a.p(f, dot)
	if err != nil {
		return v, err
	}
	return validateType(v, typ)
}

// literal is text/template's evalArg of a literal for a parameter of typ.
func literal(n parse.Node, typ reflect.Type) (reflect.Value, error) {
	if _, isNil := n.(*parse.NilNode); isNil {
		if canBeNil(typ) {
			return reflect.Zero(typ), nil
		}
		return reflect.Value{}, fmt.Errorf("cannot assign nil to %s", typ)
	}
	v := reflect.New(typ).Elem()
	switch n := n.(type) {
	case *parse.BoolNode:
		if typ.Kind() == reflect.Bool {
			v.SetBool(n.True)
			return v, nil
		}
	case *parse.StringNode:
		if typ.Kind() == reflect.String {
			v.SetString(n.Text)
			return v, nil
		}
	case *parse.NumberNode:
		switch typ.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if n.IsInt {
				v.SetInt(n.Int64)
				return v, nil
			}
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			if n.IsUint {
				v.SetUint(n.Uint64)
				return v, nil
			}
		case reflect.Float32, reflect.Float64:
			if n.IsFloat {
				v.SetFloat(n.Float64)
				return v, nil
			}
		}
	}
	if typ.Kind() == reflect.Interface && typ.NumMethod() == 0 {
		return constant(n)
	}
	if typ == valueType {
		c, err := constant(n)
		return reflect.ValueOf(c), err
	}
	return reflect.Value{}, unsupported("literal %s for %s", n, typ)
}

// validateType is text/template's: value made fit for a parameter of
// typ (nil: any).
func validateType(value reflect.Value, typ reflect.Type) (reflect.Value, error) {
	if !value.IsValid() {
		if typ == nil {
			return reflect.ValueOf(nil), nil
		}
		if canBeNil(typ) {
			return reflect.Zero(typ), nil
		}
		return reflect.Value{}, fmt.Errorf("invalid value; expected %s", typ)
	}
	if typ == valueType && value.Type() != typ {
		return reflect.ValueOf(value), nil
	}
	if typ != nil && !value.Type().AssignableTo(typ) {
		if value.Kind() == reflect.Interface && !value.IsNil() {
			value = value.Elem()
			if value.Type().AssignableTo(typ) {
				return value, nil
			}
		}
		switch {
		case value.Kind() == reflect.Pointer && value.Type().Elem().AssignableTo(typ):
			value = value.Elem()
			if !value.IsValid() {
				return reflect.Value{}, fmt.Errorf("dereference of nil pointer of type %s", typ)
			}
		case reflect.PointerTo(value.Type()).AssignableTo(typ) && value.CanAddr():
			value = value.Addr()
		default:
			return reflect.Value{}, fmt.Errorf("wrong type for value; expected %s; got %s", typ, value.Type())
		}
	}
	return value, nil
}

func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	case reflect.Struct:
		return typ == valueType
	}
	return false
}
