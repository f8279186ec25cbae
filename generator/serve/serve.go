// Package serve is watch mode (SPEC §8): it builds the site, serves the
// output folder over HTTP, watches the sources, rebuilds what each change
// affects, and tells open browsers.
//
// The pieces, one file each:
//
//   - watch.go: fsnotify on config.toml, content/ and layouts/, every
//     folder (new ones too), batched so a burst of events is one rebuild;
//     a folder that cannot be watched (the inotify limit) is reported in
//     the terminal and over the page.
//   - the build package's Builder renders only the pages a batch affects,
//     the pages open in browsers first, and writes only changed files.
//   - http.go: the files of the output folder and nothing outside it, the
//     site's 404 page for what is missing; requests for a file that a
//     rebuild is still writing wait for it.
//   - livereload.go: Server-Sent Events on /__livereload, and the script
//     that is added to HTML responses (never to the files): "reload" for a
//     changed page, "css" to swap stylesheets in place, "error" to show the
//     problems (file:line:col, the line, a caret) over every open page
//     until a good build reloads them.
//
// While a build has errors, the output keeps the last good site.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"itu.int/iscsite/generator/build"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/output"
)

// How long the sources must be still before a rebuild, and how long a
// stream of changes may delay one: an editor's save is a few events within
// a millisecond; a script's burst, a checkout, many more.
const (
	defaultQuiet   = 10 * time.Millisecond
	defaultMaxWait = 500 * time.Millisecond
)

// Options configure Run.
type Options struct {
	Source string // the site root: config.toml, content/, layouts/
	Out    string // the output folder; "" for <Source>/public
	Addr   string // where to listen; "" for 127.0.0.1:1313; port 0 picks a free one

	Stdout, Stderr io.Writer // progress, and problems; nil discards

	// Quiet is how long the sources must be still before a rebuild, and
	// MaxWait how long a stream of changes may delay one; 0 for 10 ms and
	// 500 ms.
	Quiet, MaxWait time.Duration

	// IdleTimeout is how long a keep-alive connection may wait for its
	// next request; 0 for 30 s.
	IdleTimeout time.Duration

	// Listening, when set, is told the address the server listens on.
	Listening func(addr string)
	// Rebuilt, when set, is told about each build, once its events are
	// sent.
	Rebuilt func(Rebuild)
}

// Rebuild is one build of watch mode.
type Rebuild struct {
	Changed []string      // the batch: source paths; nil for the first build
	Update  *build.Update // what the build did
	Err     error         // writing the output failed
	Event   string        // what open pages were told: "reload", "css", "error" or ""
	Told    time.Duration // from taking the batch to the first event sent
	Took    time.Duration // from taking the batch to sending the last events
}

// Run builds, serves and watches the site until ctx is done. It returns
// an error only when it cannot start (the address is taken, say); content
// problems are shown, not returned.
func Run(ctx context.Context, opts Options) error {
	s, err := newServer(opts)
	if err != nil {
		return err
	}
	defer s.out.Close()
	return s.run(ctx)
}

type server struct {
	opts  Options
	root  string
	out   *output.Dir // locked while the server runs
	fsys  fs.FS
	b     *build.Builder
	hub   *hub
	gate  *gate
	files *files

	mu        sync.Mutex // the fields below, and writing to the terminal
	basePath  string
	watchErrs []string
	failing   bool // the last build had errors
	// unfinished: the last build stopped for newer changes, and the
	// output is part old, part new until the next one ends.
	unfinished bool
	warned     map[string]bool // warnings printed already

	watcher    *watcher
	newWatcher func() (*watcher, error) // tests replace it
	stopping   func() bool              // Run's context is done
}

func newServer(opts Options) (*server, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
	root, err := filepath.Abs(opts.Source)
	if err != nil {
		return nil, err
	}
	if opts.Out == "" {
		opts.Out = filepath.Join(root, "public")
	}
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:1313"
	}
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	if opts.Quiet <= 0 {
		opts.Quiet = defaultQuiet
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = defaultMaxWait
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = 30 * time.Second
	}
	s := &server{
		opts: opts, root: root, fsys: os.DirFS(root),
		hub: newHub(), gate: newGate(), basePath: "/", warned: map[string]bool{},
		stopping: func() bool { return false },
	}
	out, err := output.Open(opts.Out, opts.Source, filepath.Join(opts.Source, "content"), filepath.Join(opts.Source, "layouts"))
	if err != nil {
		return nil, err
	}
	s.out = out
	s.b = build.NewBuilder(s.fsys, out)
	s.files = &files{out: out.Path(), basePath: s.base, gate: s.gate, inject: inject}
	s.newWatcher = func() (*watcher, error) {
		return newWatcher(root, s.opts.Quiet, s.opts.MaxWait, s.watchProblem)
	}
	return s, nil
}

func (s *server) base() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.basePath
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == livereloadPath {
		s.hub.serveEvents(w, r)
		return
	}
	s.files.ServeHTTP(w, r)
}

func (s *server) run(ctx context.Context) error {
	s.stopping = func() bool { return ctx.Err() != nil }
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w (choose another address with --addr)", s.opts.Addr, err)
	}
	// Requests wait for the first build (up to a while); the watcher
	// starts before it, so no edit made during it is missed.
	s.gate.hold()
	// An idle keep-alive connection is closed after a while: a browser
	// opens new ones as it needs, and idle ones would pile up otherwise.
	// The event streams are never idle: they get a comment now and then.
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: s.opts.IdleTimeout,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	addr := ln.Addr().String()
	s.printf(s.opts.Stdout, "serving http://%s/ from %s (Ctrl+C to stop); building…\n", addr, s.opts.Out)
	if s.opts.Listening != nil {
		s.opts.Listening(addr)
	}

	if w, err := s.newWatcher(); err != nil {
		s.watchProblem(err.Error())
	} else {
		s.watcher = w
		s.gate.setPending(w.busy)
		w.start()
		defer w.close()
	}
	s.rebuild(nil)
	if s.watcher != nil {
		s.printf(s.opts.Stdout, "watching config.toml, content/ and layouts/: saved changes show in the browser\n")
	}
	if base := s.base(); base != "/" {
		s.printf(s.opts.Stdout, "the site is at http://%s%s (its baseURL's path)\n", addr, base)
	}

	var signal chan struct{}
	if s.watcher != nil {
		signal = s.watcher.signal
	}
	for {
		select {
		case <-signal:
			if paths := s.watcher.take(); len(paths) > 0 {
				s.rebuild(paths)
			}
		case err := <-served:
			return err
		case <-ctx.Done():
			s.finish()
			s.hub.close() // ends the event streams, so Shutdown need not wait for them
			sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			return nil
		}
	}
}

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

// watchProblem reports, once, a folder that cannot be watched: in the
// terminal and over the open pages.
func (s *server) watchProblem(msg string) {
	s.mu.Lock()
	if slices.Contains(s.watchErrs, msg) {
		s.mu.Unlock()
		return
	}
	s.watchErrs = append(s.watchErrs, msg)
	fmt.Fprintf(s.opts.Stderr, "serve: %s\n", msg)
	failing, errs := s.failing, slices.Clone(s.watchErrs)
	s.mu.Unlock()
	if failing {
		return // the next build's overlay shows it with the errors
	}
	ev := errorEvent(s.fsys, nil, errs)
	s.hub.setCurrent(ev)
	s.hub.send(*ev, nil)
}

func (s *server) printf(w io.Writer, format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(w, format, args...)
}
