package serve

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"itu.int/iscsite/generator/build"
	"itu.int/iscsite/generator/output"
	"itu.int/iscsite/generator/synth"
)

// builtSite generates a small site and builds it; it returns the site
// root and the output folder.
func builtSite(t *testing.T) (root, out string) {
	t.Helper()
	root = t.TempDir()
	if err := synth.Generate(root, 60, 1); err != nil {
		t.Fatal(err)
	}
	out = filepath.Join(root, "public")
	res, err := buildInto(t, root, out)
	if err != nil || !res.OK() {
		t.Fatalf("build: %v\n%s", err, res.Diags)
	}
	return root, out
}

// buildInto builds the site at root into out, as `build` does, and
// releases out, for a server to open.
func buildInto(t testing.TB, root, out string) (*build.Result, error) {
	t.Helper()
	d, err := output.Open(out, root)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	return build.Run(build.Options{Source: os.DirFS(root), Out: d})
}

func readOut(t *testing.T, out, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFiles is a script of requests against the handler and the answers
// it must give.
func TestFiles(t *testing.T) {
	root, out := builtSite(t)
	// A secret beside the output, and links that lead to it.
	os.WriteFile(filepath.Join(root, "secret.txt"), []byte("secret"), 0o644)
	os.Symlink(filepath.Join(root, "secret.txt"), filepath.Join(out, "leak.txt"))
	os.Symlink(root, filepath.Join(out, "up"))
	os.Symlink(filepath.Join(out, "css"), filepath.Join(out, "styles")) // inside: allowed
	os.WriteFile(filepath.Join(out, ".index.html.tmp-123"), []byte("half written"), 0o644)
	os.MkdirAll(filepath.Join(out, ".well-known"), 0o755)
	os.WriteFile(filepath.Join(out, ".well-known", "security.txt"), []byte("Contact: x"), 0o644)

	h := &files{out: out, basePath: func() string { return "/" }, gate: newGate(), inject: inject}
	notFound := inject(readOut(t, out, "404.html"))
	tests := []struct {
		method, target string
		status         int
		body           []byte // nil: not checked
		header         string // "Key: value" expected, or ""
	}{
		{"GET", "/", 200, inject(readOut(t, out, "index.html")), "Content-Type: text/html; charset=utf-8"},
		{"GET", "/areas/", 200, inject(readOut(t, out, "areas/index.html")), "Cache-Control: no-store"},
		{"GET", "/areas/area-1/", 200, inject(readOut(t, out, "areas/area-1/index.html")), ""},
		{"GET", "/areas", 301, nil, "Location: /areas/"},
		{"GET", "/css/site.css", 200, readOut(t, out, "css/site.css"), "Content-Type: text/css; charset=utf-8"},
		{"GET", "/styles/site.css", 200, readOut(t, out, "css/site.css"), ""},
		{"GET", "/data/correspondence.json", 200, readOut(t, out, "data/correspondence.json"), ""},
		{"GET", "/404.html", 200, notFound, ""},
		{"HEAD", "/", 200, []byte{}, ""},
		{"POST", "/", 405, nil, "Allow: GET, HEAD"},
		{"GET", "/no/such/page/", 404, notFound, "Content-Type: text/html; charset=utf-8"},
		{"GET", "/areas/area-1", 404, notFound, ""}, // a page's folder, not a file: no, it redirects
		{"GET", "/leak.txt", 404, notFound, ""},
		{"GET", "/up/secret.txt", 404, notFound, ""},
		{"GET", "/up/config.toml", 404, notFound, ""},
		{"GET", "/.index.html.tmp-123", 404, notFound, ""},
		{"GET", "/.well-known/security.txt", 200, []byte("Contact: x"), ""},
		{"GET", "/../secret.txt", 400, nil, ""},
		{"GET", "/areas/../../secret.txt", 400, nil, ""},
		{"GET", "/%2e%2e/secret.txt", 400, nil, ""},
		{"GET", "/..%2fsecret.txt", 400, nil, ""},
		{"GET", "/css%2fsite.css", 400, nil, ""},
		{"GET", "/css%5csite.css", 400, nil, ""},
		{"GET", "/css/site.css%00", 400, nil, ""},
		{"GET", "/./index.html", 400, nil, ""},
		{"GET", "//index.html", 400, nil, ""},
		// A missing page under a language's folder gets that language's 404.
		{"GET", "/fr/areas/area-1/", 200, inject(readOut(t, out, "fr/areas/area-1/index.html")), ""},
		{"GET", "/fr/no/such/page/", 404, inject(readOut(t, out, "fr/404.html")), "Content-Type: text/html; charset=utf-8"},
		{"GET", "/fr", 301, nil, "Location: /fr/"},
		{"GET", "/xx/no/such/page/", 404, notFound, ""},
	}
	tests[11].status, tests[11].body, tests[11].header = 301, nil, "Location: /areas/area-1/"
	for _, tt := range tests {
		r := httptest.NewRequest(tt.method, tt.target, nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.target, w.Code, tt.status)
			continue
		}
		if tt.body != nil && !bytes.Equal(w.Body.Bytes(), tt.body) {
			t.Errorf("%s %s: body differs (%d bytes, want %d)", tt.method, tt.target, w.Body.Len(), len(tt.body))
		}
		if bytes.Contains(w.Body.Bytes(), []byte("secret")) {
			t.Errorf("%s %s: served the secret", tt.method, tt.target)
		}
		if k, v, ok := strings.Cut(tt.header, ": "); ok && w.Header().Get(k) != v {
			t.Errorf("%s %s: %s is %q, want %q", tt.method, tt.target, k, w.Header().Get(k), v)
		}
	}
}

