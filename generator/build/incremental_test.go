package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/synth"
)

// editSite is a editSite folder that a test edits, as an editor would.
type editSite struct {
	t   testing.TB
	dir string
}

func (s editSite) path(rel string) string { return filepath.Join(s.dir, filepath.FromSlash(rel)) }

func (s editSite) read(rel string) string {
	s.t.Helper()
	b, err := os.ReadFile(s.path(rel))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(b)
}

func (s editSite) write(rel, text string) {
	s.t.Helper()
	if err := os.MkdirAll(filepath.Dir(s.path(rel)), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(s.path(rel), []byte(text), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// edit replaces the first match of re in the file.
func (s editSite) edit(rel, re, repl string) {
	s.t.Helper()
	text := s.read(rel)
	rx := regexp.MustCompile(re)
	loc := rx.FindStringSubmatchIndex(text)
	if loc == nil {
		s.t.Fatalf("%s: no match for %s", rel, re)
	}
	var out []byte
	out = rx.ExpandString(out, repl, text, loc)
	s.write(rel, text[:loc[0]]+string(out)+text[loc[1]:])
}

func (s editSite) files(kind string) []string {
	s.t.Helper()
	entries, err := os.ReadDir(s.path("content/" + kind))
	if err != nil {
		s.t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && !strings.Contains(strings.TrimSuffix(e.Name(), filepath.Ext(e.Name())), ".") {
			out = append(out, "content/"+kind+"/"+e.Name())
		}
	}
	return out
}

// newSynthSite writes a generated editSite of n records into a temp folder.
func newSynthSite(t testing.TB, n int, seed int64) editSite {
	t.Helper()
	dir := t.TempDir()
	if err := synth.Generate(dir, n, seed); err != nil {
		t.Fatal(err)
	}
	return editSite{t, dir}
}

// checkSame builds the editSite from nothing and compares it with what the
// incremental builder left: every output file and every diagnostic.
func checkLikeFull(t *testing.T, s editSite, b *Builder, u *Update, step string) {
	t.Helper()
	fresh := filepath.Join(t.TempDir(), "fresh")
	res, err := Run(Options{Source: os.DirFS(s.dir), Out: openOut(t, fresh)})
	if err != nil {
		t.Fatalf("%s: full build: %v", step, err)
	}
	if got, want := u.Diags.String(), res.Diags.String(); got != want {
		t.Fatalf("%s: diagnostics differ\nincremental:\n%s\nfull:\n%s", step, got, want)
	}
	if !res.OK() {
		return // the output stays as it was; the next good step compares it
	}
	if diff := diffDirs(fresh, b.out.Path()); diff != "" {
		t.Fatalf("%s: output differs from a full build (incremental rendered %d pages, wrote %v, removed %v):\n%s",
			step, u.Rendered, firstFew(u.Written), firstFew(u.Removed), diff)
	}
}

func firstFew(l []string) []string {
	if len(l) > 8 {
		return append(slices.Clip(l[:8]), fmt.Sprintf("… %d more", len(l)-8))
	}
	return l
}

// diffDirs describes how two folders differ, or returns "".
func diffDirs(want, got string) string {
	read := func(root string) map[string][]byte {
		m := map[string][]byte{}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				m[filepath.ToSlash(rel)], _ = os.ReadFile(p)
			}
			return nil
		})
		return m
	}
	w, g := read(want), read(got)
	var out []string
	for _, p := range slices.Sorted(maps.Keys(w)) {
		gb, ok := g[p]
		switch {
		case !ok:
			out = append(out, "missing "+p)
		case !bytes.Equal(gb, w[p]):
			out = append(out, "differs "+p+": "+byteDiff(w[p], gb))
		}
	}
	for _, p := range slices.Sorted(maps.Keys(g)) {
		if _, ok := w[p]; !ok {
			out = append(out, "extra "+p)
		}
	}
	if len(out) > 10 {
		out = append(out[:10], fmt.Sprintf("… %d more", len(out)-10))
	}
	return strings.Join(out, "\n")
}

func byteDiff(want, got []byte) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	ctx := func(b []byte) string { return string(b[max(0, i-60):min(len(b), i+60)]) }
	return fmt.Sprintf("at byte %d\n  full: %q\n  incr: %q", i, ctx(want), ctx(got))
}

