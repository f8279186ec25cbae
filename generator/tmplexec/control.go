package tmplexec

import (
	"reflect"
	"text/template/parse"
)

// The control structures: if and with, range, template.

func (c *compiler) ifOrWith(p *parse.PipeNode, list, elseList *parse.ListNode, with bool) (stmt, error) {
	c.push()
	defer c.pop()
	cond, err := c.pipeline(p)
	if err != nil {
		return nil, err
	}
	c.push()
	then, err := c.list(list)
	c.pop()
	if err != nil {
		return nil, err
	}
	c.push()
	otherwise, err := c.list(elseList)
	c.pop()
	if err != nil {
		return nil, err
	}
	return func(f *frame, dot reflect.Value) error {
		v, err := cond(f, dot)
		if err != nil {
			return err
		}
		truth, ok := isTrue(indirectInterface(v))
		if !ok {
			return unsupported("if/with can't use %v", v)
		}
		if truth {
			if with {
				return then(f, v)
			}
			return then(f, dot)
		}
		return otherwise(f, dot)
	}, nil
}

func (c *compiler) rangeNode(n *parse.RangeNode) (stmt, error) {
	c.push()
	defer c.pop()
	over, err := c.commandsPipe(n.Pipe.Cmds)
	if err != nil {
		return nil, err
	}
	// The variables: with one, the element; with two, the index, then
	// the element. := declares them here, = assigns outer ones.
	var slots []int
	for _, d := range n.Pipe.Decl {
		var slot int
		if n.Pipe.IsAssign {
			if slot, err = c.lookup(d.Ident[0]); err != nil {
				return nil, err
			}
		} else {
			slot = c.declare(d.Ident[0])
		}
		slots = append(slots, slot)
	}
	c.push()
	body, err := c.list(n.List)
	c.pop()
	if err != nil {
		return nil, err
	}
	c.push()
	otherwise, err := c.list(n.ElseList)
	c.pop()
	if err != nil {
		return nil, err
	}
	one := func(f *frame, index, elem reflect.Value) error {
		switch len(slots) {
		case 1:
			f.vars[slots[0]] = elem
		case 2:
			f.vars[slots[0]], f.vars[slots[1]] = index, elem
		}
		err := body(f, elem)
		if err == errContinue {
			return nil
		}
		return err
	}
	return func(f *frame, dot reflect.Value) error {
		v, err := over(f, dot)
		if err != nil {
			return err
		}
		for _, s := range slots { // first the pipeline's value, as text/template does
			f.vars[s] = v
		}
		v, _ = indirect(v)
		switch v.Kind() {
		case reflect.Array, reflect.Slice:
			if v.Len() == 0 {
				break
			}
			for i := range v.Len() {
				if err := one(f, reflect.ValueOf(i), v.Index(i)); err != nil {
					if err == errBreak {
						return nil
					}
					return err
				}
			}
			return nil
		case reflect.Invalid: // nothing to range over: the else part
		default: // a map, an integer, a channel, a function
			return unsupported("range over %s", v.Kind())
		}
		return otherwise(f, dot)
	}, nil
}

func (c *compiler) templateNode(n *parse.TemplateNode) (stmt, error) {
	target := c.comp.template(n.Name)
	var arg pipe
	if n.Pipe != nil {
		var err error
		if arg, err = c.pipeline(n.Pipe); err != nil {
			return nil, err
		}
	}
	return func(f *frame, dot reflect.Value) error {
		var v reflect.Value
		if arg != nil {
			var err error
			if v, err = arg(f, dot); err != nil {
				return err
			}
		}
		return f.st.run(target, v)
	}, nil
}
