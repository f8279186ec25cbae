// Package export writes the machine-readable outputs: the tables as
// /data/correspondence.json and one CSV each, /sitemap.xml and /feed.xml.
// It reads the same derived tables as the HTML pages, so both always agree.
package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
)

// File is one output file.
type File struct {
	Path string
	Data []byte
}

// Data returns /data/correspondence.json and the CSV files.
func Data(s *model.Site, t *derive.Tables) ([]File, error) {
	j := correspondence{Resolutions: resolutionsJSON(t)}
	files := []File{{Path: "data/resolutions.csv", Data: resolutionsCSV(t)}}
	for _, m := range t.Mappings {
		j.Mappings = append(j.Mappings, mappingJSON(m))
		files = append(files, File{Path: "data/mapping-" + m.ID + ".csv", Data: mappingCSV(m)})
	}
	for _, m := range t.Matrices {
		j.Matrices = append(j.Matrices, matrixJSON(m))
		files = append(files, File{Path: "data/matrix-" + m.ID + ".csv", Data: matrixCSV(m)})
	}
	j.ByArea = byAreaJSON(t)
	files = append(files, File{Path: "data/study-groups-by-area.csv", Data: byAreaCSV(t)})
	b, err := json.Marshal(j)
	if err != nil {
		return nil, err
	}
	files = append([]File{{Path: "data/correspondence.json", Data: append(b, '\n')}}, files...)
	return files, nil
}

type correspondence struct {
	Resolutions resolutionsTable `json:"resolutions"`
	Mappings    []mappingTable   `json:"mappings"`
	Matrices    []matrixTable    `json:"matrices"`
	ByArea      byAreaTable      `json:"study_groups_by_area"`
}

type ref struct {
	ID    string `json:"id"` // slug or designation
	Label string `json:"label"`
	Title string `json:"title"`
	URL   string `json:"url"` // site path
}

func resRef(r *model.Resolution) ref {
	return ref{ID: r.Slug, Label: r.Body.ID + " " + r.Number, Title: r.Title, URL: derive.URL(r)}
}

func unitRef(u *model.Unit) ref {
	return ref{ID: u.Designation(), Label: u.Designation(), Title: u.Title, URL: derive.UnitURL(u)}
}

func areaIDs(as []*model.Area) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.Slug)
	}
	return out
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

func resolutionsJSON(t *derive.Tables) resolutionsTable {
	rt := resolutionsTable{Bodies: []string{}}
	for _, b := range t.Resolutions.Bodies {
		rt.Bodies = append(rt.Bodies, b.ID)
	}
	for _, row := range t.Resolutions.Rows {
		jr := resolutionRow{Area: row.Area.Slug, Title: row.Area.Title, Cells: map[string][]ref{}}
		for i, cell := range row.Cells {
			refs := []ref{}
			for _, r := range cell {
				refs = append(refs, resRef(r))
			}
			jr.Cells[t.Resolutions.Bodies[i].ID] = refs
		}
		rt.Rows = append(rt.Rows, jr)
	}
	return rt
}

func resolutionsCSV(t *derive.Tables) []byte {
	header := []string{"area"}
	for _, b := range t.Resolutions.Bodies {
		header = append(header, b.ID)
	}
	rows := [][]string{header}
	for _, row := range t.Resolutions.Rows {
		rec := []string{row.Area.Slug}
		for _, cell := range row.Cells {
			var labels []string
			for _, r := range cell {
				labels = append(labels, r.Body.ID+" "+r.Number)
			}
			rec = append(rec, strings.Join(labels, "; "))
		}
		rows = append(rows, rec)
	}
	return writeCSV(rows)
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

func mappingJSON(m *derive.Mapping) mappingTable {
	mt := mappingTable{ID: m.ID, From: m.From.ID, To: m.To.ID, Rows: []mappingRow{}}
	for _, row := range m.Rows {
		jr := mappingRow{Unit: unitRef(row.Unit), Counterparts: []ref{}, SharedAreas: areaIDs(row.Shared)}
		for _, c := range row.Counterparts {
			jr.Counterparts = append(jr.Counterparts, unitRef(c))
		}
		mt.Rows = append(mt.Rows, jr)
	}
	return mt
}

func mappingCSV(m *derive.Mapping) []byte {
	rows := [][]string{{m.From.ID, "title", m.To.ID, "shared areas"}}
	for _, row := range m.Rows {
		var cs []string
		for _, c := range row.Counterparts {
			cs = append(cs, c.Designation())
		}
		rows = append(rows, []string{row.Unit.Designation(), row.Unit.Title, strings.Join(cs, "; "), strings.Join(areaIDs(row.Shared), "; ")})
	}
	return writeCSV(rows)
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

func matrixCells(m *derive.Matrix) []matrixCell {
	out := []matrixCell{}
	for i, sg := range m.RowGroups {
		for _, c := range m.Row(i) {
			mc := matrixCell{Row: sg.Unit.Designation(), Col: c.Other.Unit.Designation(), Links: [][2]string{}, Areas: areaIDs(c.Areas)}
			for _, l := range c.Links {
				mc.Links = append(mc.Links, [2]string{l.Own.Designation(), l.Other.Designation()})
			}
			out = append(out, mc)
		}
	}
	return out
}

func matrixJSON(m *derive.Matrix) matrixTable {
	return matrixTable{ID: m.ID, Rows: m.Rows.ID, Cols: m.Cols.ID, Cells: matrixCells(m)}
}

func matrixCSV(m *derive.Matrix) []byte {
	rows := [][]string{{m.Rows.ID, m.Cols.ID, "linked units", "shared areas"}}
	for _, c := range matrixCells(m) {
		var links []string
		for _, l := range c.Links {
			links = append(links, l[0]+" = "+l[1])
		}
		rows = append(rows, []string{c.Row, c.Col, strings.Join(links, "; "), strings.Join(c.Areas, "; ")})
	}
	return writeCSV(rows)
}

type byAreaTable struct {
	Sectors []string    `json:"sectors"`
	Rows    []byAreaRow `json:"rows"`
}

type byAreaRow struct {
	Area  string           `json:"area"`
	Units map[string][]ref `json:"units"` // by sector id
}

func byAreaJSON(t *derive.Tables) byAreaTable {
	bt := byAreaTable{Sectors: []string{}}
	for _, s := range t.ByArea.Sectors {
		bt.Sectors = append(bt.Sectors, s.ID)
	}
	for _, row := range t.ByArea.Rows {
		jr := byAreaRow{Area: row.Area.Slug, Units: map[string][]ref{}}
		for i, us := range row.Units {
			refs := []ref{}
			for _, u := range us {
				refs = append(refs, unitRef(u))
			}
			jr.Units[t.ByArea.Sectors[i].ID] = refs
		}
		bt.Rows = append(bt.Rows, jr)
	}
	return bt
}

func byAreaCSV(t *derive.Tables) []byte {
	header := []string{"area"}
	for _, s := range t.ByArea.Sectors {
		header = append(header, s.ID)
	}
	rows := [][]string{header}
	for _, row := range t.ByArea.Rows {
		rec := []string{row.Area.Slug}
		for _, us := range row.Units {
			var ds []string
			for _, u := range us {
				ds = append(ds, u.Designation())
			}
			rec = append(rec, strings.Join(ds, "; "))
		}
		rows = append(rows, rec)
	}
	return writeCSV(rows)
}

func writeCSV(rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.WriteAll(rows) // a bytes.Buffer does not fail
	return b.Bytes()
}
