package render

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/diag"
)

// TestDocListsFuncs keeps the package doc, the layout authors' manual, in
// step with the template functions: each is listed, and nothing else is.
func TestDocListsFuncs(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "render.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	doc := f.Doc.Text()
	// The list is the section "Template functions".
	_, doc, _ = strings.Cut(doc, "# Template functions")
	doc, _, _ = strings.Cut(doc, "\n# ")
	for _, line := range strings.Split(doc, "\n") {
		// The list is indented by a tab; continuation lines by more.
		if rest, ok := strings.CutPrefix(line, "\t"); ok && rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			listed[strings.Fields(rest)[0]] = true
		}
	}
	r := &Renderer{cfg: &config.Config{BasePath: "/", BaseURL: "https://example.org/"}}
	for name := range r.funcs("en", nil, "") {
		if !listed[name] {
			t.Errorf("template function %q is not in the package doc's list", name)
		}
		delete(listed, name)
	}
	for name := range listed {
		t.Errorf("the package doc lists %q, which is no template function", name)
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
	// data.go titles pages without a record by their kind; funcs.go's
	// date names a month by its number.
	used := map[string]bool{"home": true, "not_found": true, "translations": true}
	for m := 1; m <= 12; m++ {
		used[fmt.Sprintf("month_%d", m)] = true
	}
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
	// data.go names some strings itself: the page titles of the tables.
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