// TestFilesUnderBasePath serves a site whose baseURL has a path.
func TestFilesUnderBasePath(t *testing.T) {
	_, out := builtSite(t)
	h := &files{out: out, basePath: func() string { return "/sub/" }, gate: newGate(), inject: inject}
	for _, tt := range []struct {
		target string
		status int
		loc    string
	}{
		{"/sub/", 200, ""},
		{"/sub/areas/", 200, ""},
		{"/sub", 301, "/sub/"},
		{"/", 301, "/sub/"},
		{"/areas/", 404, ""},
		{"/subway/", 404, ""},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", tt.target, nil))
		if w.Code != tt.status || w.Header().Get("Location") != tt.loc {
			t.Errorf("GET %s: %d %q, want %d %q", tt.target, w.Code, w.Header().Get("Location"), tt.status, tt.loc)
		}
	}
}

// TestInject checks that the script goes before </body> and that the
// built files never hold it.
func TestInject(t *testing.T) {
	got := string(inject([]byte("<html><body><p>x</p></BODY>\n</html>\n")))
	if !strings.HasPrefix(got, "<html><body><p>x</p><script>\n") || !strings.HasSuffix(got, "</script>\n</BODY>\n</html>\n") {
		t.Errorf("inject: %q", got)
	}
	if got := string(inject([]byte("<p>no body"))); !strings.HasPrefix(got, "<p>no body<script>") {
		t.Errorf("inject without </body>: %q", got)
	}
	_, out := builtSite(t)
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("__livereload")) {
				t.Errorf("%s holds the live-reload script", p)
			}
		}
		return nil
	})
}

// TestGateHoldsPendingFiles checks that, while a build runs, a request
// for a page waits until the build has settled that page (and asks the
// build for it), and a request for another file waits for the build's end.
func TestGateHoldsPendingFiles(t *testing.T) {
	g := newGate()
	g.hold()
	done := make(chan string, 3)
	go func() { g.wait(context.Background(), "a/index.html"); done <- "a" }()
	go func() { g.wait(context.Background(), "b/index.html"); done <- "b" }()
	go func() { g.wait(context.Background(), "data/x.csv"); done <- "csv" }()
	deadline := time.Now().Add(5 * time.Second)
	for len(g.requested()) < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if got := g.requested(); len(got) != 2 {
		t.Fatalf("requested %v: want the two pages", got)
	}
	g.settle("b/index.html")
	if got := <-done; got != "b" {
		t.Fatalf("%s passed first; want b, which is settled", got)
	}
	select {
	case got := <-done:
		t.Fatalf("%s passed while pending", got)
	case <-time.After(20 * time.Millisecond):
	}
	g.open()
	got := []string{<-done, <-done}
	slices.Sort(got)
	if got[0] != "a" || got[1] != "csv" {
		t.Fatalf("got %v", got)
	}
	// With changes waiting for a build that has not started, requests
	// wait for it.
	waiting := true
	var mu sync.Mutex
	g.setPending(func() bool { mu.Lock(); defer mu.Unlock(); return waiting })
	go func() { g.wait(context.Background(), "a/index.html"); done <- "a" }()
	select {
	case <-done:
		t.Fatal("passed while changes wait for their build")
	case <-time.After(20 * time.Millisecond):
	}
	mu.Lock()
	waiting = false
	mu.Unlock()
	if got := <-done; got != "a" {
		t.Fatalf("got %s", got)
	}
}

// TestLoopback runs the real server on 127.0.0.1 with a port of the
// system's choosing, and sends raw requests that a client library would
// clean up first.
func TestLoopback(t *testing.T) {
	root, _ := builtSite(t)
	os.WriteFile(filepath.Join(root, "secret.txt"), []byte("secret"), 0o644)
	ts := startServer(t, root)
	res, err := http.Get(ts.url + "/areas/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.Contains(body, []byte("/__livereload")) {
		t.Fatalf("GET /areas/: %d, script injected: %v", res.StatusCode, bytes.Contains(body, []byte("/__livereload")))
	}
	if !strings.Contains(ts.stdout.String(), "serving http://"+ts.addr+"/ ") {
		t.Errorf("the command does not print the address it listens on:\n%s", ts.stdout)
	}
	for _, target := range []string{"/../secret.txt", "/../../../../etc/passwd", "/%2e%2e/secret.txt", "/areas/..%2f..%2fsecret.txt"} {
		status, body := rawGet(t, ts.addr, target)
		if status != 400 && status != 404 || strings.Contains(body, "secret") || strings.Contains(body, "root:") {
			t.Errorf("GET %s: %d %.80q", target, status, body)
		}
	}
}

// rawGet sends a request line as written, without a client's cleaning.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr)
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}
