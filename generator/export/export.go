// Package export writes the machine-readable outputs: the tables as
// /data/correspondence.json and one CSV each, /sitemap.xml and /feed.xml.
// It reads the same derived tables as the HTML pages, so both always agree.
package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
)

// File is one output file: its bytes, or, for one too large to hold
// whole, the function that writes them.
type File struct {
	Path  string
	Data  []byte
	Write func(w io.Writer) error // if set, Data is nil
}

// Bytes is the file's content.
func (f File) Bytes() ([]byte, error) {
	if f.Write == nil {
		return f.Data, nil
	}
	var b bytes.Buffer
	err := f.Write(&b)
	return b.Bytes(), err
}

// Data returns /data/correspondence.json and the CSV files, each written
// row by row as it is encoded: on a large site they are tens of
// megabytes, and a value tree of a whole table, with its millions of
// small strings and slices, cost the build more in garbage collection
// than the encoding itself.
func Data(s *model.Site, t *derive.Tables) ([]File, error) {
	files := []File{
		{Path: "data/correspondence.json", Write: func(w io.Writer) error { return writeCorrespondence(w, t) }},
		{Path: "data/resolutions.csv", Write: func(w io.Writer) error { return resolutionsCSV(csv.NewWriter(w), t) }},
	}
	for _, m := range t.Mappings {
		files = append(files, File{Path: "data/mapping-" + m.ID + ".csv", Write: func(w io.Writer) error { return mappingCSV(csv.NewWriter(w), m) }})
	}
	for _, m := range t.Matrices {
		files = append(files, File{Path: "data/matrix-" + m.ID + ".csv", Write: func(w io.Writer) error { return matrixCSV(csv.NewWriter(w), m) }})
	}
	files = append(files, File{Path: "data/study-groups-by-area.csv", Write: func(w io.Writer) error { return byAreaCSV(csv.NewWriter(w), t) }})
	return files, nil
}

// writeCorrespondence writes the JSON of every table: the bytes
// json.Marshal gives for a correspondence value, and a newline.
func writeCorrespondence(w io.Writer, t *derive.Tables) error {
	j := &jsonWriter{w: w}
	j.raw(`{"resolutions":{"bodies":`)
	bodies := []string{}
	for _, b := range t.Resolutions.Bodies {
		bodies = append(bodies, b.ID)
	}
	j.value(bodies)
	j.raw(`,"rows":`)
	j.array(len(t.Resolutions.Rows), false, func(i int) any { return resolutionJSONRow(t, i) })
	j.raw(`},"mappings":`)
	j.array(len(t.Mappings), false, func(i int) any {
		m := t.Mappings[i]
		j.raw(`{"id":`)
		j.value(m.ID)
		j.raw(`,"from":`)
		j.value(m.From.ID)
		j.raw(`,"to":`)
		j.value(m.To.ID)
		j.raw(`,"rows":`)
		j.array(len(m.Rows), true, func(i int) any { return mappingJSONRow(m.Rows[i]) })
		j.raw(`}`)
		return nil
	})
	j.raw(`,"matrices":`)
	j.array(len(t.Matrices), false, func(i int) any {
		m := t.Matrices[i]
		j.raw(`{"id":`)
		j.value(m.ID)
		j.raw(`,"rows":`)
		j.value(m.Rows.ID)
		j.raw(`,"cols":`)
		j.value(m.Cols.ID)
		j.raw(`,"cells":[`)
		first := true
		for i := range m.RowGroups {
			for _, c := range matrixCells(m, i) {
				if !first {
					j.raw(",")
				}
				first = false
				j.value(c)
			}
		}
		j.raw(`]}`)
		return nil
	})
	j.raw(`,"study_groups_by_area":{"sectors":`)
	sectors := []string{}
	for _, s := range t.ByArea.Sectors {
		sectors = append(sectors, s.ID)
	}
	j.value(sectors)
	j.raw(`,"rows":`)
	j.array(len(t.ByArea.Rows), false, func(i int) any { return byAreaJSONRow(t, i) })
	j.raw("}}\n")
	return j.err
}

// jsonWriter writes JSON in parts, keeping the first error.
type jsonWriter struct {
	w   io.Writer
	err error
}

func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = io.WriteString(j.w, s)
	}
}

func (j *jsonWriter) value(v any) {
	if j.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		j.err = err
		return
	}
	_, j.err = j.w.Write(b)
}

