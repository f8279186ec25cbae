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
	"sync"
	"time"

	"itu.int/iscsite/generator/build"
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
