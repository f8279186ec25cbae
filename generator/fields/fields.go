// Package fields decodes TOML into typed values strictly, with positions.
//
// Parse reads a TOML document (a config file, a record's front matter or a
// .toml record) and returns its root Table. Getters on a Table read one key
// each, with its type checked; a missing required key, a value of the wrong
// type and, once Done is called, every key that no getter asked for are
// reported as diagnostics at the key's own line and column. Decoders
// written with it read as a list of fields, one line each, and no
// reflection decides what an editor's typo means.
package fields

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"

	"itu.int/iscsite/generator/diag"
)

// Doc is one parsed TOML document.
type Doc struct {
	file  string
	line0 int // the file's line number of the document's first line, minus one
	src   []byte
	diags *diag.List

	// Where each key was written: found only when a position is first
	// asked for, which for content without mistakes is almost never.
	scan     sync.Once
	keyTable map[string]*keyInfo
}

// keys maps each key path to where it was written.
func (d *Doc) keys() map[string]*keyInfo {
	d.scan.Do(func() { d.keyTable = scanKeys(d.src) })
	return d.keyTable
}

// Parse parses src, which starts at line firstLine of file. On a syntax
// error it reports it and returns nil.
func Parse(file string, src []byte, firstLine int, diags *diag.List) *Table {
	if !checkLimits(file, src, firstLine, diags) {
		return nil
	}
	var m map[string]any
	if _, err := toml.Decode(string(src), &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line, col := syntaxPos(src, pe)
			diags.Errorf(diag.Pos{File: file, Line: line + firstLine - 1, Col: col}, "invalid TOML: %s", pe.Message)
		} else {
			diags.Errorf(diag.Pos{File: file, Line: firstLine}, "invalid TOML: %v", err)
		}
		return nil
	}
	d := &Doc{file: file, line0: firstLine - 1, src: src, diags: diags}
	return &Table{doc: d, m: m, pos: diag.Pos{File: file, Line: firstLine, Col: 1}}
}

// syntaxPos is where a TOML syntax error is, as line and column in src.
// BurntSushi's Line and Col disagree with its byte offset Start at times
// (a duplicate key's column lies past the end of its line), and Start can
// stop on the blank just before the offending character: so the position
// is worked out from Start, moved onto that character, and kept inside
// the text.
func syntaxPos(src []byte, pe toml.ParseError) (line, col int) {
	off := min(max(pe.Position.Start, 0), len(src))
	if strings.Contains(pe.Message, "but got '") {
		for off < len(src) && (src[off] == ' ' || src[off] == '\t') {
			off++
		}
	}
	if strings.HasPrefix(pe.Message, "TOML files cannot contain control characters") {
		for off < len(src) && (src[off] >= 0x20 || src[off] == '\t' || src[off] == '\n' || src[off] == '\r') {
			off++
		}
	}
	off = min(off, len(src))
	line = 1 + bytes.Count(src[:off], []byte("\n"))
	col = off - (bytes.LastIndexByte(src[:off], '\n') + 1) + 1
	return line, col
}

// Table is one TOML table: the document's root, or an entry of an array
// of tables.
type Table struct {
	doc  *Doc
	path string   // dotted path of this table, "" for the root
	pos  diag.Pos // the root's; a nested table finds its own when asked
	// A nested table: its parent, its key there and, in an array of
	// tables, its index (else -1). Its position is found from these only
	// when a message needs it, so content without mistakes is never
	// scanned for key positions.
	parent *Table
	pkey   string
	index  int
	m      map[string]any
	asked  []string // keys the decoder knows, for Done and its suggestions
}

func (t *Table) key(k string) string {
	if t.path == "" {
		return k
	}
	return t.path + "." + k
}

// Pos is the position of key k, or of the table when k was not written.
func (t *Table) Pos(k string) diag.Pos {
	keys := t.doc.keys()
	ki := keys[t.key(k)]
	if ki == nil {
		ki = keys[t.key(k)+".0"] // an array of tables: its first [[k]]
	}
	if ki == nil {
		// A table written as dotted keys (extra.note = 1) or made by the
		// headers of its sub-tables ([extra.note]): its first key.
		prefix := t.key(k) + "."
		for p, info := range keys {
			if strings.HasPrefix(p, prefix) && (ki == nil || info.line < ki.line || info.line == ki.line && info.col < ki.col) {
				ki = info
			}
		}
	}
	if ki != nil {
		return diag.Pos{File: t.doc.file, Line: ki.line + t.doc.line0, Col: ki.col}
	}
	return t.TablePos()
}

// ref is the table as a Value keeps it: without its decoded map, so a
// record's references do not hold the whole parse.
func (t *Table) ref() *Table {
	r := &Table{doc: t.doc, path: t.path, pos: t.pos, pkey: t.pkey, index: t.index}
	if t.parent != nil {
		r.parent = t.parent.ref()
	}
	return r
}

// TablePos is the position of the table itself.
func (t *Table) TablePos() diag.Pos {
	switch {
	case t.parent == nil:
		return t.pos
	case t.index < 0:
		return t.parent.Pos(t.pkey)
	}
	if ki := t.doc.keys()[t.path]; ki != nil {
		return diag.Pos{File: t.doc.file, Line: ki.line + t.doc.line0, Col: ki.col}
	}
	return t.parent.elemPos(t.pkey, t.index)
}

// elemPos is the position of element i of the array at key k.
func (t *Table) elemPos(k string, i int) diag.Pos {
	if ki := t.doc.keys()[t.key(k)]; ki != nil && i < len(ki.elems) {
		return diag.Pos{File: t.doc.file, Line: ki.elems[i][0] + t.doc.line0, Col: ki.elems[i][1]}
	}
	return t.Pos(k)
}

