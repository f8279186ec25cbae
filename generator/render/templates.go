package render

import (
	"errors"
	"html"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/source"
)

// Layouts: layouts/base.html is the page skeleton; it executes the blocks
// "title" and "main" that each page kind's file defines
// (layouts/<kind>.html); every file under layouts/partials/ is parsed into
// every set, so its {{define}} blocks are shared. Templates are named by
// their path, so errors name the file and line.

// kinds are the page layouts every site must have.
var kinds = []string{"home", "area", "resolution", "study-group", "group", "document", "page",
	"areas", "resolutions", "study-groups", "groups", "documents", "404"}

// parseLayouts parses one template set per page kind.
//
// prepare rewrites each file's text before it is parsed (see inlineUI).
func parseLayouts(fsys fs.FS, funcs template.FuncMap, prepare func(file, text string) string, diags *diag.List) map[string]*template.Template {
	read := func(p string) (string, bool) {
		b, err := source.ReadFile(fsys, p)
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, "missing layout: %v", errors.Unwrap(err))
			return "", false
		}
		return prepare(p, string(b)), true
	}
	baseText, ok := read("layouts/base.html")
	if !ok {
		return nil
	}
	var partials []string
	_ = fs.WalkDir(fsys, "layouts/partials", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(p) == ".html" && !source.Ignored(p) {
			partials = append(partials, p)
		}
		return nil
	})
	sort.Strings(partials)
	partialText := map[string]string{}
	for _, p := range partials {
		if t, ok := read(p); ok {
			partialText[p] = t
		}
	}

	sets := map[string]*template.Template{}
	for _, kind := range kinds {
		file := "layouts/" + kind + ".html"
		kindText, ok := read(file)
		if !ok {
			continue
		}
		set := template.New("layouts/base.html").Funcs(funcs)
		if _, err := set.Parse(baseText); err != nil {
			diags.Errorf(templatePos(err, "layouts/base.html"), "%s", templateMsg(err))
			return nil
		}
		failed := false
		for _, p := range partials {
			if _, err := set.New(p).Parse(partialText[p]); err != nil {
				diags.Errorf(templatePos(err, p), "%s", templateMsg(err))
				failed = true
			}
		}
		if _, err := set.New(file).Parse(kindText); err != nil {
			diags.Errorf(templatePos(err, file), "%s", templateMsg(err))
			failed = true
		}
		if !failed {
			sets[kind] = set
		}
	}
	return sets
}

// templatePos finds the file and line in a text/template error. The
// template packages give positions only inside their messages, in the
// fixed form "template: NAME:LINE[:COL]: ..."; NAME is a layout path since
// every template is named by its file, and defined blocks report the file
// they were parsed from.
func templatePos(err error, fallback string) diag.Pos {
	var ee *template.Error
	if errors.As(err, &ee) && ee.Name != "" {
		return diag.Pos{File: ee.Name, Line: ee.Line}
	}
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, "template: ")
	if !ok {
		return diag.Pos{File: fallback}
	}
	parts := strings.SplitN(rest, ":", 4)
	if len(parts) < 3 {
		return diag.Pos{File: fallback}
	}
	pos := diag.Pos{File: parts[0]}
	pos.Line, _ = strconv.Atoi(parts[1])
	if len(parts) == 4 {
		if col, err := strconv.Atoi(parts[2]); err == nil {
			pos.Col = col + 1 // text/template counts bytes from 0
		}
	}
	if pos.Line == 0 {
		return diag.Pos{File: fallback}
	}
	return pos
}

// templateMsg is the error's message without its "template: NAME:LINE:"
// prefix, which templatePos has turned into a position.
func templateMsg(err error) string {
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, "template: ")
	if !ok {
		return "template error: " + msg
	}
	parts := strings.SplitN(rest, ":", 4)
	switch {
	case len(parts) == 4 && isNumber(parts[2]):
		return "template error:" + parts[3]
	case len(parts) >= 3:
		return "template error:" + strings.Join(parts[2:], ":")
	}
	return "template error: " + rest
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// inlineConstants replaces the actions {{t "key"}} and {{url "/path"}}
// of a layout with their values, so a page does not make, for every label
// and every fixed link it shows, a call to t or url and then to one to
// three escapers (each a reflective call: together a third of the work of
// a small page). An unknown key is reported here, once, at its line and
// column. Layouts use t and fixed links in text and quoted attributes
// only, where HTML escaping is the right one; any other use still calls
// the function. Lines keep their numbers; columns after an inlined value
// on the same line shift.
func inlineConstants(file, text, stringsFile, basePath string, lookup func(key string) (string, bool), diags *diag.List) string {
	var b strings.Builder
	for i := 0; i < len(text); {
		j, fn := nextConstant(text, i)
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
		switch fn {
		case "t":
			if s, ok := lookup(arg); ok {
				b.WriteString(html.EscapeString(s))
			} else {
				line := 1 + strings.Count(text[:j], "\n")
				lineStart := strings.LastIndexByte(text[:j], '\n') + 1
				diags.Errorf(diag.Pos{File: file, Line: line, Col: j - lineStart + 1}, "unknown UI string %q: add it to %s", arg, stringsFile)
			}
		case "url":
			b.WriteString(html.EscapeString(basePath + strings.TrimPrefix(arg, "/")))
		}
		i = j + len(open) + k + len(`"}}`)
	}
	return b.String()
}

// nextConstant finds the next {{t "…"}} or {{url "…"}} from i.
func nextConstant(text string, i int) (int, string) {
	t := strings.Index(text[i:], `{{t "`)
	u := strings.Index(text[i:], `{{url "`)
	switch {
	case t < 0 && u < 0:
		return -1, ""
	case u < 0 || (t >= 0 && t < u):
		return i + t, "t"
	}
	return i + u, "url"
}
