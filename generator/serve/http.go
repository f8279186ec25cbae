package serve

import (
	"context"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// files serves the output folder: only files inside it, the site's
// /404.html for what is missing, and pages with the live-reload script.
//
// A request path must lie under the site's base path; it may not hold
// "..", "." or empty segments, backslashes, NUL, or encoded slashes, nor
// name output.Update's temporary files (".name.tmp-…"), and a symbolic
// link must resolve inside the folder. "/x/" serves x/index.html; "/x"
// redirects to "/x/" when x is a folder. Nothing is cached: each request
// reads the file as it is now.
type files struct {
	out      string              // the output folder
	basePath func() string       // "/" or "/sub/", from the current config
	gate     *gate               // holds requests for files a build is writing
	inject   func([]byte) []byte // added to HTML responses; nil for none
}

func (f *files) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rel, status := f.resolve(r)
	switch status {
	case http.StatusOK:
	case http.StatusMovedPermanently:
		http.Redirect(w, r, rel, http.StatusMovedPermanently)
		return
	case http.StatusNotFound:
		f.notFound(w, r)
		return
	default:
		http.Error(w, http.StatusText(status), status)
		return
	}
	f.gate.wait(r.Context(), rel)
	name, fi, err := f.open(rel)
	if err != nil {
		if fi != nil && fi.IsDir() && !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		f.notFound(w, r)
		return
	}
	f.serveFile(w, r, name, rel, http.StatusOK)
}

// resolve maps a request to a slash path inside the output folder. The
// status is 200, 301 (rel is then the URL to go to), 400 or 404.
func (f *files) resolve(r *http.Request) (string, int) {
	raw := strings.ToLower(r.URL.EscapedPath())
	if strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") || strings.Contains(raw, "%00") {
		return "", http.StatusBadRequest
	}
	p := r.URL.Path
	if strings.ContainsAny(p, "\\\x00") || !strings.HasPrefix(p, "/") {
		return "", http.StatusBadRequest
	}
	base := f.basePath()
	if p+"/" == base || p == "/" && base != "/" {
		return base, http.StatusMovedPermanently
	}
	rest, ok := strings.CutPrefix(p, base)
	if !ok {
		return "", http.StatusNotFound
	}
	trailing := rest == "" || strings.HasSuffix(rest, "/")
	rest = strings.TrimSuffix(rest, "/")
	if rest != "" {
		for _, seg := range strings.Split(rest, "/") {
			switch {
			case seg == "..", seg == ".", seg == "":
				return "", http.StatusBadRequest
			case strings.HasPrefix(seg, ".") && strings.Contains(seg, ".tmp-"):
				return "", http.StatusNotFound // a file being written
			}
		}
	}
	if trailing {
		return path.Join(rest, "index.html"), http.StatusOK
	}
	return rest, http.StatusOK
}

// open finds the file at rel in the output folder, following symbolic
// links only while they stay inside it. The FileInfo is set for a folder.
func (f *files) open(rel string) (string, fs.FileInfo, error) {
	root, err := filepath.EvalSymlinks(f.out)
	if err != nil {
		return "", nil, err
	}
	name, err := filepath.EvalSymlinks(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return "", nil, err
	}
	if name != root && !strings.HasPrefix(name, root+string(filepath.Separator)) {
		return "", nil, fs.ErrPermission // a link out of the output folder
	}
	fi, err := os.Stat(name)
	if err != nil {
		return "", nil, err
	}
	if fi.IsDir() {
		return "", fi, fs.ErrInvalid
	}
	return name, nil, nil
}

// notFound answers with the site's 404 page, or a plain one while the
// site has none (before its first good build). A missing page under a
// language's folder (/fr/...) gets that language's 404 page, as every
// language has one at <lang>/404.html.
func (f *files) notFound(w http.ResponseWriter, r *http.Request) {
	candidates := []string{"404.html"}
	if rest, ok := strings.CutPrefix(r.URL.Path, f.basePath()); ok {
		if lang, _, nested := strings.Cut(rest, "/"); nested && lang != "" && !strings.HasPrefix(lang, ".") && !strings.ContainsAny(lang, "\\\x00") {
			candidates = append([]string{lang + "/404.html"}, candidates...)
		}
	}
	for _, rel := range candidates {
		if name, _, err := f.open(rel); err == nil {
			f.serveFile(w, r, name, rel, http.StatusNotFound)
			return
		}
	}
	page := []byte("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n" +
		"<body><h1>Not found</h1><p>There is no page here (yet).</p></body></html>\n")
	f.write(w, r, page, "text/html; charset=utf-8", http.StatusNotFound)
}

