package model

import (
	"net/url"
	"strings"
	"unicode"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/fields"
	"itu.int/iscsite/generator/source"
)

// translatable are the fields a translation may set (besides its body).
var translatable = []string{"title", "summary", "short"}

// Decode turns one content file into a record (or, for <slug>.<lang>.md, a
// *Translation), checking every field. It reads nothing but f and cfg, so
// files decode in parallel and a watcher can decode one file again alone.
// When the file cannot be split or its TOML does not parse (reported),
// it returns a record with only its identity, marked Broken, so that
// references to it resolve; a broken translation gives nil.
func Decode(cfg *config.Config, f *source.File, diags *diag.List) any {
	var root *fields.Table
	if !f.Broken {
		root = fields.Parse(f.Path, f.Meta, f.MetaLine, diags)
	}
	if root == nil {
		if f.Lang != "" {
			return nil
		}
		return brokenRecord(f)
	}
	if f.Lang != "" {
		if tr := decodeTranslation(cfg, f, root, diags); tr != nil {
			return tr
		}
		return nil // not a typed nil inside the interface
	}
	rec := decodeRecord(cfg, f, root, diags)
	root.Done(kindName(f.Kind))
	return rec
}

// decodeRecord reads the fields of a record of f's kind from root; Done
// is the caller's, so that a translation can learn from it which fields
// the kind has.
func decodeRecord(cfg *config.Config, f *source.File, root *fields.Table, diags *diag.List) Record {
	m := Meta{
		Kind: f.Kind, Slug: f.Slug, File: f.Path,
		Pos:     diag.Pos{File: f.Path, Line: 1, Col: 1},
		Title:   root.String("title", true),
		Summary: root.String("summary", false),
		Short:   root.String("short", false),
		Updated: root.Date("updated"),
		Body:    Text{Src: f.Body, Line: f.BodyLine},
		key:     f.Kind + "/" + f.Slug,
	}
	d := decoder{cfg: cfg, diags: diags}
	m.Sources = d.sources(root)
	var rec Record
	switch f.Kind {
	case "areas":
		a := &Area{Meta: m, Weight: root.Int("weight")}
		for _, t := range root.Tables("coordinators") {
			c := Coordinator{Name: t.String("name", true), Sector: t.String("sector", false), Role: t.String("role", false)}
			if c.Sector != "" && cfg.Sector(c.Sector) == nil {
				diags.Errorf(t.Pos("sector"), "unknown sector %q%s", c.Sector, diag.DidYouMean(c.Sector, cfg.SectorIDs()))
			}
			t.Done("coordinator")
			a.Coordinators = append(a.Coordinators, c)
		}
		rec = a
	case "resolutions":
		r := &Resolution{Meta: m,
			Number:       d.number(root),
			Revision:     root.String("revision", false),
			URL:          d.url(root, "url"),
			Coordination: root.Bool("coordination"),
			areaRefs:     root.Strings("areas", 1),
			relatedRef:   root.Strings("related", 0),
			numberAt:     root.KeyPlace("number"),
		}
		if id := root.String("body", true); id != "" {
			if r.Body = cfg.Body(id); r.Body == nil {
				diags.Errorf(root.Pos("body"), "unknown body %q%s", id, diag.DidYouMean(id, cfg.BodyIDs()))
			}
		}
		switch st := root.String("status", false); st {
		case "", "in force":
		case "abrogated":
			r.Abrogated = true
		default:
			diags.Errorf(root.Pos("status"), "status must be \"in force\" or \"abrogated\", not %q", st)
		}
		rec = r
	case "study-groups":
		sg := &StudyGroup{Meta: m,
			Number: d.number(root),
			Period: root.String("period", false),
			URL:    d.url(root, "url"),
		}
		if id := root.String("sector", true); id != "" {
			if sg.Sector = cfg.Sector(id); sg.Sector == nil {
				diags.Errorf(root.Pos("sector"), "unknown sector %q%s", id, diag.DidYouMean(id, cfg.SectorIDs()))
			}
		}
		sg.Unit = &Unit{Kind: UnitSG, SG: sg, Number: sg.Number, Title: m.Title, Place: fields.At(m.Pos),
			areaRefs: root.Strings("areas", 0), relatedRef: root.Strings("related", 0)}
		d.units(sg, root, "questions", UnitQuestion)
		d.units(sg, root, "working_parties", UnitWP)
		for _, u := range append([]*Unit{sg.Unit}, sg.Units...) {
			u.name()
		}
		rec = sg
	case "groups":
		g := &Group{Meta: m, areaRefs: root.Strings("areas", 0)}
		for _, s := range root.Strings("sectors", 0) {
			if sec := cfg.Sector(s.Text); sec != nil {
				g.Sectors = append(g.Sectors, sec)
			} else {
				diags.Errorf(s.Pos(), "unknown sector %q%s", s.Text, diag.DidYouMean(s.Text, cfg.SectorIDs()))
			}
		}
		for _, t := range root.Tables("meetings") {
			g.Meetings = append(g.Meetings, Meeting{
				Date: t.Date("date"), Place: t.String("place", false),
				URL: d.url(t, "url"), Note: t.String("note", false),
			})
			t.Done("meeting")
		}
		rec = g
	case "documents":
		doc := &Document{Meta: m,
			Symbol:   root.String("symbol", false),
			Date:     root.Date("date"),
			URL:      d.url(root, "url"),
			Language: root.String("language", false),
			areaRefs: root.Strings("areas", 0),
		}
		if doc.Language != "" && cfg.Language(doc.Language) == nil {
			diags.Errorf(root.Pos("language"), "unknown language %q: use a code from config.toml's [languages]%s",
				doc.Language, diag.DidYouMean(doc.Language, langCodes(cfg)))
		}
		rec = doc
	default: // home and free pages
		rec = &Page{Meta: m}
	}
	return rec
}

