package export

import (
	"encoding/json"
	"testing"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
)

// TestCorrespondenceEmpty: the JSON, written in parts, has the shape
// json.Marshal gives a whole value: null for tables with no rows.
func TestCorrespondenceEmpty(t *testing.T) {
	tables := &derive.Tables{}
	tables.Resolutions = &derive.ResolutionTable{Bodies: []*config.Body{{ID: "PP"}}}
	tables.ByArea = &derive.ByArea{}
	tables.Mappings = []*derive.Mapping{{ID: "itu-d-itu-r", From: &config.Sector{ID: "ITU-D"}, To: &config.Sector{ID: "ITU-R"}}}
	site := &model.Site{Config: &config.Config{BaseURL: "https://example.org/", DefaultLanguage: "en", Languages: []config.Language{{Code: "en"}}}}
	files, err := Data(site, tables)
	if err != nil {
		t.Fatal(err)
	}
	got, err := files[0].Bytes()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"$schema":"https://example.org/data/correspondence.schema.json","resolutions":{"bodies":["PP"],"rows":null},"mappings":[{"id":"itu-d-itu-r","from":"ITU-D","to":"ITU-R","rows":[]}],"matrices":null,"study_groups_by_area":{"sectors":[],"rows":null}}` + "\n"
	if files[0].Path != "data/correspondence.json" || string(got) != want {
		t.Errorf("%s:\n got %s\nwant %s", files[0].Path, got, want)
	}
	if !json.Valid(got) {
		t.Error("not valid JSON")
	}
}

// TestNames: names made for the metadata keep to Frictionless's rule
// and to CSVW's, whatever a site calls its Sectors.
func TestNames(t *testing.T) {
	for in, want := range map[string]string{"mapping-itu-d-itu-r": "mapping-itu-d-itu-r", "Example.org/A&B/": "example.org-a-b", "correspondence.schema": "correspondence.schema", "ré sumé": "r-sum"} {
		if got := resourceName(in); got != want {
			t.Errorf("resourceName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"ITU-R": "ITU_R", "shared areas": "shared_areas", "fields_changed": "fields_changed", "_x": "%5Fx", "-x": "%2Dx", "é": "%C3%A9", "a.b": "a%2Eb"} {
		if got := csvwName(in); got != want {
			t.Errorf("csvwName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := packageName("https://example.org/a&b/"); got != "example.org-a-b" {
		t.Errorf("packageName = %q", got)
	}
}