// serveFile sends one file; HTML pages get the live-reload script.
func (f *files) serveFile(w http.ResponseWriter, r *http.Request, name, rel string, status int) {
	w.Header().Set("Cache-Control", "no-store")
	if path.Ext(rel) == ".html" {
		page, err := os.ReadFile(name)
		if err != nil {
			http.Error(w, "cannot read "+rel, http.StatusInternalServerError)
			return
		}
		f.write(w, r, page, "text/html; charset=utf-8", status)
		return
	}
	file, err := os.Open(name)
	if err != nil {
		http.Error(w, "cannot read "+rel, http.StatusInternalServerError)
		return
	}
	defer file.Close()
	// ServeContent sets the type from the extension and answers ranges; a
	// zero time sends no Last-Modified, whose one-second steps could hide
	// a change.
	http.ServeContent(w, r, rel, time.Time{}, file)
}

func (f *files) write(w http.ResponseWriter, r *http.Request, page []byte, ctype string, status int) {
	if f.inject != nil && strings.HasPrefix(ctype, "text/html") {
		page = f.inject(page)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(page)
	}
}

// gate holds back requests for files that a build, running or about to
// run, may change, so that a page asked for in the middle of a rebuild is
// the rebuilt one. A page someone waits for is rendered next: the build
// asks the gate (requested) before each page, and tells it each page that
// is up to date (settle). Other files wait for the build's end.
type gate struct {
	mu       sync.Mutex
	building bool
	waiting  map[string]int  // output paths of pages requests wait for
	settled  map[string]bool // pages of this build that are up to date
	changed  chan struct{}   // closed at every change of the above
	pending  func() bool     // changes wait for a build (nil: none)
}

func newGate() *gate {
	return &gate{changed: make(chan struct{}), waiting: map[string]int{}, settled: map[string]bool{}}
}

// setPending tells the gate how to know of changes waiting for a build.
func (g *gate) setPending(pending func() bool) {
	g.mu.Lock()
	g.pending = pending
	g.mu.Unlock()
}

// hold marks a build as running: every file is pending until settled or
// the build ends.
func (g *gate) hold() {
	g.mu.Lock()
	g.building = true
	clear(g.settled)
	g.broadcast()
	g.mu.Unlock()
}

// open ends the build.
func (g *gate) open() {
	g.mu.Lock()
	g.building = false
	g.broadcast()
	g.mu.Unlock()
}

// settle notes that the page at rel is up to date.
func (g *gate) settle(rel string) {
	g.mu.Lock()
	g.settled[rel] = true
	if g.waiting[rel] > 0 {
		g.broadcast()
	}
	g.mu.Unlock()
}

// requested lists the pages requests wait for, for the build to render
// next.
func (g *gate) requested() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []string
	for p := range g.waiting {
		if !g.settled[p] {
			out = append(out, p)
		}
	}
	return out
}

func (g *gate) broadcast() {
	close(g.changed)
	g.changed = make(chan struct{})
}

// wait returns once rel is up to date: no build runs or waits to run, or
// the running one settled it (for a page). It gives up after a while: a
// slow full build should not hang the browser, which reloads anyway when
// it ends.
func (g *gate) wait(ctx context.Context, rel string) {
	limit := time.After(10 * time.Second)
	page := path.Ext(rel) == ".html"
	g.mu.Lock()
	if page {
		g.waiting[rel]++
		defer func() {
			g.mu.Lock()
			if g.waiting[rel]--; g.waiting[rel] == 0 {
				delete(g.waiting, rel)
			}
			g.mu.Unlock()
		}()
	}
	for {
		switch {
		case g.building && page && g.settled[rel]:
			g.mu.Unlock()
			return
		case !g.building:
			if g.pending == nil || !g.pending() {
				g.mu.Unlock()
				return
			}
			// Changes are saved, their build not started: soon it is.
			g.mu.Unlock()
			select {
			case <-time.After(time.Millisecond):
			case <-ctx.Done():
				return
			case <-limit:
				return
			}
			g.mu.Lock()
			continue
		}
		changed := g.changed
		g.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return
		case <-limit:
			return
		}
		g.mu.Lock()
	}
}
