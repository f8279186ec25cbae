package render

import (
	"html/template"
	"strings"
	"sync"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
)

// fragments holds the HTML of the partials that cached executes, for one
// render: one fragment per template name and value.
//
// A large site looks fragments up millions of times, from every core: a
// sync.Map keyed by (name, value) spent a tenth of a 100k build hashing
// interfaces and walking its trie, and its half a million entries gave
// the collector that much more to mark. So on a full build the values
// pages show most (records, units, and an area with a body or a Sector)
// are numbered once, and each template name has a flat slice per kind of
// value, looked up by number without a lock. Other values (the tables,
// the header's key) and every value in a small render (watch mode shows a
// few pages, and numbering the whole site would cost more than it saves)
// go to the map.
type fragments struct {
	ids   *valueIDs         // nil in a small render
	names map[string]*named // every template name; fixed once made
	other sync.Map          // fragmentKey → *fragment
}

type fragment struct {
	once sync.Once
	html template.HTML
	err  error
}

type fragmentKey struct {
	name string
	v    any
}

// named is one template name's fragments, by kind of value.
type named struct {
	areas, resolutions, units, areaBodies, bodyRows, areaSectors slots
}

// slots is a slice of fragments made on first use.
type slots struct {
	once sync.Once
	s    []fragment
}

func (s *slots) at(n, i int) *fragment {
	s.once.Do(func() { s.s = make([]fragment, n) })
	return &s.s[i]
}

// valueIDs numbers the site's areas, Resolutions and units.
type valueIDs struct {
	areas           map[*model.Area]int
	resolutions     map[*model.Resolution]int
	units           map[*model.Unit]int
	bodies, sectors int
}

func newValueIDs(s *model.Site) *valueIDs {
	ids := &valueIDs{
		areas:       make(map[*model.Area]int, len(s.Areas)),
		resolutions: make(map[*model.Resolution]int, len(s.Resolutions)),
		units:       make(map[*model.Unit]int, len(s.Units)),
		bodies:      len(s.Config.Bodies),
		sectors:     len(s.Config.Sectors),
	}
	for i, a := range s.Areas {
		ids.areas[a] = i
	}
	for i, r := range s.Resolutions {
		ids.resolutions[r] = i
	}
	for _, sg := range s.StudyGroups {
		for _, u := range append([]*model.Unit{sg.Unit}, sg.Units...) {
			ids.units[u] = len(ids.units)
		}
	}
	return ids
}

func newFragments(s *model.Site, set *template.Template, numbered bool) *fragments {
	f := &fragments{names: map[string]*named{}}
	if set != nil {
		for _, t := range set.Templates() {
			f.names[t.Name()] = &named{}
		}
	}
	if numbered {
		f.ids = newValueIDs(s)
	}
	return f
}

// get is the fragment of template name for value k, made empty if new.
func (f *fragments) get(name string, k any) *fragment {
	if n, ok := f.names[name]; ok && f.ids != nil {
		ids := f.ids
		switch k := k.(type) {
		case *model.Area:
			if i, ok := ids.areas[k]; ok {
				return n.areas.at(len(ids.areas), i)
			}
		case *model.Resolution:
			if i, ok := ids.resolutions[k]; ok {
				return n.resolutions.at(len(ids.resolutions), i)
			}
		case *model.Unit:
			if i, ok := ids.units[k]; ok {
				return n.units.at(len(ids.units), i)
			}
		case derive.AreaBody:
			if i, ok := ids.areas[k.Area]; ok && k.Body != nil {
				return n.areaBodies.at(len(ids.areas)*ids.bodies, i*ids.bodies+k.Body.Index)
			}
		case derive.BodyRow:
			if i, ok := ids.areas[k.Area]; ok && k.Body != nil {
				return n.bodyRows.at(len(ids.areas)*ids.bodies, i*ids.bodies+k.Body.Index)
			}
		case derive.AreaSector:
			if i, ok := ids.areas[k.Area]; ok && k.Sector != nil {
				return n.areaSectors.at(len(ids.areas)*ids.sectors, i*ids.sectors+k.Sector.Index)
			}
		}
	}
	key := fragmentKey{name, k}
	if v, ok := f.other.Load(key); ok {
		return v.(*fragment)
	}
	v, _ := f.other.LoadOrStore(key, &fragment{})
	return v.(*fragment)
}

// drop lets a fragment kept in the map go, once its one page is out.
func (f *fragments) drop(name string, k any) {
	f.other.Delete(fragmentKey{name, k})
}

// cached executes the defined template name with v once per render and
// reuses the HTML: a Resolution's label or a unit's link is the same on
// every page that lists it, and the big pages list thousands of them.
// k is the value the fragment is kept under (v itself, for cached).
func (r *Renderer) cached(lang, name string, k, v any) (template.HTML, error) {
	frag := r.ctx.fragments.get(name, k)
	// Once: a page that needs a fragment another core is rendering waits
	// for it rather than rendering it again.
	frag.once.Do(func() {
		if h, ok := r.writeFast(lang, name, v); ok {
			frag.html = h
			return
		}
		var b strings.Builder
		frag.err = r.anySet(lang).ExecuteTemplate(&b, name, v)
		frag.html = template.HTML(b.String())
	})
	return frag.html, frag.err
}
