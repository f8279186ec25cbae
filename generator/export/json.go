package export

import (
	"encoding/json"
	"io"
	"slices"
	"strings"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
)

// writeCorrespondence writes /data/correspondence.json: every table, in
// the bytes json.Marshal gives for the value the README documents (map
// keys sorted, HTML characters escaped), and a newline. Its "$schema" is
// the absolute address of /data/correspondence.schema.json, the one
// schema of every language's file. It is encoded by
// hand, row by row, because on a large site it is some 90 MB, and both a
// value tree of it and reflection over one cost the build seconds;
// TestCorrespondenceMatchesMarshal holds the two equal.
//
// In lang, the titles are the translations' where there are some, and
// the urls the pages in lang.
func writeCorrespondence(w io.Writer, cfg *config.Config, lang string, t *derive.Tables) error {
	j := &jsonWriter{w: w, cfg: cfg, lang: lang}
	j.raw(`{"$schema":`)
	j.str(schemaURL(cfg))
	j.raw(`,"resolutions":{"bodies":[`)
	for i, b := range t.Resolutions.Bodies {
		j.comma(i)
		j.str(b.ID)
	}
	j.raw(`],"rows":`)
	bodies := sortedIDs(len(t.Resolutions.Bodies), func(i int) string { return t.Resolutions.Bodies[i].ID })
	j.array(len(t.Resolutions.Rows), false, func(i int) {
		row := t.Resolutions.Rows[i]
		j.raw(`{"area":`)
		j.str(row.Area.Slug)
		j.raw(`,"title":`)
		j.str(j.title(row.Area))
		j.raw(`,"cells":`)
		j.byColumn(bodies, func(col int) {
			for i, r := range row.Cells[col] {
				j.comma(i)
				j.resRef(r)
			}
		})
		j.raw("}")
	})
	j.raw(`},"mappings":`)
	j.array(len(t.Mappings), false, func(i int) {
		m := t.Mappings[i]
		j.raw(`{"id":`)
		j.str(m.ID)
		j.raw(`,"from":`)
		j.str(m.From.ID)
		j.raw(`,"to":`)
		j.str(m.To.ID)
		j.raw(`,"rows":`)
		j.array(len(m.Rows), true, func(i int) {
			row := m.Rows[i]
			j.raw(`{"unit":`)
			j.unitRef(row.Unit)
			j.raw(`,"counterparts":[`)
			for i, c := range row.Counterparts {
				j.comma(i)
				j.unitRef(c)
			}
			j.raw(`],"shared_areas":`)
			j.areaIDs(row.Shared)
			j.raw("}")
		})
		j.raw("}")
	})
	j.raw(`,"matrices":`)
	j.array(len(t.Matrices), false, func(i int) {
		m := t.Matrices[i]
		j.raw(`{"id":`)
		j.str(m.ID)
		j.raw(`,"rows":`)
		j.str(m.Rows.ID)
		j.raw(`,"cols":`)
		j.str(m.Cols.ID)
		j.raw(`,"cells":[`)
		first := true
		for i, sg := range m.RowGroups {
			for _, c := range m.Row(i) {
				if !first {
					j.raw(",")
				}
				first = false
				j.raw(`{"row":`)
				j.str(sg.Unit.Designation())
				j.raw(`,"col":`)
				j.str(c.Other.Unit.Designation())
				j.raw(`,"links":[`)
				for i, l := range c.Links {
					j.comma(i)
					j.raw("[")
					j.str(l.Own.Designation())
					j.raw(",")
					j.str(l.Other.Designation())
					j.raw("]")
				}
				j.raw(`],"areas":`)
				j.areaIDs(c.Areas)
				j.raw("}")
			}
		}
		j.raw(`]}`)
	})
	j.raw(`,"study_groups_by_area":{"sectors":[`)
	for i, s := range t.ByArea.Sectors {
		j.comma(i)
		j.str(s.ID)
	}
	j.raw(`],"rows":`)
	sectors := sortedIDs(len(t.ByArea.Sectors), func(i int) string { return t.ByArea.Sectors[i].ID })
	j.array(len(t.ByArea.Rows), false, func(i int) {
		row := t.ByArea.Rows[i]
		j.raw(`{"area":`)
		j.str(row.Area.Slug)
		j.raw(`,"units":`)
		j.byColumn(sectors, func(col int) {
			for i, u := range row.Units[col] {
				j.comma(i)
				j.unitRef(u)
			}
		})
		j.raw("}")
	})
	j.raw("}}\n")
	return j.flush()
}

