package model

import (
	"cmp"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/fields"
)

// Site is the checked graph of one build: every record, in site order,
// with references resolved and back-links filled.
type Site struct {
	Config *config.Config

	Home        *Page
	Pages       []*Page // free pages, by slug
	Areas       []*Area // by weight (unset last), then slug
	Resolutions []*Resolution
	StudyGroups []*StudyGroup // by sector, then number
	Groups      []*Group      // by title
	Documents   []*Document   // newest first

	Units map[string]*Unit // by canonical designation
}

// Records lists every record in a stable order: home, then kind by kind.
func (s *Site) Records() []Record {
	var out []Record
	if s.Home != nil {
		out = append(out, s.Home)
	}
	for _, a := range s.Areas {
		out = append(out, a)
	}
	for _, r := range s.Resolutions {
		out = append(out, r)
	}
	for _, sg := range s.StudyGroups {
		out = append(out, sg)
	}
	for _, g := range s.Groups {
		out = append(out, g)
	}
	for _, d := range s.Documents {
		out = append(out, d)
	}
	for _, p := range s.Pages {
		out = append(out, p)
	}
	return out
}

// Link builds the Site from decoded records and translations (Decode's
// results, in any order). It resets every link field first, so the same
// decoded records can be linked again after one file changes.
func Link(cfg *config.Config, decoded []any, diags *diag.List) *Site {
	s := &Site{Config: cfg, Units: map[string]*Unit{}}
	byKey := map[string]Record{}
	var translations []*Translation
	for _, d := range decoded {
		switch d := d.(type) {
		case *Translation:
			translations = append(translations, d)
		case Record:
			m := d.Base()
			if prev, dup := byKey[m.Key()]; dup {
				a, b := prev.Base(), m
				if b.File < a.File {
					a, b = b, a
				}
				diags.Errorf(b.Pos, "duplicate slug %q: %s already defines it", m.Slug, a.File)
				continue
			}
			byKey[m.Key()] = d
			reset(d)
			switch r := d.(type) {
			case *Area:
				s.Areas = append(s.Areas, r)
			case *Resolution:
				s.Resolutions = append(s.Resolutions, r)
			case *StudyGroup:
				s.StudyGroups = append(s.StudyGroups, r)
			case *Group:
				s.Groups = append(s.Groups, r)
			case *Document:
				s.Documents = append(s.Documents, r)
			case *Page:
				if m.Kind == "home" {
					s.Home = r
				} else {
					s.Pages = append(s.Pages, r)
				}
			}
		}
	}
	s.sort()

	for _, t := range translations {
		rec, ok := byKey[t.Kind+"/"+t.Slug]
		if !ok {
			stem := strings.TrimSuffix(strings.TrimSuffix(t.File, path.Ext(t.File)), "."+t.Lang)
			diags.Errorf(diag.Pos{File: t.File, Line: 1, Col: 1}, "translation of a record that does not exist: no %s.md or %s.toml", stem, stem)
			continue
		}
		m := rec.Base()
		if t.isDefault {
			diags.Errorf(diag.Pos{File: t.File, Line: 1, Col: 1}, "%q is the default language: its text belongs in %s", t.Lang, m.File)
			continue
		}
		for _, p := range t.untranslatable {
			diags.Errorf(p.Pos(), "field %q cannot be translated: set it in %s (a translation may set only title, summary, short and the body)", p.Key(), m.File)
		}
		if m.Translations == nil {
			m.Translations = map[string]*Translation{}
		}
		m.Translations[t.Lang] = t
	}

	areas := map[string]*Area{}
	areaSlugs := make([]string, 0, len(s.Areas))
	for _, a := range s.Areas {
		areas[a.Slug] = a
		areaSlugs = append(areaSlugs, a.Slug)
	}
	resolveAreas := func(refs []valueRef) []*Area {
		var out []*Area
		for _, ref := range refs {
			a, ok := areas[ref.Text]
			if !ok {
				diags.Errorf(ref.Pos(), "unknown area %q%s", ref.Text, diag.DidYouMean(ref.Text, areaSlugs))
				continue
			}
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
		return out
	}

	// Resolutions: areas, then related both ways.
	resBySlug := map[string]*Resolution{}
	resSlugs := make([]string, 0, len(s.Resolutions))
	for _, r := range s.Resolutions {
		resBySlug[r.Slug] = r
		resSlugs = append(resSlugs, r.Slug)
	}
	checkResolutionNames(s.Resolutions, cfg, diags)
	for _, r := range s.Resolutions {
		r.Areas = resolveAreas(r.areaRefs)
		for _, a := range r.Areas {
			a.Resolutions = append(a.Resolutions, r)
		}
		for _, ref := range r.relatedRef {
			o, ok := resBySlug[ref.Text]
			switch {
			case !ok:
				diags.Errorf(ref.Pos(), "unknown resolution %q%s", ref.Text, diag.DidYouMean(ref.Text, resSlugs))
			case o == r:
				diags.Errorf(ref.Pos(), "a resolution cannot be related to itself")
			default:
				addOnce(&r.Related, o)
				addOnce(&o.Related, r)
			}
		}
	}

	// Study groups: register every unit, then resolve areas and related.
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
	sectorIDs := cfg.SectorIDs()
	unlisted := unlistedStudyGroups(s.StudyGroups, sectorIDs)
	for _, sg := range s.StudyGroups {
		for _, u := range append([]*Unit{sg.Unit}, sg.Units...) {
			u.Areas = resolveAreas(u.areaRefs)
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

	for _, g := range s.Groups {
		g.Areas = resolveAreas(g.areaRefs)
		for _, a := range g.Areas {
			a.Groups = append(a.Groups, g)
		}
	}
	for _, d := range s.Documents {
		d.Areas = resolveAreas(d.areaRefs)
		for _, a := range d.Areas {
			a.Documents = append(a.Documents, d)
		}
	}

	// Back-links and related lists in site order, whatever the input order.
	resIndex := indexOf(s.Resolutions)
	unitIndex := map[*Unit]int{}
	for _, sg := range s.StudyGroups {
		unitIndex[sg.Unit] = len(unitIndex)
		for _, u := range sg.Units {
			unitIndex[u] = len(unitIndex)
		}
	}
	for _, r := range s.Resolutions {
		slices.SortFunc(r.Related, func(a, b *Resolution) int { return resIndex[a] - resIndex[b] })
	}
	for u := range unitIndex {
		slices.SortFunc(u.Related, func(a, b *Unit) int { return unitIndex[a] - unitIndex[b] })
	}
	for _, a := range s.Areas {
		slices.SortFunc(a.Units, func(x, y *Unit) int { return unitIndex[x] - unitIndex[y] })
	}
	return s
}

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

// number sets each record's and unit's Seq: its place in site order.
func (s *Site) number() {
	for i, r := range s.Areas {
		r.seq = i
	}
	for i, r := range s.Resolutions {
		r.seq = i
	}
	n := 0
	for i, r := range s.StudyGroups {
		r.seq = i
		for _, u := range append([]*Unit{r.Unit}, r.Units...) {
			u.seq = n
			n++
		}
	}
	for i, r := range s.Groups {
		r.seq = i
	}
	for i, r := range s.Documents {
		r.seq = i
	}
	for i, r := range s.Pages {
		r.seq = i
	}
}

// NumUnits counts the site's units: study groups, Questions and Working
// Parties.
func (s *Site) NumUnits() int {
	n := 0
	for _, sg := range s.StudyGroups {
		n += 1 + len(sg.Units)
	}
	return n
}

func (s *Site) sort() {
	slices.SortFunc(s.Areas, func(a, b *Area) int {
		wa, wb := a.Weight, b.Weight
		if wa == 0 {
			wa = int(^uint(0) >> 1)
		}
		if wb == 0 {
			wb = int(^uint(0) >> 1)
		}
		return cmp.Or(cmp.Compare(wa, wb), cmp.Compare(a.Slug, b.Slug))
	})
	slices.SortFunc(s.Resolutions, func(a, b *Resolution) int {
		return cmp.Or(cmp.Compare(bodyIndex(a.Body), bodyIndex(b.Body)), Natural(a.Number, b.Number), cmp.Compare(a.Slug, b.Slug))
	})
	slices.SortFunc(s.StudyGroups, func(a, b *StudyGroup) int {
		return cmp.Or(cmp.Compare(sectorIndex(a.Sector), sectorIndex(b.Sector)), Natural(a.Number, b.Number), cmp.Compare(a.Slug, b.Slug))
	})
	slices.SortFunc(s.Groups, func(a, b *Group) int {
		return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.Slug, b.Slug))
	})
	slices.SortFunc(s.Documents, func(a, b *Document) int {
		return cmp.Or(cmp.Compare(b.Date, a.Date), cmp.Compare(a.Slug, b.Slug))
	})
	slices.SortFunc(s.Pages, func(a, b *Page) int { return cmp.Compare(a.Slug, b.Slug) })
	s.number()
}

// reset clears what Link fills, so a record can be linked again.
func reset(r Record) {
	r.Base().Translations = nil
	switch r := r.(type) {
	case *Area:
		r.Resolutions, r.Units, r.Groups, r.Documents = nil, nil, nil, nil
	case *Resolution:
		r.Areas, r.Related = nil, nil
	case *StudyGroup:
		for _, u := range append([]*Unit{r.Unit}, r.Units...) {
			u.Areas, u.Related = nil, nil
		}
	case *Group:
		r.Areas = nil
	case *Document:
		r.Areas = nil
	}
}

type valueRef = fields.Value

func addOnce[T comparable](list *[]T, v T) {
	if !slices.Contains(*list, v) {
		*list = append(*list, v)
	}
}

func indexOf[T comparable](list []T) map[T]int {
	m := make(map[T]int, len(list))
	for i, v := range list {
		m[v] = i
	}
	return m
}

func bodyIndex(b *config.Body) int {
	if b == nil {
		return 1 << 30
	}
	return b.Index
}

func sectorIndex(s *config.Sector) int {
	if s == nil {
		return 1 << 30
	}
	return s.Index
}

// Natural compares designation numbers so that "2" < "10" and "7/1" < "7/2":
// runs of digits compare as numbers.
func Natural(a, b string) int {
	for a != "" && b != "" {
		da, ra := leadingNumber(a)
		db, rb := leadingNumber(b)
		if da >= 0 && db >= 0 {
			if c := cmp.Compare(da, db); c != 0 {
				return c
			}
			a, b = ra, rb
			continue
		}
		if c := cmp.Compare(a[0], b[0]); c != 0 {
			return c
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func leadingNumber(s string) (int, string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return -1, s
	}
	n, err := strconv.Atoi(s[:i])
	if err != nil {
		return -1, s
	}
	return n, s[i:]
}
