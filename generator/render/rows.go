package render

import (
	"html/template"
	"strings"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
)

// The bodies of the four big tables are written here, in Go, rather than
// in layouts: a table row is a dozen template actions, and at 10,000
// records the tables have tens of thousands of rows, which html/template
// (every action a reflective call) makes the slowest part of a build.
// What a row shows is still the layouts' business: each cell is made of
// the partials "unit-link", "res-label" and "empty" (through cached), and
// the layouts place the bodies with the functions
// resolutionRows, mappingRows, matrixBody and byAreaRows. Text is escaped
// exactly as html/template escapes it.

// escaper escapes text for an HTML text node or a quoted attribute, as
// html/template does (its table escapes '+' too).
var escaper = strings.NewReplacer(
	"\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;",
)

// rowWriter builds the HTML of table rows for one render.
type rowWriter struct {
	r    *Renderer
	lang string
	b    strings.Builder
	err  error
}

func (w *rowWriter) s(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
}

func (w *rowWriter) text(s string) { escaper.WriteString(&w.b, s) }

// frag writes a cached partial.
func (w *rowWriter) frag(name string, v any) {
	h, err := w.r.cached(w.lang, name, v, v)
	if err != nil && w.err == nil {
		w.err = err
	}
	w.b.WriteString(string(h))
}

func (w *rowWriter) url(x any) string {
	switch x := x.(type) {
	case *model.Unit:
		return w.r.cfg.BasePath + derive.UnitURL(x)[1:]
	case model.Record:
		return w.r.cfg.BasePath + derive.URL(x)[1:]
	}
	return ""
}

// link writes <a href="URL">TEXT</a>.
func (w *rowWriter) link(x any, text string) {
	w.s(`<a href="`, w.url(x), `">`)
	w.text(text)
	w.s("</a>")
}

func (w *rowWriter) emptyCell() {
	w.s(`<td class="empty">`)
	w.frag("empty", 0)
	w.s("</td>")
}

func (w *rowWriter) done() (template.HTML, error) {
	return template.HTML(w.b.String()), w.err
}

// areaLinks writes the areas' links, comma-separated.
func (w *rowWriter) areaLinks(as []*model.Area) {
	for i, a := range as {
		if i > 0 {
			w.s(", ")
		}
		w.link(a, a.Title)
	}
}

// units writes the units' links, comma-separated.
func (w *rowWriter) units(us []*model.Unit) {
	for i, u := range us {
		if i > 0 {
			w.s(", ")
		}
		w.frag("unit-link", u)
	}
}

// resolutionRows is the body of the Resolutions table: a row per area,
// a cell per body.
func (r *Renderer) resolutionRows(lang string, t *derive.Tables) (template.HTML, error) {
	w := &rowWriter{r: r, lang: lang}
	w.b.Grow(len(t.Resolutions.Rows) * (200 + 60*len(t.Resolutions.Bodies)))
	for _, row := range t.Resolutions.Rows {
		w.s("\n", `<tr id="area-`, row.Area.Slug, `"><th scope="row">`)
		w.link(row.Area, row.Area.Title)
		w.s("</th>")
		for _, cell := range row.Cells {
			if len(cell) == 0 {
				w.emptyCell()
				continue
			}
			w.s("<td>")
			for i, res := range cell {
				if i > 0 {
					w.s(", ")
				}
				w.frag("res-label", res)
			}
			w.s("</td>")
		}
		w.s("</tr>")
	}
	return w.done()
}

// mappingRows is the body of a mapping table: a row per unit of the first
// Sector, its counterparts and the areas they share.
func (r *Renderer) mappingRows(lang string, m *derive.Mapping) (template.HTML, error) {
	w := &rowWriter{r: r, lang: lang}
	w.b.Grow(len(m.Rows) * 500)
	for _, row := range m.Rows {
		id, _ := rowID(m, row.Unit)
		w.s("\n", `<tr id="`, id, `"><th scope="row">`)
		w.frag("unit-link", row.Unit)
		w.s(`</th><td class="title">`)
		w.link(row.Unit, row.Unit.Title)
		w.s("</td>")
		if len(row.Counterparts) == 0 {
			w.emptyCell()
		} else {
			w.s("<td>")
			w.units(row.Counterparts)
			w.s("</td>")
		}
		if len(row.Shared) == 0 {
			w.emptyCell()
		} else {
			w.s("<td>")
			w.areaLinks(row.Shared)
			w.s("</td>")
		}
		w.s("</tr>")
	}
	return w.done()
}

// connection writes what connects two study groups: linked units, then
// the areas both work on.
func (w *rowWriter) connection(c *derive.Connection) {
	for i, l := range c.Links {
		if i > 0 {
			w.s(", ")
		}
		w.frag("unit-link", l.Own)
		w.s(" = ")
		w.frag("unit-link", l.Other)
	}
	if len(c.Links) > 0 && len(c.Areas) > 0 {
		w.s("; ")
	}
	w.areaLinks(c.Areas)
}

