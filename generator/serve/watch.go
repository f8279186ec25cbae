package serve

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"itu.int/iscsite/generator/source"
)

// watcher watches config.toml, content/ and layouts/ of a site, every
// folder of the last two included, and hands over the changed paths in
// batches: a batch closes once no event came for quiet (or maxWait after
// its first event), so an editor's save, a checkout or a script's burst of
// writes gives one rebuild.
//
// inotify watches folders, not trees, so each folder is added on its own:
// those there at the start, and each one created later, whose files are
// then reported too, since they may have been written before the watch
// was in place. A folder removed or renamed away loses its watches (the
// builder, told its path, finds what went with it).
type watcher struct {
	root    string // absolute
	quiet   time.Duration
	maxWait time.Duration
	fsw     *fsnotify.Watcher
	add     func(name string) error // fsw.Add; tests replace it
	remove  func(name string) error
	problem func(msg string) // a folder that cannot be watched
	dirs    map[string]bool  // watched folders, slash paths from root ("." the root)
	mu      sync.Mutex
	ready   map[string]bool // closed batches not yet taken
	// collecting: events came that no closed batch holds yet.
	collecting bool
	signal     chan struct{} // a batch is ready
	done       chan struct{}
}

// newWatcher makes a watcher of the site at root; start adds the watches.
// problem is told what cannot be watched.
func newWatcher(root string, quiet, maxWait time.Duration, problem func(string)) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, inotifyError("", err)
	}
	w := &watcher{
		root: root, quiet: quiet, maxWait: maxWait, fsw: fsw,
		add: fsw.Add, remove: fsw.Remove, problem: problem,
		dirs: map[string]bool{}, ready: map[string]bool{},
		signal: make(chan struct{}, 1), done: make(chan struct{}),
	}
	return w, nil
}

// start adds the watches and runs the event loop until close.
func (w *watcher) start() {
	w.watchDir(".")
	for _, top := range []string{"content", "layouts"} {
		w.watchTree(top)
	}
	go w.loop()
}

func (w *watcher) close() {
	w.fsw.Close()
	<-w.done
}

// take returns the changed paths of the batches closed so far, sorted.
func (w *watcher) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]string, 0, len(w.ready))
	for p := range w.ready {
		out = append(out, p)
	}
	clear(w.ready)
	slices.Sort(out)
	return out
}

// busy reports whether changes are waiting for a build: a batch still
// collecting events, or one ready to take.
func (w *watcher) busy() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.collecting || len(w.ready) > 0
}

// hasReady reports whether a batch is ready to take: newer changes than
// those a build is working on.
func (w *watcher) hasReady() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.ready) > 0
}

func (w *watcher) loop() {
	defer close(w.done)
	pending := map[string]bool{}
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			for _, p := range w.handle(ev) {
				pending[p] = true
			}
			if len(pending) == 0 {
				continue
			}
			if first.IsZero() {
				first = time.Now()
				w.mu.Lock()
				w.collecting = true
				w.mu.Unlock()
			}
			wait := w.quiet
			if left := w.maxWait - time.Since(first); left < wait {
				wait = max(left, 0)
			}
			timer.Reset(wait)
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: look at everything again.
				w.problem("too many changes at once: the system dropped file events; rebuilding everything")
				for _, p := range []string{"config.toml", "content", "layouts"} {
					pending[p] = true
				}
				first = time.Now()
				timer.Reset(w.quiet)
				continue
			}
			w.problem(fmt.Sprintf("watching files: %v", err))
		case <-timer.C:
			if len(pending) == 0 {
				continue
			}
			w.mu.Lock()
			for p := range pending {
				w.ready[p] = true
			}
			w.collecting = false
			w.mu.Unlock()
			clear(pending)
			first = time.Time{}
			select {
			case w.signal <- struct{}{}:
			default: // a signal is already waiting
			}
		}
	}
}

// handle turns one event into the site paths it changed, and keeps the
// watches in step with the folders.
func (w *watcher) handle(ev fsnotify.Event) []string {
	rel, err := filepath.Rel(w.root, ev.Name)
	if err != nil {
		return nil
	}
	rel = filepath.ToSlash(rel)
	if !watched(rel) {
		return nil
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		// The folder, if it was one, and everything under it are gone
		// from here; drop their watches before a folder of the same name
		// (or the moved one, elsewhere) is watched again.
		for d := range w.dirs {
			if d == rel || strings.HasPrefix(d, rel+"/") {
				_ = w.remove(filepath.Join(w.root, filepath.FromSlash(d)))
				delete(w.dirs, d)
			}
		}
	}
	out := []string{rel}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			out = append(out, w.watchTree(rel)...)
		}
	}
	return out
}

// watched reports whether a path can change the site: config.toml, and
// what is under content/ and layouts/ but editors' backup, swap and lock
// files.
func watched(rel string) bool {
	top, rest, _ := strings.Cut(rel, "/")
	switch top {
	case "config.toml":
		return rest == ""
	case "content", "layouts":
		return rest == "" || !slices.ContainsFunc(strings.Split(rest, "/"), source.Ignored)
	}
	return false
}

// watchTree watches the folder rel and every folder under it, and returns
// the files found in them.
func (w *watcher) watchTree(rel string) []string {
	var files []string
	abs := filepath.Join(w.root, filepath.FromSlash(rel))
	_ = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // gone already, or unreadable: the build reports it
		}
		r, _ := filepath.Rel(w.root, p)
		r = filepath.ToSlash(r)
		if p != abs && source.Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, r)
			return nil
		}
		if !w.watchDir(r) {
			return fs.SkipDir
		}
		return nil
	})
	return files
}

// watchDir adds a watch on one folder, reporting why it cannot.
func (w *watcher) watchDir(rel string) bool {
	if w.dirs[rel] {
		return true
	}
	err := w.add(filepath.Join(w.root, filepath.FromSlash(rel)))
	switch {
	case err == nil:
		w.dirs[rel] = true
		return true
	case errors.Is(err, fs.ErrNotExist):
		return false // gone before we got to it
	}
	w.problem(inotifyError(path.Clean(rel), err).Error())
	return false
}

// inotifyError explains a failure to watch, naming the system limit to
// raise when that is the cause.
func inotifyError(rel string, err error) error {
	what := "cannot watch files"
	if rel != "" {
		what = "cannot watch " + rel + "/"
	}
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("%s: the system's limit of inotify watches is reached (fs.inotify.max_user_watches = %s), "+
			"so changes there will not show; raise it, e.g. `sudo sysctl fs.inotify.max_user_watches=524288`, and restart serve",
			what, procValue("/proc/sys/fs/inotify/max_user_watches"))
	case errors.Is(err, syscall.EMFILE):
		return fmt.Errorf("%s: the system's limit of inotify instances is reached (fs.inotify.max_user_instances = %s), "+
			"so no change will show; raise it, e.g. `sudo sysctl fs.inotify.max_user_instances=1024`, and restart serve",
			what, procValue("/proc/sys/fs/inotify/max_user_instances"))
	}
	return fmt.Errorf("%s: %v", what, err)
}

func procValue(name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(b))
}
