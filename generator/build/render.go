package build

import (
	"bytes"
	"runtime"
	"slices"
	"sync"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/export"
)

// renderAll renders every page, the pages asked for first, and writes
// them as each is made; then the data files and the static files. A
// whole build renders on all cores, the data files beside the pages.
func (b *Builder) renderAll(w writer, h Hints, u *Update) error {
	pass := b.rend.Begin(b.site, b.tables)
	if _, whole := w.(*treeWriter); whole {
		h.Settled = nil // nothing is in place before the new folder is
	}
	if b.byFile == nil && (len(h.Viewed) > 0 || h.Requested != nil) {
		b.byFile = make(map[string]int, len(b.pages))
		for i, p := range b.pages {
			b.byFile[p.File()] = i
		}
	}
	s := newSchedule(b.pages, b.byFile, h)
	_, inPlace := w.(*placeWriter)
	var writeErr error
	var mu sync.Mutex
	fail := func(err error) {
		mu.Lock()
		writeErr = cmpErr(writeErr, err)
		mu.Unlock()
	}

	// A whole build writes the data files beside the pages; watch mode
	// after them, on the one core it works on (see below).
	exported := make(chan struct{})
	exportNow := func() {
		defer close(exported)
		fail(b.export(w))
	}
	if !inPlace {
		go exportNow()
	}

	// Watch mode leaves a core to the server and the browser once the
	// pages asked for are out: the rest of the site is rendered on the
	// others (on one machine of two cores, one).
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for n := range workers {
		priorityOnly := inPlace && n > 0
		wg.Go(func() {
			var buf bytes.Buffer
			for {
				i, ok := s.take(priorityOnly)
				if !ok {
					return
				}
				p := b.pages[i]
				buf.Reset()
				changed := false
				if pass.Page(&buf, p) {
					var err error
					if changed, err = w.file(p.File(), buf.Bytes()); err != nil {
						fail(err)
						s.stop()
					}
				}
				if buf.Cap() > 1<<20 {
					buf = bytes.Buffer{} // let a large page's buffer go
				}
				s.settled(i, changed)
				if inPlace {
					// Watch mode renders every page after the ones asked for:
					// let the server and the browser have the processor
					// between two pages, so that a request is answered at once.
					runtime.Gosched()
				}
			}
		})
	}
	wg.Wait()
	if inPlace {
		exportNow()
	}
	<-exported
	u.Rendered = s.rendered()
	if s.preempted() {
		u.Preempted = true
		return writeErr
	}
	if writeErr != nil {
		return writeErr
	}
	pass.Errors(b.pages, &u.Diags)
	u.Diags = append(u.Diags, b.strictly(b.bodies.Dropped())...)
	return b.static(w, u)
}

// export writes the data files, the sitemap, the feed and the search
// index.
func (b *Builder) export(w writer) error {
	data, err := export.Data(b.site, b.tables)
	if err != nil {
		return err
	}
	for _, f := range b.index.Files(b.site, b.bodies.Plain) {
		if _, err := w.file(f.Path, f.Data); err != nil {
			return err
		}
	}
	for _, f := range append(append(data, export.Sitemap(b.cfg, b.pages)...), append(export.Feeds(b.site), export.Robots(b.cfg))...) {
		if f.Write != nil {
			err = w.stream(f.Path, f.Write)
		} else {
			_, err = w.file(f.Path, f.Data)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// static copies layouts/static/, whose files may not take the place of a
// page or a data file.
func (b *Builder) static(w writer, u *Update) error {
	for _, f := range b.rend.Static(&u.Diags) {
		if w.made(f.Path) {
			u.Diags.Errorf(diag.Pos{File: "layouts/static/" + f.Path}, "this file would replace the site's own %s: rename or remove it", f.Path)
			continue
		}
		changed, err := w.file(f.Path, f.Data)
		if err != nil {
			return err
		}
		u.Static = u.Static || changed
	}
	return nil
}

// writeStatic copies layouts/static/ alone, for a batch that changed
// only stylesheets: pages cannot show what a static file holds, only
// link to it.
func (b *Builder) writeStatic(u *Update) error {
	u.Diags = b.sourceDiags()
	w := &placeWriter{dir: b.out, seen: map[string]bool{}, u: u}
	for _, f := range b.rend.Static(&u.Diags) {
		if _, err := w.file(f.Path, f.Data); err != nil {
			return err
		}
	}
	slices.Sort(u.Written)
	u.CSSOnly = u.OK() && len(u.Written) > 0
	u.Static = len(u.Written) > 0
	return nil
}

// schedule hands out the pages to render: those someone waits for
// first (open in a browser, then asked for), then the others in order.
// Once the viewed pages are out, it may stop for newer changes.
type schedule struct {
	mu      sync.Mutex
	pages   []derive.Page
	byFile  map[string]int
	state   []uint8 // 0 to do, 1 taken
	first   []int   // pages asked for, in the order asked
	viewed  int     // viewed pages not taken yet
	next    int
	h       Hints
	taken   int
	stopped bool
	preempt bool
}

func newSchedule(pages []derive.Page, byFile map[string]int, h Hints) *schedule {
	s := &schedule{pages: pages, byFile: byFile, state: make([]uint8, len(pages)), h: h}
	for _, v := range h.Viewed {
		if i, ok := s.byFile[v]; ok && !slices.Contains(s.first, i) {
			s.first = append(s.first, i)
		}
	}
	s.viewed = len(s.first)
	return s
}

// take is the next page to render, or false when there is none (or the
// build stops). A worker that works only while pages are asked for
// (priority) takes none of the others.
func (s *schedule) take(priority bool) (int, bool) {
	var asked []string
	if s.h.Requested != nil {
		asked = s.h.Requested()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range asked {
		if i, ok := s.byFile[p]; ok && s.state[i] == 0 {
			s.first = append(s.first, i)
		}
	}
	for !s.stopped && len(s.first) > 0 {
		i := s.first[0]
		s.first = s.first[1:]
		s.viewed = max(0, s.viewed-1)
		if s.state[i] == 0 {
			return s.takeLocked(i), true
		}
	}
	if priority {
		return 0, false
	}
	if !s.stopped && s.viewed == 0 && s.h.Preempt != nil && s.taken%16 == 0 && s.h.Preempt() {
		s.stopped, s.preempt = true, true
	}
	for !s.stopped && s.next < len(s.pages) {
		i := s.next
		s.next++
		if s.state[i] == 0 {
			return s.takeLocked(i), true
		}
	}
	return 0, false
}

func (s *schedule) takeLocked(i int) int {
	s.state[i] = 1
	s.taken++
	return i
}

// settled tells the caller that page i is up to date on disk.
func (s *schedule) settled(i int, changed bool) {
	if s.h.Settled != nil {
		s.h.Settled(s.pages[i].File(), changed)
	}
}

func (s *schedule) stop() {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
}

func (s *schedule) rendered() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.taken
}

func (s *schedule) preempted() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.preempt
}

// cmpErr keeps the first error.
func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
