package export_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"itu.int/iscsite/generator/build"
	"itu.int/iscsite/generator/export"
)

// TestCorrespondenceSchema: the real site's correspondence.json in every
// language, and a generated site's, are valid against the schema the
// build publishes with them, and name it; a row without a required
// member, a member of the wrong type or format and a member the writer
// never writes are not.
func TestCorrespondenceSchema(t *testing.T) {
	realRes, real := realData(t)
	genRes, gen := generatedData(t)
	for _, site := range []struct {
		name  string
		res   *build.Result
		files map[string]export.File
	}{{"real", realRes, real}, {"generated", genRes, gen}} {
		schema := compileSchema(t, site.files)
		want := site.res.Site.Config.BaseURL + "data/correspondence.schema.json"
		n := 0
		for path, f := range site.files {
			if !strings.HasSuffix(path, "data/correspondence.json") {
				continue
			}
			n++
			doc := instance(t, f)
			if err := schema.Validate(doc); err != nil {
				t.Errorf("%s site, %s: %s", site.name, path, firstLines(err))
			}
			if got := doc.(map[string]any)["$schema"]; got != want {
				t.Errorf("%s site, %s: $schema %q, want %q", site.name, path, got, want)
			}
		}
		if langs := len(site.res.Site.Config.Languages); n != langs {
			t.Errorf("%s site: %d correspondence.json files for %d languages", site.name, n, langs)
		}
	}

	schema := compileSchema(t, real)
	for _, c := range []struct {
		what, want string
		breakIt    func(doc map[string]any)
	}{
		{"a Resolution without its url", "missing property 'url'", func(doc map[string]any) {
			cell := firstRow(doc, "resolutions")["cells"].(map[string]any)["PP"].([]any)
			delete(cell[0].(map[string]any), "url")
		}},
		{"a url that is no address", "is not valid uri-reference", func(doc map[string]any) {
			cell := firstRow(doc, "resolutions")["cells"].(map[string]any)["PP"].([]any)
			cell[0].(map[string]any)["url"] = "/resolutions/100%/"
		}},
		{"an area's slug as a number", "got number, want string", func(doc map[string]any) {
			firstRow(doc, "resolutions")["area"] = 5
		}},
		{"a unit's counterparts as a string", "got string, want array", func(doc map[string]any) {
			firstRow(doc["mappings"].([]any)[0].(map[string]any), "")["counterparts"] = "ITU-R WP 1C"
		}},
		{"a member the writer never writes", "additional properties 'note' not allowed", func(doc map[string]any) {
			firstRow(doc, "study_groups_by_area")["note"] = "x"
		}},
		{"a body that is not a column", "additional properties 'XX' not allowed", func(doc map[string]any) {
			firstRow(doc, "resolutions")["cells"].(map[string]any)["XX"] = []any{}
		}},
	} {
		doc := instance(t, real["data/correspondence.json"]).(map[string]any)
		c.breakIt(doc)
		if err := schema.Validate(doc); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: the schema says %v, want %q", c.what, firstLines(err), c.want)
		}
	}
}

// firstLines is the start of a validation error, which lists every
// failing value and can be as long as the file.
func firstLines(err error) string {
	if err == nil {
		return "nothing"
	}
	lines := strings.SplitAfterN(err.Error(), "\n", 21)
	return strings.Join(lines[:min(len(lines), 20)], "")
}

// firstRow is the first row of the table at key in doc, or of doc itself
// when key is "".
func firstRow(doc map[string]any, key string) map[string]any {
	if key != "" {
		doc = doc[key].(map[string]any)
	}
	return doc["rows"].([]any)[0].(map[string]any)
}

// compileSchema compiles data/correspondence.schema.json of files, its
// formats (uri, uri-reference) checked, which draft 2020-12 leaves to
// the validator.
func compileSchema(t *testing.T, files map[string]export.File) *jsonschema.Schema {
	t.Helper()
	f, ok := files["data/correspondence.schema.json"]
	if !ok {
		t.Fatal("no data/correspondence.schema.json")
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("correspondence.schema.json", instance(t, f)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("correspondence.schema.json")
	if err != nil {
		t.Fatalf("the schema: %v", err)
	}
	return s
}

// instance is the JSON of f, as the validator reads it.
func instance(t *testing.T, f export.File) any {
	t.Helper()
	b, err := f.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", f.Path, err)
	}
	return v
}
