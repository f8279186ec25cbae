package serve

import (
	"bufio"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"itu.int/iscsite/generator/synth"
)

// sse is a browser's event stream, read by the test.
type sse struct {
	events chan event
	res    *http.Response
}

// listen opens the event stream as the page at path would.
func listen(t testing.TB, ts *testServer, path string) *sse {
	t.Helper()
	res, err := http.Get(ts.url + livereloadPath + "?path=" + path)
	if err != nil {
		t.Fatal(err)
	}
	s := &sse{events: make(chan event, 100), res: res}
	t.Cleanup(func() { res.Body.Close() })
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(nil, 1<<20)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				if ev.data != "" {
					ev.data += "\n"
				}
				ev.data += line[len("data: "):]
			case line == "" && ev.name != "":
				s.events <- ev
				ev = event{}
			}
		}
	}()
	if ev := s.next(t); ev.name != eventHello {
		t.Fatalf("first event %q, want hello", ev.name)
	}
	return s
}

// next returns the next event, failing after a while.
func (s *sse) next(t testing.TB) event {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			t.Fatal("the event stream closed")
		}
		return ev
	case <-time.After(30 * time.Second):
		t.Fatal("no event for 30 s")
	}
	return event{}
}

// none checks that no event is waiting.
func (s *sse) none(t testing.TB, what string) {
	t.Helper()
	select {
	case ev := <-s.events:
		t.Fatalf("%s: unexpected event %q %.200s", what, ev.name, ev.data)
	default:
	}
}

func synthSite(t testing.TB, n int) string {
	t.Helper()
	root := t.TempDir()
	if err := synth.Generate(root, n, 5); err != nil {
		t.Fatal(err)
	}
	return root
}

