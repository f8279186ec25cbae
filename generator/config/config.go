// Package config reads config.toml: the site's address and title, its
// languages, the Sectors (in table column order) and the bodies that adopt
// Resolutions.
package config

import (
	"net/url"
	"slices"
	"strings"

	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/fields"
)

// Config is the whole of config.toml.
type Config struct {
	BaseURL         string // absolute, ends in "/"
	BasePath        string // BaseURL's path: "/" or "/sub/"; every link starts with it
	Title           string
	DefaultLanguage string
	Languages       []Language // the default first, then by code
	Sectors         []Sector   // in the order written: table column order
	Bodies          []Body     // in the order written
	UnsafeHTML      bool       // pass raw HTML in Markdown through
	Publisher       string     // who publishes the site, for the footer
	PublisherURL    string     // their site
	ReportErrors    string     // where readers report a mistake: a URL or mailto: address
}

// Language is one [languages.<code>] table.
type Language struct {
	Code, Name string
	RTL        bool
	// Title and Publisher are the site's title and its publisher's name in
	// this language; empty, the config's own.
	Title, Publisher string
}

// Sector is one of the three Sectors or the General Secretariat.
type Sector struct {
	ID, Name string
	// Heading is the text above the sector's columns in a table, for a
	// sector whose id readers do not know (the PP's "GS"); when it is
	// empty, tables show the id, with the name as its expansion.
	Heading string
	Index   int // position in Sectors
	// Names and Headings are Name and Heading in the other languages, by
	// code; a language missing from them shows the default's.
	Names, Headings map[string]string
}

// NameIn is the sector's name in lang.
func (s *Sector) NameIn(lang string) string { return in(s.Names, lang, s.Name) }

// HeadingIn is the sector's heading in lang ("" when it has none).
func (s *Sector) HeadingIn(lang string) string { return in(s.Headings, lang, s.Heading) }

// Body is an assembly or conference that adopts Resolutions.
type Body struct {
	ID, Name, Sector string
	Index            int               // position in Bodies
	Names            map[string]string // Name in the other languages, by code
}

// NameIn is the body's name in lang.
func (b *Body) NameIn(lang string) string { return in(b.Names, lang, b.Name) }

// TitleIn is the site's title in lang.
func (c *Config) TitleIn(lang string) string {
	if l := c.Language(lang); l != nil && l.Title != "" {
		return l.Title
	}
	return c.Title
}

// PublisherIn is the publisher's name in lang.
func (c *Config) PublisherIn(lang string) string {
	if l := c.Language(lang); l != nil && l.Publisher != "" {
		return l.Publisher
	}
	return c.Publisher
}

func in(m map[string]string, lang, def string) string {
	if s, ok := m[lang]; ok {
		return s
	}
	return def
}

// Sector returns the sector with that id, or nil.
func (c *Config) Sector(id string) *Sector {
	for i := range c.Sectors {
		if c.Sectors[i].ID == id {
			return &c.Sectors[i]
		}
	}
	return nil
}

// Body returns the body with that id, or nil.
func (c *Config) Body(id string) *Body {
	for i := range c.Bodies {
		if c.Bodies[i].ID == id {
			return &c.Bodies[i]
		}
	}
	return nil
}

// Language returns the language with that code, or nil.
func (c *Config) Language(code string) *Language {
	for i := range c.Languages {
		if c.Languages[i].Code == code {
			return &c.Languages[i]
		}
	}
	return nil
}

// SectorIDs lists the sector ids, for suggestions.
func (c *Config) SectorIDs() []string {
	var ids []string
	for _, s := range c.Sectors {
		ids = append(ids, s.ID)
	}
	return ids
}

// BodyIDs lists the body ids, for suggestions.
func (c *Config) BodyIDs() []string {
	var ids []string
	for _, b := range c.Bodies {
		ids = append(ids, b.ID)
	}
	return ids
}

