package render

import (
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/fields"
	"itu.int/iscsite/generator/source"
)

// strings holds the UI strings of every language: lang → key → text. A
// language whose file does not parse has an empty table, marked broken:
// its one syntax error is the problem, not every string a layout asks for.
type uiStrings map[string]map[string]string

// broken is the key that marks a language's table as unreadable.
const brokenKey = "\x00broken"

// loadI18n reads layouts/i18n/<code>.toml for each configured language.
// Each file is a flat table of strings, with exactly the keys of the
// default language's: a missing or an extra key is an error.
func loadI18n(fsys fs.FS, cfg *config.Config, diags *diag.List) uiStrings {
	out := uiStrings{}
	tables := map[string]*fields.Table{}
	entries, _ := fs.ReadDir(fsys, "layouts/i18n")
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".toml" || source.Ignored(name) {
			continue
		}
		code := strings.TrimSuffix(name, ".toml")
		p := "layouts/i18n/" + name
		if cfg.Language(code) == nil {
			// A language the site does not publish (yet): layouts may carry
			// more languages than a site lists. A misnamed file shows as the
			// listed language's missing one.
			continue
		}
		src, err := source.ReadFile(fsys, p)
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, "cannot read: %v", err)
			continue
		}
		var root *fields.Table
		if source.UTF8(p, src, diags) {
			root = fields.Parse(p, src, 1, diags)
		}
		if root == nil {
			out[code] = map[string]string{brokenKey: ""}
			continue
		}
		m := map[string]string{}
		for _, k := range root.Keys() {
			m[k] = root.String(k, true)
		}
		out[code] = m
		tables[code] = root
	}
	def := out[cfg.DefaultLanguage]
	if def == nil {
		diags.Errorf(diag.Pos{File: "layouts/i18n/" + cfg.DefaultLanguage + ".toml"}, "missing: the default language needs its UI strings")
		return out
	}
	// Every language has every string of the default's, and no other: a
	// page is never half in one language for want of a key.
	defFile := "layouts/i18n/" + cfg.DefaultLanguage + ".toml"
	for _, l := range cfg.Languages {
		p := "layouts/i18n/" + l.Code + ".toml"
		m := out[l.Code]
		switch {
		case l.Code == cfg.DefaultLanguage:
			continue
		case m == nil:
			diags.Errorf(diag.Pos{File: p}, "missing: config.toml lists the language %q, which needs its UI strings here: copy %s and translate it", l.Code, defFile)
			continue
		case broken(m) || broken(def):
			continue
		}
		var missing []string
		for k := range def {
			if _, ok := m[k]; !ok {
				missing = append(missing, k)
			}
		}
		slices.Sort(missing)
		for _, k := range missing {
			diags.Errorf(diag.Pos{File: p}, "missing UI string %q: %s has it; translate it here", k, defFile)
		}
		for _, k := range tables[l.Code].Keys() {
			if _, ok := def[k]; !ok {
				diags.Errorf(tables[l.Code].Pos(k), "UI string %q is not in %s: no layout asks for it (a typo, or a string removed there)%s", k, defFile, diag.DidYouMean(k, slices.Collect(maps.Keys(def))))
			}
		}
	}
	return out
}

func broken(m map[string]string) bool {
	_, ok := m[brokenKey]
	return ok
}
