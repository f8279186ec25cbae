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
	site := &model.Site{Config: &config.Config{DefaultLanguage: "en", Languages: []config.Language{{Code: "en"}}}}
	files, err := Data(site, tables)
	if err != nil {
		t.Fatal(err)
	}
	got, err := files[0].Bytes()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"resolutions":{"bodies":["PP"],"rows":null},"mappings":[{"id":"itu-d-itu-r","from":"ITU-D","to":"ITU-R","rows":[]}],"matrices":null,"study_groups_by_area":{"sectors":[],"rows":null}}` + "\n"
	if files[0].Path != "data/correspondence.json" || string(got) != want {
		t.Errorf("%s:\n got %s\nwant %s", files[0].Path, got, want)
	}
	if !json.Valid(got) {
		t.Error("not valid JSON")
	}
}
