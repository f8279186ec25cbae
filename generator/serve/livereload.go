package serve

import (
	"bytes"
	_ "embed"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// The live-reload events, sent as Server-Sent Events on /__livereload.
const (
	eventHello  = "hello"  // data: the server's id; a browser that sees a new one reloads
	eventReload = "reload" // the page changed
	eventCSS    = "css"    // only stylesheets changed: swap them, keep the page
	eventError  = "error"  // data: JSON {title, note, problems}: show them over the page
)

// livereloadPath is where browsers listen; no site path starts with "__".
const livereloadPath = "/__livereload"

//go:embed livereload.js
var livereloadJS string

// script is what inject adds to every served page.
var script = []byte("<script>\n" + livereloadJS + "</script>\n")

// inject adds the live-reload script to an HTML page, before its last
// </body>, or at its end. It is the only change serve makes to a file, and
// it makes it only in the response: the built files never hold the script.
func inject(page []byte) []byte {
	i := lastIndexFold(page, []byte("</body"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(script))
	out = append(out, page[:i]...)
	out = append(out, script...)
	return append(out, page[i:]...)
}

// lastIndexFold is bytes.LastIndex, ignoring ASCII case.
func lastIndexFold(s, sep []byte) int {
	for i := len(s) - len(sep); i >= 0; i-- {
		if bytes.EqualFold(s[i:i+len(sep)], sep) {
			return i
		}
	}
	return -1
}

// event is one Server-Sent Event.
type event struct {
	name, data string
}

// hub keeps the open browsers and sends them events.
type hub struct {
	id      string // this server's
	mu      sync.Mutex
	clients map[*client]bool
	current *event // sent to every browser that connects: the problems shown now
	done    chan struct{}
	sent    func(event, time.Time) // told after each event is written, for tests and the benchmark
}

// client is one open page.
type client struct {
	path string // the page's URL path, as the browser says
	ch   chan event
}

func newHub() *hub {
	return &hub{
		id:      fmt.Sprintf("%x", time.Now().UnixNano()),
		clients: map[*client]bool{},
		done:    make(chan struct{}),
	}
}

// paths lists the URL paths of the open pages.
func (h *hub) paths() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for c := range h.clients {
		out = append(out, c.path)
	}
	return out
}

// send sends ev to the clients that want reports true for, or to all when
// want is nil.
func (h *hub) send(ev event, want func(path string) bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		if want != nil && !want(c.path) {
			continue
		}
		select {
		case c.ch <- ev:
		default:
			// A browser that does not read its events: it gets a reload
			// when it comes back.
		}
	}
}

// setCurrent keeps the problems to show to pages that open later; nil
// when there are none.
func (h *hub) setCurrent(ev *event) {
	h.mu.Lock()
	h.current = ev
	h.mu.Unlock()
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	select {
	case <-h.done:
	default:
		close(h.done)
	}
}

// serveEvents is the /__livereload handler: one long response per page.
func (h *hub) serveEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no")

	c := &client{path: r.URL.Query().Get("path"), ch: make(chan event, 16)}
	h.mu.Lock()
	h.clients[c] = true
	current := h.current
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
	}()

	// retry: how soon the browser reconnects when the server restarts.
	fmt.Fprintf(w, "retry: 500\n\n")
	writeEvent(w, event{eventHello, h.id})
	if current != nil {
		writeEvent(w, *current)
	}
	fl.Flush()

	ping := time.NewTicker(30 * time.Second)
	defer ping.Stop()
	for {
		select {
		case ev := <-c.ch:
			if writeEvent(w, ev) != nil {
				return
			}
			fl.Flush()
			if h.sent != nil {
				h.sent(ev, time.Now())
			}
		case <-ping.C:
			// A comment keeps proxies from closing an idle stream, and
			// finds browsers that went away.
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			fl.Flush()
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		}
	}
}

// writeEvent writes one event in the text/event-stream format, each line
// of data on its own "data:" line.
func writeEvent(w http.ResponseWriter, ev event) error {
	var b strings.Builder
	b.WriteString("event: " + ev.name + "\n")
	for _, line := range strings.Split(ev.data, "\n") {
		b.WriteString("data: " + line + "\n")
	}
	b.WriteString("\n")
	_, err := w.Write([]byte(b.String()))
	return err
}
