package serve

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"itu.int/iscsite/generator/internal/browsertest"
)

// TestBrowser opens a served page in Chromium and edits the site: the page
// follows each save without a manual reload, shows a mistake over the page
// with its file and line, drops it when fixed, and takes a stylesheet
// change without reloading.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	root := synthSite(t, 40)
	ts := startServer(t, root)
	e := editor{t, root}
	ctx := browsertest.New(t)

	page := "/areas/area-1/"
	if err := browsertest.Navigate(ctx, ts.url+page); err != nil {
		t.Fatal(err)
	}
	connected(t, ctx)
	mark(t, ctx, "first load")

	// A saved change shows without a reload by hand.
	file := "content/areas/area-1.md"
	e.replace(file, `title = "`, `title = "Seen live: `)
	waitJS(t, ctx, `document.querySelector("h1").textContent.includes("Seen live")`)
	if marked(t, ctx) {
		t.Fatal("the page shows the change but was not reloaded?")
	}
	connected(t, ctx)
	mark(t, ctx, "after the edit")

	// A mistake: the page stays, the problem shows over it.
	e.replace(file, `title = "Seen live`, `title = Seen live`)
	waitJS(t, ctx, `document.getElementById("livereload-problems") !== null`)
	text := eval[string](t, ctx, `document.getElementById("livereload-problems").innerText`)
	for _, want := range []string{"Build failed", file + ":2:", `title = Seen live`, "^"} {
		if !strings.Contains(text, want) {
			t.Errorf("the overlay does not show %q:\n%s", want, text)
		}
	}
	if role := eval[string](t, ctx, `document.getElementById("livereload-problems").getAttribute("role")`); role != "alert" {
		t.Errorf("overlay role %q", role)
	}
	if !marked(t, ctx) {
		t.Error("a build error reloaded the page")
	}
	if os.Getenv("SERVE_SCREENSHOTS") != "" {
		browsertest.Screenshot(ctx, os.Getenv("SERVE_SCREENSHOTS")+"/overlay.png")
	}

	// The fix: the overlay goes, the page reloads with the fixed title.
	e.replace(file, `title = Seen live: `, `title = "Fixed: `)
	waitJS(t, ctx, `document.querySelector("h1").textContent.includes("Fixed:") && document.getElementById("livereload-problems") === null`)
	connected(t, ctx)

	// Only the stylesheet: it is swapped; the page is not reloaded and
	// keeps its scroll position.
	eval[any](t, ctx, `document.body.style.minHeight = "5000px"; window.scrollTo(0, 400); null`)
	mark(t, ctx, "before the stylesheet")
	css := "layouts/static/css/site.css"
	e.save(css, e.read(css)+"\nh1 { color: rgb(1, 2, 3); }\n")
	waitJS(t, ctx, `getComputedStyle(document.querySelector("h1")).color === "rgb(1, 2, 3)"`)
	if !marked(t, ctx) {
		t.Error("a stylesheet change reloaded the page")
	}
	if y := eval[float64](t, ctx, `window.scrollY`); y != 400 {
		t.Errorf("scroll position %v after the stylesheet swap, want 400", y)
	}
	if n := eval[float64](t, ctx, `document.querySelectorAll('link[rel="stylesheet"]').length`); n != 1 {
		t.Errorf("%v stylesheets after the swap, want 1", n)
	}
}

// connected waits until the page's live-reload script hears the server.
func connected(t *testing.T, ctx context.Context) {
	t.Helper()
	waitJS(t, ctx, `window.__livereload === "connected"`)
}

// mark sets a value on the page's window that a reload loses.
func mark(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	eval[any](t, ctx, `window.__testMark = true; null`)
	_ = what
}

func marked(t *testing.T, ctx context.Context) bool {
	t.Helper()
	return eval[bool](t, ctx, `window.__testMark === true`)
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := browsertest.Eval[T](ctx, js)
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitJS waits until the expression is true in the page, which may reload
// meanwhile.
func waitJS(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ok, err := browsertest.Eval[bool](ctx, js)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited 30 s for %s (last error: %v)", js, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
