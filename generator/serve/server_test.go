package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// testServer is serve running in the test process on a site in a temp
// folder, with every rebuild recorded.
type testServer struct {
	t              testing.TB
	root, out      string
	addr, url      string
	stdout, stderr *syncBuffer
	srv            *server

	mu       sync.Mutex
	rebuilds []Rebuild
	changed  chan struct{} // a rebuild came
	mark     int           // rebuilds before it are waited for already
}

// startServer runs serve on the site at root until the test ends. tweak,
// when given, changes the server before it starts.
func startServer(t testing.TB, root string, tweak ...func(*Options, *server)) *testServer {
	t.Helper()
	ts := &testServer{t: t, root: root, out: filepath.Join(root, "public"),
		stdout: &syncBuffer{}, stderr: &syncBuffer{}, changed: make(chan struct{}, 1)}
	listening := make(chan string, 1)
	// A longer quiet time than serve's own keeps each of the tests' saves
	// one batch on a busy machine; the benchmark uses serve's.
	opts := Options{Source: root, Addr: "127.0.0.1:0", Stdout: ts.stdout, Stderr: ts.stderr,
		Listening: func(a string) { listening <- a }, Rebuilt: ts.add, Quiet: 25 * time.Millisecond}
	s, err := newServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range tweak {
		f(&s.opts, s)
	}
	ts.srv = s
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.run(ctx) }()
	select {
	case ts.addr = <-listening:
	case err := <-done:
		cancel()
		t.Fatalf("serve: %v", err)
	}
	ts.url = "http://" + ts.addr
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Errorf("serve did not stop")
		}
		if t.Failed() {
			t.Logf("serve's output:\n%s\n%s", ts.stdout, ts.stderr)
		}
	})
	ts.wait("the first build", func(r Rebuild) bool { return r.Changed == nil })
	return ts
}

func (ts *testServer) add(r Rebuild) {
	ts.mu.Lock()
	ts.rebuilds = append(ts.rebuilds, r)
	ts.mu.Unlock()
	select {
	case ts.changed <- struct{}{}:
	default:
	}
}

// wait returns the first rebuild not waited for yet that done accepts,
// failing the test after a while.
func (ts *testServer) wait(what string, done func(Rebuild) bool) Rebuild {
	ts.t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		ts.mu.Lock()
		for i := ts.mark; i < len(ts.rebuilds); i++ {
			if r := ts.rebuilds[i]; done(r) {
				ts.mark = i + 1
				ts.mu.Unlock()
				return r
			}
		}
		ts.mu.Unlock()
		select {
		case <-ts.changed:
		case <-timeout:
			ts.t.Fatalf("waited a minute for %s", what)
		}
	}
}

// waitFor waits until every path has been in a rebuild's batch, and
// returns the rebuild that took the last of them.
func (ts *testServer) waitFor(paths ...string) Rebuild {
	ts.t.Helper()
	left := map[string]bool{}
	for _, p := range paths {
		left[p] = true
	}
	return ts.wait(fmt.Sprintf("a rebuild after %v", paths), func(r Rebuild) bool {
		for _, p := range r.Changed {
			delete(left, p)
		}
		return len(left) == 0
	})
}

// viewing waits until a browser listens for the page at path.
func (ts *testServer) viewing(path string) {
	ts.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !slices.Contains(ts.srv.hub.paths(), path) {
		if time.Now().After(deadline) {
			ts.t.Fatalf("no browser listens for %s", path)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// count is the number of rebuilds so far, the first build included.
func (ts *testServer) count() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return len(ts.rebuilds)
}

func (ts *testServer) get(path string) (int, []byte) {
	ts.t.Helper()
	res, err := http.Get(ts.url + path)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		ts.t.Fatal(err)
	}
	return res.StatusCode, b
}

// checkLikeFull builds the site from nothing and compares: the output
// folder, the problems of the last rebuild, and the pages as served.
func (ts *testServer) checkLikeFull(r Rebuild, pages ...string) {
	ts.t.Helper()
	fresh := filepath.Join(ts.t.TempDir(), "fresh")
	res, err := buildInto(ts.t, ts.root, fresh)
	if err != nil {
		ts.t.Fatal(err)
	}
	if r.Err != nil {
		ts.t.Fatalf("rebuild: %v", r.Err)
	}
	if got, want := r.Update.Diags.String(), res.Diags.String(); got != want {
		ts.t.Fatalf("problems differ from a full build's\nserve:\n%s\nfull build:\n%s", got, want)
	}
	if !res.OK() {
		ts.t.Fatalf("the site has errors:\n%s", res.Diags)
	}
	if d := diffDirs(fresh, ts.out); d != "" {
		ts.t.Fatalf("output differs from a full build:\n%s", d)
	}
	for _, p := range pages {
		f, _ := pageFile("/", p)
		want, err := os.ReadFile(filepath.Join(fresh, filepath.FromSlash(f)))
		status, got := ts.get(p)
		switch {
		case err != nil:
			ts.t.Fatalf("%s: not in the full build: %v", p, err)
		case status != 200 || !bytes.Equal(got, inject(want)):
			ts.t.Fatalf("GET %s: %d, and the page is not the full build's (with the script)", p, status)
		}
	}
}

// diffDirs describes how two folders differ, or returns "".
func diffDirs(want, got string) string {
	read := func(root string) map[string][]byte {
		m := map[string][]byte{}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				m[filepath.ToSlash(rel)], _ = os.ReadFile(p)
			}
			return nil
		})
		return m
	}
	w, g := read(want), read(got)
	var out []string
	for _, p := range slices.Sorted(maps.Keys(w)) {
		if gb, ok := g[p]; !ok {
			out = append(out, "missing "+p)
		} else if !bytes.Equal(gb, w[p]) {
			out = append(out, "differs "+p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(g)) {
		if _, ok := w[p]; !ok {
			out = append(out, "extra "+p)
		}
	}
	if len(out) > 10 {
		out = append(out[:10], fmt.Sprintf("… %d more", len(out)-10))
	}
	return strings.Join(out, "\n")
}

// syncBuffer is a bytes.Buffer that the server and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// editor changes files of a site as editors do.
type editor struct {
	t    testing.TB
	root string
}

func (e editor) abs(rel string) string { return filepath.Join(e.root, filepath.FromSlash(rel)) }

func (e editor) read(rel string) string {
	e.t.Helper()
	b, err := os.ReadFile(e.abs(rel))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

// write writes in place, as `echo >` or most scripts do.
func (e editor) write(rel, text string) {
	e.t.Helper()
	if err := os.WriteFile(e.abs(rel), []byte(text), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// save saves atomically, as many editors do: a temporary file beside the
// target, then renamed over it; vim also leaves a backup for a moment.
func (e editor) save(rel, text string) {
	e.t.Helper()
	tmp := e.abs(rel) + ".tmp"
	backup := e.abs(rel) + "~"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		e.t.Fatal(err)
	}
	os.Link(e.abs(rel), backup)
	if err := os.Rename(tmp, e.abs(rel)); err != nil {
		e.t.Fatal(err)
	}
	os.Remove(backup)
}

// replace changes the first old in the file to new, saving atomically.
func (e editor) replace(rel, old, new string) {
	e.t.Helper()
	text := e.read(rel)
	if !strings.Contains(text, old) {
		e.t.Fatalf("%s has no %q", rel, old)
	}
	e.save(rel, strings.Replace(text, old, new, 1))
}
