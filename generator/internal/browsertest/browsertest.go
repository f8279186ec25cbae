// Package browsertest drives a headless Chromium from Go tests, so that tests
// can load generated pages and check them in a real browser: accessibility
// with axe-core, horizontal overflow at a phone width, and screenshots.
//
// It is a thin layer over github.com/chromedp/chromedp. A test calls [New] to
// get a browser context, then [Navigate], [SetViewport], [Axe],
// [HorizontalOverflow], [Screenshot], [ScreenshotView] or [Eval] on it. The context is a normal
// chromedp context, so a test can also run chromedp actions on it directly.
//
// The browser and axe-core are installed by `bash .ci/run`. When they are
// missing, [New] fails the test and [Axe] returns an error; neither skips.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// DefaultBrowserPath is the Chromium binary that New starts when the
// environment variable BROWSER_PATH is empty. `bash .ci/run` installs it.
const DefaultBrowserPath = "/usr/bin/chromium"

// Limits on the time that the browser may take. A hung browser then fails the
// test with a deadline error instead of hanging until `go test -timeout`.
const (
	// BrowserTimeout bounds the whole life of a browser that New starts. It
	// is cut shorter when the test's own deadline comes sooner.
	BrowserTimeout = 3 * time.Minute

	// ActionTimeout bounds each call of the helpers of this package, such as
	// one Navigate or one Axe run.
	ActionTimeout = 30 * time.Second
)

// New starts a headless Chromium for the test and returns a chromedp context
// for one tab of it. t.Cleanup closes the browser.
//
// The browser is DefaultBrowserPath, or the value of BROWSER_PATH when set.
// It runs with a fresh profile in t.TempDir(). When the binary is missing, New
// calls t.Fatalf and says to run `bash .ci/run`; it never skips.
func New(t testing.TB) context.Context {
	t.Helper()

	path := os.Getenv("BROWSER_PATH")
	if path == "" {
		path = DefaultBrowserPath
	}
	if fi, err := os.Stat(path); err != nil || fi.IsDir() {
		t.Fatalf("browsertest: no browser at %s: run `bash .ci/run` from the repository root to install Chromium (or set BROWSER_PATH)", path)
	}

	timeout := BrowserTimeout
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if deadline, ok := d.Deadline(); ok {
			// Leave time for the test to report the failure.
			if left := time.Until(deadline) - 5*time.Second; left > 0 && left < timeout {
				timeout = left
			}
		}
	}

	out := &tailBuffer{max: 16 << 10}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
		chromedp.CombinedOutput(out),
	)

	base, cancelBase := context.WithTimeout(context.Background(), timeout)
	ctx, cancel := chromedp.NewContext(base, chromedp.WithAllocatorOptions(opts...))

	// The cleanup registered after t.TempDir runs before the directory is
	// removed, so the browser has stopped writing to its profile by then.
	t.Cleanup(func() {
		// Close gracefully, so that Chromium stops its child processes.
		cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
		if err := chromedp.Cancel(cctx); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			t.Logf("browsertest: closing the browser: %v", err)
		}
		ccancel()
		cancel()
		cancelBase()
		if t.Failed() {
			if s := out.String(); s != "" {
				t.Logf("browsertest: last browser output:\n%s", s)
			}
		}
	})

	// Start the browser now, so that a broken browser fails here, and so that
	// the helpers can derive per-call timeouts from ctx (a timeout on the
	// first call would bound the life of the whole browser).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browsertest: starting %s: %v\nbrowser output:\n%s", path, err, out.String())
	}
	return ctx
}

// run runs the action on ctx with ActionTimeout.
func run[T any](ctx context.Context, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, ActionTimeout)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// Navigate loads url in the tab of ctx and waits for its load event.
func Navigate(ctx context.Context, url string) error {
	_, err := run(ctx, chromedp.Navigate(url))
	if err != nil {
		return fmt.Errorf("navigate to %s: %w", url, err)
	}
	return nil
}

// SetViewport emulates a viewport of width × height CSS pixels with a device
// scale factor of 1. Widths below 600 emulate a phone (mobile mode, portrait),
// so that the page's <meta name="viewport"> applies as on a real phone; wider
// viewports emulate a desktop window. Call it before Navigate, or reload,
// when the page's layout depends on load-time measurements.
func SetViewport(ctx context.Context, width, height int) error {
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if width < 600 {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulatePortrait)
	}
	_, err := run(ctx, chromedp.EmulateViewport(int64(width), int64(height), opts...))
	if err != nil {
		return fmt.Errorf("set viewport %dx%d: %w", width, height, err)
	}
	return nil
}

// Eval evaluates the JavaScript expression in the current page and decodes its
// JSON value into T. When the expression gives a promise, Eval waits for it.
// A thrown exception or a rejected promise is an error.
func Eval[T any](ctx context.Context, expression string) (T, error) {
	return run(ctx, chromedp.Evaluate[T](expression, chromedp.EvalAwaitPromise))
}