// Parse reads config.toml's text. Problems go to diags; the result is
// usable (if incomplete) whenever the TOML itself parses.
func Parse(file string, src []byte, diags *diag.List) *Config {
	root := fields.Parse(file, src, 1, diags)
	if root == nil {
		return nil
	}
	c := &Config{
		BaseURL:         root.String("baseURL", true),
		Title:           root.String("title", true),
		DefaultLanguage: root.String("defaultLanguage", false),
		UnsafeHTML:      root.Bool("unsafeHTML"),
		Publisher:       root.String("publisher", false),
		PublisherURL:    root.String("publisherURL", false),
		ReportErrors:    root.String("reportErrors", false),
	}
	for _, k := range []string{"publisherURL", "reportErrors"} {
		v := root.String(k, false)
		if u, err := url.Parse(v); v != "" && (err != nil || u.Scheme == "" || (u.Scheme != "mailto" && u.Host == "")) {
			diags.Errorf(root.Pos(k), "%s must be an absolute URL (https://…) or a mailto: address, not %q", k, v)
		}
	}
	if c.DefaultLanguage == "" {
		c.DefaultLanguage = "en"
	}
	u, err := url.Parse(c.BaseURL)
	switch {
	case c.BaseURL != "" && (err != nil || u.Scheme == "" || u.Host == ""):
		diags.Errorf(root.Pos("baseURL"), "baseURL must be an absolute URL like \"https://example.org/\"")
	case c.BaseURL != "" && (u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(c.BaseURL, "?#")):
		diags.Errorf(root.Pos("baseURL"), "baseURL must be the site's address without a query or fragment, like \"https://example.org/sub/\"")
		u.RawQuery, u.Fragment = "", ""
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	c.BasePath = "/"
	if u != nil && u.Path != "" {
		// As written (escaped), since links are made from it.
		c.BasePath = strings.TrimSuffix(u.EscapedPath(), "/") + "/"
	}

	if langs := root.Table("languages"); langs != nil {
		for _, code := range langs.Keys() {
			lt := langs.Table(code)
			if lt == nil {
				continue
			}
			if !validCode(code) {
				diags.Errorf(langs.Pos(code), "bad language code %q: use a code like \"fr\" or \"pt-br\" (lowercase letters, then parts after hyphens)", code)
			}
			l := Language{Code: code, Name: lt.String("name", true), Title: lt.String("title", false), Publisher: lt.String("publisher", false)}
			switch dir := lt.String("direction", false); dir {
			case "", "ltr":
			case "rtl":
				l.RTL = true
			default:
				diags.Errorf(lt.Pos("direction"), "direction must be \"ltr\" or \"rtl\", not %q", dir)
			}
			lt.Done("language " + code)
			c.Languages = append(c.Languages, l)
		}
	}
	slices.SortStableFunc(c.Languages, func(a, b Language) int {
		return boolToInt(b.Code == c.DefaultLanguage) - boolToInt(a.Code == c.DefaultLanguage)
	})
	if c.Language(c.DefaultLanguage) == nil {
		switch {
		case len(c.Languages) == 0:
			diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "no languages: add a table [languages.%s] with its name (the default language, defaultLanguage)", c.DefaultLanguage)
		case root.Has("defaultLanguage"):
			diags.Errorf(root.Pos("defaultLanguage"), "defaultLanguage %q is not one of [languages] (%s)", c.DefaultLanguage, strings.Join(c.codes(), ", "))
		default:
			diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "the default language %q is not one of [languages] (%s): add [languages.%s], or set defaultLanguage", c.DefaultLanguage, strings.Join(c.codes(), ", "), c.DefaultLanguage)
		}
		// Go on with it, so that later stages need not check.
		c.Languages = append([]Language{{Code: c.DefaultLanguage, Name: c.DefaultLanguage}}, c.Languages...)
	}

	for _, st := range root.Tables("sectors") {
		s := Sector{ID: st.String("id", true), Name: st.String("name", true), Heading: st.String("heading", false), Index: len(c.Sectors),
			Names: c.translated(st, "names", diags), Headings: c.translated(st, "headings", diags)}
		st.Done("sector")
		if c.Sector(s.ID) != nil {
			diags.Errorf(st.Pos("id"), "duplicate sector %q", s.ID)
			continue
		}
		c.Sectors = append(c.Sectors, s)
	}
	for _, bt := range root.Tables("bodies") {
		b := Body{ID: bt.String("id", true), Name: bt.String("name", true), Sector: bt.String("sector", true), Index: len(c.Bodies),
			Names: c.translated(bt, "names", diags)}
		bt.Done("body")
		if c.Sector(b.Sector) == nil && b.Sector != "" {
			diags.Errorf(bt.Pos("sector"), "unknown sector %q%s", b.Sector, diag.DidYouMean(b.Sector, c.SectorIDs()))
		}
		if c.Body(b.ID) != nil {
			diags.Errorf(bt.Pos("id"), "duplicate body %q", b.ID)
			continue
		}
		c.Bodies = append(c.Bodies, b)
	}
	root.Done("config.toml")
	return c
}

// translated reads a table of texts by language code, such as a sector's
// names = { fr = "Secteur des radiocommunications" }: every code is one
// of the other languages, since the default's text is the plain field.
func (c *Config) translated(t *fields.Table, key string, diags *diag.List) map[string]string {
	nt := t.Table(key)
	if nt == nil {
		return nil
	}
	out := map[string]string{}
	for _, code := range nt.Keys() {
		text := nt.String(code, true)
		switch {
		case code == c.DefaultLanguage:
			diags.Errorf(nt.Pos(code), "%s.%s is the default language: its text is the field %q itself", key, code, strings.TrimSuffix(key, "s"))
		case c.Language(code) == nil:
			diags.Errorf(nt.Pos(code), "%s.%s: %q is not one of [languages] (%s)", key, code, code, strings.Join(c.codes(), ", "))
		default:
			out[code] = text
		}
	}
	nt.Done(key)
	return out
}

func (c *Config) codes() []string {
	var out []string
	for _, l := range c.Languages {
		out = append(out, l.Code)
	}
	return out
}

// validCode reports whether s is shaped like a language code, which file
// names of translations carry after a dot: "fr", "pt-br".
func validCode(s string) bool {
	for i, part := range strings.Split(s, "-") {
		if part == "" || i == 0 && len(part) > 8 {
			return false
		}
		for _, c := range []byte(part) {
			if !('a' <= c && c <= 'z' || i > 0 && '0' <= c && c <= '9') {
				return false
			}
		}
	}
	return true
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
