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

// AreaRule is how an area stands against the ITU's rule for areas of
// mutual interest: it needs a Resolution in force of a body of the
// General Secretariat (the PP) and one of at least one Sector body, or a
// PP Resolution that itself calls for intersectoral coordination.
type AreaRule struct {
	Meets        bool
	PP           []*Resolution // in force
	Sector       []*Resolution // in force, of the Sectors' bodies
	Coordinating []*Resolution // of PP, calling for coordination
}

// Rule is the area's standing against the ITU rule, from its Resolutions
// in force; the General Secretariat is the first Sector of config.toml.
func (s *Site) Rule(a *Area) AreaRule {
	gs := ""
	if len(s.Config.Sectors) > 0 {
		gs = s.Config.Sectors[0].ID
	}
	var r AreaRule
	for _, res := range a.Resolutions {
		if res.Body == nil || res.Abrogated {
			continue
		}
		if res.Body.Sector == gs {
			r.PP = append(r.PP, res)
			if res.Coordination {
				r.Coordinating = append(r.Coordinating, res)
			}
		} else {
			r.Sector = append(r.Sector, res)
		}
	}
	r.Meets = len(r.PP) > 0 && (len(r.Sector) > 0 || len(r.Coordinating) > 0)
	return r
}

// CheckAreaRule reports, as warnings, the areas that break the ITU's rule
// for areas of mutual interest (see AreaRule).
func (s *Site) CheckAreaRule(diags *diag.List) {
	for _, a := range s.Areas {
		if a.Broken {
			continue
		}
		r := s.Rule(a)
		if r.Meets {
			continue
		}
		var have []string
		for _, res := range append(r.PP, r.Sector...) {
			have = append(have, res.Body.ID+" "+res.Number)
		}
		has := "no Resolution in force"
		if len(have) > 0 {
			has = strings.Join(have, ", ")
		}
		diags.Warnf(a.Pos, "area %q does not meet the ITU rule for areas of mutual interest: it needs a PP Resolution and a Resolution of at least one Sector, or a PP Resolution with coordination = true (it has: %s)", a.Slug, has)
	}
}

// InForce counts the Resolutions in force among rs.
func InForce(rs []*Resolution) int {
	n := 0
	for _, r := range rs {
		if !r.Abrogated {
			n++
		}
	}
	return n
}
