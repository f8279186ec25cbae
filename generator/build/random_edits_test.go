package build

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"itu.int/iscsite/generator/diag"
)

// layoutEdits change what a layout shows, for the random edits: records
// of other kinds, counts, a partial's text, the header.
var layoutEdits = []struct{ what, file, re, repl string }{
	{"every Resolution on group pages", "layouts/group.html", `\{\{define "main"\}\}`, `{{define "main"}}<p class="e%d">{{range .Site.Resolutions}}{{.Number}} {{end}}</p>`},
	{"a count on area pages", "layouts/area.html", `\{\{define "main"\}\}`, `{{define "main"}}<p class="e%d">{{len .Site.Documents}} {{len .Site.Groups}}</p>`},
	{"a Resolution item's summary", "layouts/partials/site.html", `\{\{define "res-item"\}\}<li>`, `{{define "res-item"}}<li data-e="%d">{{with .Summary}}<span>{{.}}</span>{{end}}`},
	{"units' areas in their links", "layouts/partials/site.html", `\{\{\.Designation\}\}</a>\{\{end\}\}`, `{{.Designation}}</a>{{range .Areas}} <i class="e%d">{{.Slug}}</i>{{end}}{{end}}`},
	{"study-group pages' first document", "layouts/study-group.html", `\{\{define "main"\}\}`, `{{define "main"}}{{with .Site.Documents}}<p class="e%d">{{(index . 0).Title}}</p>{{end}}`},
	{"a UI string", "layouts/i18n/en.toml", `(?m)^none = "[^"]*"`, `none = "Nothing yet (%d)."`},
}

