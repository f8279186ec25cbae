package render

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/tmplexec"
)

// funcs are the template functions of one language's set for page kind
// ("" for the shared set); see the package doc. ls is the language's
// layout set, known once parsed.
func (r *Renderer) funcs(lang string, ls func() *layoutSet, kind string) template.FuncMap {
	base := r.cfg.BasePath
	prefix := derive.Prefix(r.cfg, lang)
	url := func(x any) (string, error) {
		switch x := x.(type) {
		case string:
			return base + derive.In(r.cfg, lang, x)[1:], nil
		case *model.Unit:
			return base + (prefix + derive.UnitURL(x))[1:], nil
		case model.Record:
			return base + (prefix + derive.URL(x))[1:], nil
		}
		return "", fmt.Errorf("url: cannot link to %T", x)
	}
	return template.FuncMap{
		"url": url,
		"abs": func(x any) (string, error) {
			u, err := url(x)
			return r.absURL(u), err
		},
		"path": func(x any) (string, error) {
			switch x := x.(type) {
			case *model.Unit:
				return derive.UnitURL(x), nil
			case model.Record:
				return derive.URL(x), nil
			}
			return "", fmt.Errorf("path: %T has no page", x)
		},
		"urlIn": func(in, p string) string { return base + derive.In(r.cfg, in, p)[1:] },
		"absIn": func(in, p string) string { return r.absURL(base + derive.In(r.cfg, in, p)[1:]) },
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
			if v, ok := r.siteField(lang, what); ok {
				return v, nil
			}
			return "", fmt.Errorf("site %q: give site \"title\", \"publisher\", \"publisherURL\" or \"reportErrors\"", what)
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
				return base + (prefix + u)[1:], nil
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
		"tr": func(x model.Record) model.Localized {
			return x.Base().In(lang, r.cfg.DefaultLanguage, r.defaultDir())
		},
		"original": func() model.Phrase {
			if lang == r.cfg.DefaultLanguage {
				return model.Phrase{}
			}
			return model.Phrase{Lang: r.cfg.DefaultLanguage, Dir: r.defaultDir()}
		},
		"name": func(x any) (string, error) {
			switch x := x.(type) {
			case *config.Sector:
				return x.NameIn(lang), nil
			case *config.Body:
				return x.NameIn(lang), nil
			}
			return "", fmt.Errorf("name: %T has no name; give it a sector or a body", x)
		},
		"heading": func(s *config.Sector) string { return s.HeadingIn(lang) },
		"date":    func(s string) string { return r.date(lang, s) },
		"inForce": model.InForce,
		"lower":   strings.ToLower,
	}
}

// streams are the functions of funcs that tmplexec has write their HTML
// into the page themselves (see tmplexec.Stream): each, for the kind's
// set of ls.
func (r *Renderer) streams(ls *layoutSet, kind string) map[string]tmplexec.Stream {
	return map[string]tmplexec.Stream{
		"each": func(w tmplexec.Writer, args ...any) error {
			sep := make([]string, len(args)-2)
			for i, s := range args[2:] {
				sep[i] = s.(string)
			}
			return r.pass().eachTo(w, ls, kind, args[0].(string), args[1], sep...)
		},
	}
}

// defaultDir is the direction of the default language: "ltr" or "rtl".
func (r *Renderer) defaultDir() string {
	dir, _ := languageField(r.cfg.Language(r.cfg.DefaultLanguage), "dir")
	return dir
}

// date writes the date s ("2006-01-02") as lang writes dates, with its
// UI strings date_format, day_1 and month_1 to month_12; anything else
// is shown as it is.
func (r *Renderer) date(lang, s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	ui := func(key string) string { v, _ := r.ui(lang, key); return v }
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = ui("day_1")
	}
	out := strings.ReplaceAll(ui("date_format"), "{day}", day)
	out = strings.ReplaceAll(out, "{month}", ui("month_"+strconv.Itoa(int(t.Month()))))
	return strings.ReplaceAll(out, "{year}", strconv.Itoa(t.Year()))
}
