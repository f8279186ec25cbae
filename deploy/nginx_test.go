package deploy

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"itu.int/iscsite/generator/build"
	"itu.int/iscsite/generator/output"
)

// What the tests need of the machine; CI installs it.
const (
	nginxBin     = "/usr/sbin/nginx"
	brotliModule = "ngx_http_brotli_static_module.so"
	install      = "run `bash .ci/run`, which installs nginx and libnginx-mod-http-brotli-static with apt-get"
)

// Where nginx keeps its modules and its list of types, by distribution.
var (
	moduleDirs = []string{"/usr/share/nginx/modules", "/usr/lib/nginx/modules", "/usr/local/nginx/modules"}
	mimeTypes  = []string{"/etc/nginx/mime.types", "/usr/local/nginx/conf/mime.types"}
)

// copyExt names the compressed copy the build writes for each encoding.
var copyExt = map[string]string{"gzip": ".gz", "br": ".br"}

// contentType is the Content-Type the site's file p must be sent with.
func contentType(p string) string {
	if path.Base(p) == "feed.xml" {
		return "application/atom+xml; charset=utf-8"
	}
	switch path.Ext(p) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json" // RFC 8259 defines no charset: always UTF-8
	case ".xml":
		return "text/xml; charset=utf-8"
	case ".csv":
		return "text/csv; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".svg":
		return "image/svg+xml; charset=utf-8"
	}
	return "application/octet-stream"
}

func TestNginxServesTheSite(t *testing.T) {
	site, baseURL := buildSite(t)
	srv := startNginx(t, site)

	t.Run("every page of the sitemap and every other file, in each encoding", func(t *testing.T) {
		paths := sitemapPaths(t, site, baseURL)
		if len(paths) < 100 {
			t.Fatalf("the sitemap lists only %d pages", len(paths))
		}
		listed := map[string]bool{}
		for _, p := range paths {
			listed[p] = true
		}
		// The files the sitemap does not name: data, feeds, styles, the
		// 404 pages, and pages not listed (untranslated ones).
		err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
			rel, _ := filepath.Rel(site, p)
			rel = filepath.ToSlash(rel)
			switch {
			case err != nil:
				return err
			case d.IsDir() || strings.HasPrefix(d.Name(), ".") || path.Ext(rel) == ".gz" || path.Ext(rel) == ".br":
			case d.Name() == "index.html" && listed["/"+strings.TrimSuffix(rel, "index.html")]:
			default:
				paths = append(paths, "/"+rel)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			file := filepath.Join(site, filepath.FromSlash(p))
			if strings.HasSuffix(p, "/") {
				file = filepath.Join(file, "index.html")
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			for _, accept := range []string{"", "gzip", "br"} {
				enc := accept
				if accept != "" && !exists(file+copyExt[accept]) {
					if path.Ext(file) == ".html" {
						t.Errorf("%s: the build wrote no %s copy of %s", p, accept, file)
					}
					enc = "" // a file too small to gain is sent as it is
				}
				r := srv.get(t, p, accept)
				if r.status != http.StatusOK || r.contentType != contentType(file) || r.encoding != enc || !bytes.Equal(r.body, want) {
					t.Errorf("GET %s (Accept-Encoding %q): %d, Content-Type %q, Content-Encoding %q, %d bytes decoded (%v)\nwant 200, %q, %q, the file's %d bytes",
						p, accept, r.status, r.contentType, r.encoding, len(r.body), r.err, contentType(file), enc, len(want))
				}
				if enc != "" && !strings.Contains(r.vary, "Accept-Encoding") {
					t.Errorf("GET %s (Accept-Encoding %q): Vary %q, want Accept-Encoding: a cache must not send it to others", p, accept, r.vary)
				}
			}
		}
	})

	t.Run("types and caching", func(t *testing.T) {
		cases := []struct{ path, contentType, cache string }{
			{"/", "text/html; charset=utf-8", "no-cache"},
			{"/fr/resolutions/", "text/html; charset=utf-8", "no-cache"},
			{"/feed.xml", "application/atom+xml; charset=utf-8", "no-cache"},
			{"/fr/feed.xml", "application/atom+xml; charset=utf-8", "no-cache"},
			{"/sitemap.xml", "text/xml; charset=utf-8", "no-cache"},
			{"/data/resolutions.csv", "text/csv; charset=utf-8", "no-cache"},
			{"/data/correspondence.json", "application/json", "no-cache"},
			{"/fr/data/correspondence.json", "application/json", "no-cache"},
			{"/robots.txt", "text/plain; charset=utf-8", "no-cache"},
			{"/css/site.css", "text/css; charset=utf-8", "public, max-age=300"},
			{"/js/filter.js", "text/javascript; charset=utf-8", "public, max-age=300"},
			{"/favicon.svg", "image/svg+xml; charset=utf-8", "public, max-age=300"},
		}
		for _, c := range cases {
			for _, enc := range []string{"", "gzip"} {
				r := srv.get(t, c.path, enc)
				if r.status != http.StatusOK || r.contentType != c.contentType || r.cache != c.cache {
					t.Errorf("GET %s (Accept-Encoding %q): %d, Content-Type %q, Cache-Control %q; want 200, %q, %q",
						c.path, enc, r.status, r.contentType, r.cache, c.contentType, c.cache)
				}
				// Revalidating costs a 304, not the file.
				if again := srv.get(t, c.path, enc, "If-None-Match", r.etag); again.status != http.StatusNotModified {
					t.Errorf("GET %s (Accept-Encoding %q, If-None-Match %s): %d, want 304", c.path, enc, r.etag, again.status)
				}
			}
		}
	})

	t.Run("missing pages, folders and hidden files", func(t *testing.T) {
		if err := os.MkdirAll(filepath.Join(site, "empty"), 0o755); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			path   string
			status int
			page   string // the 404 page sent, or the Location of a redirect
		}{
			{"/no-such-page/", 404, "404.html"},
			{"/fr/no-such-page/", 404, "fr/404.html"},
			{"/ar/resolutions/no-such-resolution/", 404, "ar/404.html"},
			{"/zh/no-such-file.css", 404, "zh/404.html"},
			{"/french/", 404, "404.html"}, // not a language
			{"/css/", 404, "404.html"},    // a folder without index.html: no listing
			{"/empty/", 404, "404.html"},
			{"/fr/", 200, "fr/index.html"},
			{"/" + output.Manifest, 404, "404.html"},
			{"/areas", 301, "/areas/"},
			{"/fr/areas", 301, "/fr/areas/"},
		}
		for _, c := range cases {
			for _, enc := range []string{"", "gzip", "br"} {
				r := srv.get(t, c.path, enc)
				switch {
				case r.status != c.status:
					t.Errorf("GET %s (Accept-Encoding %q): %d, want %d", c.path, enc, r.status, c.status)
				case c.status == 301:
					if r.location != c.page {
						t.Errorf("GET %s: Location %q, want %q", c.path, r.location, c.page)
					}
				default:
					want, err := os.ReadFile(filepath.Join(site, c.page))
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(r.body, want) || r.contentType != "text/html; charset=utf-8" || r.encoding != enc {
						t.Errorf("GET %s (Accept-Encoding %q): %d bytes of %q, Content-Encoding %q (%v); want %s, %q",
							c.path, enc, len(r.body), r.contentType, r.encoding, r.err, c.page, enc)
					}
				}
			}
		}
	})
}

