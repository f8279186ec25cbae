package render

import (
	"io/fs"
	"path"
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
const broken = "\x00broken"

// loadI18n reads layouts/i18n/<code>.toml for each configured language.
// Each file is a flat table of strings. A language without a file falls
// back to the default language, key by key.
func loadI18n(fsys fs.FS, cfg *config.Config, diags *diag.List) uiStrings {
	out := uiStrings{}
	entries, _ := fs.ReadDir(fsys, "layouts/i18n")
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".toml" || source.Ignored(name) {
			continue
		}
		code := strings.TrimSuffix(name, ".toml")
		p := "layouts/i18n/" + name
		if cfg.Language(code) == nil {
			diags.Errorf(diag.Pos{File: p}, "UI strings for language %q, which config.toml does not list", code)
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
			out[code] = map[string]string{broken: ""}
			continue
		}
		m := map[string]string{}
		for _, k := range root.Keys() {
			m[k] = root.String(k, true)
		}
		out[code] = m
	}
	if out[cfg.DefaultLanguage] == nil {
		diags.Errorf(diag.Pos{File: "layouts/i18n/" + cfg.DefaultLanguage + ".toml"}, "missing: the default language needs its UI strings")
	}
	return out
}
