// Package derive computes what editors never write: the correspondence
// tables, the study-group mappings and matrices, each record's
// corresponding records, and the list of pages the site has.
//
// Everything here is plain data over the model's graph, in site order, so
// the HTML pages, the CSV files and the JSON export all show the same facts.
package derive

import (
	"slices"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/model"
)

// Tables holds every derived table: the Resolutions correspondence table
// with each body's list, the ISCG's mapping tables, the study-group
// matrices and the study groups by area. Each is shown on pages of its
// own, split into Parts when long.
type Tables struct {
	Resolutions *ResolutionTable
	Bodies      []*BodyList // every body of the Resolutions table, in column order
	Mappings    []*Mapping  // the ISCG's three, in its order
	Matrices    []*Matrix   // one per pair of Sectors that have study groups
	ByArea      *ByArea
	// StudyGroups lists the study groups of each Sector that has some.
	StudyGroups []SectorGroups
	// Connections lists, for each study group, its counterparts in other
	// Sectors: what the matrices show, one study group at a time.
	Connections map[*model.StudyGroup][]*Connection
	// SGAreas is each study group's areas: its own and its units'.
	SGAreas map[*model.StudyGroup][]*model.Area
}

// ResolutionTable is the Resolutions correspondence table: a row per area,
// a column per body, bodies grouped under their Sector.
type ResolutionTable struct {
	Groups []ColumnGroup
	Bodies []*config.Body // column order
	Rows   []ResolutionRow
	Parts  Parts // at /resolutions/

	rowOf map[*model.Area]int
}

// BodyList is every Resolution of one body, on pages of its own
// (/resolutions/pp/).
type BodyList struct {
	Body        *config.Body
	Resolutions []*model.Resolution // in site order
	Parts       Parts
}

// ColumnGroup is a Sector heading over its bodies' columns.
type ColumnGroup struct {
	Sector *config.Sector
	Bodies []*config.Body
}

// ResolutionRow is one area's row; Cells[i] are the Resolutions of Bodies[i].
type ResolutionRow struct {
	Area  *model.Area
	Cells [][]*model.Resolution
}

// SectorGroups is the study groups of one Sector, in site order.
type SectorGroups struct {
	Sector      *config.Sector
	StudyGroups []*model.StudyGroup
}

// Mapping is one of the ISCG's mapping tables: a row per unit of From, its
// counterparts in To and the areas they share.
type Mapping struct {
	ID       string // "itu-d-itu-r": the page, the anchors and the CSV name
	From, To *config.Sector
	Rows     []MappingRow
	Parts    Parts // at /study-groups/<ID>/

	rowOf map[*model.Unit]int
}

// MappingRow is one unit of the From sector.
type MappingRow struct {
	ID           string // the row's anchor: RowID of the unit
	Unit         *model.Unit
	Counterparts []*model.Unit
	Shared       []*model.Area
}

// Matrix crosses the study groups of two Sectors.
type Matrix struct {
	ID         string // "itu-r-itu-t"
	Rows, Cols *config.Sector
	RowGroups  []*model.StudyGroup
	ColGroups  []*model.StudyGroup

	Parts Parts // at /study-groups/matrix/<ID>/

	conns    map[*model.StudyGroup][]*Connection
	colIndex map[*model.StudyGroup]int
	rowOf    map[*model.StudyGroup]int
}

// DenseLimit is the most columns a matrix shows as a grid; a larger one is
// shown row by row with only its non-empty cells, since a grid of thousands
// of columns helps no reader (see the README).
const DenseLimit = 40

// Dense reports whether the matrix is small enough to show as a grid.
func (m *Matrix) Dense() bool { return len(m.ColGroups) <= DenseLimit }

// Cell is what connects RowGroups[i] and ColGroups[j], or nil.
func (m *Matrix) Cell(i, j int) *Connection {
	for _, c := range m.conns[m.RowGroups[i]] {
		if c.Other == m.ColGroups[j] {
			return c
		}
	}
	return nil
}

// Row lists the non-empty cells of row i, in column order.
func (m *Matrix) Row(i int) []*Connection {
	var out []*Connection
	for _, c := range m.conns[m.RowGroups[i]] {
		if _, ok := m.colIndex[c.Other]; ok {
			out = append(out, c)
		}
	}
	return out
}

// Connection is what links a study group to one in another Sector: pairs
// of related units, and the areas both work on.
type Connection struct {
	Other *model.StudyGroup
	Links []UnitLink
	Areas []*model.Area
}

// UnitLink is one related pair: Own in this study group, Other in the other.
type UnitLink struct {
	Own, Other *model.Unit
}