// TestOperatorConfigIsValid checks the whole nginx.conf an operator
// installs, with its paths, by `nginx -t`.
func TestOperatorConfigIsValid(t *testing.T) {
	requireNginx(t)
	conf, err := os.ReadFile("nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// Logs and pid in the test's folder: nginx -t opens them.
	text := strings.NewReplacer("/var/log/nginx/", dir+"/", "/run/nginx.pid", dir+"/nginx.pid").Replace(string(conf))
	writeFile(t, filepath.Join(dir, "nginx.conf"), text)
	linkConfig(t, dir)
	if out, err := exec.Command(nginxBin, "-t", "-q", "-e", "stderr", "-c", filepath.Join(dir, "nginx.conf")).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t deploy/nginx.conf: %v\n%s", err, out)
	}
}

// requireNginx fails the test when nginx or its Brotli module is missing:
// the deployment is part of the product, so never skipped. It returns the
// module's path.
func requireNginx(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(nginxBin); err != nil {
		t.Fatalf("nginx is not installed (%v): %s", err, install)
	}
	for _, d := range moduleDirs {
		if p := filepath.Join(d, brotliModule); exists(p) {
			return p
		}
	}
	t.Fatalf("nginx's brotli_static module (%s) is in none of %s: %s", brotliModule, strings.Join(moduleDirs, ", "), install)
	return ""
}

// linkConfig puts beside a test's nginx.conf in dir what it includes by
// relative path: iscsite.conf, and the system's mime.types.
func linkConfig(t *testing.T, dir string) {
	t.Helper()
	here, err := filepath.Abs("iscsite.conf")
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(mimeTypes, exists)
	if i < 0 {
		t.Fatalf("nginx's mime.types is in none of %s: %s", strings.Join(mimeTypes, ", "), install)
	}
	for name, target := range map[string]string{"iscsite.conf": here, "mime.types": mimeTypes[i]} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
}