// Has reports whether key k was written, and marks it as known.
func (t *Table) Has(k string) bool {
	t.asked = append(t.asked, k)
	_, ok := t.m[k]
	return ok
}

// get returns the value at k, reporting it if required and missing.
func (t *Table) get(k string, required bool) (any, bool) {
	t.asked = append(t.asked, k)
	v, ok := t.m[k]
	if !ok && required {
		t.doc.diags.Errorf(t.TablePos(), "missing required field %q", k)
	}
	return v, ok
}

func (t *Table) typeErr(k string, want string, v any) {
	t.doc.diags.Errorf(t.Pos(k), "field %q must be %s, not %s", k, want, typeName(v))
}

// String reads a string.
func (t *Table) String(k string, required bool) string {
	v, ok := t.get(k, required)
	if !ok {
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		t.typeErr(k, "a string", v)
		return ""
	}
	if required && strings.TrimSpace(s) == "" {
		t.doc.diags.Errorf(t.Pos(k), "field %q must not be empty", k)
	}
	return s
}

// Int reads an integer.
func (t *Table) Int(k string) int {
	v, ok := t.get(k, false)
	if !ok {
		return 0
	}
	n, isInt := v.(int64)
	if !isInt {
		t.typeErr(k, "an integer", v)
	}
	return int(n)
}

// Bool reads a boolean.
func (t *Table) Bool(k string) bool {
	v, ok := t.get(k, false)
	if !ok {
		return false
	}
	b, isBool := v.(bool)
	if !isBool {
		t.typeErr(k, "true or false", v)
	}
	return b
}

// Date reads a TOML local date (updated = 2024-10-24) as "2006-01-02".
func (t *Table) Date(k string) string {
	v, ok := t.get(k, false)
	if !ok {
		return ""
	}
	tm, isTime := v.(time.Time)
	switch {
	case !isTime:
		t.typeErr(k, "a date (like 2024-10-24, without quotes)", v)
		return ""
	case tm.Location().String() != "date-local":
		// BurntSushi gives local dates this location; a time of day or a
		// date with a time is a time.Time too.
		what := "a date and time"
		if tm.Location().String() == "time-local" {
			what = "a time of day"
		}
		t.doc.diags.Errorf(t.Pos(k), "field %q must be a date (like 2024-10-24, without quotes), not %s", k, what)
		return ""
	}
	return tm.Format("2006-01-02")
}

// Strings reads an array of strings, each with its position. With min > 0
// it reports an array shorter than that.
func (t *Table) Strings(k string, min int) []Value {
	v, ok := t.get(k, min > 0)
	if !ok {
		return nil
	}
	arr, isArr := v.([]any)
	if !isArr {
		t.typeErr(k, "an array of strings", v)
		return nil
	}
	if len(arr) < min {
		t.doc.diags.Errorf(t.Pos(k), "field %q needs at least %d value(s)", k, min)
	}
	out := make([]Value, 0, len(arr))
	rt := t.ref()
	for i, e := range arr {
		s, isStr := e.(string)
		if !isStr {
			t.doc.diags.Errorf(t.elemPos(k, i), "field %q must hold only strings, not %s", k, typeName(e))
			continue
		}
		out = append(out, Value{Text: s, table: rt, key: k, i: i})
	}
	return out
}

// Tables reads an array of tables ([[k]] sections or an inline array of
// inline tables).
func (t *Table) Tables(k string) []*Table {
	v, ok := t.get(k, false)
	if !ok {
		return nil
	}
	var maps []map[string]any
	switch arr := v.(type) {
	case []map[string]any:
		maps = arr
	case []any:
		for i, e := range arr {
			m, isMap := e.(map[string]any)
			if !isMap {
				t.doc.diags.Errorf(t.elemPos(k, i), "field %q must hold only tables, not %s", k, typeName(e))
				continue
			}
			maps = append(maps, m)
		}
	default:
		t.typeErr(k, "an array of tables", v)
		return nil
	}
	out := make([]*Table, len(maps))
	for i, m := range maps {
		out[i] = &Table{doc: t.doc, path: t.key(k) + "." + strconv.Itoa(i), parent: t, pkey: k, index: i, m: m}
	}
	return out
}

// Table reads a sub-table (a [k] section or an inline table).
func (t *Table) Table(k string) *Table {
	v, ok := t.get(k, false)
	if !ok {
		return nil
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		t.typeErr(k, "a table", v)
		return nil
	}
	return &Table{doc: t.doc, path: t.key(k), parent: t, pkey: k, index: -1, m: m}
}

// Keys lists the table's keys in sorted order.
func (t *Table) Keys() []string {
	ks := make([]string, 0, len(t.m))
	for k := range t.m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// Done reports every key of the table that no getter asked for: the typo
// guard. what names the table in the message ("area", "question").
func (t *Table) Done(what string) {
	for _, k := range t.Keys() {
		if !slices.Contains(t.asked, k) {
			t.doc.diags.Errorf(t.Pos(k), "unknown field %q in %s%s", k, what, diag.DidYouMean(k, t.asked))
		}
	}
}

// Reject reports key k, if written, with msg; for fields a context forbids.
func (t *Table) Reject(k, msg string) {
	t.asked = append(t.asked, k)
	if _, ok := t.m[k]; ok {
		t.doc.diags.Errorf(t.Pos(k), "%s", msg)
	}
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}