// step is one edit of a test editSite and the paths it touched.
type editStep struct {
	name string
	do   func(s editSite) []string
}

// leavesErrors are the steps after which the site has errors.
var leavesErrors = map[string]bool{"break TOML": true, "unknown area": true, "text edit while broken": true,
	"bad translation field": true, "new folder that is no kind": true, "template error": true}

func TestBuilderFollowsEdits(t *testing.T) {
	s := newSynthSite(t, 240, 7)
	out := filepath.Join(t.TempDir(), "public")
	b := NewBuilder(os.DirFS(s.dir), openOut(t, out))
	u, err := b.Build(nil, Hints{})
	if err != nil {
		t.Fatal(err)
	}
	if !u.Full || !u.OK() {
		t.Fatalf("first build: full %v, problems:\n%s", u.Full, u.Diags)
	}
	checkLikeFull(t, s, b, u, "first build")

	res := s.files("resolutions")
	areas := s.files("areas")
	sgs := s.files("study-groups")
	groups := s.files("groups")
	docs := s.files("documents")
	steps := []editStep{
		{"resolution body", func(s editSite) []string {
			s.edit(res[3], `\n\+\+\+\n`, "\n+++\nA new first paragraph.\n\n")
			return []string{res[3]}
		}},
		{"resolution title", func(s editSite) []string {
			s.edit(res[4], `title = "[^"]*"`, `title = "A retitled resolution"`)
			return []string{res[4]}
		}},
		{"resolution areas", func(s editSite) []string {
			s.edit(res[5], `areas = \[[^\]]*\]`, `areas = ["area-0", "area-1"]`)
			return []string{res[5]}
		}},
		{"resolution related", func(s editSite) []string {
			s.write(res[6], regexp.MustCompile(`\nrelated = [^\n]*`).ReplaceAllString(s.read(res[6]), ""))
			s.edit(res[6], `\nareas =`, "\nrelated = [\""+slugOf(res[9])+"\"]\nareas =")
			return []string{res[6]}
		}},
		{"resolution number", func(s editSite) []string {
			s.edit(res[7], `number = "[^"]*"`, `number = "999"`)
			return []string{res[7]}
		}},
		{"abrogate", func(s editSite) []string {
			s.edit(res[8], `\nareas =`, "\nstatus = \"abrogated\"\nareas =")
			return []string{res[8]}
		}},
		{"area title", func(s editSite) []string {
			s.edit(areas[2], `title = "[^"]*"`, `title = "Renamed area"`)
			return []string{areas[2]}
		}},
		{"area weight", func(s editSite) []string {
			s.edit(areas[3], `weight = \d+`, `weight = 1000`)
			return []string{areas[3]}
		}},
		{"area summary", func(s editSite) []string {
			s.edit(areas[4], `summary = "[^"]*"`, `summary = "A new summary."`)
			return []string{areas[4]}
		}},
		{"unit title", func(s editSite) []string {
			s.edit(sgs[1], `(\[\[(questions|working_parties)\]\]\nnumber = "[^"]*"\ntitle = )"[^"]*"`, `${1}"A renamed unit"`)
			return []string{sgs[1]}
		}},
		{"unit areas", func(s editSite) []string {
			s.edit(sgs[2], `(\[\[(questions|working_parties)\]\]\nnumber = "[^"]*"\ntitle = "[^"]*"\n)(areas = [^\n]*\n)?`, "${1}areas = [\"area-2\"]\n")
			return []string{sgs[2]}
		}},
		{"study group title", func(s editSite) []string {
			s.edit(sgs[3], `title = "[^"]*"`, `title = "Renamed study group"`)
			return []string{sgs[3]}
		}},
		{"group title (its order)", func(s editSite) []string {
			s.edit(groups[0], `title = "[^"]*"`, `title = "AAA first group"`)
			return []string{groups[0]}
		}},
		{"document date (its order)", func(s editSite) []string {
			s.edit(docs[0], `\ndate = [0-9-]+`, "\ndate = 2030-01-01")
			return []string{docs[0]}
		}},
		{"document areas", func(s editSite) []string {
			s.edit(docs[1], `areas = \[[^\]]*\]`, `areas = ["area-5"]`)
			return []string{docs[1]}
		}},
		{"new resolution", func(s editSite) []string {
			s.write("content/resolutions/pp-900.md", "+++\nbody = \"PP\"\nnumber = \"900\"\ntitle = \"Brand new\"\nareas = [\"area-0\"]\nupdated = 2031-01-01\n+++\nNew.\n")
			return []string{"content/resolutions/pp-900.md"}
		}},
		{"delete resolution", func(s editSite) []string {
			os.Remove(s.path(res[10]))
			return []string{res[10]}
		}},
		{"rename resolution", func(s editSite) []string {
			os.Rename(s.path(res[11]), s.path("content/resolutions/renamed-one.md"))
			return []string{res[11], "content/resolutions/renamed-one.md"}
		}},
		{"break TOML", func(s editSite) []string {
			s.edit(res[12], `title = "`, `title = `)
			return []string{res[12]}
		}},
		{"fix TOML", func(s editSite) []string {
			s.edit(res[12], `title = ([^\n]*)"`, `title = "$1"`)
			return []string{res[12]}
		}},
		{"unknown area", func(s editSite) []string {
			s.edit(res[13], `areas = \[[^\]]*\]`, `areas = ["area-x"]`)
			return []string{res[13]}
		}},
		{"text edit while broken", func(s editSite) []string {
			s.edit(res[14], `title = "[^"]*"`, `title = "Edited while broken"`)
			return []string{res[14]}
		}},
		{"fix unknown area", func(s editSite) []string {
			s.edit(res[13], `areas = \[[^\]]*\]`, `areas = ["area-3"]`)
			return []string{res[13]}
		}},
		{"translation", func(s editSite) []string {
			s.write(strings.TrimSuffix(areas[0], ".md")+".fr.md", "+++\ntitle = \"Domaine\"\n+++\nTexte.\n")
			return []string{strings.TrimSuffix(areas[0], ".md") + ".fr.md"}
		}},
		{"a translation stamped with its original", func(s editSite) []string {
			title, body := originalText(t, s.read(areas[0]))
			tr := strings.TrimSuffix(areas[0], ".md") + ".fr.md"
			s.write(tr, fmt.Sprintf("+++\ntitle = \"Domaine\"\n\n[translates]\ntitle = %q\nbody = %q\n+++\nTexte.\n",
				model.Fingerprint(title), model.Fingerprint(body)))
			return []string{tr}
		}},
		{"the original of a translation changes", func(s editSite) []string {
			s.edit(areas[0], `title = "[^"]*"`, `title = "Retitled original"`)
			return []string{areas[0]}
		}},
		{"bad translation field", func(s editSite) []string {
			s.write(strings.TrimSuffix(areas[0], ".md")+".fr.md", "+++\ntitle = \"Domaine\"\nweight = 3\n+++\nTexte.\n")
			return []string{strings.TrimSuffix(areas[0], ".md") + ".fr.md"}
		}},
		{"remove translation", func(s editSite) []string {
			os.Remove(s.path(strings.TrimSuffix(areas[0], ".md") + ".fr.md"))
			return []string{strings.TrimSuffix(areas[0], ".md") + ".fr.md"}
		}},
		{"new folder that is no kind", func(s editSite) []string {
			s.write("content/extra/x.md", "+++\ntitle = \"X\"\n+++\n")
			return []string{"content/extra"}
		}},
		{"remove that folder", func(s editSite) []string {
			os.RemoveAll(s.path("content/extra"))
			return []string{"content/extra"}
		}},
		{"layout of one kind", func(s editSite) []string {
			s.edit("layouts/area.html", `\{\{define "main"\}\}`, `{{define "main"}}<span hidden>edited</span>`)
			return []string{"layouts/area.html"}
		}},
		{"partial", func(s editSite) []string {
			s.edit("layouts/partials/site.html", `\{\{define "footer"\}\}`, `{{define "footer"}}<span hidden>edited</span>`)
			return []string{"layouts/partials/site.html"}
		}},
		{"template error", func(s editSite) []string {
			s.edit("layouts/group.html", `\{\{define "main"\}\}`, `{{define "main"}}{{.Nope`)
			return []string{"layouts/group.html"}
		}},
		{"fix template", func(s editSite) []string {
			s.edit("layouts/group.html", `\{\{\.Nope`, ``)
			return []string{"layouts/group.html"}
		}},
		{"stylesheet", func(s editSite) []string {
			s.write("layouts/static/css/site.css", s.read("layouts/static/css/site.css")+"\nbody { color: #111; }\n")
			return []string{"layouts/static/css/site.css"}
		}},
		{"new script", func(s editSite) []string {
			s.write("layouts/static/js/extra.js", "// extra\n")
			return []string{"layouts/static/js/extra.js"}
		}},
		{"remove script", func(s editSite) []string {
			os.Remove(s.path("layouts/static/js/extra.js"))
			return []string{"layouts/static/js/extra.js"}
		}},
		// Layouts may show anything of the site: the builder knows nothing
		// of what they show, and renders every page.
		{"document pages list every Resolution's title", func(s editSite) []string {
			s.edit("layouts/document.html", `\{\{define "main"\}\}`, `{{define "main"}}<ul class="all">{{range .Site.Resolutions}}<li>{{.Title}}</li>{{end}}</ul>`)
			return []string{"layouts/document.html"}
		}},
		{"retitle a Resolution the document pages show", func(s editSite) []string {
			s.edit(res[3], `title = "[^"]*"`, `title = "Shown on every document page"`)
			return []string{res[3]}
		}},
		{"group pages show how many documents there are", func(s editSite) []string {
			s.edit("layouts/group.html", `\{\{define "main"\}\}`, `{{define "main"}}<p class="count">{{len .Site.Documents}} documents</p>`)
			return []string{"layouts/group.html"}
		}},
		{"a new document", func(s editSite) []string {
			s.write("content/documents/a-new-one.md", "+++\ntitle = \"A new document\"\ndate = 2030-01-01\n+++\nIt counts.\n")
			return []string{"content/documents/a-new-one.md"}
		}},
		{"the header shows the page's title", func(s editSite) []string {
			// .Title in the header is the header's own: the site's title,
			// the same on every page, since a fragment sees only its dot.
			s.edit("layouts/partials/site.html", `<span>\{\{\.Title\}\}</span></a>`, `<span>{{.Title}}</span> <span class="section">{{.Section}}</span></a>`)
			return []string{"layouts/partials/site.html"}
		}},
		{"config", func(s editSite) []string {
			s.edit("config.toml", `title = "[^"]*"`, `title = "Another editSite title"`)
			return []string{"config.toml"}
		}},
		{"burst", func(s editSite) []string {
			var paths []string
			for i, p := range res[20:40] {
				s.edit(p, `title = "[^"]*"`, fmt.Sprintf(`title = "Burst %d"`, i))
				paths = append(paths, p)
			}
			s.edit(areas[6], `weight = \d+`, `weight = 2`)
			return append(paths, areas[6])
		}},
	}
	for _, st := range steps {
		changed := st.do(s)
		u, err := b.Build(changed, Hints{})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		checkLikeFull(t, s, b, u, st.name)
		if leavesErrors[st.name] == u.OK() {
			t.Errorf("%s: OK is %v; problems:\n%s", st.name, u.OK(), u.Diags)
		}
		if st.name == "a translation stamped with its original" || st.name == "the original of a translation changes" {
			// Both languages' pages follow: the French one says when its
			// original changed after it.
			b, err := os.ReadFile(filepath.Join(out, "fr", "areas", slugOf(areas[0]), "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			fr := string(b)
			if stale := st.name == "the original of a translation changes"; !strings.Contains(fr, "<h1>Domaine</h1>") || stale != strings.Contains(fr, `class="notice"`) {
				t.Errorf("%s: the French page of %s is not the translation, or its notice is wrong:\n%s", st.name, areas[0], fr)
			}
		}
		if st.name == "stylesheet" && !u.CSSOnly {
			t.Errorf("stylesheet: CSSOnly is false; wrote %v", u.Written)
		}
	}
}

// originalText is the title and the body of a record file in TOML front
// matter between +++ lines.
func originalText(t *testing.T, text string) (title, body string) {
	m := regexp.MustCompile(`(?s)^\+\+\+\n(?:.*?\n)?title = "([^"]*)".*?\n\+\+\+\n(.*)$`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no title or body in:\n%s", text)
	}
	return m[1], m[2]
}

func slugOf(p string) string {
	return strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
}