// matrixBody is the body of a study-group matrix: the rows of the grid
// when it is Dense, else the entries of its row-by-row list.
func (r *Renderer) matrixBody(lang string, m *derive.Matrix) (template.HTML, error) {
	w := &rowWriter{r: r, lang: lang}
	w.b.Grow(len(m.RowGroups) * 2000)
	for i, sg := range m.RowGroups {
		id, _ := rowID(m, sg)
		if m.Dense() {
			w.s("\n", `<tr id="`, id, `"><th scope="row"><a href="`, w.url(sg), `" title="`)
			w.text(sg.Title)
			w.s(`">`)
			w.text(sg.Unit.Designation())
			w.s("</a></th>")
			for j := range m.ColGroups {
				if c := m.Cell(i, j); c != nil {
					w.s("<td>")
					w.connection(c)
					w.s("</td>")
				} else {
					w.emptyCell()
				}
			}
			w.s("</tr>")
			continue
		}
		w.s("\n", `<dt id="`, id, `">`)
		w.link(sg, sg.Unit.Designation())
		w.s("</dt>")
		row := m.Row(i)
		for _, c := range row {
			w.s("<dd>")
			w.link(c.Other, c.Other.Unit.Designation())
			w.s(": ")
			w.connection(c)
			w.s("</dd>")
		}
		if len(row) == 0 {
			none, _ := r.ui(lang, "none")
			w.s(`<dd class="none">`)
			w.text(none)
			w.s("</dd>")
		}
	}
	return w.done()
}

// byAreaRows is the body of the study groups by area: a row per area, a
// cell per Sector.
func (r *Renderer) byAreaRows(lang string, t *derive.Tables) (template.HTML, error) {
	w := &rowWriter{r: r, lang: lang}
	w.b.Grow(len(t.ByArea.Rows) * 2000)
	for _, row := range t.ByArea.Rows {
		w.s("\n", `<tr id="area-`, row.Area.Slug, `"><th scope="row">`)
		w.link(row.Area, row.Area.Title)
		w.s("</th>")
		for _, us := range row.Units {
			if len(us) == 0 {
				w.emptyCell()
				continue
			}
			w.s("<td>")
			w.units(us)
			w.s("</td>")
		}
		w.s("</tr>")
	}
	return w.done()
}

// resLabels writes Resolutions' labels ("PP 191"), comma-separated: the
// commonest list of the pages, made in one call instead of four template
// actions an item.
func (r *Renderer) resLabels(lang string, rs []*model.Resolution) (template.HTML, error) {
	w := &rowWriter{r: r, lang: lang}
	for i, res := range rs {
		if i > 0 {
			w.s(", ")
		}
		w.frag("res-label", res)
	}
	return w.done()
}

// unitLinks writes units' links ("ITU-T Q7/5"), comma-separated.
func (r *Renderer) unitLinks(lang string, us []*model.Unit) (template.HTML, error) {
	w := &rowWriter{r: r, lang: lang}
	w.units(us)
	return w.done()
}

// areaLinks writes areas' links, comma-separated.
func (r *Renderer) areaLinks(lang string, as []*model.Area) (template.HTML, error) {
	w := &rowWriter{r: r, lang: lang}
	w.areaLinks(as)
	return w.done()
}

// unitSections writes a study group's Questions or Working Parties, one
// section each with its areas, its counterparts and its rows in the
// mapping tables: what a study group's page is mostly made of.
func (r *Renderer) unitSections(lang string, d *Data) (template.HTML, error) {
	w := &rowWriter{r: r, lang: lang}
	ui := func(key string) string {
		s, _ := r.ui(lang, key)
		return escaper.Replace(s)
	}
	for _, u := range d.StudyGroup.Units {
		a := u.Anchor()
		w.s("\n", `<section class="unit" id="`, a, `" aria-labelledby="`, a, `-h">`, "\n",
			`<h3 id="`, a, `-h"><span class="id">`)
		w.text(u.Label())
		w.s("</span> ")
		w.text(u.Title)
		w.s("</h3>\n<dl>\n")
		if len(u.Areas) > 0 {
			w.s("<dt>", ui("areas"), "</dt><dd>")
			w.areaLinks(u.Areas)
			w.s("</dd>")
		}
		w.s("\n<dt>", ui("counterparts"), "</dt><dd>")
		for i, o := range u.Related {
			if i > 0 {
				w.s("; ")
			}
			w.frag("unit-link", o)
			w.s(` <span class="meta">`)
			w.text(o.Title)
			w.s("</span>")
		}
		if len(u.Related) == 0 {
			w.s(`<span class="none">`, ui("none"), "</span>")
		}
		w.s("</dd>\n")
		if len(d.MappingsFrom) > 0 {
			w.s("<dt>", ui("in_tables"), `</dt><dd><ul class="inline">`)
			for _, m := range d.MappingsFrom {
				id, _ := rowID(m, u)
				w.s(`<li><a href="`, r.cfg.BasePath, "study-groups/#", id, `">`)
				w.text(m.From.ID + " → " + m.To.ID + " ")
				w.s(ui("mapping_row"), "</a></li>")
			}
			w.s("</ul></dd>")
		}
		w.s("\n</dl>\n</section>\n")
	}
	return w.done()
}
