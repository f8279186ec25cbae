package export_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"itu.int/iscsite/generator/build"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/export"
	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/synth"
)

// TestCorrespondenceMatchesMarshal: the hand-written JSON of a generated
// site and of the repository's own content is, byte for byte, what
// json.Marshal gives for the documented value below.
func TestCorrespondenceMatchesMarshal(t *testing.T) {
	gen := t.TempDir()
	if err := synth.Generate(gen, 400, 7); err != nil {
		t.Fatal(err)
	}
	// Titles with, one each, the characters json.Marshal escapes, and some
	// it does not, so each is checked on its own.
	specials := []string{`<`, `>`, `&`, `\"`, `\\`, `é`, `\u2028`, `\t`, `\u0001`, `'`, `+`, `~`}
	areas, _ := filepath.Glob(filepath.Join(gen, "content", "areas", "*.md"))
	if len(areas) < len(specials) {
		t.Fatalf("%d areas", len(areas))
	}
	for i, c := range specials {
		b, err := os.ReadFile(areas[i])
		if err != nil {
			t.Fatal(err)
		}
		b = titleLine.ReplaceAll(b, []byte(`title = "Area `+c+` title"`))
		if err := os.WriteFile(areas[i], b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Under a sub-path, which every url keeps.
	cfg, err := os.ReadFile(filepath.Join(gen, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg = bytes.Replace(cfg, []byte(`baseURL = "https://example.org/"`), []byte(`baseURL = "https://example.org/a&b/"`), 1)
	if err := os.WriteFile(filepath.Join(gen, "config.toml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{gen, filepath.Join("..", "..")} {
		res, err := build.Run(build.Options{Source: os.DirFS(dir), Check: true})
		if err != nil || res.Diags.Errors() > 0 {
			t.Fatalf("%s: %v %v", dir, err, res.Diags)
		}
		files, err := export.Data(res.Site, res.Tables)
		if err != nil {
			t.Fatal(err)
		}
		got, err := files[0].Bytes()
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(correspondenceOf(res.Tables, res.Site.Config.BaseURL, res.Site.Config.BasePath))
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, '\n')
		if files[0].Path != "data/correspondence.json" || !bytes.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: %s differs from json.Marshal at byte %d of %d:\n got …%s…\nwant …%s…", dir, files[0].Path, i, len(want),
				got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
		}
	}
}

// TestCorrespondenceInEachLanguage: the real site's JSON in French holds
// the areas' French titles, the Resolutions' titles as they are, and
// links to the French pages; valid JSON of the same shape.
func TestCorrespondenceInEachLanguage(t *testing.T) {
	_, byPath := realData(t)
	for _, lang := range []string{"fr", "es", "ar", "zh", "ru"} {
		if _, ok := byPath[lang+"/data/correspondence.json"]; !ok {
			t.Errorf("no %s/data/correspondence.json", lang)
		}
	}
	b, err := byPath["fr/data/correspondence.json"].Bytes()
	if err != nil {
		t.Fatal(err)
	}
	var fr correspondence
	if err := json.Unmarshal(b, &fr); err != nil {
		t.Fatal(err)
	}
	row := fr.Resolutions.Rows[0]
	pp := row.Cells["PP"][0]
	if row.Area != "accessibility" || row.Title != "Accessibilité" || pp.ID != "pp-175" || pp.URL != "/fr/resolutions/pp-175/" ||
		pp.Title != "Telecommunication/information and communication technology accessibility for persons with disabilities and persons with specific needs" {
		t.Errorf("the French JSON's first row: %+v", row)
	}
	if u := fr.Mappings[0].Rows[0].Unit.URL; len(u) < 4 || u[:4] != "/fr/" {
		t.Errorf("a unit's url in the French JSON: %q", u)
	}
}

// realData checks the repository's own site and returns it with its
// data files, by path.
func realData(t *testing.T) (*build.Result, map[string]export.File) {
	t.Helper()
	return siteData(t, filepath.Join("..", ".."))
}

// generatedData checks a generated site of three languages and returns
// it with its data files, by path.
func generatedData(t *testing.T) (*build.Result, map[string]export.File) {
	t.Helper()
	dir := t.TempDir()
	if err := synth.GenerateLanguages(dir, 300, 3, 3); err != nil {
		t.Fatal(err)
	}
	return siteData(t, dir)
}

// siteData checks the site in dir and returns it with its data files.
func siteData(t *testing.T, dir string) (*build.Result, map[string]export.File) {
	t.Helper()
	res, err := build.Run(build.Options{Source: os.DirFS(dir), Check: true})
	if err != nil || res.Diags.Errors() > 0 {
		t.Fatalf("%v %v", err, res.Diags)
	}
	files, err := export.Data(res.Site, res.Tables)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]export.File{}
	for _, f := range files {
		byPath[f.Path] = f
	}
	return res, byPath
}

var titleLine = regexp.MustCompile(`(?m)^title = ".*"$`)

// The value /data/correspondence.json encodes, as the README documents it.

type correspondence struct {
	Schema      string           `json:"$schema"` // the absolute address of /data/correspondence.schema.json
	Resolutions resolutionsTable `json:"resolutions"`
	Mappings    []mappingTable   `json:"mappings"`
	Matrices    []matrixTable    `json:"matrices"`
	ByArea      byAreaTable      `json:"study_groups_by_area"`
}

type ref struct {
	ID    string `json:"id"` // slug or designation
	Label string `json:"label"`
	Title string `json:"title"`
	URL   string `json:"url"` // from the server's root, with baseURL's path
}

type resolutionsTable struct {
	Bodies []string        `json:"bodies"`
	Rows   []resolutionRow `json:"rows"`
}

type resolutionRow struct {
	Area  string           `json:"area"`
	Title string           `json:"title"`
	Cells map[string][]ref `json:"cells"` // by body id
}

type mappingTable struct {
	ID   string       `json:"id"`
	From string       `json:"from"`
	To   string       `json:"to"`
	Rows []mappingRow `json:"rows"`
}

type mappingRow struct {
	Unit         ref      `json:"unit"`
	Counterparts []ref    `json:"counterparts"`
	SharedAreas  []string `json:"shared_areas"`
}

type matrixTable struct {
	ID    string       `json:"id"`
	Rows  string       `json:"rows"`
	Cols  string       `json:"cols"`
	Cells []matrixCell `json:"cells"` // the non-empty cells only
}

type matrixCell struct {
	Row   string      `json:"row"`
	Col   string      `json:"col"`
	Links [][2]string `json:"links"` // designation pairs: row side, column side
	Areas []string    `json:"areas"`
}

type byAreaTable struct {
	Sectors []string    `json:"sectors"`
	Rows    []byAreaRow `json:"rows"`
}

type byAreaRow struct {
	Area  string           `json:"area"`
	Units map[string][]ref `json:"units"` // by sector id
}

func resRef(r *model.Resolution, base string) ref {
	return ref{ID: r.Slug, Label: r.Body.ID + " " + r.Number, Title: r.Title, URL: base + derive.URL(r)[1:]}
}

func unitRef(u *model.Unit, base string) ref {
	return ref{ID: u.Designation(), Label: u.Designation(), Title: u.Title, URL: base + derive.UnitURL(u)[1:]}
}

func areaIDs(as []*model.Area) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.Slug)
	}
	return out
}

