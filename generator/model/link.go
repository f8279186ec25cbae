package model

import (
	"path"
	"slices"
	"strings"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/diag"
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
	l := &linker{s: &Site{Config: cfg, Units: map[string]*Unit{}}, diags: diags, byKey: map[string]Record{}}
	translations := l.collect(decoded)
	l.s.sort()
	l.translations(translations)
	l.indexAreas()
	l.resolutions()
	l.units()
	l.groupsAndDocuments()
	l.s.orderLinks()
	return l.s
}

// linker is one Link: the site it makes and what its steps share.
type linker struct {
	s         *Site
	diags     *diag.List
	byKey     map[string]Record
	areas     map[string]*Area
	areaSlugs []string
}

// collect puts each record in its place in the site, reporting two of
// one slug, and returns the translations.
func (l *linker) collect(decoded []any) []*Translation {
	s := l.s
	var translations []*Translation
	for _, d := range decoded {
		switch d := d.(type) {
		case *Translation:
			translations = append(translations, d)
		case Record:
			m := d.Base()
			if prev, dup := l.byKey[m.Key()]; dup {
				a, b := prev.Base(), m
				if b.File < a.File {
					a, b = b, a
				}
				l.diags.Errorf(b.Pos, "duplicate slug %q: %s already defines it", m.Slug, a.File)
				continue
			}
			l.byKey[m.Key()] = d
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
	return translations
}

// translations gives each record its translations, reporting those of
// records that do not exist and the fields they may not set.
func (l *linker) translations(ts []*Translation) {
	for _, t := range ts {
		rec, ok := l.byKey[t.Kind+"/"+t.Slug]
		if !ok {
			stem := strings.TrimSuffix(strings.TrimSuffix(t.File, path.Ext(t.File)), "."+t.Lang)
			l.diags.Errorf(diag.Pos{File: t.File, Line: 1, Col: 1}, "translation of a record that does not exist: no %s.md or %s.toml", stem, stem)
			continue
		}
		m := rec.Base()
		if t.isDefault {
			l.diags.Errorf(diag.Pos{File: t.File, Line: 1, Col: 1}, "%q is the default language: its text belongs in %s", t.Lang, m.File)
			continue
		}
		for _, p := range t.untranslatable {
			l.diags.Errorf(p.Pos(), "field %q cannot be translated: set it in %s (a translation may set only title, summary, short and the body)", p.Key(), m.File)
		}
		if m.Translations == nil {
			m.Translations = map[string]*Translation{}
		}
		m.Translations[t.Lang] = t
	}
}

func (l *linker) indexAreas() {
	l.areas = map[string]*Area{}
	l.areaSlugs = make([]string, 0, len(l.s.Areas))
	for _, a := range l.s.Areas {
		l.areas[a.Slug] = a
		l.areaSlugs = append(l.areaSlugs, a.Slug)
	}
}

// resolveAreas finds the areas refs name, each once.
func (l *linker) resolveAreas(refs []valueRef) []*Area {
	var out []*Area
	for _, ref := range refs {
		a, ok := l.areas[ref.Text]
		if !ok {
			l.diags.Errorf(ref.Pos(), "unknown area %q%s", ref.Text, diag.DidYouMean(ref.Text, l.areaSlugs))
			continue
		}
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// resolutions links each Resolution to its areas, and to its related
// Resolutions both ways.
func (l *linker) resolutions() {
	s := l.s
	resBySlug := map[string]*Resolution{}
	resSlugs := make([]string, 0, len(s.Resolutions))
	for _, r := range s.Resolutions {
		resBySlug[r.Slug] = r
		resSlugs = append(resSlugs, r.Slug)
	}
	checkResolutionNames(s.Resolutions, s.Config, l.diags)
	for _, r := range s.Resolutions {
		r.Areas = l.resolveAreas(r.areaRefs)
		for _, a := range r.Areas {
			a.Resolutions = append(a.Resolutions, r)
		}
		for _, ref := range r.relatedRef {
			o, ok := resBySlug[ref.Text]
			switch {
			case !ok:
				l.diags.Errorf(ref.Pos(), "unknown resolution %q%s", ref.Text, diag.DidYouMean(ref.Text, resSlugs))
			case o == r:
				l.diags.Errorf(ref.Pos(), "a resolution cannot be related to itself")
			default:
				addOnce(&r.Related, o)
				addOnce(&o.Related, r)
			}
		}
	}
}

func (l *linker) groupsAndDocuments() {
	for _, g := range l.s.Groups {
		g.Areas = l.resolveAreas(g.areaRefs)
		for _, a := range g.Areas {
			a.Groups = append(a.Groups, g)
		}
	}
	for _, d := range l.s.Documents {
		d.Areas = l.resolveAreas(d.areaRefs)
		for _, a := range d.Areas {
			a.Documents = append(a.Documents, d)
		}
	}
}
