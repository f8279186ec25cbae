package tmplexec

import (
	"fmt"
	"reflect"
)

// callValue is text/template's evalCall of a method, whose parameters
// are known only now.
func callValue(f *frame, dot, fun reflect.Value, name string, args []lazyArg, final reflect.Value, has bool) (reflect.Value, error) {
	typ := fun.Type()
	numIn, numFixed, err := arity(name, typ, len(args), has)
	if err != nil {
		return reflect.Value{}, err
	}
	argv := make([]reflect.Value, numIn)
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		if argv[i], err = args[i].eval(f, dot, typ.In(i)); err != nil {
			return reflect.Value{}, err
		}
	}
	if typ.IsVariadic() {
		elem := typ.In(typ.NumIn() - 1).Elem()
		for ; i < len(args); i++ {
			if argv[i], err = args[i].eval(f, dot, elem); err != nil {
				return reflect.Value{}, err
			}
		}
	}
	if has {
		if argv[i], err = validateType(final, finalType(typ, numIn, numFixed)); err != nil {
			return reflect.Value{}, err
		}
	}
	return safeCall(fun, argv)
}

// arity checks that fun of type typ takes nargs arguments, and the piped
// value when piped, and returns one value or a value and an error; it
// gives how many values it is passed, and how many of its parameters
// are not variadic.
func arity(name string, typ reflect.Type, nargs int, piped bool) (numIn, numFixed int, err error) {
	numIn, numFixed = nargs, nargs
	if piped {
		numIn++
	}
	if typ.IsVariadic() {
		numFixed = typ.NumIn() - 1
		if numIn < numFixed {
			return 0, 0, fmt.Errorf("wrong number of args for %s", name)
		}
	} else if numIn != typ.NumIn() {
		return 0, 0, fmt.Errorf("wrong number of args for %s", name)
	}
	return numIn, numFixed, goodFunc(name, typ)
}

// finalType is the type of the parameter a piped value fills.
func finalType(typ reflect.Type, numIn, numFixed int) reflect.Type {
	t := typ.In(typ.NumIn() - 1)
	if typ.IsVariadic() {
		if numIn-1 < numFixed {
			return typ.In(numIn - 1)
		}
		return t.Elem()
	}
	return t
}

func goodFunc(name string, typ reflect.Type) error {
	switch {
	case typ.NumOut() == 1, typ.NumOut() == 2 && typ.Out(1) == errorType:
		return nil
	}
	return fmt.Errorf("function %s must return one value, or a value and an error", name)
}

// safeCall calls fun, turning a panic or a returned error into an error.
func safeCall(fun reflect.Value, args []reflect.Value) (val reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	ret := fun.Call(args)
	if len(ret) == 2 && !ret[1].IsNil() {
		return ret[0], ret[1].Interface().(error)
	}
	v := ret[0]
	if v.Type() == valueType {
		v = v.Interface().(reflect.Value)
	}
	return v, nil
}
