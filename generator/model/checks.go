package model

import (
	"path"
	"strings"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/diag"
)

// checkResolutionNames reports two Resolutions of one body with the same
// number, and warns where a file's name says another body or number than
// its record does: an editor who copied wtsa-1000.md to make WTDC 12 and
// forgot to rename it.
func checkResolutionNames(rs []*Resolution, cfg *config.Config, diags *diag.List) {
	seen := map[string]*Resolution{}
	for _, r := range rs {
		if r.Body == nil || r.Number == "" {
			continue
		}
		id := r.Body.ID + " " + r.Number
		if prev, dup := seen[id]; dup {
			a, b := prev, r
			if b.File < a.File {
				a, b = b, a
			}
			diags.Errorf(b.numberAt.Pos(), "duplicate Resolution %s: %s is %s too", id, a.File, id)
			continue
		}
		seen[id] = r
		want := slugPart(r.Body.ID) + "-" + slugPart(r.Number)
		if r.Slug == want {
			continue
		}
		for _, b := range cfg.Bodies {
			if strings.HasPrefix(r.Slug, slugPart(b.ID)+"-") {
				diags.Warnf(r.Pos, "the file name says %s %s, but the record is %s: rename the file %s%s", b.ID,
					strings.ToUpper(strings.TrimPrefix(r.Slug, slugPart(b.ID)+"-")), id, want, path.Ext(r.File))
				break
			}
		}
	}
}

// slugPart is an id or a number as a slug writes it: "ITU-R" → "itu-r",
// "COM5/1" → "com5-1".
func slugPart(s string) string {
	b := []byte(strings.ToLower(s))
	for i, c := range b {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			b[i] = '-'
		}
	}
	return string(b)
}

// CheckAreaRule reports, as warnings, the areas that break the ITU's rule
// for areas of mutual interest: a Resolution of a General-Secretariat body
// (the PP) and one of at least one Sector body, or a PP Resolution that
// itself calls for intersectoral coordination.
func (s *Site) CheckAreaRule(diags *diag.List) {
	gs := ""
	if len(s.Config.Sectors) > 0 {
		gs = s.Config.Sectors[0].ID
	}
	for _, a := range s.Areas {
		if a.Broken {
			continue
		}
		var pp, sector, coord bool
		var have []string
		for _, r := range a.Resolutions {
			if r.Body == nil || r.Abrogated {
				continue
			}
			have = append(have, r.Body.ID+" "+r.Number)
			if r.Body.Sector == gs {
				pp = true
				coord = coord || r.Coordination
			} else {
				sector = true
			}
		}
		if pp && (sector || coord) {
			continue
		}
		has := "no Resolution in force"
		if len(have) > 0 {
			has = strings.Join(have, ", ")
		}
		diags.Warnf(a.Pos, "area %q does not meet the ITU rule for areas of mutual interest: it needs a PP Resolution and a Resolution of at least one Sector, or a PP Resolution with coordination = true (it has: %s)", a.Slug, has)
	}
}