// array writes n elements, each the value elem returns or, where it
// returns nil, what elem wrote itself. An empty array is null unless
// made, as a nil and a made slice are to json.Marshal.
func (j *jsonWriter) array(n int, made bool, elem func(i int) any) {
	if n == 0 {
		if made {
			j.raw("[]")
		} else {
			j.raw("null")
		}
		return
	}
	j.raw("[")
	for i := range n {
		if i > 0 {
			j.raw(",")
		}
		if v := elem(i); v != nil {
			j.value(v)
		}
	}
	j.raw("]")
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

type resolutionRow struct {
	Area  string           `json:"area"`
	Title string           `json:"title"`
	Cells map[string][]ref `json:"cells"` // by body id
}

func resolutionJSONRow(t *derive.Tables, i int) resolutionRow {
	row := t.Resolutions.Rows[i]
	jr := resolutionRow{Area: row.Area.Slug, Title: row.Area.Title, Cells: map[string][]ref{}}
	for i, cell := range row.Cells {
		refs := []ref{}
		for _, r := range cell {
			refs = append(refs, resRef(r))
		}
		jr.Cells[t.Resolutions.Bodies[i].ID] = refs
	}
	return jr
}

func resolutionsCSV(w *csv.Writer, t *derive.Tables) error {
	header := []string{"area"}
	for _, b := range t.Resolutions.Bodies {
		header = append(header, b.ID)
	}
	_ = w.Write(header)
	for _, row := range t.Resolutions.Rows {
		rec := []string{row.Area.Slug}
		for _, cell := range row.Cells {
			var labels []string
			for _, r := range cell {
				labels = append(labels, r.Body.ID+" "+r.Number)
			}
			rec = append(rec, strings.Join(labels, "; "))
		}
		_ = w.Write(rec)
	}
	w.Flush()
	return w.Error()
}

type mappingRow struct {
	Unit         ref      `json:"unit"`
	Counterparts []ref    `json:"counterparts"`
	SharedAreas  []string `json:"shared_areas"`
}

func mappingJSONRow(row derive.MappingRow) mappingRow {
	jr := mappingRow{Unit: unitRef(row.Unit), Counterparts: []ref{}, SharedAreas: areaIDs(row.Shared)}
	for _, c := range row.Counterparts {
		jr.Counterparts = append(jr.Counterparts, unitRef(c))
	}
	return jr
}

func mappingCSV(w *csv.Writer, m *derive.Mapping) error {
	_ = w.Write([]string{m.From.ID, "title", m.To.ID, "shared areas"})
	for _, row := range m.Rows {
		var cs []string
		for _, c := range row.Counterparts {
			cs = append(cs, c.Designation())
		}
		_ = w.Write([]string{row.Unit.Designation(), row.Unit.Title, strings.Join(cs, "; "), strings.Join(areaIDs(row.Shared), "; ")})
	}
	w.Flush()
	return w.Error()
}

type matrixCell struct {
	Row   string      `json:"row"`
	Col   string      `json:"col"`
	Links [][2]string `json:"links"` // designation pairs: row side, column side
	Areas []string    `json:"areas"`
}

// matrixCells are the non-empty cells of row i of a matrix.
func matrixCells(m *derive.Matrix, i int) []matrixCell {
	var out []matrixCell
	sg := m.RowGroups[i]
	for _, c := range m.Row(i) {
		mc := matrixCell{Row: sg.Unit.Designation(), Col: c.Other.Unit.Designation(), Links: [][2]string{}, Areas: areaIDs(c.Areas)}
		for _, l := range c.Links {
			mc.Links = append(mc.Links, [2]string{l.Own.Designation(), l.Other.Designation()})
		}
		out = append(out, mc)
	}
	return out
}

func matrixCSV(w *csv.Writer, m *derive.Matrix) error {
	_ = w.Write([]string{m.Rows.ID, m.Cols.ID, "linked units", "shared areas"})
	for i := range m.RowGroups {
		for _, c := range matrixCells(m, i) {
			var links []string
			for _, l := range c.Links {
				links = append(links, l[0]+" = "+l[1])
			}
			_ = w.Write([]string{c.Row, c.Col, strings.Join(links, "; "), strings.Join(c.Areas, "; ")})
		}
	}
	w.Flush()
	return w.Error()
}

type byAreaRow struct {
	Area  string           `json:"area"`
	Units map[string][]ref `json:"units"` // by sector id
}

func byAreaJSONRow(t *derive.Tables, i int) byAreaRow {
	row := t.ByArea.Rows[i]
	jr := byAreaRow{Area: row.Area.Slug, Units: map[string][]ref{}}
	for i, us := range row.Units {
		refs := []ref{}
		for _, u := range us {
			refs = append(refs, unitRef(u))
		}
		jr.Units[t.ByArea.Sectors[i].ID] = refs
	}
	return jr
}

func byAreaCSV(w *csv.Writer, t *derive.Tables) error {
	header := []string{"area"}
	for _, s := range t.ByArea.Sectors {
		header = append(header, s.ID)
	}
	_ = w.Write(header)
	for _, row := range t.ByArea.Rows {
		rec := []string{row.Area.Slug}
		for _, us := range row.Units {
			var ds []string
			for _, u := range us {
				ds = append(ds, u.Designation())
			}
			rec = append(rec, strings.Join(ds, "; "))
		}
		_ = w.Write(rec)
	}
	w.Flush()
	return w.Error()
}
