package render

import (
	"html"
	"regexp"
	"strconv"
	"strings"

	"itu.int/iscsite/generator/diag"
)

// layoutPos matches a position in a template package's message: the
// template packages give positions only inside their messages, in the
// fixed form "NAME:LINE[:COL]: ...", and NAME is a layout path since every
// template is named by its file (defined blocks report the file they were
// parsed from). An error met inside a fragment or a nested template is
// wrapped by each caller, so the last position is the innermost one.
var layoutPos = regexp.MustCompile(`(layouts/[^\s:"]+):(\d+)(?::(\d+))?: `)

// undefined is html/template's message for a template nobody defined.
var undefined = regexp.MustCompile(`html/template: "([^"]*)" is undefined`)

// templateDiag turns a template error into a problem at its layout's
// line and column (as the editor wrote it: see columns), with the
// template package's own prefixes dropped. fallback names the layout when
// the message gives none.
func (c columns) templateDiag(err error, fallback string) diag.Diagnostic {
	msg := undefined.ReplaceAllString(err.Error(), `no template "$1" is defined: a layout or partial must {{define "$1"}}…{{end}}`)
	all := layoutPos.FindAllStringSubmatchIndex(msg, -1)
	if len(all) == 0 {
		if strings.Contains(msg, `no template "main" is defined`) {
			return diag.Diagnostic{Pos: diag.Pos{File: fallback}, Msg: `template error: ` + fallback + ` defines no "main" block: a page's layout must {{define "main"}}…{{end}}`}
		}
		return diag.Diagnostic{Pos: diag.Pos{File: fallback}, Msg: "template error: " + strings.TrimPrefix(msg, "template: ")}
	}
	m := all[len(all)-1]
	if msg[m[2]:m[3]] == "layouts/base.html" && strings.HasSuffix(msg, `no such template "main"`) {
		return diag.Diagnostic{Pos: diag.Pos{File: fallback}, Msg: `template error: ` + fallback + ` defines no "main" block: a page's layout must {{define "main"}}…{{end}}`}
	}
	pos := diag.Pos{File: msg[m[2]:m[3]]}
	pos.Line, _ = strconv.Atoi(msg[m[4]:m[5]])
	if m[6] >= 0 {
		col, _ := strconv.Atoi(msg[m[6]:m[7]])
		pos.Col = c.original(pos.File, pos.Line, col+1) // text/template counts bytes from 0
	}
	rest := msg[m[1]:]
	// What the outer errors say before the position is context worth
	// keeping ("executing "main" at <.Tilte>"), but not their own
	// prefixes, positions and the names of template functions.
	if i := strings.LastIndex(msg[:m[0]], "executing "); i >= 0 && !strings.Contains(rest, "executing ") {
		if j := strings.Index(msg[i:m[0]], ": "); j >= 0 {
			rest = msg[i:i+j] + ": " + rest
		}
	}
	return diag.Diagnostic{Pos: pos, Msg: "template error: " + rest}
}

// columns remembers, for each layout line where inlineConstants replaced
// an action, how far the columns after it moved, so that an error points
// at the column the editor wrote.
type columns map[string]map[int][]shift

// shift is one replaced action: from the prepared column at on (up to
// the next shift), the column as written is offset more.
type shift struct{ at, offset int }

// original is the column in the file as written of col in the prepared
// text of that line.
func (c columns) original(file string, line, col int) int {
	orig := col
	for _, s := range c[file][line] {
		if col >= s.at {
			orig = col + s.offset
		}
	}
	return orig
}

// constant gives the value of a constant action's argument, or the
// problem with it.
type constant func(arg string) (value string, problem string)

// inlineConstants replaces the actions {{NAME "arg"}} of a layout whose
// NAME is one of consts (t, url, lang, site) with their values, so a page
// does not make, for every label and every fixed link it shows, a call to
// the function and then to one to three escapers (each a reflective call:
// together a third of the work of a small page). A bad argument (an
// unknown UI string) is reported here, once, at its line and column.
// Layouts use these in text and quoted attributes only, where HTML
// escaping is the right one; any other use still calls the function.
// Lines keep their numbers; columns are mapped back (see columns).
func inlineConstants(file, text string, consts map[string]constant, cols columns, diags *diag.List) string {
	var b strings.Builder
	// note records that the action text[j:end] became the b.Len()-start
	// bytes just written, for columns.
	note := func(j, end, start int) {
		if cols == nil {
			return
		}
		line := 1 + strings.Count(text[:j], "\n")
		lineStart := strings.LastIndexByte(text[:j], '\n') + 1
		outLineStart := strings.LastIndexByte(b.String()[:start], '\n') + 1
		if cols[file] == nil {
			cols[file] = map[int][]shift{}
		}
		at := b.Len() - outLineStart + 1 // the prepared column just after the value
		cols[file][line] = append(cols[file][line], shift{at: at, offset: end - lineStart + 1 - at})
	}
	for i := 0; i < len(text); {
		j, fn := nextConstant(text, i, consts)
		if j < 0 {
			b.WriteString(text[i:])
			break
		}
		open := "{{" + fn + ` "`
		k := strings.Index(text[j+len(open):], `"}}`)
		arg := ""
		if k >= 0 {
			arg = text[j+len(open) : j+len(open)+k]
		}
		if k < 0 || strings.ContainsAny(arg, "\"\n{}\\") {
			b.WriteString(text[i : j+len(open)])
			i = j + len(open)
			continue
		}
		b.WriteString(text[i:j])
		start := b.Len()
		if v, problem := consts[fn](arg); problem == "" {
			// Escaped for HTML, and with no "{{" left for the parser to
			// take for an action: a UI string is text, whatever it says.
			b.WriteString(strings.ReplaceAll(html.EscapeString(v), "{", "&#123;"))
		} else {
			line := 1 + strings.Count(text[:j], "\n")
			lineStart := strings.LastIndexByte(text[:j], '\n') + 1
			diags.Errorf(diag.Pos{File: file, Line: line, Col: j - lineStart + 1}, "%s", problem)
		}
		i = j + len(open) + k + len(`"}}`)
		note(j, i, start)
	}
	return b.String()
}

// nextConstant finds the next {{NAME "…"}} of consts from i.
func nextConstant(text string, i int, consts map[string]constant) (int, string) {
	best, name := -1, ""
	for fn := range consts {
		if j := strings.Index(text[i:], "{{"+fn+` "`); j >= 0 && (best < 0 || j < best) {
			best, name = j, fn
		}
	}
	if best < 0 {
		return -1, ""
	}
	return i + best, name
}
