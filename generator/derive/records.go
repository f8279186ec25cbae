package derive

import (
	"slices"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/model"
)

// Correspondence is a Resolution of another body that corresponds to the
// one on the page: it shares areas with it, or the two are related.
type Correspondence struct {
	Resolution *model.Resolution
	Shared     []*model.Area
	Related    bool
}

// Correspondents lists the Resolutions that correspond to r, in site
// order: those of other bodies sharing an area, and those related to r
// (of any body).
func Correspondents(r *model.Resolution, order map[*model.Resolution]int) []Correspondence {
	byRes := map[*model.Resolution]*Correspondence{}
	var out []*Correspondence
	get := func(o *model.Resolution) *Correspondence {
		c := byRes[o]
		if c == nil {
			c = &Correspondence{Resolution: o}
			byRes[o] = c
			out = append(out, c)
		}
		return c
	}
	for _, a := range r.Areas {
		for _, o := range a.Resolutions {
			if o.Body != r.Body {
				c := get(o)
				c.Shared = append(c.Shared, a)
			}
		}
	}
	for _, o := range r.Related {
		get(o).Related = true
	}
	slices.SortFunc(out, func(a, b *Correspondence) int { return order[a.Resolution] - order[b.Resolution] })
	res := make([]Correspondence, len(out))
	for i, c := range out {
		res[i] = *c
	}
	return res
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

// StudyGroupsOn lists the study groups with a unit tagged with any of the
// areas, in site order.
func StudyGroupsOn(areas []*model.Area, order map[*model.StudyGroup]int) []*model.StudyGroup {
	var out []*model.StudyGroup
	seen := map[*model.StudyGroup]bool{}
	for _, a := range areas {
		for _, u := range a.Units {
			if !seen[u.SG] {
				seen[u.SG] = true
				out = append(out, u.SG)
			}
		}
	}
	slices.SortFunc(out, func(a, b *model.StudyGroup) int { return order[a] - order[b] })
	return out
}
