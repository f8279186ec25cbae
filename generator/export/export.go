// Package export writes the machine-readable outputs: the tables as
// /data/correspondence.json and one CSV each, the files that describe
// them (correspondence.schema.json, datapackage.json, csv-metadata.json),
// /sitemap.xml and /feed.xml. It reads the same derived tables as the
// HTML pages, so both always agree.
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

// Data returns the files of /data/: correspondence.json (and one per
// language) with its JSON Schema, the CSV files, and datapackage.json and
// csv-metadata.json, which describe them. The JSON and CSV files are each
// written row by row as they are encoded: on a large site they are tens
// of megabytes, and a value tree of a whole table, with its millions of
// small strings and slices, cost the build more in garbage collection
// than the encoding itself.
func Data(s *model.Site, t *derive.Tables) ([]File, error) {
	files := []File{{Path: "data/correspondence.json", Write: func(w io.Writer) error { return writeCorrespondence(w, s.Config, s.Config.DefaultLanguage, t) }}}
	// The JSON holds titles and links, so each language has its own.
	for _, l := range s.Config.Languages {
		if l.Code != s.Config.DefaultLanguage {
			files = append(files, File{Path: strings.TrimPrefix(derive.In(s.Config, l.Code, "/data/correspondence.json"), "/"),
				Write: func(w io.Writer) error { return writeCorrespondence(w, s.Config, l.Code, t) }})
		}
	}
	tables := csvTables(s, t)
	for _, tb := range tables {
		files = append(files, File{Path: tb.file(), Write: tb.write})
	}
	meta, err := metadata(s.Config, t, tables)
	if err != nil {
		return nil, err
	}
	return append(files, meta...), nil
}

// csvTables are the CSV files, in the order the /data/ page lists them.
func csvTables(s *model.Site, t *derive.Tables) []table {
	out := []table{resolutionsTable(t)}
	for _, m := range t.Mappings {
		out = append(out, mappingTable(m))
	}
	for _, m := range t.Matrices {
		out = append(out, matrixTable(m))
	}
	out = append(out, byAreaTable(t), resolutionListTable(s), unitListTable(s))
	if len(s.Config.Languages) > 1 {
		out = append(out, translationsTable(s))
	}
	return out
}

