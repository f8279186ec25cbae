package fields

import (
	"strings"
	"testing"
	"time"

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

// Text that would take the TOML parser seconds and gigabytes is rejected
// at once, at the place it goes past a limit.
func TestHostileTOML(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"nested inline tables", "a = " + strings.Repeat("{b=", 8000) + "1" + strings.Repeat("}", 8000) + "\n",
			"f.md:2:101: TOML nested more than 32 levels deep: a record needs only a few (a table in an array of tables)"},
		{"nested arrays", "a = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n",
			"f.md:2:37: TOML nested more than 32 levels deep: a record needs only a few (a table in an array of tables)"},
		{"a long dotted key", strings.Repeat("a.", 100000) + "b = 1\n",
			"f.md:2:128: a dotted key of more than 64 parts"},
		{"a long dotted table name", "[" + strings.Repeat("a.", 1000) + "b]\n",
			"f.md:2:129: a dotted key of more than 64 parts"},
		{"too much text", "a = \"" + strings.Repeat("x", MaxSize) + "\"\n",
			"f.md:2:1: too much TOML: 1048583 bytes, more than the 1048576 a record may have"},
	}
	for _, c := range cases {
		start := time.Now()
		var diags diag.List
		if Parse("f.md", []byte(c.src), 2, &diags) != nil {
			t.Errorf("%s: parsed", c.name)
		}
		if took := time.Since(start); took > 100*time.Millisecond {
			t.Logf("%s: took %v", c.name, took) // a timing is not a test; the limits are
		}
		if got := diags.String(); got != c.want+"\n" {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
	// Brackets and dots in strings and comments are text.
	var diags diag.List
	ok := "s = \"" + strings.Repeat("[{.", 100) + "\"\n# " + strings.Repeat("[", 100) + "\nt = '" + strings.Repeat(".", 100) + "'\nu = \"\"\"\n" + strings.Repeat("{", 50) + "\n\"\"\"\n"
	if Parse("f.md", []byte(ok), 1, &diags) == nil {
		t.Errorf("valid TOML rejected: %s", diags)
	}
}
