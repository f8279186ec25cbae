package pagetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"itu.int/iscsite/generator/derive"
)

// htmlValidate is the html-validate command, under the repository root;
// `bash .ci/run` installs it at the version pinned in .ci/package-lock.json.
const htmlValidate = ".ci/node_modules/.bin/html-validate"

// htmlValidateConfig is the rule set the pages must pass:
// html-validate:recommended (the HTML standard, accessibility and a
// consistent style) and html-validate:document (headings in order, a
// doctype, references that exist, labelled inputs), with two changes:
//
//   - long-title is off: a page's title is its record's official name
//     (a Resolution's title runs past 70 characters) and the site's name;
//     70 is where search engines cut titles on screen, and cutting the
//     title would make it less descriptive (WCAG 2.4.2).
//   - require-sri asks for an integrity hash only on files from other
//     origins: the site links only its own CSS and JavaScript, served
//     from the same host as its pages, so a hash would guard nothing.
const htmlValidateConfig = "testdata/htmlvalidate.json"

// hvFile is html-validate's report on one file (--formatter json).
type hvFile struct {
	FilePath string      `json:"filePath"`
	Messages []hvMessage `json:"messages"`
}

// hvMessage is one problem html-validate found, an error or a warning:
// both fail the test.
type hvMessage struct {
	RuleID  string `json:"ruleId"`
	Message string `json:"message"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
}

// String is the problem as line:col: rule: message.
func (m hvMessage) String() string {
	return fmt.Sprintf("%d:%d: %s: %s", m.Line, m.Column, m.RuleID, m.Message)
}

// brokenPage makes a page html-validate must reject from a valid one: on
// the line after <main>, an element with the main element's id, and a
// block inside a phrase. It returns the page and that line's number.
func brokenPage(t *testing.T, page []byte) ([]byte, int) {
	t.Helper()
	const main = `<main id="main" tabindex="-1">`
	i := bytes.Index(page, []byte(main))
	if i < 0 {
		t.Fatalf("no %s in the page to break", main)
	}
	line := bytes.Count(page[:i], []byte("\n")) + 2
	return bytes.Replace(page, []byte(main), []byte(main+"\n"+`<span id="main"><div>A block in a phrase</div></span>`), 1), line
}

// validationSample picks the pages html-validate checks: in each language,
// the first and the last page of each kind, both among the translated
// pages and among those that show the original's text for want of a
// translation. Every layout is thus checked in every language and
// direction, with and without the untranslated-page notice.
func validationSample(site *builtSite) []derive.Page {
	type group struct {
		lang, kind string
		translated bool
	}
	var order []group
	pages := map[group][]derive.Page{}
	for _, p := range site.Pages {
		g := group{p.Lang, p.Kind, p.Translated(site.Site.Config)}
		if pages[g] == nil {
			order = append(order, g)
		}
		pages[g] = append(pages[g], p)
	}
	var out []derive.Page
	for _, g := range order {
		ps := pages[g]
		out = append(out, ps[0])
		if len(ps) > 1 {
			out = append(out, ps[len(ps)-1])
		}
	}
	return out
}

// TestHTMLValidate runs html-validate, once, over a sample of the real
// site's pages (see validationSample) with the rules of
// testdata/htmlvalidate.json, and reports each problem as
// file:line:col: rule: message. It runs the same rules over a page broken on
// purpose, which must fail them.
func TestHTMLValidate(t *testing.T) {
	root := repoRoot(t)
	bin := filepath.Join(root, filepath.FromSlash(htmlValidate))
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("html-validate is missing at %s: run `bash .ci/run` from the repository root to install it", bin)
	}
	cfg, err := filepath.Abs(htmlValidateConfig)
	if err != nil {
		t.Fatal(err)
	}

	site := buildSite(t, nil)
	sample := validationSample(site)
	// html-validate names the files as it was given them: absolute paths,
	// which the reports shorten to the page's path in the output.
	var files []string
	name := map[string]string{}
	kinds := map[string]bool{}
	fallback := 0
	for _, p := range sample {
		file := filepath.Join(site.Out, filepath.FromSlash(p.File()))
		files = append(files, file)
		name[file] = p.File()
		kinds[p.Kind] = true
		if !p.Translated(site.Site.Config) {
			fallback++
		}
	}
	page404, err := os.ReadFile(filepath.Join(site.Out, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	brokenHTML, brokenLine := brokenPage(t, page404)
	broken := filepath.Join(t.TempDir(), "broken.html")
	if err := os.WriteFile(broken, brokenHTML, 0o644); err != nil {
		t.Fatal(err)
	}

	// One process for every file: node takes longer to start than
	// html-validate takes over a page. The report goes to a file, not a
	// pipe: node exits before it has written more than a pipe holds.
	out, err := os.Create(filepath.Join(t.TempDir(), "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(bin, append([]string{"--config", cfg, "--formatter", "json"}, append(files, broken)...)...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = out, &stderr
	start := time.Now()
	err = cmd.Run()
	took := time.Since(start)
	// It exits with 1 when it finds a problem, as it must in the broken
	// page, and with another code when it cannot run.
	var exit *exec.ExitError
	if err != nil && (!errors.As(err, &exit) || exit.ExitCode() != 1) {
		t.Fatalf("html-validate: %v: run `bash .ci/run` from the repository root to install it; its errors:\n%s", err, stderr.Bytes())
	}
	stdout, rerr := os.ReadFile(out.Name())
	if rerr != nil {
		t.Fatal(rerr)
	}
	var report []hvFile
	if jerr := json.Unmarshal(stdout, &report); jerr != nil {
		t.Fatalf("html-validate wrote no JSON report (%v); its errors:\n%s", jerr, stderr.Bytes())
	}
	t.Logf("html-validate checked %d pages (%d kinds in %d languages, %d of them untranslated) in %v",
		len(files), len(kinds), len(site.Site.Config.Languages), fallback, took.Round(time.Millisecond))

	// The report lists only the files with a problem.
	var problems []string
	var brokenReport []hvMessage
	for _, f := range report {
		if f.FilePath == broken {
			brokenReport = f.Messages
			continue
		}
		file := name[f.FilePath]
		if file == "" {
			file = f.FilePath
		}
		for _, m := range f.Messages {
			problems = append(problems, fmt.Sprintf("%s:%s", file, m))
		}
	}
	slices.Sort(problems)

	t.Run("site", func(t *testing.T) {
		for _, p := range problems {
			t.Error(p)
		}
	})

	// The gate can fail: the broken page has exactly the two problems
	// put in it, on their line.
	t.Run("broken", func(t *testing.T) {
		var got []string
		for _, m := range brokenReport {
			got = append(got, m.RuleID)
			if m.Line != brokenLine {
				t.Errorf("broken.html:%s: want line %d", m, brokenLine)
			}
		}
		slices.Sort(got)
		if want := []string{"element-permitted-content", "no-dup-id"}; !slices.Equal(got, want) {
			t.Errorf("the broken page failed the rules [%s], want [%s]", strings.Join(got, ", "), strings.Join(want, ", "))
		}
	})
}
