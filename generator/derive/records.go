package derive

import (
	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/model"
)

// AreaBody is one area of a Resolution's page, seen from its body: the
// area's Resolutions of the other bodies correspond to it. The value is
// the same for every Resolution of that body in that area, so the page
// fragment it renders to is made once and reused.
type AreaBody struct {
	Area *model.Area
	Body *config.Body
}

// BodyRow is one body's Resolutions on one area: a row of an area's block
// on a Resolution page, the same on the pages of every other body.
type BodyRow struct {
	Area *model.Area
	Body *config.Body
}

// Resolutions lists the row's Resolutions, in site order.
func (br BodyRow) Resolutions() []*model.Resolution {
	var out []*model.Resolution
	for _, r := range br.Area.Resolutions {
		if r.Body == br.Body {
			out = append(out, r)
		}
	}
	return out
}

// Rows lists the bodies other than Body with Resolutions on the area, in
// column order (an area's Resolutions are in body order).
func (ab AreaBody) Rows() []BodyRow {
	var out []BodyRow
	for _, r := range ab.Area.Resolutions {
		if r.Body != ab.Body && (len(out) == 0 || out[len(out)-1].Body != r.Body) {
			out = append(out, BodyRow{Area: ab.Area, Body: r.Body})
		}
	}
	return out
}

// StudyGroups groups the study groups and units tagged with the area by Sector.
func (ab AreaBody) StudyGroups() []BySector { return GroupBySector(ab.Area.Units) }

// AreaSector is one area of a study group's page, seen from its Sector:
// the area's units in the other Sectors are counterparts. Like AreaBody,
// it is the same value on every page of that Sector that shows the area.
type AreaSector struct {
	Area   *model.Area
	Sector *config.Sector
}

// Others groups the area's units of Sectors other than Sector.
func (as AreaSector) Others() []BySector {
	var us []*model.Unit
	for _, u := range as.Area.Units {
		if u.SG.Sector != as.Sector {
			us = append(us, u)
		}
	}
	return GroupBySector(us)
}

// ByBody groups resolutions (in site order) by body, in column order.
type ByBody struct {
	Body        *config.Body
	Resolutions []*model.Resolution
}

// GroupByBody groups rs, already in site order, by body.
func GroupByBody(rs []*model.Resolution) []ByBody {
	var out []ByBody
	for _, r := range rs {
		if n := len(out); n > 0 && out[n-1].Body == r.Body {
			out[n-1].Resolutions = append(out[n-1].Resolutions, r)
			continue
		}
		out = append(out, ByBody{Body: r.Body, Resolutions: []*model.Resolution{r}})
	}
	return out
}

// BySector groups units, already in site order, by Sector.
type BySector struct {
	Sector *config.Sector
	Units  []*model.Unit
}

// GroupBySector groups us, in site order, by Sector.
func GroupBySector(us []*model.Unit) []BySector {
	var out []BySector
	for _, u := range us {
		if n := len(out); n > 0 && out[n-1].Sector == u.SG.Sector {
			out[n-1].Units = append(out[n-1].Units, u)
			continue
		}
		out = append(out, BySector{Sector: u.SG.Sector, Units: []*model.Unit{u}})
	}
	return out
}