func correspondenceOf(t *derive.Tables, baseURL, base string) correspondence {
	c := correspondence{Schema: baseURL + "data/correspondence.schema.json"}
	c.Resolutions.Bodies = []string{}
	for _, b := range t.Resolutions.Bodies {
		c.Resolutions.Bodies = append(c.Resolutions.Bodies, b.ID)
	}
	for _, row := range t.Resolutions.Rows {
		jr := resolutionRow{Area: row.Area.Slug, Title: row.Area.Title, Cells: map[string][]ref{}}
		for i, cell := range row.Cells {
			refs := []ref{}
			for _, r := range cell {
				refs = append(refs, resRef(r, base))
			}
			jr.Cells[t.Resolutions.Bodies[i].ID] = refs
		}
		c.Resolutions.Rows = append(c.Resolutions.Rows, jr)
	}
	for _, m := range t.Mappings {
		mt := mappingTable{ID: m.ID, From: m.From.ID, To: m.To.ID, Rows: []mappingRow{}}
		for _, row := range m.Rows {
			jr := mappingRow{Unit: unitRef(row.Unit, base), Counterparts: []ref{}, SharedAreas: areaIDs(row.Shared)}
			for _, o := range row.Counterparts {
				jr.Counterparts = append(jr.Counterparts, unitRef(o, base))
			}
			mt.Rows = append(mt.Rows, jr)
		}
		c.Mappings = append(c.Mappings, mt)
	}
	for _, m := range t.Matrices {
		mt := matrixTable{ID: m.ID, Rows: m.Rows.ID, Cols: m.Cols.ID, Cells: []matrixCell{}}
		for i, sg := range m.RowGroups {
			for _, conn := range m.Row(i) {
				mc := matrixCell{Row: sg.Unit.Designation(), Col: conn.Other.Unit.Designation(), Links: [][2]string{}, Areas: areaIDs(conn.Areas)}
				for _, l := range conn.Links {
					mc.Links = append(mc.Links, [2]string{l.Own.Designation(), l.Other.Designation()})
				}
				mt.Cells = append(mt.Cells, mc)
			}
		}
		c.Matrices = append(c.Matrices, mt)
	}
	c.ByArea.Sectors = []string{}
	for _, s := range t.ByArea.Sectors {
		c.ByArea.Sectors = append(c.ByArea.Sectors, s.ID)
	}
	for _, row := range t.ByArea.Rows {
		jr := byAreaRow{Area: row.Area.Slug, Units: map[string][]ref{}}
		for i, us := range row.Units {
			refs := []ref{}
			for _, u := range us {
				refs = append(refs, unitRef(u, base))
			}
			jr.Units[t.ByArea.Sectors[i].ID] = refs
		}
		c.ByArea.Rows = append(c.ByArea.Rows, jr)
	}
	return c
}