// buildSite builds the repository's site, compressed, into a temporary
// folder and returns the folder and the site's baseURL.
func buildSite(t *testing.T) (out, baseURL string) {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if !exists(filepath.Join(root, "go.mod")) {
		t.Fatalf("%s holds no go.mod: the test runs in deploy/", root)
	}
	out = filepath.Join(t.TempDir(), "public")
	dir, err := output.Open(out, root, filepath.Join(root, "content"), filepath.Join(root, "layouts"))
	if err != nil {
		t.Fatal(err)
	}
	defer dir.Close()
	res, err := build.Run(build.Options{Source: os.DirFS(root), Out: dir, Compress: true})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if !res.OK() {
		t.Fatalf("build failed:\n%s", res.Diags)
	}
	if res.Site.Config.BasePath != "/" {
		t.Fatalf("baseURL %s has a path: iscsite.conf serves the site at /", res.Site.Config.BaseURL)
	}
	return out, res.Site.Config.BaseURL
}

// server is nginx serving a site on the loopback.
type server struct {
	base   string // "http://127.0.0.1:port"
	client *http.Client
}

// topConf is the test's nginx.conf: the machine's part (process, paths,
// port) around the site's rules, the operator's iscsite.conf.
const topConf = `%[1]s
daemon off;
worker_processes 2;
pid %[2]s/nginx.pid;
error_log stderr;
load_module %[3]s;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
    server {
        listen %[4]s;
        root %[5]s;
        include iscsite.conf;
    }
}
`

// startNginx serves the folder site with nginx on a free loopback port
// until the test ends.
func startNginx(t *testing.T, site string) *server {
	t.Helper()
	module := requireNginx(t)
	dir := t.TempDir()
	// As root, nginx's workers would become nobody or www-data, who
	// cannot read the test's folders.
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;"
	}
	addr := freeAddr(t)
	writeFile(t, filepath.Join(dir, "nginx.conf"), fmt.Sprintf(topConf, user, dir, module, addr, site))
	linkConfig(t, dir)

	var stderr bytes.Buffer
	cmd := exec.Command(nginxBin, "-e", "stderr", "-p", dir+"/", "-c", filepath.Join(dir, "nginx.conf"))
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	// Its own process group, so that the workers go with the master; and
	// gone with the test binary if that is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting nginx: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		pg := -cmd.Process.Pid
		_ = syscall.Kill(pg, syscall.SIGTERM) // a fast shutdown: the master stops its workers
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(pg, syscall.SIGKILL)
			<-exited
		}
	})

	s := &server{base: "http://" + addr, client: &http.Client{
		Timeout: 10 * time.Second,
		// Each request says what it accepts, and sees redirects.
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case err := <-exited:
			t.Fatalf("nginx exited: %v\n%s", err, stderr.String())
		default:
		}
		resp, err := s.client.Get(s.base + "/")
		if err == nil {
			resp.Body.Close()
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx does not answer on %s: %v\n%s", addr, err, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// freeAddr is a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// response is what a GET gave, its body decoded.
type response struct {
	status                                             int
	contentType, encoding, vary, cache, location, etag string
	body                                               []byte
	err                                                error // reading or decoding the body
}

// get fetches the path p, accepting the encoding enc ("" for none), with
// more request headers as name, value pairs.
func (s *server) get(t *testing.T, p, enc string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest("GET", s.base+p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if enc != "" {
		req.Header.Set("Accept-Encoding", enc)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", p, err)
	}
	defer resp.Body.Close()
	h := resp.Header
	r := response{status: resp.StatusCode, contentType: h.Get("Content-Type"), encoding: h.Get("Content-Encoding"),
		vary: h.Get("Vary"), cache: h.Get("Cache-Control"), location: h.Get("Location"), etag: h.Get("ETag")}
	var body io.Reader = resp.Body
	switch r.encoding {
	case "gzip":
		body, r.err = gzip.NewReader(resp.Body)
	case "br":
		body = brotli.NewReader(resp.Body)
	}
	if r.err == nil {
		r.body, r.err = io.ReadAll(body)
	}
	return r
}

// sitemapPaths lists the paths of every address in the site's
// sitemap.xml, the alternates in other languages included: the addresses
// with baseURL's host replaced by the server's.
func sitemapPaths(t *testing.T, site, baseURL string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(site, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var sm struct {
		URLs []struct {
			Loc  string `xml:"loc"`
			Alts []struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(data, &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	var out []string
	seen := map[string]bool{}
	for _, u := range sm.URLs {
		addrs := []string{u.Loc}
		for _, a := range u.Alts {
			addrs = append(addrs, a.Href)
		}
		for _, a := range addrs {
			parsed, err := url.Parse(a)
			if err != nil || !strings.HasPrefix(a, baseURL) {
				t.Fatalf("sitemap.xml lists %q, not under baseURL %s (%v)", a, baseURL, err)
			}
			if !seen[parsed.Path] {
				seen[parsed.Path] = true
				out = append(out, parsed.Path)
			}
		}
	}
	return out
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