// originalLayout is a layout of the repository's as it is.
func originalLayout(t *testing.T, file string) string {
	b, err := os.ReadFile(filepath.Join("..", "..", file))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBuilderRandomEdits applies random edits, text and structural, of
// content and layouts, mistakes and their fixes, and compares with a
// full build after each;
// with some pages open in a browser, so the viewed-pages-first path is
// checked too. BUILDER_EDITS=n runs n edits instead of 40.
func TestBuilderRandomEdits(t *testing.T) {
	s := newSynthSite(t, 300, 3)
	out := filepath.Join(t.TempDir(), "public")
	b := NewBuilder(os.DirFS(s.dir), openOut(t, out))
	if _, err := b.Build(nil, Hints{}); err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	n := 40
	if testing.Short() {
		n = 10
	}
	if v, err := strconv.Atoi(os.Getenv("BUILDER_EDITS")); err == nil {
		n = v
	}
	kinds := []string{"areas", "resolutions", "study-groups", "groups", "documents", "pages"}
	sub := func(text, re, repl string) string {
		return regexp.MustCompile(re).ReplaceAllLiteralString(text, repl)
	}
	var broken []string // files left with a mistake
	good := 0           // edits that left a site to compare
	preempted := 0      // builds stopped for newer changes
	for i := range n {
		kind := kinds[rnd.IntN(len(kinds))]
		files := s.files(kind)
		if len(files) == 0 {
			continue
		}
		f := files[rnd.IntN(len(files))]
		text := s.read(f)
		var what string
		changed := []string{f}
		switch op := rnd.IntN(14); {
		case op >= 12:
			// A layout: what it shows changes, the builder knows nothing
			// of what; or back as it was.
			le := layoutEdits[rnd.IntN(len(layoutEdits))]
			f, changed = le.file, []string{le.file}
			if op == 13 {
				what, text = "layout as it was", originalLayout(t, le.file)
				break
			}
			what = "layout: " + le.what
			text = regexp.MustCompile(le.re).ReplaceAllString(s.read(f), fmt.Sprintf(le.repl, i))
		case len(broken) > 0 && op < 3:
			what = "fix"
			f = broken[0]
			broken = broken[1:]
			changed = []string{f}
			text = strings.Replace(s.read(f), "title = BROKEN\"", "title = \"Fixed ", 1)
		case op == 0:
			what = "title"
			text = sub(text, `title = "[^"]*"`, fmt.Sprintf(`title = "Random %d"`, i))
		case op == 1:
			what = "body"
			if strings.HasSuffix(f, ".toml") { // fields only: no body
				text = strings.Replace(text, "title = ", fmt.Sprintf("summary = \"s%d\"\ntitle = ", i), 1)
			} else {
				text += fmt.Sprintf("\nMore text %d.\n", i)
			}
		case op == 2:
			what = "areas"
			text = sub(text, `areas = \[[^\]]*\]`, fmt.Sprintf(`areas = ["area-%d"]`, rnd.IntN(10)))
		case op == 3:
			what = "updated"
			text = sub(text, `updated = [0-9-]+`, fmt.Sprintf("updated = 2029-01-%02d", 1+rnd.IntN(28)))
		case op == 4 && (kind == "documents" || kind == "groups" || kind == "pages"): // nothing refers to them
			what = "delete"
		case op == 5 && kind != "study-groups": // a copied study group would define its units twice
			what = "copy to a new record"
			f = strings.TrimSuffix(f, filepath.Ext(f)) + fmt.Sprintf("-copy%d", i) + filepath.Ext(f)
			changed = []string{f}
			text = sub(text, `number = "([^"]*)"`, fmt.Sprintf(`number = "%d"`, 9000+i))
		case op == 6:
			what = "order"
			switch kind {
			case "areas":
				text = sub(text, `weight = [0-9]+`, fmt.Sprintf("weight = %d", rnd.IntN(50)))
			case "documents":
				text = sub(text, `\ndate = [0-9-]+`, fmt.Sprintf("\ndate = 20%02d-01-01", rnd.IntN(30)))
			case "resolutions":
				text = sub(text, `number = "[^"]*"`, fmt.Sprintf(`number = "%d"`, 8000+i))
			}
		case op == 7:
			what = "related"
			text = sub(text, `\nrelated = [^\n]*`, "")
			if kind == "resolutions" {
				text = strings.Replace(text, "\ntitle = ", fmt.Sprintf("\nrelated = [%q]\ntitle = ", slugOf(s.files("resolutions")[rnd.IntN(20)])), 1)
			}
		case op == 8:
			what = "mistake"
			text = strings.Replace(text, `title = "`, `title = BROKEN"`, 1)
			broken = append(broken, f)
		case op == 9:
			what = "translation"
			f = strings.TrimSuffix(f, filepath.Ext(f)) + ".fr.md"
			changed = []string{f}
			text = fmt.Sprintf("+++\ntitle = \"Traduction %d\"\n+++\nTexte.\n", i)
		default:
			what = "unit title"
			text = regexp.MustCompile(`(\[\[(?:questions|working_parties)\]\]\nnumber = "[^"]*"\ntitle = )"[^"]*"`).ReplaceAllString(text, fmt.Sprintf(`${1}"Unit %d"`, i))
		}
		if what == "delete" {
			os.Remove(s.path(f))
			tr := strings.TrimSuffix(f, filepath.Ext(f)) + ".fr.md" // and its translation, if any
			os.Remove(s.path(tr))
			changed = append(changed, tr)
			broken = slices.DeleteFunc(broken, func(p string) bool { return p == f })
		} else {
			s.write(f, text)
		}
		// Some pages of the site are open in a browser.
		viewed := []string{"index.html", "areas/index.html", strings.TrimSuffix(strings.TrimPrefix(f, "content/"), filepath.Ext(f)) + "/index.html"}
		var mu sync.Mutex
		var early []string // pages told written before the build's end
		settled := func(p string, changed bool) {
			if changed {
				mu.Lock()
				early = append(early, p)
				mu.Unlock()
			}
		}
		// Newer changes stop a build now and then (once at most): the next
		// one renders everything again.
		stops := 0
		preempt := func() bool {
			if stops == 0 && rnd.IntN(8) == 0 {
				stops++
				return true
			}
			return false
		}
		u, err := b.Build(changed, Hints{Viewed: viewed, Preempt: preempt, Settled: settled})
		written := u.Written
		for err == nil && u.Preempted {
			preempted++
			u, err = b.Build(nil, Hints{Preempt: preempt})
			written = append(written, u.Written...)
		}
		if err != nil {
			t.Fatal(err)
		}
		checkLikeFull(t, s, b, u, fmt.Sprintf("edit %d: %s of %s", i, what, f))
		if u.OK() {
			good++
		} else if testing.Verbose() {
			for _, d := range u.Diags {
				if d.Severity == diag.Error {
					t.Logf("edit %d: %s of %s: %s", i, what, f, d)
					break
				}
			}
		}
		for _, p := range early {
			if !slices.Contains(written, p) {
				t.Errorf("edit %d: %s told written, but not listed in Written", i, p)
			}
		}
	}
	t.Logf("%d of %d edits left a good site, compared with a full build; %d builds stopped early", good, n, preempted)
	if good < n/3 {
		t.Errorf("only %d of %d edits left a good site", good, n)
	}
}