// idAt is a column's id and its index.
type idAt struct {
	id string
	i  int
}

// sortedIDs lists n columns by id, as json.Marshal orders a map's keys;
// of columns with the same id the last wins, as it would in the map.
func sortedIDs(n int, id func(i int) string) []idAt {
	at := map[string]int{}
	for i := range n {
		at[id(i)] = i
	}
	out := make([]idAt, 0, len(at))
	for id, i := range at {
		out = append(out, idAt{id, i})
	}
	slices.SortFunc(out, func(a, b idAt) int { return strings.Compare(a.id, b.id) })
	return out
}

// jsonWriter writes JSON through a buffer, keeping the first error.
type jsonWriter struct {
	w    io.Writer
	buf  []byte
	err  error
	cfg  *config.Config
	lang string
}

// title is a record's title in the file's language.
func (j *jsonWriter) title(r model.Record) string {
	if j.lang == j.cfg.DefaultLanguage {
		return r.Base().Title
	}
	return r.Base().In(j.lang, j.cfg.DefaultLanguage, "").Title.Text
}

// url is the site path p in the file's language, from the server's root:
// under baseURL's path, as the pages link it.
func (j *jsonWriter) url(p string) string {
	return j.cfg.BasePath + derive.In(j.cfg, j.lang, p)[1:]
}

func (j *jsonWriter) raw(s string) {
	j.buf = append(j.buf, s...)
	if len(j.buf) >= 64<<10 {
		j.flush()
	}
}

func (j *jsonWriter) flush() error {
	if j.err == nil && len(j.buf) > 0 {
		_, j.err = j.w.Write(j.buf)
	}
	j.buf = j.buf[:0]
	return j.err
}

// comma separates element i from the one before.
func (j *jsonWriter) comma(i int) {
	if i > 0 {
		j.buf = append(j.buf, ',')
	}
}

// str writes a JSON string as json.Marshal does. Nearly every string here
// is printable ASCII that needs no escape, and is written as it is; any
// other goes through json.Marshal.
func (j *jsonWriter) str(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s) // a string always encodes
			j.raw(string(b))
			return
		}
	}
	j.buf = append(j.buf, '"')
	j.buf = append(j.buf, s...)
	j.raw(`"`)
}

// array writes n elements with elem; with none, null unless made, as a
// nil and a made slice are to json.Marshal.
func (j *jsonWriter) array(n int, made bool, elem func(i int)) {
	if n == 0 {
		if made {
			j.raw("[]")
		} else {
			j.raw("null")
		}
		return
	}
	j.raw("[")
	for i := range n {
		j.comma(i)
		elem(i)
	}
	j.raw("]")
}

// byColumn writes a row's cells as an object keyed by column id, in the
// order of cols; list writes the elements of the column at its index.
func (j *jsonWriter) byColumn(cols []idAt, list func(col int)) {
	j.raw("{")
	for k, c := range cols {
		j.comma(k)
		j.str(c.id)
		j.raw(":[")
		list(c.i)
		j.raw("]")
	}
	j.raw("}")
}

// ref writes a link to a record or unit: {"id","label","title","url"}.
func (j *jsonWriter) ref(id, label, title, url string) {
	j.raw(`{"id":`)
	j.str(id)
	j.raw(`,"label":`)
	j.str(label)
	j.raw(`,"title":`)
	j.str(title)
	j.raw(`,"url":`)
	j.str(url)
	j.raw("}")
}

// resRef is a Resolution: its slug, label ("PP 191"), title and path.
func (j *jsonWriter) resRef(r *model.Resolution) {
	j.ref(r.Slug, r.Body.ID+" "+r.Number, j.title(r), j.url(derive.URL(r)))
}

// unitRef is a unit: its designation (as id and label), title and path.
func (j *jsonWriter) unitRef(u *model.Unit) {
	d := u.Designation()
	j.ref(d, d, u.Title, j.url(derive.UnitURL(u)))
}

// areaIDs is a list of areas' slugs.
func (j *jsonWriter) areaIDs(as []*model.Area) {
	j.raw("[")
	for i, a := range as {
		j.comma(i)
		j.str(a.Slug)
	}
	j.raw("]")
}
