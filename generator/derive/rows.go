package derive

import "itu.int/iscsite/generator/model"

// The rows of each table's part, for the page that shows it, and where a
// record's row is, for the record pages that link to it.

// In is the part's rows of the Resolutions table.
func (rt *ResolutionTable) In(p Part) []ResolutionRow { return rt.Rows[p.From:p.To] }

// In is the part's Resolutions of the body's list.
func (bl *BodyList) In(p Part) []*model.Resolution { return bl.Resolutions[p.From:p.To] }

// In is the part's rows of the mapping table.
func (m *Mapping) In(p Part) []MappingRow { return m.Rows[p.From:p.To] }

// In is the part's rows of the by-area table.
func (ba *ByArea) In(p Part) []ByAreaRow { return ba.Rows[p.From:p.To] }

// MatrixRow is one study group of a matrix's rows, with what connects it
// to the study groups of the columns: in a dense matrix a cell for every
// column (nil where nothing does), else only the connections there are.
type MatrixRow struct {
	ID    string // the row's anchor: RowID of the study group
	SG    *model.StudyGroup
	Cells []*Connection // Dense: one per column
	Links []*Connection // not Dense: the non-empty cells, in column order
}

// In is the part's rows of the matrix.
func (m *Matrix) In(p Part) []MatrixRow {
	out := make([]MatrixRow, 0, p.To-p.From)
	for i := p.From; i < p.To; i++ {
		row := MatrixRow{ID: m.ID + "-" + m.RowGroups[i].Slug, SG: m.RowGroups[i]}
		if m.Dense() {
			row.Cells = make([]*Connection, len(m.ColGroups))
			for j := range m.ColGroups {
				row.Cells[j] = m.Cell(i, j)
			}
		} else {
			row.Links = m.Row(i)
		}
		out = append(out, row)
	}
	return out
}

// RowID is the anchor of x's row in table t: an area's in the Resolutions
// table or the by-area table ("area-<slug>"), a unit's in a mapping table
// ("itu-d-itu-r-q7-2"), a study group's row (or, in a dense matrix, its
// column) in a matrix ("itu-r-itu-t-itu-r-sg5"). ok is false when t has
// no row for x.
func RowID(t, x any) (id string, ok bool) {
	switch t := t.(type) {
	case *ResolutionTable:
		if a, isArea := x.(*model.Area); isArea {
			_, ok = t.rowOf[a]
			return AreaAnchor(a), ok
		}
	case *ByArea:
		if a, isArea := x.(*model.Area); isArea {
			_, ok = t.rowOf[a]
			return AreaAnchor(a), ok
		}
	case *Mapping:
		if u, isUnit := x.(*model.Unit); isUnit {
			_, ok = t.rowOf[u]
			return t.ID + "-" + u.Anchor(), ok
		}
	case *Matrix:
		if sg, isSG := x.(*model.StudyGroup); isSG {
			_, row := t.rowOf[sg]
			_, col := t.colIndex[sg]
			return t.ID + "-" + sg.Slug, row || col && t.Dense()
		}
	}
	return "", false
}

// RowURL is the site path of x's row in table t: the page of the part
// that holds it, at its anchor.
func RowURL(t, x any) (string, bool) {
	id, ok := RowID(t, x)
	if !ok {
		return "", false
	}
	var p Part
	switch t := t.(type) {
	case *ResolutionTable:
		p = t.Parts.Of(t.rowOf[x.(*model.Area)])
	case *ByArea:
		p = t.Parts.Of(t.rowOf[x.(*model.Area)])
	case *Mapping:
		p = t.Parts.Of(t.rowOf[x.(*model.Unit)])
	case *Matrix:
		if i, row := t.rowOf[x.(*model.StudyGroup)]; row {
			p = t.Parts.Of(i)
		} else {
			p = t.Parts[0] // a column: its heading is on every page
		}
	}
	return p.URL + "#" + id, true
}

// AreaAnchor is the anchor of an area's row in the tables.
func AreaAnchor(a *model.Area) string { return "area-" + a.Slug }
