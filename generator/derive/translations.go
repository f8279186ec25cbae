package derive

import "itu.int/iscsite/generator/model"

// TranslationStatus is where one language stands: which records have no
// translation into it, and which translations were made from an earlier
// version of their original.
type TranslationStatus struct {
	Lang       string
	Total      int            // the site's records
	Translated int            // those with a translation into Lang
	Missing    []model.Record // without one, in site order
	Stale      []Stale        // out of date, in site order
}

// Stale is a translation whose original changed since it was made: the
// fields that changed. Unstamped: the translation does not say which
// version it was made from, so every field it translates is named.
type Stale struct {
	Record      model.Record
	Translation *model.Translation
	Fields      []string
	Unstamped   bool
}

// Translations is the status of every language but the default, by
// code (config.Languages' order).
func Translations(s *model.Site) []TranslationStatus {
	var out []TranslationStatus
	records := s.Records()
	for _, l := range s.Config.Languages {
		if l.Code == s.Config.DefaultLanguage {
			continue
		}
		st := TranslationStatus{Lang: l.Code, Total: len(records)}
		for _, r := range records {
			m := r.Base()
			t := m.Translations[l.Code]
			if t == nil {
				st.Missing = append(st.Missing, r)
				continue
			}
			st.Translated++
			if fields, unstamped := t.Changed(m); len(fields) > 0 {
				st.Stale = append(st.Stale, Stale{Record: r, Translation: t, Fields: fields, Unstamped: unstamped})
			}
		}
		out = append(out, st)
	}
	return out
}
