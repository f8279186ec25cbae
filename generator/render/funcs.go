package render

import (
	"fmt"
	"html/template"
	"strings"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
)

// funcs are the template functions of one language's set for page kind
// ("" for the shared set); see the package doc. ls is the language's
// layout set, known once parsed.
func (r *Renderer) funcs(lang string, ls func() *layoutSet, kind string) template.FuncMap {
	base := r.cfg.BasePath
	url := func(x any) (string, error) {
		switch x := x.(type) {
		case string:
			return base + strings.TrimPrefix(x, "/"), nil
		case *model.Unit:
			return base + derive.UnitURL(x)[1:], nil
		case model.Record:
			return base + derive.URL(x)[1:], nil
		}
		return "", fmt.Errorf("url: cannot link to %T", x)
	}
	return template.FuncMap{
		"url": url,
		"abs": func(x any) (string, error) {
			u, err := url(x)
			return r.absURL(u), err
		},
		"t": func(key string) (string, error) {
			if s, ok := r.ui(lang, key); ok {
				return s, nil
			}
			return "", fmt.Errorf("unknown UI string %q: add it to layouts/i18n/%s.toml", key, r.cfg.DefaultLanguage)
		},
		"lang": func(what string) (string, error) {
			if v, ok := languageField(r.cfg.Language(lang), what); ok {
				return v, nil
			}
			return "", fmt.Errorf("lang %q: give lang \"code\", \"dir\" or \"name\"", what)
		},
		"site": func(what string) (string, error) {
			if what != "title" {
				return "", fmt.Errorf("site %q: give site \"title\"", what)
			}
			return r.cfg.Title, nil
		},
		"anchor": derive.AreaAnchor,
		"rowID": func(t, x any) (string, error) {
			if id, ok := derive.RowID(t, x); ok {
				return id, nil
			}
			return "", fmt.Errorf("rowID: no row of %T in %T", x, t)
		},
		"rowURL": func(t, x any) (string, error) {
			if u, ok := derive.RowURL(t, x); ok {
				return base + u[1:], nil
			}
			return "", fmt.Errorf("rowURL: no row of %T in %T", x, t)
		},
		"sgAreas":  func(sg *model.StudyGroup) []*model.Area { return r.pass().tables.SGAreas[sg] },
		"tables":   func() *derive.Tables { return r.pass().tables },
		"bySector": derive.GroupBySector,
		"areaSector": func(a *model.Area, s *config.Sector) derive.AreaSector {
			return derive.AreaSector{Area: a, Sector: s}
		},
		"cached": func(name string, v any) (template.HTML, error) {
			return r.pass().cached(ls(), kind, name, v)
		},
		"each": func(name string, list any, sep ...string) (template.HTML, error) {
			return r.pass().each(ls(), kind, name, list, sep...)
		},
		"inForce": model.InForce,
		"lower":   strings.ToLower,
	}
}