// ByArea is the study groups' by-area view: a row per area, a column per
// Sector with study groups.
type ByArea struct {
	Sectors []*config.Sector
	Rows    []ByAreaRow
	Parts   Parts // at /study-groups/by-area/

	rowOf map[*model.Area]int
}

// ByAreaRow lists, per Sector, the study-group units tagged with Area.
type ByAreaRow struct {
	Area  *model.Area
	Units [][]*model.Unit
}

// mappingPairs are the ISCG's three mapping tables, in its order.
var mappingPairs = [][2]string{{"ITU-D", "ITU-R"}, {"ITU-T", "ITU-R"}, {"ITU-D", "ITU-T"}}

// Derive computes all tables of a linked site.
func Derive(s *model.Site) *Tables {
	t := &Tables{
		Connections: map[*model.StudyGroup][]*Connection{},
		SGAreas:     map[*model.StudyGroup][]*model.Area{},
	}
	t.Resolutions = resolutionTable(s)
	t.Bodies = bodyLists(s, t.Resolutions)
	areaIndex := map[*model.Area]int{}
	for i, a := range s.Areas {
		areaIndex[a] = i
	}
	for _, sg := range s.StudyGroups {
		t.SGAreas[sg] = sgAreas(sg, areaIndex)
	}
	t.connect(s, areaIndex)

	var sgSectors []*config.Sector
	for i := range s.Config.Sectors {
		sec := &s.Config.Sectors[i]
		if slices.ContainsFunc(s.StudyGroups, func(sg *model.StudyGroup) bool { return sg.Sector == sec }) {
			sgSectors = append(sgSectors, sec)
		}
	}
	for _, p := range mappingPairs {
		from, to := s.Config.Sector(p[0]), s.Config.Sector(p[1])
		if from != nil && to != nil {
			t.Mappings = append(t.Mappings, mapping(s, from, to, areaIndex))
		}
	}
	for i, a := range sgSectors {
		for _, b := range sgSectors[i+1:] {
			t.Matrices = append(t.Matrices, t.matrix(s, a, b))
		}
	}
	t.ByArea = byArea(s, sgSectors)
	for _, sec := range sgSectors {
		g := SectorGroups{Sector: sec}
		for _, sg := range s.StudyGroups {
			if sg.Sector == sec {
				g.StudyGroups = append(g.StudyGroups, sg)
			}
		}
		t.StudyGroups = append(t.StudyGroups, g)
	}
	return t
}

func resolutionTable(s *model.Site) *ResolutionTable {
	rt := &ResolutionTable{rowOf: map[*model.Area]int{}}
	col := map[*config.Body]int{}
	for i := range s.Config.Sectors {
		sec := &s.Config.Sectors[i]
		g := ColumnGroup{Sector: sec}
		for j := range s.Config.Bodies {
			b := &s.Config.Bodies[j]
			if b.Sector == sec.ID {
				col[b] = len(rt.Bodies)
				g.Bodies = append(g.Bodies, b)
				rt.Bodies = append(rt.Bodies, b)
			}
		}
		if len(g.Bodies) > 0 {
			rt.Groups = append(rt.Groups, g)
		}
	}
	for _, a := range s.Areas {
		row := ResolutionRow{Area: a, Cells: make([][]*model.Resolution, len(rt.Bodies))}
		for _, r := range a.Resolutions {
			if i, ok := col[r.Body]; ok {
				row.Cells[i] = append(row.Cells[i], r)
			}
		}
		rt.rowOf[a] = len(rt.Rows)
		rt.Rows = append(rt.Rows, row)
	}
	rt.Parts = split("/resolutions/", len(rt.Rows), PartRows)
	return rt
}

// bodyLists lists each body's Resolutions, none for a body that has none.
func bodyLists(s *model.Site, rt *ResolutionTable) []*BodyList {
	byBody := map[*config.Body][]*model.Resolution{}
	for _, r := range s.Resolutions {
		byBody[r.Body] = append(byBody[r.Body], r)
	}
	out := make([]*BodyList, len(rt.Bodies))
	for i, b := range rt.Bodies {
		out[i] = &BodyList{Body: b, Resolutions: byBody[b]}
		out[i].Parts = split("/resolutions/"+slug(b.ID)+"/", len(out[i].Resolutions), PartItems)
	}
	return out
}

