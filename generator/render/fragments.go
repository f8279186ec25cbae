package render

import (
	"fmt"
	"html"
	"html/template"
	"reflect"
	"strings"
	"sync"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/tmplexec"
)

// fragments holds the HTML of the partials that cached and each execute,
// for one pass: one fragment per template, language, set and value. Each
// is made once, by the first page that shows it; a page that needs a
// fragment another core is making waits for it.
//
// A large site looks fragments up millions of times, from every core: a
// map keyed by the value spent a tenth of a 100,000-record build hashing
// interfaces and missing the processor's caches. So each template's
// fragments of records, units, and an area seen from a body or a Sector
// are in flat slices, by the record's place in the site (model's Seq),
// looked up without a lock; other values go to a map.
type fragments struct {
	site            *model.Site
	units           int // how many the site has
	bodies, sectors int
	tables          sync.Map // fragmentTable key → *fragmentTable
}

// fragmentTableKey names the fragments of one template in one language
// and set ("" for the shared one, else the page kind whose own set made
// them: see layoutSet.own).
type fragmentTableKey struct{ name, lang, set string }

type fragmentTable struct {
	f                                      *fragments
	areas, resolutions, studyGroups, units slots
	groups, documents, pages               slots
	areaBodies, bodyRows, areaSectors      slots
	mu                                     sync.Mutex
	other                                  map[any]*fragment
}

// slots is a slice of fragments made on first use.
type slots struct {
	once sync.Once
	s    []fragment
}

func (s *slots) at(n, i int) *fragment {
	s.once.Do(func() { s.s = make([]fragment, n) })
	if i < 0 || i >= len(s.s) {
		return nil
	}
	return &s.s[i]
}

type fragment struct {
	once sync.Once
	html template.HTML
	err  error
}

func newFragments(s *model.Site) *fragments {
	return &fragments{site: s, units: s.NumUnits(), bodies: len(s.Config.Bodies), sectors: len(s.Config.Sectors)}
}

// get is the fragment of template name for value v, made empty if new.
func (f *fragments) get(name, lang, set string, v any) *fragment {
	key := fragmentTableKey{name, lang, set}
	t, ok := f.tables.Load(key)
	if !ok {
		t, _ = f.tables.LoadOrStore(key, &fragmentTable{f: f, other: map[any]*fragment{}})
	}
	ft := t.(*fragmentTable)
	if frag := ft.slot(v); frag != nil {
		return frag
	}
	ft.mu.Lock()
	frag := ft.other[v]
	if frag == nil {
		frag = &fragment{}
		ft.other[v] = frag
	}
	ft.mu.Unlock()
	return frag
}

// slot is the flat place of v's fragment, or nil for a value kept in the
// map.
func (ft *fragmentTable) slot(v any) *fragment {
	s := ft.f.site
	switch v := v.(type) {
	case *model.Area:
		return ft.areas.at(len(s.Areas), v.Seq())
	case *model.Resolution:
		return ft.resolutions.at(len(s.Resolutions), v.Seq())
	case *model.StudyGroup:
		return ft.studyGroups.at(len(s.StudyGroups), v.Seq())
	case *model.Unit:
		return ft.units.at(ft.f.units, v.Seq())
	case *model.Group:
		return ft.groups.at(len(s.Groups), v.Seq())
	case *model.Document:
		return ft.documents.at(len(s.Documents), v.Seq())
	case derive.AreaBody:
		if v.Area != nil && v.Body != nil {
			return ft.areaBodies.at(len(s.Areas)*ft.f.bodies, v.Area.Seq()*ft.f.bodies+v.Body.Index)
		}
	case derive.BodyRow:
		if v.Area != nil && v.Body != nil {
			return ft.bodyRows.at(len(s.Areas)*ft.f.bodies, v.Area.Seq()*ft.f.bodies+v.Body.Index)
		}
	case derive.AreaSector:
		if v.Area != nil && v.Sector != nil {
			return ft.areaSectors.at(len(s.Areas)*ft.f.sectors, v.Area.Seq()*ft.f.sectors+v.Sector.Index)
		}
	}
	return nil
}

// fragmentValue checks what a layout gives cached or each: a fragment is
// made once and shown on every page that shows the same value, so its
// value must be all it depends on. A page's own data (dot on a page) is
// refused, and so is a value that cannot be a key (one holding slices):
// give the partial the record, the unit or the row it shows.
func fragmentValue(name string, v any) error {
	if _, isPage := v.(*Data); isPage {
		return fmt.Errorf("cached %q: a fragment is made once for every page that shows its value, so it cannot be given a page's data (dot): give it the record, unit or row it shows", name)
	}
	if v != nil && !reflect.TypeOf(v).Comparable() {
		return fmt.Errorf("cached %q: a %T cannot be cached (it holds lists): give the partial the record, unit or row it shows, or use {{template}}", name, v)
	}
	return nil
}

// cached is the HTML of the partial name executed with v, made once per
// pass for the page kind's set; see fragmentValue.
func (p *pass) cached(ls *layoutSet, kind, name string, v any) (template.HTML, error) {
	if err := fragmentValue(name, v); err != nil {
		return "", err
	}
	fs := ls.fragmentSet(kind, name)
	frag := p.frags.get(name, ls.lang, fs.ns, v)
	frag.once.Do(func() {
		h, err := executeString(fs.t, fs.compiled.get(), name, v)
		frag.html, frag.err = template.HTML(h), err
	})
	return frag.html, frag.err
}

// each is the partial name executed for every item of list, joined by
// sep (text, escaped). An item that can be a key is cached as cached
// caches; any other (a table row) is executed each time.
func (p *pass) each(ls *layoutSet, kind, name string, list any, sep ...string) (template.HTML, error) {
	var b strings.Builder
	err := p.eachTo(&b, ls, kind, name, list, sep...)
	return template.HTML(b.String()), err
}

// eachTo writes to w what each returns, as it makes it: tmplexec calls
// it for {{each …}} printed in text, where the joined string would be
// made only to be copied into the page (see tmplexec.Stream).
func (p *pass) eachTo(w tmplexec.Writer, ls *layoutSet, kind, name string, list any, sep ...string) error {
	between := html.EscapeString(strings.Join(sep, ""))
	first := true
	return p.eachItem(ls, kind, name, list, func(h string) {
		if !first {
			w.WriteString(between)
		}
		first = false
		w.WriteString(h)
	})
}

// eachItem gives to part the HTML of the partial name for each item of
// list, in order.
func (p *pass) eachItem(ls *layoutSet, kind, name string, list any, part func(html string)) error {
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice {
		return fmt.Errorf("each %q: %T is not a list", name, list)
	}
	var fs *fragmentSet
	for i := range rv.Len() {
		item := rv.Index(i).Interface()
		if _, isPage := item.(*Data); !isPage && (item == nil || reflect.TypeOf(item).Comparable()) {
			h, err := p.cached(ls, kind, name, item)
			if err != nil {
				return err
			}
			part(string(h))
			continue
		}
		if fs == nil {
			f := ls.fragmentSet(kind, name)
			fs = &f
		}
		h, err := executeString(fs.t, fs.compiled.get(), name, item)
		if err != nil {
			return err
		}
		part(h)
	}
	return nil
}
