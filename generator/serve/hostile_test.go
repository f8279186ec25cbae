package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// An idle keep-alive connection is closed by the server.
func TestIdleConnectionsAreClosed(t *testing.T) {
	root := synthSite(t, 40)
	ts := startServer(t, root, func(o *Options, _ *server) { o.IdleTimeout = 200 * time.Millisecond })
	conn, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: "+ts.addr+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	rd := bufio.NewReader(conn)
	resp, err := http.ReadResponse(rd, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Close {
		t.Fatalf("status %d, close %v: want a kept-alive 200", resp.StatusCode, resp.Close)
	}
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := rd.ReadByte(); err != io.EOF {
		t.Fatalf("after %v idle, read: %v; want the server to close the connection", time.Since(start).Round(time.Millisecond), err)
	}
}

// Editors' temporary, swap, lock and probe files never start a rebuild.
func TestEditorsTemporaryFilesAreIgnored(t *testing.T) {
	root := synthSite(t, 40)
	ts := startServer(t, root)
	temps := []string{
		"content/resolutions/4913", "content/resolutions/5036", // vim's probes
		"content/resolutions/.pp-1.md.swp", "content/resolutions/.pp-1.md.swo", // vim's swap
		"content/areas/#area-1.md#", "content/areas/.#area-1.md", // emacs
		"content/areas/area-1.md~", "layouts/base.html~",
		"content/areas/.area-1.md.kate-swp", "layouts/partials/site.html.crswap",
		"content/areas/area-1.md___jb_tmp___", "layouts/static/css/site.css.tmp",
	}
	for _, p := range temps {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Remove(full)
	}
	time.Sleep(500 * time.Millisecond)
	ts.mu.Lock()
	rebuilds := ts.rebuilds[ts.mark:]
	ts.mu.Unlock()
	for _, r := range rebuilds {
		if r.Changed != nil {
			t.Errorf("a rebuild after %v", r.Changed)
		}
	}
}
