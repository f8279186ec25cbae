// Package export writes the machine-readable outputs: the tables as
// /data/correspondence.json and one CSV each, /sitemap.xml and /feed.xml.
// It reads the same derived tables as the HTML pages, so both always agree.
package export

import (
	"bytes"
	"encoding/csv"
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
		{Path: "data/correspondence.json", Write: func(w io.Writer) error { return writeCorrespondence(w, s.Config, s.Config.DefaultLanguage, t) }},
		{Path: "data/resolutions.csv", Write: func(w io.Writer) error { return resolutionsCSV(newSheet(w), t) }},
	}
	// The JSON holds titles and links, so each language has its own.
	for _, l := range s.Config.Languages {
		if l.Code != s.Config.DefaultLanguage {
			files = append(files, File{Path: strings.TrimPrefix(derive.In(s.Config, l.Code, "/data/correspondence.json"), "/"),
				Write: func(w io.Writer) error { return writeCorrespondence(w, s.Config, l.Code, t) }})
		}
	}
	for _, m := range t.Mappings {
		files = append(files, File{Path: "data/mapping-" + m.ID + ".csv", Write: func(w io.Writer) error { return mappingCSV(newSheet(w), m) }})
	}
	for _, m := range t.Matrices {
		files = append(files, File{Path: "data/matrix-" + m.ID + ".csv", Write: func(w io.Writer) error { return matrixCSV(newSheet(w), m) }})
	}
	files = append(files, File{Path: "data/study-groups-by-area.csv", Write: func(w io.Writer) error { return byAreaCSV(newSheet(w), t) }})
	files = append(files,
		File{Path: "data/resolutions-list.csv", Write: func(w io.Writer) error { return resolutionListCSV(newSheet(w), s) }},
		File{Path: "data/study-group-units.csv", Write: func(w io.Writer) error { return unitListCSV(newSheet(w), s) }})
	if len(s.Config.Languages) > 1 {
		files = append(files, File{Path: "data/translations.csv", Write: func(w io.Writer) error { return translationsCSV(newSheet(w), s) }})
	}
	return files, nil
}

// translationsCSV is the translators' report: a row per record without
// a translation, and per translation made from an earlier version of its
// original, in each language.
func translationsCSV(w sheet, s *model.Site) error {
	w.row([]string{"language", "record", "original", "translation", "status", "fields_changed"})
	for _, st := range derive.Translations(s) {
		for _, x := range st.Stale {
			status := "out of date"
			if x.Unstamped {
				status = "not stamped"
			}
			m := x.Record.Base()
			w.row([]string{st.Lang, m.Key(), m.File, x.Translation.File, status, strings.Join(x.Fields, "; ")})
		}
		for _, r := range st.Missing {
			m := r.Base()
			w.row([]string{st.Lang, m.Key(), m.File, "", "missing", ""})
		}
	}
	w.Flush()
	return w.Error()
}

// sheet writes CSV rows, each cell made safe to open in a spreadsheet.
type sheet struct{ *csv.Writer }

func newSheet(w io.Writer) sheet { return sheet{csv.NewWriter(w)} }

// row writes one row. Errors stay in the writer until Flush.
func (s sheet) row(cells []string) {
	for i, c := range cells {
		cells[i] = Neutralize(c)
	}
	_ = s.Write(cells)
}

// Neutralize makes a CSV cell that a spreadsheet would run as a formula
// (it starts with =, +, -, @, a tab or a carriage return) plain text, as
// OWASP recommends against CSV injection: a single quote goes before it,
// which spreadsheets show as text and do not display. An editor's title
// "=HYPERLINK(…)" then stays a title.
func Neutralize(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

func areaIDs(as []*model.Area) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.Slug)
	}
	return out
}

func resolutionsCSV(w sheet, t *derive.Tables) error {
	header := []string{"area", "title"}
	for _, b := range t.Resolutions.Bodies {
		header = append(header, b.ID)
	}
	w.row(header)
	for _, row := range t.Resolutions.Rows {
		rec := []string{row.Area.Slug, row.Area.Title}
		for _, cell := range row.Cells {
			var labels []string
			for _, r := range cell {
				labels = append(labels, r.Body.ID+" "+r.Number)
			}
			rec = append(rec, strings.Join(labels, "; "))
		}
		w.row(rec)
	}
	w.Flush()
	return w.Error()
}

func mappingCSV(w sheet, m *derive.Mapping) error {
	w.row([]string{m.From.ID, "title", m.To.ID, "shared areas"})
	for _, row := range m.Rows {
		var cs []string
		for _, c := range row.Counterparts {
			cs = append(cs, c.Designation())
		}
		w.row([]string{row.Unit.Designation(), row.Unit.Title, strings.Join(cs, "; "), strings.Join(areaIDs(row.Shared), "; ")})
	}
	w.Flush()
	return w.Error()
}

// matrixCell is a non-empty cell of a matrix, as the CSV shows it.
type matrixCell struct {
	Row, Col string
	Links    [][2]string // designation pairs: row side, column side
	Areas    []string
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

func matrixCSV(w sheet, m *derive.Matrix) error {
	w.row([]string{m.Rows.ID, m.Cols.ID, "linked units", "shared areas"})
	for i := range m.RowGroups {
		for _, c := range matrixCells(m, i) {
			var links []string
			for _, l := range c.Links {
				links = append(links, l[0]+" = "+l[1])
			}
			w.row([]string{c.Row, c.Col, strings.Join(links, "; "), strings.Join(c.Areas, "; ")})
		}
	}
	w.Flush()
	return w.Error()
}

func byAreaCSV(w sheet, t *derive.Tables) error {
	header := []string{"area", "title"}
	for _, s := range t.ByArea.Sectors {
		header = append(header, s.ID)
	}
	w.row(header)
	for _, row := range t.ByArea.Rows {
		rec := []string{row.Area.Slug, row.Area.Title}
		for _, us := range row.Units {
			var ds []string
			for _, u := range us {
				ds = append(ds, u.Designation())
			}
			rec = append(rec, strings.Join(ds, "; "))
		}
		w.row(rec)
	}
	w.Flush()
	return w.Error()
}
