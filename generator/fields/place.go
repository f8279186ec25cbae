package fields

import (
	"slices"

	"itu.int/iscsite/generator/diag"
)

// Value is a string from an array, and where it was written.
type Value struct {
	Text  string
	table *Table
	key   string
	i     int
}

// Pos is where the value was written (found when first asked for).
func (v Value) Pos() diag.Pos {
	if v.table == nil {
		return diag.Pos{}
	}
	return v.table.elemPos(v.key, v.i)
}

// Place is where something was written, found only when asked: a record
// keeps one for each thing a later check may report.
type Place struct {
	t   *Table // a table's place, found from the source when asked
	key string // with t: the place of that key of the table
	pos diag.Pos
}

// KeyPlace is where key k of the table was written.
func (t *Table) KeyPlace(k string) Place { return Place{t: t.ref(), key: k} }

// Key is the key a KeyPlace names.
func (p Place) Key() string { return p.key }

// Asked lists the keys the decoder has read or named so far.
func (t *Table) Asked() []string { return slices.Clone(t.asked) }

// Place is where the table was written.
func (t *Table) Place() Place { return Place{t: t.ref()} }

// At is a place already known.
func At(pos diag.Pos) Place { return Place{pos: pos} }

// Pos finds the place's position.
func (p Place) Pos() diag.Pos {
	if p.t != nil && p.key != "" {
		return p.t.Pos(p.key)
	}
	if p.t != nil {
		return p.t.TablePos()
	}
	return p.pos
}