// translationsTable is the translators' report: a row per record without
// a translation, and per translation made from an earlier version of its
// original, in each language.
func translationsTable(s *model.Site) table {
	return table{
		Name:  "translations",
		Title: "Translations to make",
		Description: "The translators' report: a row per record without a translation, and per translation made " +
			"from an earlier version of its original, in each language but the default.",
		Columns: []column{
			{Name: "language", Title: "Language", Description: "the language's code", Required: true},
			{Name: "record", Title: "Record", Description: "the record, as <kind>/<slug>", Required: true},
			{Name: "original", Title: "Original", Description: "the original's source file", Required: true},
			{Name: "translation", Title: "Translation", Description: "the translation's source file; empty when it is missing"},
			{Name: "status", Title: "Status", Description: `"out of date", "not stamped" (the translation does not say which version of the original it was made from) or "missing"`, Required: true},
			{Name: "fields_changed", Title: "Fields changed", Description: "the original's fields that changed since the translation was made; when it is not stamped, every field it translates", List: true},
		},
		Key: []string{"language", "record"},
		rows: func(w sheet) {
			for _, st := range derive.Translations(s) {
				for _, x := range st.Stale {
					status := "out of date"
					if x.Unstamped {
						status = "not stamped"
					}
					m := x.Record.Base()
					w.row([]string{st.Lang, m.Key(), m.File, x.Translation.File, status, list(x.Fields)})
				}
				for _, r := range st.Missing {
					m := r.Base()
					w.row([]string{st.Lang, m.Key(), m.File, "", "missing", ""})
				}
			}
		},
	}
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

func resolutionsTable(t *derive.Tables) table {
	cols := []column{areaColumn, areaTitleColumn}
	for _, b := range t.Resolutions.Bodies {
		cols = append(cols, column{Name: b.ID, Title: b.Name,
			Description: "the area's Resolutions of the " + b.Name + `, each as "` + b.ID + ` <number>"`, List: true})
	}
	return table{
		Name:        "resolutions",
		Title:       "Resolutions by area",
		Description: "The Resolutions correspondence table: a row per area, a column per body, each cell the area's Resolutions of that body.",
		Columns:     cols,
		Key:         []string{areaColumn.Name},
		rows: func(w sheet) {
			for _, row := range t.Resolutions.Rows {
				rec := []string{row.Area.Slug, row.Area.Title}
				for _, cell := range row.Cells {
					var labels []string
					for _, r := range cell {
						labels = append(labels, r.Body.ID+" "+r.Number)
					}
					rec = append(rec, list(labels))
				}
				w.row(rec)
			}
		},
	}
}

func mappingTable(m *derive.Mapping) table {
	return table{
		Name:  "mapping-" + m.ID,
		Title: m.From.ID + " ↔ " + m.To.ID + " mapping",
		Description: "One of the ISCG's mapping tables: a row per Question or Working Party of the " + m.From.Name +
			", with its counterparts in the " + m.To.Name + " and the areas they share.",
		Columns: []column{
			{Name: m.From.ID, Title: m.From.ID + " unit", Description: "the designation of the " + m.From.ID + " Question or Working Party", Required: true},
			{Name: "title", Title: "Title", Description: "its title", Required: true},
			{Name: m.To.ID, Title: m.To.ID + " counterparts", Description: "the designations of its related units in the " + m.To.ID, List: true},
			{Name: "shared areas", Title: "Shared areas", Description: "the slugs of its areas that a counterpart is on too", List: true},
		},
		Key: []string{m.From.ID},
		rows: func(w sheet) {
			for _, row := range m.Rows {
				var cs []string
				for _, c := range row.Counterparts {
					cs = append(cs, c.Designation())
				}
				w.row([]string{row.Unit.Designation(), row.Unit.Title, list(cs), list(areaIDs(row.Shared))})
			}
		},
	}
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

func matrixTable(m *derive.Matrix) table {
	return table{
		Name:  "matrix-" + m.ID,
		Title: m.Rows.ID + " × " + m.Cols.ID + " study-group matrix",
		Description: "The study-group matrix of the " + m.Rows.Name + " and the " + m.Cols.Name +
			": a row per pair of connected study groups, with their related units and the areas both work on.",
		Columns: []column{
			{Name: m.Rows.ID, Title: m.Rows.ID + " study group", Description: "the designation of the " + m.Rows.ID + " study group", Required: true},
			{Name: m.Cols.ID, Title: m.Cols.ID + " study group", Description: "the designation of the " + m.Cols.ID + " study group", Required: true},
			{Name: "linked units", Title: "Linked units", Description: `their related units, in pairs, each as "<` + m.Rows.ID + ` unit> = <` + m.Cols.ID + ` unit>"`, List: true},
			{Name: "shared areas", Title: "Shared areas", Description: "the slugs of the areas both study groups work on", List: true},
		},
		Key: []string{m.Rows.ID, m.Cols.ID},
		rows: func(w sheet) {
			for i := range m.RowGroups {
				for _, c := range matrixCells(m, i) {
					var links []string
					for _, l := range c.Links {
						links = append(links, l[0]+" = "+l[1])
					}
					w.row([]string{c.Row, c.Col, list(links), list(c.Areas)})
				}
			}
		},
	}
}

func byAreaTable(t *derive.Tables) table {
	cols := []column{areaColumn, areaTitleColumn}
	for _, s := range t.ByArea.Sectors {
		cols = append(cols, column{Name: s.ID, Title: s.Name,
			Description: "the designations of the " + s.ID + " study groups, Questions and Working Parties on the area", List: true})
	}
	return table{
		Name:  "study-groups-by-area",
		Title: "Study groups by area",
		Description: "A row per area, a column per Sector with study groups, each cell that Sector's study groups, " +
			"Questions and Working Parties on the area.",
		Columns: cols,
		Key:     []string{areaColumn.Name},
		rows: func(w sheet) {
			for _, row := range t.ByArea.Rows {
				rec := []string{row.Area.Slug, row.Area.Title}
				for _, us := range row.Units {
					var ds []string
					for _, u := range us {
						ds = append(ds, u.Designation())
					}
					rec = append(rec, list(ds))
				}
				w.row(rec)
			}
		},
	}
}
