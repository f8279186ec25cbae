// Package model holds the typed records and the checked graph between them.
//
// Decode turns one split content file into one record, checking each field
// strictly. Link takes all records of a build, resolves every reference
// (area slugs, resolution slugs, study-group designations), makes related
// links symmetric, fills the back-links each page needs, and reports every
// problem at the position where it was written. The model never renders.
package model

import (
	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/fields"
)

// Record is any record: *Area, *Resolution, *StudyGroup, *Group, *Document
// or *Page.
type Record interface {
	Base() *Meta
}

// Meta is what every record has: identity, translatable text, and source.
type Meta struct {
	Kind    string // content folder: "areas", ... ; "home" for the home page
	Slug    string
	File    string   // source path, "content/areas/accessibility.md"
	Pos     diag.Pos // the record as a whole (its file's first line)
	Title   string
	Summary string
	Short   string // a short name for tight places (table cells)
	Updated string // "2006-01-02" or ""
	Body    Text
	Sources []Source // where the record's facts come from, as written

	// Translations by language code; filled by Link.
	Translations map[string]*Translation

	// Broken marks a record whose file could not be read (the problem is
	// reported): it has only its identity.
	Broken bool

	key string // Kind + "/" + Slug, made once: pages list keys by the thousand
	seq int    // place among the site's records of its kind, set by Link
}

// Seq is the record's place among the site's records of its kind (from
// 0), as Link last sorted them: renderers number what they cache by it.
func (m *Meta) Seq() int { return m.seq }

// Base returns m itself; it makes every record a Record.
func (m *Meta) Base() *Meta { return m }

// Key identifies the record across kinds: "areas/accessibility".
func (m *Meta) Key() string {
	if m.key == "" { // a Meta not made by Decode
		return m.Kind + "/" + m.Slug
	}
	return m.key
}

// Source is one [[sources]] entry: a document the record's facts come
// from. Pages list them as links at the end of the record.
type Source struct {
	Title, URL, Note string
}

// Text is a Markdown body and the file line it starts on.
type Text struct {
	Src  []byte
	Line int
}

// Translation is one <slug>.<lang>.md: only the translatable fields.
type Translation struct {
	Lang, File            string
	Slug, Kind            string
	Title, Summary, Short string
	Body                  Text
	// Stamped is the [translates] table: the original's fingerprint for
	// each field, when the translation was made; nil when it has none.
	Stamped map[string]string

	isDefault      bool           // in the default language: its text belongs in the original
	untranslatable []fields.Place // fields of the original's that a translation may not set
}

// Area is a thematic area of mutual interest.
type Area struct {
	Meta
	Weight       int
	Coordinators []Coordinator

	// Back-links, filled by Link, each in site order.
	Resolutions []*Resolution
	Units       []*Unit // study groups, questions and working parties tagged with it
	Groups      []*Group
	Documents   []*Document
}

// Coordinator is a focal point for an area.
type Coordinator struct {
	Name, Sector, Role string
}

// Resolution is one Resolution of one body.
type Resolution struct {
	Meta
	Body         *config.Body
	Number       string
	Revision     string
	URL          string
	Coordination bool // the text itself calls for intersectoral coordination
	Abrogated    bool

	Areas   []*Area
	Related []*Resolution // symmetric: filled both ways by Link

	areaRefs   []fields.Value
	relatedRef []fields.Value
	numberAt   fields.Place
}

// StudyGroup is one study group of one Sector.
type StudyGroup struct {
	Meta
	Sector *config.Sector
	Number string
	Period string
	URL    string
	Unit   *Unit   // the study group itself as a unit: its areas and related
	Units  []*Unit // its questions or working parties, as written
}

// UnitKind says what level a Unit is.
type UnitKind int

const (
	UnitSG UnitKind = iota
	UnitQuestion
	UnitWP
)

// Unit is a study group, a Question or a Working Party: what `related`
// designations name and what the mapping tables map.
type Unit struct {
	Kind   UnitKind
	SG     *StudyGroup
	Number string
	Title  string
	Place  fields.Place // where it is defined

	Areas   []*Area
	Related []*Unit // counterparts in other Sectors, symmetric

	areaRefs   []fields.Value
	relatedRef []fields.Value
	names      *unitNames // set by Decode; see Designation
	seq        int        // place among the site's units, set by Link
}

// Seq is the unit's place among the site's units (from 0), as Link last
// numbered them.
func (u *Unit) Seq() int { return u.seq }

// Group is a coordination group such as the ISCG or the ISC-TF.
type Group struct {
	Meta
	Sectors  []*config.Sector
	Meetings []Meeting
	Areas    []*Area

	areaRefs []fields.Value
}

// Meeting is one dated event of a group.
type Meeting struct {
	Date, Place, URL, Note string
}

// Document is a report or other document, such as a Council report.
type Document struct {
	Meta
	Symbol   string
	Date     string
	URL      string
	Language string
	Areas    []*Area

	areaRefs []fields.Value
}

// Page is the home page or a free page.
type Page struct {
	Meta
}
