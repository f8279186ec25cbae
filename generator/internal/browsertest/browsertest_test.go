package browsertest_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"itu.int/iscsite/generator/internal/browsertest"
)

const goodPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Good page</title>
</head>
<body>
<header><nav aria-label="Main"><a href="/good">Home</a></nav></header>
<main>
<h1>An accessible page</h1>
<p>Some text that fits the screen.</p>
<img src="/pixel.png" alt="A red square" width="40" height="40">
<div style="height: 2400px">A tall block, so that the page is longer than the viewport.</div>
</main>
</body>
</html>`

const badPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bad page</title>
</head>
<body>
<main>
<h1>An inaccessible page</h1>
<img src="/pixel.png" width="40" height="40">
<div style="width: 2000px">A block that is far too wide for a phone.</div>
</main>
</body>
</html>`

// slightlyWidePage is 420 px wide: at a phone width of 390 px, Chromium
// zooms out so that window.innerWidth is 421 and hides the overflow.
const slightlyWidePage = `<!doctype html><html lang="en"><head>
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Wide</title>
</head><body style="margin: 0"><main><div style="width: 420px">Slightly too wide.</div></main></body></html>`

// noMetaViewportPage has no <meta name="viewport">, so a phone lays it out
// 980 px wide.
const noMetaViewportPage = `<!doctype html><html lang="en"><head><title>No meta</title>
</head><body><main><p>Desktop layout on a phone.</p></main></body></html>`

func pixelPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for x := range 4 {
		for y := range 4 {
			img.Set(x, y, color.RGBA{R: 200, A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func newServer(t *testing.T) *httptest.Server {
	pixel := pixelPNG(t)
	mux := http.NewServeMux()
	html := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("/good", html(goodPage))
	mux.HandleFunc("/bad", html(badPage))
	mux.HandleFunc("/slightly-wide", html(slightlyWidePage))
	mux.HandleFunc("/no-meta-viewport", html(noMetaViewportPage))
	mux.HandleFunc("/pixel.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pixel)
	})
	srv := httptest.NewServer(mux) // binds 127.0.0.1
	t.Cleanup(srv.Close)
	return srv
}

func TestBrowser(t *testing.T) {
	srv := newServer(t)
	ctx := browsertest.New(t)

	t.Run("good page", func(t *testing.T) {
		for _, width := range []int{1280, 390} {
			if err := browsertest.SetViewport(ctx, width, 800); err != nil {
				t.Fatal(err)
			}
			if err := browsertest.Navigate(ctx, srv.URL+"/good"); err != nil {
				t.Fatal(err)
			}
			vs, err := browsertest.Axe(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				t.Errorf("width %d: axe violation: %s", width, v)
			}
			sw, iw, err := browsertest.HorizontalOverflow(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if iw != width {
				t.Errorf("width %d: viewport width = %d", width, iw)
			}
			if sw > iw {
				t.Errorf("width %d: page overflows: scrollWidth %d > viewport width %d", width, sw, iw)
			}
		}

		// A second Axe run on the same page reuses the injected axe-core.
		if _, err := browsertest.Axe(ctx); err != nil {
			t.Fatal(err)
		}

		title, err := browsertest.Eval[string](ctx, `document.title`)
		if err != nil || title != "Good page" {
			t.Errorf("Eval(document.title) = %q, %v", title, err)
		}
		n, err := browsertest.Eval[int](ctx, `new Promise(r => setTimeout(() => r(42), 10))`)
		if err != nil || n != 42 {
			t.Errorf("Eval(promise) = %d, %v", n, err)
		}

		// The viewport is 390×800; the page is about 2500 px tall, so a full
		// page screenshot is much taller than the viewport.
		path := filepath.Join(t.TempDir(), "shots", "good-390.png")
		if err := browsertest.Screenshot(ctx, path); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
			t.Fatalf("%s does not start with the PNG signature: % x", path, b[:min(len(b), 8)])
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Width != 390 || cfg.Height < 2400 {
			t.Errorf("screenshot is %dx%d, want 390 wide and the full page height (>= 2400)", cfg.Width, cfg.Height)
		}
	})

	t.Run("bad page", func(t *testing.T) {
		if err := browsertest.SetViewport(ctx, 390, 800); err != nil {
			t.Fatal(err)
		}
		if err := browsertest.Navigate(ctx, srv.URL+"/bad"); err != nil {
			t.Fatal(err)
		}
		vs, err := browsertest.Axe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(vs, func(v browsertest.Violation) bool { return v.ID == "image-alt" })
		if i < 0 {
			t.Fatalf("no image-alt violation; got %v", vs)
		}
		v := vs[i]
		if len(v.Targets) != 1 || !strings.Contains(v.Targets[0], "img") {
			t.Errorf("image-alt targets = %q, want the img", v.Targets)
		}
		if s := v.String(); !strings.Contains(s, "image-alt") || !strings.Contains(s, "img") {
			t.Errorf("String() = %q", s)
		}
		t.Logf("expected violation: %s", v)

		sw, iw, err := browsertest.HorizontalOverflow(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if sw <= iw {
			t.Errorf("scrollWidth %d <= viewport width %d, want overflow", sw, iw)
		}
		if iw != 390 {
			t.Errorf("viewport width = %d, want 390", iw)
		}

		path := filepath.Join(t.TempDir(), "bad.png")
		if err := browsertest.Screenshot(ctx, path); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
			t.Fatalf("%s is not a PNG", path)
		}
	})

	t.Run("overflow at phone width", func(t *testing.T) {
		if err := browsertest.SetViewport(ctx, 390, 800); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			path                   string
			wantScroll, wantVwidth int
		}{
			{"/good", 390, 390},
			{"/slightly-wide", 420, 390},
			{"/no-meta-viewport", 980, 980},
		} {
			if err := browsertest.Navigate(ctx, srv.URL+c.path); err != nil {
				t.Fatal(err)
			}
			sw, vw, err := browsertest.HorizontalOverflow(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// Chromium rounds the content width of the zoomed page up by one.
			if sw < c.wantScroll || sw > c.wantScroll+1 || vw != c.wantVwidth {
				t.Errorf("%s: HorizontalOverflow = %d, %d; want %d, %d", c.path, sw, vw, c.wantScroll, c.wantVwidth)
			}
		}
	})

	t.Run("script error", func(t *testing.T) {
		if _, err := browsertest.Eval[int](ctx, `Promise.reject(new Error("boom"))`); err == nil || !strings.Contains(err.Error(), "boom") {
			t.Errorf("Eval of a rejected promise: err = %v, want boom", err)
		}
	})
}

// fatalTB records the message of Fatalf and stops its goroutine, as
// testing.T does.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestNewWithoutBrowserFails(t *testing.T) {
	t.Setenv("BROWSER_PATH", filepath.Join(t.TempDir(), "no-such-chromium"))
	f := &fatalTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		browsertest.New(f)
		t.Error("New returned without a browser")
	}()
	<-done
	if !strings.Contains(f.msg, "bash .ci/run") {
		t.Errorf("New failed with %q, want a hint to run bash .ci/run", f.msg)
	}
}
