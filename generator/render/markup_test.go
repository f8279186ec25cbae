package render

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// htmlTag matches an HTML tag (opening or closing) in a Go string.
var htmlTag = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>`)

// TestNoMarkupInGo keeps the markup in layouts/: no string in the
// package's Go code (tests aside) holds an HTML tag. Go here gives the
// layouts data, functions and a cache of what they made.
func TestNoMarkupInGo(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			checked++
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				s = lit.Value
			}
			if m := htmlTag.FindString(s); m != "" {
				t.Errorf("%s: a Go string holds the HTML tag %s: markup belongs in layouts/", f, m)
			}
			return true
		})
	}
	if checked < 50 {
		t.Fatalf("only %d strings checked", checked)
	}
	// The check itself: it finds a tag where there is one.
	if htmlTag.FindString(`w.s("<td class=\"empty\">")`) == "" || htmlTag.FindString("</a>") == "" || htmlTag.FindString("a < b > c") != "" {
		t.Fatal("htmlTag does not tell tags from text")
	}
}