// TestWatch edits real files of a site while serve runs, as editors do,
// and after each edit compares the output with a fresh full build.
func TestWatch(t *testing.T) {
	root := synthSite(t, 300)
	ts := startServer(t, root)
	e := editor{t, root}

	// A page open in a browser, and another one the edits do not touch.
	res := "content/resolutions/pp-3.md"
	resPage := "/resolutions/pp-3/"
	open := listen(t, ts, resPage)
	other := listen(t, ts, "/documents/doc-0/")

	t.Log("plain write")
	e.write(res, strings.Replace(e.read(res), "title = ", "title = \"Written in place\"\nsummary = ", 1))
	r := ts.waitFor(res)
	ts.checkLikeFull(r, resPage)
	if ev := open.next(t); ev.name != eventReload {
		t.Fatalf("plain write: open page got %q", ev.name)
	}
	other.none(t, "plain write")

	t.Log("atomic save, with a backup file for a moment")
	e.replace(res, "Written in place", "Saved atomically")
	ts.checkLikeFull(ts.waitFor(res), resPage)
	if ev := open.next(t); ev.name != eventReload {
		t.Fatalf("atomic save: open page got %q", ev.name)
	}

	t.Log("vim's way: a test file, the original renamed to a backup, a new file")
	text := e.read(res)
	os.WriteFile(e.abs("content/resolutions/4913"), nil, 0o644)
	os.Remove(e.abs("content/resolutions/4913"))
	os.Rename(e.abs(res), e.abs(res+"~"))
	e.write(res, strings.Replace(text, "Saved atomically", "Saved by vim", 1))
	os.Remove(e.abs(res + "~"))
	ts.checkLikeFull(ts.waitFor(res), resPage)
	if ev := open.next(t); ev.name != eventReload {
		t.Fatalf("vim: open page got %q", ev.name)
	}

	t.Log("delete")
	doc := "content/documents/doc-1.md"
	os.Remove(e.abs(doc))
	ts.checkLikeFull(ts.waitFor(doc))
	if status, _ := ts.get("/documents/doc-1/"); status != 404 {
		t.Fatalf("deleted record's page: %d", status)
	}

	t.Log("a folder goes, then comes back with a new record")
	os.RemoveAll(e.abs("content/groups"))
	ts.checkLikeFull(ts.waitFor("content/groups"))
	os.Mkdir(e.abs("content/groups"), 0o755)
	newGroup := "content/groups/new-group.md"
	e.write(newGroup, "+++\ntitle = \"A new group\"\nareas = [\"area-1\"]\n+++\nHello.\n")
	ts.checkLikeFull(ts.waitFor(newGroup), "/groups/new-group/", "/groups/")

	t.Log("folder renamed away (hidden), then back, then a file in it edited")
	os.Rename(e.abs("content/groups"), e.abs("content/.groups-away"))
	ts.checkLikeFull(ts.waitFor("content/groups"), "/groups/")
	if status, _ := ts.get("/groups/new-group/"); status != 404 {
		t.Fatalf("page of a record moved out of content: %d", status)
	}
	os.Rename(e.abs("content/.groups-away"), e.abs("content/groups"))
	ts.checkLikeFull(ts.waitFor(newGroup), "/groups/new-group/")
	e.replace(newGroup, "A new group", "A renamed group")
	ts.checkLikeFull(ts.waitFor(newGroup), "/groups/new-group/")

	t.Log("a nested folder of layouts renamed, then back")
	os.Rename(e.abs("layouts/partials"), e.abs("layouts/partials-away"))
	r = ts.wait("a rebuild after renaming layouts/partials", func(r Rebuild) bool { return r.Event == eventError })
	os.Rename(e.abs("layouts/partials-away"), e.abs("layouts/partials"))
	r = ts.wait("the fix", func(r Rebuild) bool { return r.Update.OK() })
	ts.checkLikeFull(r, resPage)
	e.replace("layouts/partials/site.html", `{{define "footer"}}`, `{{define "footer"}}<span hidden>x</span>`)
	ts.checkLikeFull(ts.waitFor("layouts/partials/site.html"), resPage)

	t.Log("a mistake keeps the last good site and shows the error; the fix reloads")
	drainEvents(open)
	before := readFile(t, ts.out, "resolutions/pp-3/index.html")
	e.replace(res, `number = "`, `number = `)
	r = ts.waitFor(res)
	if r.Event != eventError || r.Update.OK() {
		t.Fatalf("broken TOML: event %q, ok %v", r.Event, r.Update.OK())
	}
	if ev := open.next(t); ev.name != eventError || !strings.Contains(ev.data, res+":3:") {
		t.Fatalf("broken TOML: open page got %q %s", ev.name, ev.data)
	}
	if ev := other.next(t); ev.name != eventError {
		t.Fatalf("broken TOML: other page got %q", ev.name)
	}
	if after := readFile(t, ts.out, "resolutions/pp-3/index.html"); after != before {
		t.Fatal("a failed build changed the output")
	}
	late := listen(t, ts, "/areas/") // a page opened while the error lasts sees it too
	if ev := late.next(t); ev.name != eventError {
		t.Fatalf("page opened later got %q", ev.name)
	}
	e.replace(res, `number = `, `number = "`)
	r = ts.waitFor(res)
	ts.checkLikeFull(r, resPage)
	for _, s := range []*sse{open, other, late} {
		if ev := s.next(t); ev.name != eventReload {
			t.Fatalf("after the fix: %q", ev.name)
		}
	}

	t.Log("only a stylesheet")
	drainEvents(open)
	css := "layouts/static/css/site.css"
	e.save(css, e.read(css)+"\nmain { outline: 0; }\n")
	r = ts.waitFor(css)
	ts.checkLikeFull(r)
	if r.Event != eventCSS {
		t.Fatalf("stylesheet: event %q", r.Event)
	}
	if ev := open.next(t); ev.name != eventCSS {
		t.Fatalf("stylesheet: open page got %q", ev.name)
	}

	t.Log("config.toml: everything")
	e.replace("config.toml", `title = "`, `title = "New: `)
	r = ts.waitFor("config.toml")
	ts.checkLikeFull(r, resPage, "/")
	if !r.Update.Full || r.Event != eventReload {
		t.Fatalf("config: full %v, event %q", r.Update.Full, r.Event)
	}

	t.Log("the output folder deleted: the next build writes it whole")
	os.RemoveAll(ts.out)
	e.replace(res, "Saved by vim", "After the output went")
	ts.checkLikeFull(ts.waitFor(res), resPage, "/")

	t.Log("200 edits in a burst")
	n0 := ts.count()
	var burst []string
	for i := range 200 {
		p := fmt.Sprintf("content/resolutions/%s.md", resSlug(i+10))
		e.write(p, strings.Replace(e.read(p), "title = \"", fmt.Sprintf("title = \"Burst %d: ", i), 1))
		burst = append(burst, p)
	}
	r = ts.waitFor(burst...)
	ts.checkLikeFull(r, "/resolutions/")
	t.Logf("200 edits: %d rebuild(s), the last in %s", ts.count()-n0, r.Took)
	if n := ts.count() - n0; n > 3 {
		t.Errorf("200 edits in a burst gave %d rebuilds", n)
	}
}