// sgAreas is the union of a study group's own areas and its units', in
// site order.
func sgAreas(sg *model.StudyGroup, areaIndex map[*model.Area]int) []*model.Area {
	var out []*model.Area
	for _, u := range append([]*model.Unit{sg.Unit}, sg.Units...) {
		for _, a := range u.Areas {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	slices.SortFunc(out, func(a, b *model.Area) int { return areaIndex[a] - areaIndex[b] })
	return out
}

// connect fills Connections from related units and shared areas.
func (t *Tables) connect(s *model.Site, areaIndex map[*model.Area]int) {
	conn := map[[2]*model.StudyGroup]*Connection{}
	get := func(a, b *model.StudyGroup) *Connection {
		c := conn[[2]*model.StudyGroup{a, b}]
		if c == nil {
			c = &Connection{Other: b}
			conn[[2]*model.StudyGroup{a, b}] = c
			t.Connections[a] = append(t.Connections[a], c)
		}
		return c
	}
	for _, sg := range s.StudyGroups {
		for _, u := range append([]*model.Unit{sg.Unit}, sg.Units...) {
			for _, o := range u.Related {
				c := get(sg, o.SG)
				c.Links = append(c.Links, UnitLink{Own: u, Other: o})
			}
		}
	}
	for _, a := range s.Areas {
		var sgs []*model.StudyGroup
		for _, u := range a.Units {
			if !slices.Contains(sgs, u.SG) {
				sgs = append(sgs, u.SG)
			}
		}
		for _, x := range sgs {
			for _, y := range sgs {
				if x.Sector != y.Sector {
					c := get(x, y)
					c.Areas = append(c.Areas, a)
				}
			}
		}
	}
	sgIndex := map[*model.StudyGroup]int{}
	for i, sg := range s.StudyGroups {
		sgIndex[sg] = i
	}
	for _, cs := range t.Connections {
		slices.SortFunc(cs, func(a, b *Connection) int { return sgIndex[a.Other] - sgIndex[b.Other] })
	}
}

func mapping(s *model.Site, from, to *config.Sector, areaIndex map[*model.Area]int) *Mapping {
	m := &Mapping{ID: slug(from.ID) + "-" + slug(to.ID), From: from, To: to, rowOf: map[*model.Unit]int{}}
	for _, sg := range s.StudyGroups {
		if sg.Sector != from {
			continue
		}
		for _, u := range sg.Units {
			row := MappingRow{ID: m.ID + "-" + u.Anchor(), Unit: u}
			var theirs []*model.Area
			for _, o := range u.Related {
				if o.SG.Sector == to {
					row.Counterparts = append(row.Counterparts, o)
					theirs = append(theirs, o.Areas...)
				}
			}
			for _, a := range u.Areas {
				if slices.Contains(theirs, a) {
					row.Shared = append(row.Shared, a)
				}
			}
			m.rowOf[u] = len(m.Rows)
			m.Rows = append(m.Rows, row)
		}
	}
	m.Parts = split("/study-groups/"+m.ID+"/", len(m.Rows), PartRows)
	return m
}

func (t *Tables) matrix(s *model.Site, rows, cols *config.Sector) *Matrix {
	m := &Matrix{ID: slug(rows.ID) + "-" + slug(cols.ID), Rows: rows, Cols: cols,
		conns: t.Connections, colIndex: map[*model.StudyGroup]int{}, rowOf: map[*model.StudyGroup]int{}}
	for _, sg := range s.StudyGroups {
		switch sg.Sector {
		case rows:
			m.rowOf[sg] = len(m.RowGroups)
			m.RowGroups = append(m.RowGroups, sg)
		case cols:
			m.colIndex[sg] = len(m.ColGroups)
			m.ColGroups = append(m.ColGroups, sg)
		}
	}
	size := PartGroups
	if m.Dense() {
		size = PartRows
	}
	m.Parts = split("/study-groups/matrix/"+m.ID+"/", len(m.RowGroups), size)
	return m
}

func byArea(s *model.Site, sectors []*config.Sector) *ByArea {
	ba := &ByArea{Sectors: sectors, rowOf: map[*model.Area]int{}}
	for _, a := range s.Areas {
		row := ByAreaRow{Area: a, Units: make([][]*model.Unit, len(sectors))}
		for _, u := range a.Units {
			if i := slices.Index(sectors, u.SG.Sector); i >= 0 {
				row.Units[i] = append(row.Units[i], u)
			}
		}
		ba.rowOf[a] = len(ba.Rows)
		ba.Rows = append(ba.Rows, row)
	}
	ba.Parts = split("/study-groups/by-area/", len(ba.Rows), PartRows)
	return ba
}

// slug lowers an id for anchors and file names: "ITU-R" → "itu-r".
func slug(id string) string {
	b := []byte(id)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
