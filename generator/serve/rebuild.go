package serve

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"itu.int/iscsite/generator/build"
	"itu.int/iscsite/generator/diag"
)

// finish completes a build that newer changes stopped, when the server is
// told to stop before the next one ran: the output is then a whole site.
func (s *server) finish() {
	s.mu.Lock()
	unfinished := s.unfinished
	s.mu.Unlock()
	if !unfinished {
		return
	}
	var paths []string
	if s.watcher != nil {
		paths = s.watcher.take()
	}
	s.printf(s.opts.Stdout, "finishing the rebuild in progress, so that %s is a whole site…\n", s.opts.Out)
	s.rebuild(paths)
}

// rebuild builds after the changes at paths (nil: the first build) and
// tells the open pages.
func (s *server) rebuild(paths []string) {
	start := time.Now()
	s.gate.hold()
	base := s.base()
	var viewed []string
	for _, p := range s.hub.paths() {
		if f, ok := pageFile(base, p); ok {
			viewed = append(viewed, f)
		}
	}
	// Pages open in browsers are told to reload as soon as their file is
	// written, before the rest of the build.
	var toldMu sync.Mutex
	told := map[string]bool{}
	var toldAt time.Duration
	isViewed := map[string]bool{}
	for _, v := range viewed {
		isViewed[v] = true
	}
	settled := func(f string, changed bool) {
		s.gate.settle(f)
		if !changed || !isViewed[f] {
			return
		}
		toldMu.Lock()
		told[f] = true
		if toldAt == 0 {
			toldAt = time.Since(start)
		}
		toldMu.Unlock()
		s.hub.send(event{name: eventReload}, func(p string) bool {
			pf, ok := pageFile(base, p)
			return ok && pf == f
		})
	}
	// Newer changes may stop a build between pages (the next one renders
	// everything again); stopping the server may not: the output must be
	// left a whole site, so a build that has begun writing runs to its end.
	preempt := func() bool { return !s.stopping() && s.watcher != nil && s.watcher.hasReady() }
	u, err := s.b.Build(paths, build.Hints{Viewed: viewed, Requested: s.gate.requested, Settled: settled, Preempt: preempt})
	s.gate.open()

	s.mu.Lock()
	s.basePath = s.b.BasePath()
	wasFailing := s.failing
	stopped := err == nil && u.Preempted && u.OK() // the next build goes on with it
	if !stopped {
		s.failing = err != nil || !u.OK()
	}
	s.unfinished = stopped
	watchErrs := slices.Clone(s.watchErrs)
	s.mu.Unlock()

	r := Rebuild{Changed: paths, Update: u, Err: err}
	switch {
	case err != nil:
		ev := overlayEvent(overlay{Title: "Cannot write the site", Problems: append([]string{err.Error()}, watchErrs...)})
		s.hub.setCurrent(ev)
		s.hub.send(*ev, nil)
		r.Event = eventError
	case !u.OK():
		ev := errorEvent(s.fsys, u.Diags, watchErrs)
		s.hub.setCurrent(ev)
		s.hub.send(*ev, nil)
		r.Event = eventError
	case stopped:
		r.Event = s.reloadChanged(base, u, told)
	case u.CSSOnly && !wasFailing:
		s.hub.send(event{name: eventCSS}, nil)
		r.Event = eventCSS
	case wasFailing || u.Full || u.Static:
		// The problems are gone, or every page may look different: reload
		// them all (which also clears the problems shown).
		s.hub.setCurrent(errorEvent(s.fsys, nil, watchErrs))
		s.hub.send(event{name: eventReload}, nil)
		r.Event = eventReload
	default:
		r.Event = s.reloadChanged(base, u, told)
	}
	r.Took = time.Since(start)
	r.Told = r.Took
	if toldAt > 0 {
		r.Told = toldAt
	}
	s.report(r)
	if s.opts.Rebuilt != nil {
		s.opts.Rebuilt(r)
	}
}

// reloadChanged tells the pages whose files the build wrote or removed,
// but those told already, to reload.
func (s *server) reloadChanged(base string, u *build.Update, told map[string]bool) string {
	changed := map[string]bool{}
	for _, f := range append(slices.Clone(u.Written), u.Removed...) {
		if !told[f] {
			changed[f] = true
		}
	}
	if len(changed) > 0 {
		s.hub.send(event{name: eventReload}, func(p string) bool {
			f, ok := pageFile(base, p)
			return ok && changed[f]
		})
	}
	if len(changed) > 0 || len(told) > 0 {
		return eventReload
	}
	return ""
}

// pageFile is the output path of the page a browser shows at the URL path
// p: "/sub/areas/x/" → "areas/x/index.html".
func pageFile(base, p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, base)
	if !ok {
		if p+"/" != base {
			return "", false
		}
		rest = ""
	}
	if rest == "" || strings.HasSuffix(rest, "/") {
		rest += "index.html"
	}
	return rest, true
}

// report prints what a build did and its problems: errors each time,
// warnings once.
func (s *server) report(r Rebuild) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := r.Update
	if r.Err != nil {
		fmt.Fprintf(s.opts.Stderr, "serve: %v\n", r.Err)
		return
	}
	var warnings []string
	for _, d := range u.Diags {
		if d.Severity == diag.Warning && !s.warned[d.String()] {
			s.warned[d.String()] = true
			warnings = append(warnings, d.String()) // at a record as a whole: its first line says nothing
		}
	}
	for _, w := range warnings {
		fmt.Fprintln(s.opts.Stderr, w)
	}
	if !u.OK() {
		lines := map[string][]string{}
		for _, d := range u.Diags {
			if d.Severity == diag.Error {
				fmt.Fprintln(s.opts.Stderr, describe(s.fsys, d, lines))
			}
		}
		fmt.Fprintf(s.opts.Stderr, "build failed: %d error%s; serving the last good site\n", u.Diags.Errors(), plural(u.Diags.Errors()))
		return
	}
	what := "built:"
	switch {
	case u.Preempted:
		what = "newer changes came; stopped the build of " + summarize(r.Changed) + " after"
	case r.Changed != nil:
		what = "rebuilt after " + summarize(r.Changed) + ":"
	}
	fmt.Fprintf(s.opts.Stdout, "%s %d page%s rendered, %d file%s written, %d removed in %s\n",
		what, u.Rendered, plural(u.Rendered), len(u.Written), plural(len(u.Written)), len(u.Removed),
		r.Took.Round(100*time.Microsecond))
}

// summarize names the first few paths of a batch.
func summarize(paths []string) string {
	if len(paths) <= 3 {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:3], ", "), len(paths)-3)
}