// HorizontalOverflow returns the width of the page's content
// (document.documentElement.scrollWidth) and the width of the layout viewport
// (document.documentElement.clientWidth) of the current page, in CSS pixels.
// The page overflows horizontally when scrollWidth > viewportWidth.
//
// The viewport width is not window.innerWidth on purpose: in the phone
// emulation of SetViewport, Chromium zooms out to fit wide content, and
// innerWidth grows with the content (a 420 px wide page at 390 px reports
// innerWidth 421), which hides the overflow. The layout viewport stays at the
// emulated width, provided the page has <meta name="viewport"
// content="width=device-width">; without it a phone lays the page out 980 px
// wide, so a test at a phone width should also check that viewportWidth is the
// width it set.
func HorizontalOverflow(ctx context.Context) (scrollWidth, viewportWidth int, err error) {
	v, err := Eval[[2]int](ctx, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`)
	if err != nil {
		return 0, 0, fmt.Errorf("measure horizontal overflow: %w", err)
	}
	return v[0], v[1], nil
}

// Screenshot writes a PNG of the whole page, beyond the viewport, to path. It
// creates the folder of path.
func Screenshot(ctx context.Context, path string) error {
	png, err := run(ctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		clip := &page.Viewport{Scale: 1}
		if s := m.CSSContentSize; s != nil {
			clip.Width, clip.Height = math.Ceil(s.Width), math.Ceil(s.Height)
		}
		if v := m.CSSLayoutViewport; v != nil {
			clip.Width = max(clip.Width, float64(v.ClientWidth))
			clip.Height = max(clip.Height, float64(v.ClientHeight))
		}
		yes := true
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			Clip:                  clip,
			FromSurface:           &yes,
			CaptureBeyondViewport: &yes,
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	})
	if err != nil {
		return fmt.Errorf("screenshot: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, png, 0o644)
}

// ScreenshotView writes a PNG of what the viewport shows to path: unlike
// [Screenshot], fixed boxes are where the visitor sees them. It creates the
// folder of path.
func ScreenshotView(ctx context.Context, path string) error {
	png, err := run(ctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	})
	if err != nil {
		return fmt.Errorf("screenshot: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, png, 0o644)
}

// Violation is one failed axe-core rule on a page.
type Violation struct {
	ID      string   `json:"id"`      // rule id, such as "image-alt"
	Impact  string   `json:"impact"`  // "minor", "moderate", "serious" or "critical"
	Help    string   `json:"help"`    // one-line description of the rule
	HelpURL string   `json:"helpUrl"` // page that explains the rule
	Targets []string `json:"targets"` // CSS selector of each failing node
}

// String formats the violation for a test failure message.
func (v Violation) String() string {
	return fmt.Sprintf("%s [%s]: %s (%s) at %s", v.ID, v.Impact, v.Help, v.HelpURL, strings.Join(v.Targets, " | "))
}

// axeRunJS runs axe on the page with the WCAG 2.0 and 2.1 A/AA rules and
// returns its violations in the shape of Violation. A target is an array of
// selectors when the node is inside an iframe or a shadow root.
const axeRunJS = `axe.run(document, {
	runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
	resultTypes: ['violations'],
}).then(r => r.violations.map(v => ({
	id: v.id,
	impact: v.impact || '',
	help: v.help,
	helpUrl: v.helpUrl,
	targets: v.nodes.map(n => [].concat(n.target).flat(Infinity).join(' >>> ')),
})))`

// Axe injects axe-core into the current page, unless it is there already,
// and runs it with the WCAG 2.0/2.1 level A and AA rules. It returns the
// violations; none means the page passes. axe-core comes from
// .ci/node_modules/axe-core/axe.min.js in the repository, which
// `bash .ci/run` installs.
func Axe(ctx context.Context) ([]Violation, error) {
	src, err := axeSource()
	if err != nil {
		return nil, err
	}
	loaded, err := Eval[bool](ctx, `typeof window.axe === 'object'`)
	if err != nil {
		return nil, fmt.Errorf("inject axe-core: %w", err)
	}
	if !loaded {
		if _, err := Eval[chromedp.Void](ctx, src+"\n;void 0"); err != nil {
			return nil, fmt.Errorf("inject axe-core: %w", err)
		}
	}
	vs, err := Eval[[]Violation](ctx, axeRunJS)
	if err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	return vs, nil
}

// axeSource reads axe.min.js once.
var axeSource = sync.OnceValues(func() (string, error) {
	const rel = ".ci/node_modules/axe-core/axe.min.js"
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err == nil {
			return string(b), nil
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return "", fmt.Errorf("browsertest: axe-core is missing at %s: run `bash .ci/run` from the repository root to install it", filepath.Join(dir, rel))
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("browsertest: no %s above the working directory: run `bash .ci/run` from the repository root to install axe-core", rel)
		}
		dir = parent
	}
})

// tailBuffer keeps the last max bytes written to it. It holds the output of
// the browser, for failure messages.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (w *tailBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b = append(w.b, p...)
	if over := len(w.b) - w.max; over > 0 {
		w.b = append(w.b[:0], w.b[over:]...)
	}
	return len(p), nil
}

func (w *tailBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.b)
}