// brokenRecord stands for a record whose file could not be read.
func brokenRecord(f *source.File) Record {
	m := Meta{Kind: f.Kind, Slug: f.Slug, File: f.Path, Pos: diag.Pos{File: f.Path, Line: 1, Col: 1}, Title: f.Slug, Broken: true, key: f.Kind + "/" + f.Slug}
	switch f.Kind {
	case "areas":
		return &Area{Meta: m}
	case "resolutions":
		return &Resolution{Meta: m}
	case "study-groups":
		sg := &StudyGroup{Meta: m}
		sg.Unit = &Unit{Kind: UnitSG, SG: sg, Place: fields.At(m.Pos)}
		return sg
	case "groups":
		return &Group{Meta: m}
	case "documents":
		return &Document{Meta: m}
	}
	return &Page{Meta: m}
}

func decodeTranslation(cfg *config.Config, f *source.File, root *fields.Table, diags *diag.List) *Translation {
	tr := &Translation{
		Lang: f.Lang, File: f.Path, Slug: f.Slug, Kind: f.Kind,
		Title:   root.String("title", false),
		Summary: root.String("summary", false),
		Short:   root.String("short", false),
		Body:    Text{Src: f.Body, Line: f.BodyLine},
	}
	if st := root.Table(StampKey); st != nil {
		tr.Stamped = map[string]string{}
		for _, k := range st.Keys() {
			if !contains(TextFields, k) {
				diags.Errorf(st.Pos(k), "unknown field %q in [%s]: it holds the fingerprints of %s (generator stamp writes it)", k, StampKey, strings.Join(TextFields, ", "))
				continue
			}
			tr.Stamped[k] = st.String(k, true)
		}
	}
	switch {
	case f.Lang == cfg.DefaultLanguage:
		tr.isDefault = true // reported by Link, which knows the original's file
		return tr
	case cfg.Language(f.Lang) == nil:
		diags.Errorf(diag.Pos{File: f.Path, Line: 1, Col: 1}, "translation for language %q, which config.toml does not list (languages: %s)%s",
			f.Lang, strings.Join(langCodes(cfg), ", "), diag.DidYouMean(f.Lang, langCodes(cfg)))
		return nil
	}
	// Which fields the kind has: decode the translation as an original,
	// quietly; the fields its decoder asked for are the kind's.
	var quiet diag.List
	known := []string{}
	if again := fields.Parse(f.Path, f.Meta, f.MetaLine, &quiet); again != nil {
		decodeRecord(cfg, f, again, &quiet)
		known = again.Asked()
	}
	for _, k := range root.Keys() {
		switch {
		case contains(translatable, k), k == StampKey:
		case contains(known, k):
			tr.untranslatable = append(tr.untranslatable, root.KeyPlace(k))
		default:
			diags.Errorf(root.Pos(k), "unknown field %q in a translation of %s%s", k, kindName(f.Kind), diag.DidYouMean(k, translatable))
		}
	}
	return tr
}

