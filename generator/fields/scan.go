package fields

import (
	"sort"
	"strconv"
	"strings"
)

// keyInfo is where a key was written: the key itself and, for an array,
// the start of each element.
type keyInfo struct {
	line, col int
	elems     [][2]int // line, col of each top-level array element
}

// scanKeys finds the line and column of every key in a TOML document that
// has already parsed without error, so the scan can be simple. Paths are
// dotted; an entry of an array of tables is "name.N" (N from 0), and an
// element of an inline array of tables is found through elems.
//
// BurntSushi/toml knows these positions but does not export them; this
// scan is what lets every later message point at the key or the element.
func scanKeys(src []byte) map[string]*keyInfo {
	s := scanner{src: src}
	for i, c := range src {
		if c == '\n' {
			s.lineStarts = append(s.lineStarts, i+1)
		}
	}
	keys := map[string]*keyInfo{}
	counts := map[string]int{}
	prefix := ""
	for off := 0; off < len(src); {

		for off < len(src) && (src[off] == ' ' || src[off] == '\t') {
			off++
		}
		line, col := s.pos(off)
		switch {
		case off >= len(src) || src[off] == '\n' || src[off] == '#':
			// blank or comment line
		case strings.HasPrefix(string(src[off:min(off+2, len(src))]), "[["):
			end := strings.Index(string(src[off:]), "]]")
			name := inArrays(normKey(string(src[off+2:off+end])), counts)
			prefix = name + "." + strconv.Itoa(counts[name])
			counts[name]++
			keys[prefix] = &keyInfo{line: line, col: col}
		case src[off] == '[':
			end := strings.IndexByte(string(src[off:]), ']')
			prefix = inArrays(normKey(string(src[off+1:off+end])), counts)
			keys[prefix] = &keyInfo{line: line, col: col}
		default:
			eq := s.findEquals(off)
			if eq < 0 {
				break
			}
			path := normKey(string(src[off:eq]))
			if prefix != "" {
				path = prefix + "." + path
			}
			ki := &keyInfo{line: line, col: col}
			keys[path] = ki
			v := eq + 1
			for v < len(src) && (src[v] == ' ' || src[v] == '\t') {
				v++
			}
			off = s.value(v, ki)
		}
		// on to the next line
		for off < len(src) && src[off] != '\n' {
			off++
		}
		off++
	}
	return keys
}

// inArrays is the key path of a table header: each part that names an
// array of tables seen so far ([[questions]]) goes on in its last entry,
// as TOML says, so "[questions.extra]" is "questions.N.extra".
func inArrays(name string, counts map[string]int) string {
	parts := strings.Split(name, ".")
	path := ""
	for i, p := range parts {
		if path != "" {
			path += "."
		}
		path += p
		if n := counts[path]; n > 0 && i < len(parts)-1 {
			path += "." + strconv.Itoa(n-1)
		}
	}
	return path
}

type scanner struct {
	src        []byte
	lineStarts []int // offsets of lines 2, 3, ...
}

func (s *scanner) pos(off int) (line, col int) {
	n := sort.SearchInts(s.lineStarts, off+1)
	start := 0
	if n > 0 {
		start = s.lineStarts[n-1]
	}
	return n + 1, off - start + 1
}

// findEquals returns the offset of the '=' that ends the key starting at
// off, skipping quoted key parts.
func (s *scanner) findEquals(off int) int {
	for i := off; i < len(s.src) && s.src[i] != '\n'; i++ {
		switch s.src[i] {
		case '"', '\'':
			i = s.skipString(i) - 1
		case '=':
			return i
		}
	}
	return -1
}

// value skips the value at off, recording array element starts, and
// returns the offset just past it.
func (s *scanner) value(off int, ki *keyInfo) int {
	if off >= len(s.src) {
		return off
	}
	switch s.src[off] {
	case '"', '\'':
		return s.skipString(off)
	case '[', '{':
		depth := 0
		expect := true // at the start of an element
		for i := off; i < len(s.src); i++ {
			c := s.src[i]
			if depth == 1 && expect && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '#' && c != ']' && s.src[off] == '[' {
				l, col := s.pos(i)
				ki.elems = append(ki.elems, [2]int{l, col})
				expect = false
			}
			switch c {
			case '"', '\'':
				i = s.skipString(i) - 1
			case '#':
				for i < len(s.src) && s.src[i] != '\n' {
					i++
				}
			case '[', '{':
				depth++
			case ']', '}':
				depth--
				if depth == 0 {
					return i + 1
				}
			case ',':
				if depth == 1 {
					expect = true
				}
			}
		}
		return len(s.src)
	}
	return off
}

// skipString returns the offset just past the string starting at off,
// single- or multi-line, basic or literal.
func (s *scanner) skipString(off int) int {
	q := s.src[off]
	if off+2 < len(s.src) && s.src[off+1] == q && s.src[off+2] == q {
		delim := string([]byte{q, q, q})
		end := strings.Index(string(s.src[off+3:]), delim)
		if end < 0 {
			return len(s.src)
		}
		end += off + 3 + 3
		for end < len(s.src) && s.src[end] == q { // up to two quotes may end the content
			end++
		}
		return end
	}
	for i := off + 1; i < len(s.src); i++ {
		switch s.src[i] {
		case '\\':
			if q == '"' {
				i++
			}
		case q, '\n':
			return i + 1
		}
	}
	return len(s.src)
}

// normKey turns a written key ("a . b", `"c"`, `"d.e"`) into its dotted
// path: dots inside quotes belong to their part.
func normKey(k string) string {
	var parts []string
	start, quote := 0, byte(0)
	for i := 0; i <= len(k); i++ {
		switch {
		case i == len(k) || quote == 0 && k[i] == '.':
			parts = append(parts, unquoteKey(strings.TrimSpace(k[start:i])))
			start = i + 1
		case quote != 0 && k[i] == '\\' && quote == '"':
			i++
		case quote != 0 && k[i] == quote:
			quote = 0
		case quote == 0 && (k[i] == '"' || k[i] == '\''):
			quote = k[i]
		}
	}
	return strings.Join(parts, ".")
}

func unquoteKey(p string) string {
	if len(p) >= 2 && (p[0] == '"' || p[0] == '\'') {
		if p[0] == '"' {
			if u, err := strconv.Unquote(p); err == nil {
				return u
			}
		}
		return p[1 : len(p)-1]
	}
	return p
}
