package fields

import (
	"bytes"
	"fmt"

	"itu.int/iscsite/generator/diag"
)

// Limits on what Parse reads. A record needs a few levels of nesting and
// keys of one or two parts; the TOML parser, given thousands of either,
// takes seconds to minutes and gigabytes (8,000 nested inline tables in a
// 24 KB file: 11 s). A short linear scan rejects such text first.
const (
	MaxDepth    = 32      // arrays and inline tables inside one another
	MaxKeyParts = 64      // parts of one dotted key ("a.b.c" has 3)
	MaxSize     = 1 << 20 // bytes of TOML in one file
)

// checkLimits reports, at its position, the first place where src goes
// past a limit. It follows strings and comments only as far as it must
// to tell their brackets and dots from the document's; text that is not
// TOML at all is left to the parser.
func checkLimits(file string, src []byte, firstLine int, diags *diag.List) bool {
	fail := func(off int, format string, args ...any) bool {
		line := 1 + bytes.Count(src[:off], []byte("\n"))
		col := off - (bytes.LastIndexByte(src[:off], '\n') + 1) + 1
		diags.Errorf(diag.Pos{File: file, Line: line + firstLine - 1, Col: col}, format, args...)
		return false
	}
	if len(src) > MaxSize {
		return fail(0, "too much TOML: %d bytes, more than the %d a record may have", len(src), MaxSize)
	}
	depth, dots := 0, 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '"', '\'':
			i = skipString(src, i) - 1
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			dots = 0
		case '[', '{':
			depth++
			dots = 0
			if depth > MaxDepth {
				return fail(i, "TOML nested more than %d levels deep: a record needs only a few (a table in an array of tables)", MaxDepth)
			}
		case ']', '}':
			depth = max(depth-1, 0)
			dots = 0
		case '.':
			dots++
			if dots >= MaxKeyParts {
				return fail(i, "%s", fmt.Sprintf("a dotted key of more than %d parts", MaxKeyParts))
			}
		case '\n', '=', ',':
			dots = 0
		}
	}
	return true
}

// skipString returns the offset just past the string that starts at off.
func skipString(src []byte, off int) int {
	s := scanner{src: src}
	return s.skipString(off)
}