// resSlug names the i-th Resolution of a generated site.
func resSlug(i int) string {
	bodies := []string{"pp", "ra", "wrc", "wtsa", "wtdc"}
	return fmt.Sprintf("%s-%d", bodies[i%len(bodies)], i/len(bodies)+1)
}

func drainEvents(s *sse) {
	for {
		select {
		case <-s.events:
		default:
			return
		}
	}
}

func readFile(t testing.TB, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWatchLimit makes the system refuse a watch, as it does when
// fs.inotify.max_user_watches is reached, and checks that serve says so,
// in the terminal and over the open pages.
func TestWatchLimit(t *testing.T) {
	root := synthSite(t, 30)
	ts := startServer(t, root, func(o *Options, s *server) {
		s.newWatcher = func() (*watcher, error) {
			w, err := newWatcher(root, o.Quiet, o.MaxWait, s.watchProblem)
			if err == nil {
				add := w.add
				w.add = func(name string) error {
					if filepath.Base(name) == "groups" {
						return fmt.Errorf("add %s: %w", name, syscall.ENOSPC)
					}
					return add(name)
				}
			}
			return w, err
		}
	})
	want := "cannot watch content/groups/: the system's limit of inotify watches is reached (fs.inotify.max_user_watches = "
	if !strings.Contains(ts.stderr.String(), want) || !strings.Contains(ts.stderr.String(), "sudo sysctl fs.inotify.max_user_watches=") {
		t.Fatalf("the terminal does not say which folder and which limit:\n%s", ts.stderr)
	}
	page := listen(t, ts, "/")
	ev := page.next(t)
	if ev.name != eventError || !strings.Contains(ev.data, "content/groups/") || !strings.Contains(ev.data, "max_user_watches") {
		t.Fatalf("the page is not told: %q %s", ev.name, ev.data)
	}
	// The other folders are still watched.
	e := editor{t, root}
	e.replace("content/areas/area-0.md", `title = "`, `title = "Watched: `)
	ts.checkLikeFull(ts.waitFor("content/areas/area-0.md"), "/areas/area-0/")
}

// TestInotifyError checks the message for the limit on instances too.
func TestInotifyError(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{syscall.ENOSPC, "cannot watch content/x/: the system's limit of inotify watches is reached (fs.inotify.max_user_watches = "},
		{syscall.EMFILE, "cannot watch content/x/: the system's limit of inotify instances is reached (fs.inotify.max_user_instances = "},
		{errors.New("boom"), "cannot watch content/x/: boom"},
	} {
		if got := inotifyError("content/x", tt.err).Error(); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%v: %s", tt.err, got)
		}
	}
}