// units decodes the [[questions]] or [[working_parties]] of a study group.
func (d decoder) units(sg *StudyGroup, root *fields.Table, key string, kind UnitKind) {
	tables := root.Tables(key)
	if len(tables) > 0 && sg.Sector != nil {
		wantWP := sg.Sector.ID == "ITU-R"
		if wantWP != (kind == UnitWP) {
			if wantWP {
				d.diags.Errorf(root.Pos(key), "ITU-R study groups list [[working_parties]], not [[questions]]")
			} else {
				d.diags.Errorf(root.Pos(key), "%s study groups list [[questions]], not [[working_parties]]", sg.Sector.ID)
			}
		}
	}
	for _, t := range tables {
		u := &Unit{Kind: kind, SG: sg,
			Number:     d.number(t),
			Title:      t.String("title", true),
			Place:      t.Place(),
			areaRefs:   t.Strings("areas", 0),
			relatedRef: t.Strings("related", 0),
		}
		t.Done(strings.TrimSuffix(strings.ReplaceAll(key, "_", " "), "s"))
		if u.Number != "" && sg.Number != "" && !numberedIn(u, sg.Number) {
			if kind == UnitQuestion {
				d.diags.Errorf(t.Pos("number"), "question %q is not numbered in study group %s: write it %q", u.Number, sg.Number, strings.Split(u.Number, "/")[0]+"/"+sg.Number)
			} else {
				d.diags.Errorf(t.Pos("number"), "working party %q is not numbered in study group %s (it should start with %q)", u.Number, sg.Number, sg.Number)
			}
		}
		sg.Units = append(sg.Units, u)
	}
}

// numberedIn reports whether a unit's number belongs to study group n:
// Question "7/2" to SG 2, WP "1C" to SG 1.
func numberedIn(u *Unit, n string) bool {
	if u.Kind == UnitQuestion {
		_, sg, found := strings.Cut(u.Number, "/")
		return found && sg == n
	}
	rest, found := strings.CutPrefix(u.Number, n)
	return found && rest != "" && (rest[0] < '0' || rest[0] > '9')
}

type decoder struct {
	cfg   *config.Config
	diags *diag.List
}

// number reads a required "number": a designation's part, so without
// spaces, which no reference could name.
func (d decoder) number(t *fields.Table) string {
	n := t.String("number", true)
	if strings.ContainsFunc(n, unicode.IsSpace) {
		d.diags.Errorf(t.Pos("number"), "field \"number\" must not contain spaces: write %q", strings.Join(strings.Fields(n), ""))
		return strings.Join(strings.Fields(n), "")
	}
	return n
}

// sources reads the [[sources]] every kind may list.
func (d decoder) sources(root *fields.Table) []Source {
	var out []Source
	for _, t := range root.Tables("sources") {
		out = append(out, Source{Title: t.String("title", true), URL: d.url(t, "url"), Note: t.String("note", false)})
		t.Done("source")
	}
	return out
}

// url reads an optional absolute http(s) URL.
func (d decoder) url(t *fields.Table, key string) string {
	s := t.String(key, false)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		d.diags.Errorf(t.Pos(key), "field %q must be an absolute http(s) URL, not %q", key, s)
		return ""
	}
	return s
}

func kindName(kind string) string {
	switch kind {
	case "areas":
		return "an area"
	case "resolutions":
		return "a resolution"
	case "study-groups":
		return "a study group"
	case "groups":
		return "a group"
	case "documents":
		return "a document"
	case "home":
		return "the home page"
	}
	return "a page"
}

func langCodes(cfg *config.Config) []string {
	var codes []string
	for _, l := range cfg.Languages {
		codes = append(codes, l.Code)
	}
	return codes
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
