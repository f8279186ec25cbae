package render

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/model"
)

// TestDocListsFuncs keeps the package doc, the layout authors' manual, in
// step with the template functions: each is listed, and nothing else is.
func TestDocListsFuncs(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "render.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(f.Doc.Text(), "\n") {
		// The list is indented by a tab; continuation lines by more.
		if rest, ok := strings.CutPrefix(line, "\t"); ok && rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			listed[strings.Fields(rest)[0]] = true
		}
	}
	r := &Renderer{cfg: &config.Config{BasePath: "/", BaseURL: "https://example.org/"}}
	for name := range r.funcs("en") {
		if !listed[name] {
			t.Errorf("template function %q is not in the package doc's list", name)
		}
		delete(listed, name)
	}
	for name := range listed {
		t.Errorf("the package doc lists %q, which is no template function", name)
	}
}

func TestRowID(t *testing.T) {
	sector := &config.Sector{ID: "ITU-D"}
	sg := &model.StudyGroup{Meta: model.Meta{Slug: "itu-d-sg2"}, Sector: sector, Number: "2"}
	sg.Unit = &model.Unit{Kind: model.UnitSG, SG: sg, Number: "2"}
	q := &model.Unit{Kind: model.UnitQuestion, SG: sg, Number: "7/2"}
	wp := &model.Unit{Kind: model.UnitWP, SG: sg, Number: "1C"}
	mapping := &derive.Mapping{ID: "itu-d-itu-r"}
	matrix := &derive.Matrix{ID: "itu-r-itu-d"}
	for _, c := range []struct {
		table, x any
		want     string
	}{
		{mapping, q, "itu-d-itu-r-q7-2"},
		{mapping, wp, "itu-d-itu-r-wp1c"},
		{matrix, sg, "itu-r-itu-d-itu-d-sg2"},
	} {
		got, err := rowID(c.table, c.x)
		if err != nil || got != c.want {
			t.Errorf("rowID(%T, %T) = %q, %v; want %q", c.table, c.x, got, err, c.want)
		}
	}
	for _, c := range []struct{ table, x any }{
		{mapping, sg.Unit}, // a study group has no row in a mapping table
		{mapping, sg},
		{matrix, q},
	} {
		if got, err := rowID(c.table, c.x); err == nil {
			t.Errorf("rowID(%T, %T) = %q; want an error", c.table, c.x, got)
		}
	}
}

// TestUIStrings checks the repository's layouts against their English
// strings, the fallback of every language: each key a layout asks for is
// there, and each string there is used, by a layout or by this package.
func TestUIStrings(t *testing.T) {
	root := filepath.Join("..", "..")
	cfg := &config.Config{DefaultLanguage: "en", Languages: []config.Language{{Code: "en"}}}
	var diags diag.List
	ui := loadI18n(os.DirFS(root), cfg, &diags)
	if len(diags) > 0 {
		t.Fatalf("layouts/i18n: %v", diags)
	}
	used := map[string]bool{"home": true, "not_found": true} // data.go
	for _, s := range sections {
		used[s.key] = true
	}
	call := regexp.MustCompile(`\bt "([a-z0-9_]+)"`)
	err := filepath.WalkDir(filepath.Join(root, "layouts"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range call.FindAllSubmatch(b, -1) {
			key := string(m[1])
			used[key] = true
			if _, ok := ui["en"][key]; !ok {
				t.Errorf("%s asks for the UI string %q, which layouts/i18n/en.toml lacks", p, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// rows.go writes some labels itself.
	goCall := regexp.MustCompile(`ui\((?:lang, )?"([a-z0-9_]+)"\)`)
	goFiles, _ := filepath.Glob("*.go")
	for _, p := range goFiles {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range goCall.FindAllSubmatch(b, -1) {
			key := string(m[1])
			used[key] = true
			if _, ok := ui["en"][key]; !ok {
				t.Errorf("%s asks for the UI string %q, which layouts/i18n/en.toml lacks", p, key)
			}
		}
	}
	var unused []string
	for key := range ui["en"] {
		if !used[key] {
			unused = append(unused, key)
		}
	}
	slices.Sort(unused)
	if len(unused) > 0 {
		t.Errorf("layouts/i18n/en.toml has strings no layout uses: %s", strings.Join(unused, ", "))
	}
}
