package serve

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"

	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/source"
)

// describe formats a problem for the terminal and the browser: the
// GCC-style line, then the offending source line and a caret under the
// column, as compilers show them:
//
//	content/resolutions/pp-191.md:7:11: unknown area "acessibility" (did you mean "accessibility"?)
//	    7 | areas = ["acessibility"]
//	      |          ^
func describe(fsys fs.FS, d diag.Diagnostic, lines map[string][]string) string {
	s := d.String()
	if d.Pos.Line <= 0 {
		return s
	}
	src, ok := lines[d.Pos.File]
	if !ok {
		if b, err := source.ReadFile(fsys, d.Pos.File); err == nil {
			src = strings.Split(string(b), "\n")
		}
		lines[d.Pos.File] = src
	}
	if d.Pos.Line > len(src) {
		return s
	}
	line := strings.TrimRight(src[d.Pos.Line-1], " \t")
	num := fmt.Sprint(d.Pos.Line)
	pad := strings.Repeat(" ", len(num))
	s += fmt.Sprintf("\n    %s | %s", num, line)
	if d.Pos.Col > 0 && d.Pos.Col <= len(line)+1 {
		// Tabs stay tabs, so the caret lines up however they are shown.
		var caret strings.Builder
		for _, c := range []byte(line[:d.Pos.Col-1]) {
			if c == '\t' {
				caret.WriteByte('\t')
			} else if c < 0x80 || c >= 0xc0 { // one column per character, not per byte
				caret.WriteByte(' ')
			}
		}
		s += fmt.Sprintf("\n    %s | %s^", pad, caret.String())
	}
	return s
}

// overlay is the data of an "error" event: what the browser shows.
type overlay struct {
	Title    string   `json:"title"`
	Note     string   `json:"note,omitempty"`
	Problems []string `json:"problems"`
}

// errorEvent makes the "error" event for the build's errors and the
// folders that cannot be watched.
func errorEvent(fsys fs.FS, diags diag.List, watch []string) *event {
	lines := map[string][]string{}
	o := overlay{Problems: []string{}}
	n := diags.Errors()
	for _, d := range diags {
		if d.Severity == diag.Error {
			o.Problems = append(o.Problems, describe(fsys, d, lines))
		}
	}
	switch {
	case n > 0:
		o.Title = fmt.Sprintf("Build failed: %d error%s", n, plural(n))
		o.Note = "The site shows the last good build. Fix the file and save: the page reloads."
	case len(watch) > 0:
		o.Title = "Some changes will not show"
	default:
		return nil
	}
	o.Problems = append(o.Problems, watch...)
	return overlayEvent(o)
}

func overlayEvent(o overlay) *event {
	b, _ := json.Marshal(o) // strings only: cannot fail
	return &event{eventError, string(b)}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
