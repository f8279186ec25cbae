package render

import (
	"fmt"
	"hash/maphash"
	"html"
	"html/template"
	"reflect"
	"strings"
	"sync"
)

// fragments holds the HTML of the partials that cached and each execute,
// for one pass: one fragment per language, set, template name and value.
// Each is made once, by the first page that shows it; a page that needs a
// fragment another core is making waits for it.
type fragments struct {
	seed   maphash.Seed
	shards [64]fragmentShard
}

type fragmentShard struct {
	mu sync.Mutex
	m  map[fragmentKey]*fragment
}

// fragmentKey names a fragment. set is "" for the shared set, else the
// page kind whose own set made it (see layoutSet.own).
type fragmentKey struct {
	lang, set, name string
	v               any
}

type fragment struct {
	once sync.Once
	html template.HTML
	err  error
}

func newFragments() *fragments {
	f := &fragments{seed: maphash.MakeSeed()}
	for i := range f.shards {
		f.shards[i].m = map[fragmentKey]*fragment{}
	}
	return f
}

// get is the fragment of k, made empty if new.
func (f *fragments) get(k fragmentKey) *fragment {
	sh := &f.shards[maphash.Comparable(f.seed, k)%uint64(len(f.shards))]
	sh.mu.Lock()
	frag := sh.m[k]
	if frag == nil {
		frag = &fragment{}
		sh.m[k] = frag
	}
	sh.mu.Unlock()
	return frag
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
	set, ns := ls.fragmentSet(kind, name)
	frag := p.frags.get(fragmentKey{lang: ls.lang, set: ns, name: name, v: v})
	frag.once.Do(func() {
		var b strings.Builder
		frag.err = set.ExecuteTemplate(&b, name, v)
		frag.html = template.HTML(b.String())
	})
	return frag.html, frag.err
}

// each is the partial name executed for every item of list, joined by
// sep (text, escaped). An item that can be a key is cached as cached
// caches; any other (a table row) is executed each time.
func (p *pass) each(ls *layoutSet, kind, name string, list any, sep ...string) (template.HTML, error) {
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice {
		return "", fmt.Errorf("each %q: %T is not a list", name, list)
	}
	between := html.EscapeString(strings.Join(sep, ""))
	var b strings.Builder
	for i := range rv.Len() {
		if i > 0 {
			b.WriteString(between)
		}
		item := rv.Index(i).Interface()
		if _, isPage := item.(*Data); !isPage && (item == nil || reflect.TypeOf(item).Comparable()) {
			h, err := p.cached(ls, kind, name, item)
			if err != nil {
				return "", err
			}
			b.WriteString(string(h))
			continue
		}
		set, _ := ls.fragmentSet(kind, name)
		if err := set.ExecuteTemplate(&b, name, item); err != nil {
			return "", err
		}
	}
	return template.HTML(b.String()), nil
}
