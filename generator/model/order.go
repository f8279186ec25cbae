package model

import (
	"cmp"
	"slices"
	"strconv"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/fields"
)

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

// orderLinks puts back-links and related lists in site order, whatever
// the order the records came in.
func (s *Site) orderLinks() {
	for _, r := range s.Resolutions {
		slices.SortFunc(r.Related, func(a, b *Resolution) int { return a.seq - b.seq })
	}
	for _, sg := range s.StudyGroups {
		for _, u := range append([]*Unit{sg.Unit}, sg.Units...) {
			slices.SortFunc(u.Related, func(a, b *Unit) int { return a.seq - b.seq })
		}
	}
	for _, a := range s.Areas {
		slices.SortFunc(a.Units, func(x, y *Unit) int { return x.seq - y.seq })
	}
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
