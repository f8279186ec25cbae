package fields

import (
	"testing"

	"itu.int/iscsite/generator/diag"
)

func TestPositions(t *testing.T) {
	src := `title = "x"
areas = ["a",
  "bb", 'c']
coordinators = [{name = "n"}, {name = "m"}]
# comment
[[questions]]
number = "7/2"
tilte = "oops"

[[questions]]
number = 5
`
	var diags diag.List
	root := Parse("f.md", []byte(src), 2, &diags)
	if root == nil {
		t.Fatal(diags)
	}
	root.String("title", true)
	areas := root.Strings("areas", 1)
	want := []diag.Pos{{File: "f.md", Line: 3, Col: 10}, {File: "f.md", Line: 4, Col: 3}, {File: "f.md", Line: 4, Col: 9}}
	for i, a := range areas {
		if a.Pos() != want[i] {
			t.Errorf("areas[%d] at %v, want %v", i, a.Pos(), want[i])
		}
	}
	cs := root.Tables("coordinators")
	if got := cs[1].TablePos(); got != (diag.Pos{File: "f.md", Line: 5, Col: 31}) {
		t.Errorf("coordinators[1] at %v", got)
	}
	qs := root.Tables("questions")
	for _, q := range qs {
		q.String("number", true)
		q.String("title", true)
		q.Done("question")
	}
	root.Done("record")
	got := diags.Sort().String()
	wantDiags := `f.md:7:1: missing required field "title"
f.md:9:1: unknown field "tilte" in question (did you mean "title"?)
f.md:11:1: missing required field "title"
f.md:12:1: field "number" must be a string, not an integer
`
	if got != wantDiags {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, wantDiags)
	}
}

func TestSyntaxError(t *testing.T) {
	var diags diag.List
	if Parse("f.md", []byte("a = 1\nb = \"x\ny = 2\n"), 2, &diags) != nil {
		t.Fatal("parsed bad TOML")
	}
	if len(diags) != 1 || diags[0].String() != "f.md:3:7: invalid TOML: strings cannot contain newlines" {
		t.Fatalf("got %v", diags)
	}
}
