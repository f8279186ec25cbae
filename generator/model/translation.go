package model

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// A translation says which version of its original it was made from in
// a table of its front matter:
//
//	[translates]
//	title = "9f86d081"
//	body = "2c26b46b"
//
// one fingerprint per field of the original it translates: the first 8
// hex digits of the SHA-256 of the field's text, with runs of white
// space as one space. `generator stamp FILE` writes the table; an edit
// of the original since then changes a fingerprint, and the translation
// is out of date in that field, which Changed names.

// StampKey is the front-matter table of a translation's fingerprints.
const StampKey = "translates"

// TextFields are the fields of a record that translations translate,
// in the order reports name them.
var TextFields = []string{"title", "summary", "short", "body"}

// Fingerprint is the fingerprint of a field's text.
func Fingerprint(text string) string {
	sum := sha256.Sum256([]byte(strings.Join(strings.Fields(text), " ")))
	return hex.EncodeToString(sum[:4])
}

// Field is the text of one of TextFields of m ("" when unset).
func (m *Meta) Field(name string) string {
	return textField(name, m.Title, m.Summary, m.Short, m.Body)
}

// Field is the text of one of TextFields in t ("" when it does not set it).
func (t *Translation) Field(name string) string {
	return textField(name, t.Title, t.Summary, t.Short, t.Body)
}

func textField(name, title, summary, short string, body Text) string {
	switch name {
	case "title":
		return title
	case "summary":
		return summary
	case "short":
		return short
	case "body":
		return string(body.Src)
	}
	return ""
}

// Sets lists the fields t translates: those it gives a text.
func (t *Translation) Sets() []string {
	var out []string
	for _, f := range TextFields {
		if strings.TrimSpace(t.Field(f)) != "" {
			out = append(out, f)
		}
	}
	return out
}

// Stamp is the [translates] table for t as of its original m now: the
// fingerprint of each field t sets.
func Stamp(t *Translation, m *Meta) map[string]string {
	out := map[string]string{}
	for _, f := range t.Sets() {
		out[f] = Fingerprint(m.Field(f))
	}
	return out
}

// Changed lists the fields t translates whose text in the original m has
// changed since t was stamped. A translation never stamped reports every
// field it sets, and unstamped true.
func (t *Translation) Changed(m *Meta) (fields []string, unstamped bool) {
	if t.Stamped == nil {
		return t.Sets(), true
	}
	for _, f := range t.Sets() {
		if t.Stamped[f] != Fingerprint(m.Field(f)) {
			fields = append(fields, f)
		}
	}
	return fields, false
}

// Phrase is a piece of a record's text and the language it is in. Lang
// and Dir are set only when it is not the language asked for: a page
// shows the original's text there, marked so that screen readers switch
// voice.
type Phrase struct {
	Text, Lang, Dir string
}

// Localized is a record's text in one language: the translation's where
// it has one, the original's (marked) elsewhere.
type Localized struct {
	Title, Summary, Short Phrase
	Body                  Text
	BodyLang, BodyDir     string // as Phrase's Lang and Dir, for the body

	Translation *Translation // nil when the record has none in the language
}

// In is m's text in lang; def is the default language, dir its direction.
func (m *Meta) In(lang, def, dir string) Localized {
	own := func(s string) Phrase { return Phrase{Text: s} }
	orig := func(s string) Phrase {
		if lang == def || s == "" {
			return Phrase{Text: s}
		}
		return Phrase{Text: s, Lang: def, Dir: dir}
	}
	t := m.Translations[lang]
	if lang == def || t == nil {
		l := Localized{Title: orig(m.Title), Summary: orig(m.Summary), Short: orig(m.Short), Body: m.Body}
		if lang != def && len(strings.TrimSpace(string(m.Body.Src))) > 0 {
			l.BodyLang, l.BodyDir = def, dir
		}
		return l
	}
	l := Localized{Translation: t}
	pick := func(tr, or string) Phrase {
		if strings.TrimSpace(tr) != "" {
			return own(tr)
		}
		return orig(or)
	}
	l.Title, l.Summary, l.Short = pick(t.Title, m.Title), pick(t.Summary, m.Summary), pick(t.Short, m.Short)
	if strings.TrimSpace(string(t.Body.Src)) != "" {
		l.Body = t.Body
	} else if len(strings.TrimSpace(string(m.Body.Src))) > 0 {
		l.Body, l.BodyLang, l.BodyDir = m.Body, def, dir
	}
	return l
}
