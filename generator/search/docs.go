package search

import (
	"strings"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
)

// The kinds of results, in the order the index numbers them: each kind's
// documents are one run of ids, which is how the script filters by kind.
const (
	KindArea         = "area"
	KindResolution   = "resolution"
	KindStudyGroup   = "study-group"
	KindQuestion     = "question"
	KindWorkingParty = "working-party"
	KindGroup        = "group"
	KindDocument     = "document"
	KindPage         = "page"
)

// Kinds lists the kinds in index order.
var Kinds = []string{KindArea, KindResolution, KindStudyGroup, KindQuestion, KindWorkingParty, KindGroup, KindDocument, KindPage}

// doc is one thing a search can find: a record's page, or a Question's or
// Working Party's place on its study group's page.
type doc struct {
	kind    string
	label   string // the designation or number: "PP 191", "ITU-D Q7/2"; may be empty
	title   string
	url     string // with the base path and the language's prefix
	excerpt string // what the result shows under its title
	// The title, and the excerpt, are the default language's: the record
	// has no translation of them.
	titleOrig, excerptOrig bool

	titleText []string // weighed as the title
	bodyText  []string // weighed as the text
	codes     []string // designations and numbers, compacted
	areas     []*model.Area
}

// docs lists what a search in lang can find, kind by kind; given gives
// bodies' texts (see Files).
func (ix *Indexer) docs(s *model.Site, lang string, given func(*model.Text) (string, bool)) []doc {
	cfg := s.Config
	def := cfg.DefaultLanguage
	dir := "ltr"
	if l := cfg.Language(def); l != nil && l.RTL {
		dir = "rtl"
	}
	url := func(p string) string { return cfg.BasePath + derive.In(cfg, lang, p)[1:] }
	areaTitle := func(a *model.Area) string { return a.In(lang, def, dir).Title.Text }

	record := func(kind string, r model.Record, label string, areas []*model.Area, more ...string) doc {
		m := r.Base()
		t := m.In(lang, def, dir)
		body := &m.Body
		if t.Translation != nil && t.BodyLang == "" && len(t.Translation.Body.Src) > 0 {
			body = &t.Translation.Body
		}
		plain := ix.plain(body, given)
		excerptOrig := t.Summary.Lang != ""
		if t.Summary.Text == "" {
			excerptOrig = lang != def && body == &m.Body
		}
		d := doc{
			kind: kind, label: label, title: t.Title.Text, url: url(derive.URL(r)),
			excerpt: excerpt(t.Summary.Text, plain), titleOrig: t.Title.Lang != "", excerptOrig: excerptOrig,
			titleText: []string{t.Title.Text, t.Short.Text, label},
			bodyText:  append([]string{t.Summary.Text, plain}, more...),
			areas:     areas,
		}
		return d
	}
	out := make([]doc, 0, len(s.Areas)+len(s.Resolutions)+len(s.StudyGroups)+s.NumUnits()+len(s.Groups)+len(s.Documents)+len(s.Pages))
	for _, a := range s.Areas {
		d := record(KindArea, a, "", []*model.Area{a})
		out = append(out, d)
	}
	for _, r := range s.Resolutions {
		label := r.Body.ID + " " + r.Number
		d := record(KindResolution, r, label, r.Areas, r.Body.NameIn(lang), r.Revision)
		d.codes = []string{label, r.Number}
		out = append(out, d)
	}
	for _, sg := range s.StudyGroups {
		label := sg.Unit.Designation()
		d := record(KindStudyGroup, sg, label, sg.Unit.Areas, sg.Sector.NameIn(lang))
		d.codes = []string{label, sg.Unit.Label()}
		out = append(out, d)
	}
	for _, kind := range []string{KindQuestion, KindWorkingParty} {
		for _, sg := range s.StudyGroups {
			for _, u := range sg.Units {
				if unitKind(u) != kind {
					continue
				}
				label := u.Designation()
				sgTitle := sg.In(lang, def, dir).Title.Text
				out = append(out, doc{
					kind: kind, label: label, title: u.Title, url: url(derive.UnitURL(u)),
					excerpt: sg.Title, titleOrig: lang != def, excerptOrig: lang != def, // units have no translations
					titleText: []string{u.Title, label},
					bodyText:  []string{sgTitle, sg.Sector.NameIn(lang)},
					codes:     []string{label, u.Label()},
					areas:     u.Areas,
				})
			}
		}
	}
	for _, g := range s.Groups {
		out = append(out, record(KindGroup, g, g.Short, g.Areas, sectorNames(g.Sectors, lang)...))
	}
	for _, d := range s.Documents {
		doc := record(KindDocument, d, d.Symbol, d.Areas, d.Date)
		if d.Symbol != "" {
			doc.codes = []string{d.Symbol}
		}
		out = append(out, doc)
	}
	for _, p := range s.Pages {
		out = append(out, record(KindPage, p, "", nil))
	}
	for i := range out {
		for _, a := range out[i].areas {
			out[i].bodyText = append(out[i].bodyText, areaTitle(a))
		}
	}
	return out
}

func unitKind(u *model.Unit) string {
	if u.Kind == model.UnitWP {
		return KindWorkingParty
	}
	return KindQuestion
}

func sectorNames(ss []*config.Sector, lang string) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.ID, s.NameIn(lang))
	}
	return out
}

// excerptLen is about how many characters a result shows of its text.
const excerptLen = 180

// excerpt is the summary, or failing one the start of the text, cut at
// a space.
func excerpt(summary, text string) string {
	s := summary
	if s == "" {
		s = text
	}
	if len(s) <= excerptLen {
		return s
	}
	cut := strings.LastIndexByte(s[:excerptLen], ' ')
	if cut < excerptLen/2 {
		cut = excerptLen
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut-- // not inside a letter
		}
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}
