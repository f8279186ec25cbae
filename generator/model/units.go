package model

import (
	"slices"
	"strings"
	"sync"

	"itu.int/iscsite/generator/diag"
)

// units registers every unit, then links each to its areas and to its
// counterparts in other Sectors, both ways.
func (l *linker) units() {
	s, diags := l.s, l.diags
	seen := map[string]*Unit{}
	for _, sg := range s.StudyGroups {
		if sg.Sector == nil || sg.Number == "" {
			continue
		}
		for _, u := range append([]*Unit{sg.Unit}, sg.Units...) {
			if u.Number == "" {
				continue
			}
			k := u.key()
			if prev, dup := seen[k]; dup {
				diags.Errorf(u.Place.Pos(), "duplicate %s: %s already defines it", u.Designation(), prev.Place.Pos().File)
				continue
			}
			seen[k] = u
		}
	}
	s.Units = seen
	sectorIDs := s.Config.SectorIDs()
	unlisted := unlistedStudyGroups(s.StudyGroups, sectorIDs)
	// The designations, sorted, only for suggestions: made when a first
	// reference needs one, since a good site has none to make.
	designations := sync.OnceValue(func() []string {
		ds := make([]string, 0, len(seen))
		for _, u := range seen {
			ds = append(ds, u.Designation())
		}
		slices.Sort(ds)
		return ds
	})
	for _, sg := range s.StudyGroups {
		for _, u := range append([]*Unit{sg.Unit}, sg.Units...) {
			u.Areas = l.resolveAreas(u.areaRefs)
			for _, a := range u.Areas {
				a.Units = append(a.Units, u)
			}
			if sg.Sector == nil {
				continue
			}
			for _, ref := range u.relatedRef {
				k, ok := canonical(ref.Text, sectorIDs)
				if !ok {
					diags.Errorf(ref.Pos(), "bad designation %q: write it like \"ITU-R WP 1C\", \"ITU-T Q3/5\", \"ITU-D Q7/2\" or \"ITU-T SG5\"", ref.Text)
					continue
				}
				o, found := seen[k]
				switch {
				case !found && unlisted(k):
					// Its study group's file is broken: that is the one problem.
				case !found:
					// Suggest only units of the Sector the editor named.
					sector, _, _ := strings.Cut(k, " ")
					var same []string
					for _, d := range designations() {
						if strings.HasPrefix(d, sector+" ") {
							same = append(same, d)
						}
					}
					diags.Errorf(ref.Pos(), "unknown unit %q: no study group, question or working party has that designation%s", ref.Text, diag.DidYouMean(ref.Text, same))
				case o.SG.Sector == sg.Sector:
					diags.Errorf(ref.Pos(), "related lists counterparts in other Sectors, but %s is in %s too", o.Designation(), sg.Sector.ID)
				default:
					addOnce(&u.Related, o)
					addOnce(&o.Related, u)
				}
			}
		}
	}
}

// unlistedStudyGroups reports, for a unit's canonical key, whether the
// study group it would belong to has a file whose problems kept its units
// out of the site (a TOML error, an unknown sector, no number): a
// reference to such a unit is not a problem of its own. The study group is
// found by its slug, "itu-t-sg5" for "ITU-T Q7/5"; while one such file has
// a slug of another form, every unknown unit is taken for one of its own.
func unlistedStudyGroups(sgs []*StudyGroup, sectorIDs []string) func(key string) bool {
	slugs := map[string]bool{}
	odd := false // a slug not of the form "itu-t-sg5"
	for _, sg := range sgs {
		if sg.Broken || sg.Sector == nil || sg.Number == "" {
			slugs[sg.Slug] = true
			known := false
			for _, id := range sectorIDs {
				rest, ok := strings.CutPrefix(sg.Slug, strings.ToLower(id)+"-sg")
				known = known || ok && rest != "" && strings.Trim(rest, "0123456789") == ""
			}
			odd = odd || !known
		}
	}
	return func(key string) bool {
		if odd {
			return true
		}
		sector, rest, _ := strings.Cut(key, " ")
		var n string
		switch {
		case strings.HasPrefix(rest, "Q"):
			_, n, _ = strings.Cut(rest, "/")
		case strings.HasPrefix(rest, "WP"):
			n = strings.TrimRightFunc(strings.TrimPrefix(rest, "WP"), func(r rune) bool { return r < '0' || r > '9' })
		default:
			n = strings.TrimPrefix(rest, "SG")
		}
		return slugs[strings.ToLower(sector)+"-sg"+strings.ToLower(n)]
	}
}
