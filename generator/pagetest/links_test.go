package pagetest

import (
	"bytes"
	"html"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
)

var (
	linkAttr = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
	idAttr   = regexp.MustCompile(`\sid="([^"]*)"`)
	// tableCell is a data cell of a table, and its content; the layouts
	// write no nested tables.
	tableCell = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
)

// outputPages maps each HTML file of the build to its ids.
type outputPages map[string]map[string]bool // file path → id → true

func indexPages(site *builtSite) outputPages {
	out := outputPages{}
	for _, f := range site.Files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		ids := map[string]bool{}
		for _, m := range idAttr.FindAllSubmatch(f.Data, -1) {
			ids[html.UnescapeString(string(m[1]))] = true
		}
		out[f.Path] = ids
	}
	return out
}

// checkLinks follows every link of every HTML page: a link inside the site
// must start with the base path and reach a file of the output and, with a
// fragment, an element with that id.
func checkLinks(t *testing.T, site *builtSite) {
	t.Helper()
	base := site.Site.Config.BasePath
	pages := indexPages(site)
	files := map[string]bool{}
	for _, f := range site.Files {
		files[f.Path] = true
	}
	broken := 0
	for _, f := range site.Files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		pageURL := &url.URL{Path: base + strings.TrimSuffix(f.Path, "index.html")}
		for _, m := range linkAttr.FindAllSubmatch(f.Data, -1) {
			ref := html.UnescapeString(string(m[1]))
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: bad link %q: %v", f.Path, ref, err)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				continue // outside the site: not ours to check
			}
			target := pageURL.ResolveReference(u)
			rel, ok := strings.CutPrefix(target.Path, base)
			if !ok && target.Path+"/" != base {
				t.Errorf("%s: link %q leaves the base path %s", f.Path, ref, base)
				continue
			}
			file := rel
			if file == "" || strings.HasSuffix(file, "/") {
				file += "index.html"
			}
			if !files[file] {
				t.Errorf("%s: link %q reaches no file (%s)", f.Path, ref, file)
				broken++
				continue
			}
			if u.Fragment != "" && path.Ext(file) == ".html" && !pages[file][u.Fragment] {
				t.Errorf("%s: link %q: no id %q in %s", f.Path, ref, u.Fragment, file)
				broken++
			}
		}
	}
	if broken > 0 {
		t.Logf("%d broken links", broken)
	}
}

// TestLinks follows every link of the real site.
func TestLinks(t *testing.T) {
	checkLinks(t, buildSite(t, nil))
}

// TestSubPath builds the site for a baseURL with a path: every link stays
// under it and reaches its file.
func TestSubPath(t *testing.T) {
	cfg, err := os.ReadFile(repoRoot(t) + "/config.toml")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(cfg), "\n") {
		if strings.HasPrefix(line, "baseURL") {
			line = `baseURL = "https://example.org/itu/iscsite/"`
		}
		out = append(out, line)
	}
	site := buildSite(t, fstest.MapFS{"config.toml": {Data: []byte(strings.Join(out, "\n"))}})
	if got := site.Site.Config.BasePath; got != "/itu/iscsite/" {
		t.Fatalf("base path %q", got)
	}
	checkLinks(t, site)
	// No link from the site root, which would leave the sub-path.
	for _, f := range site.Files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		for _, m := range linkAttr.FindAllSubmatch(f.Data, -1) {
			ref := string(m[1])
			if strings.HasPrefix(ref, "/") && !strings.HasPrefix(ref, "/itu/iscsite/") {
				t.Errorf("%s: link %q is outside the sub-path", f.Path, ref)
			}
		}
	}
}

// TestRowLinks checks that the tables and the records link both ways: each
// record page links to its rows, and each table row the page links to
// exists (checkLinks follows them). Every table cell holds a link or says
// it is empty.
func TestRowLinks(t *testing.T) {
	site := buildSite(t, nil)
	base := site.Site.Config.BasePath
	page := map[string][]byte{}
	for _, f := range site.Files {
		page[f.Path] = f.Data
	}
	file := func(r model.Record) []byte { return page[strings.TrimPrefix(derive.URL(r), "/")+"index.html"] }
	links := func(b []byte, href string) bool {
		return bytes.Contains(b, []byte(`href="`+html.EscapeString(href)+`"`))
	}
	rowLink := func(table, x any) string {
		u, ok := derive.RowURL(table, x)
		if !ok {
			t.Fatalf("no row of %T in %T", x, table)
		}
		return base + u[1:]
	}
	tables := site.Tables

	for _, a := range site.Site.Areas {
		if !links(file(a), rowLink(tables.Resolutions, a)) {
			t.Errorf("area %s does not link to its row in the Resolutions table", a.Slug)
		}
		if !links(file(a), rowLink(tables.ByArea, a)) {
			t.Errorf("area %s does not link to its row in the study groups by area", a.Slug)
		}
	}
	for _, r := range site.Site.Resolutions {
		for _, a := range r.Areas {
			if !links(file(r), rowLink(tables.Resolutions, a)) {
				t.Errorf("resolution %s does not link to the row of its area %s in /resolutions/", r.Slug, a.Slug)
			}
		}
		if !links(page["resolutions/index.html"], base+strings.TrimPrefix(derive.URL(r), "/")) && len(r.Areas) > 0 {
			t.Errorf("/resolutions/ does not link to resolution %s", r.Slug)
		}
		body := "resolutions/" + strings.ToLower(r.Body.ID) + "/index.html"
		if !links(page[body], base+strings.TrimPrefix(derive.URL(r), "/")) {
			t.Errorf("/%s does not link to resolution %s", body, r.Slug)
		}
	}
	for _, sg := range site.Site.StudyGroups {
		for _, a := range site.Tables.SGAreas[sg] {
			if !links(file(sg), rowLink(tables.ByArea, a)) {
				t.Errorf("study group %s does not link to the row of its area %s in the study groups by area", sg.Slug, a.Slug)
			}
		}
		if !links(page["study-groups/index.html"], base+strings.TrimPrefix(derive.URL(sg), "/")) {
			t.Errorf("/study-groups/ does not link to %s", sg.Slug)
		}
	}
	// Each study group links to the rows of its units in the mapping
	// tables (the first of them), and each row to its unit.
	for _, m := range site.Tables.Mappings {
		for _, row := range m.Rows {
			u := row.Unit
			if u == u.SG.Units[0] && !links(file(u.SG), rowLink(m, u)) {
				t.Errorf("%s does not link to the rows of its units in the mapping table %s", u.SG.Unit.Designation(), m.ID)
			}
			if !links(page[strings.TrimPrefix(m.Parts[0].URL, "/")+"index.html"], base+strings.TrimPrefix(derive.UnitURL(u), "/")) {
				t.Errorf("the mapping table %s does not link to %s", m.ID, u.Designation())
			}
		}
	}
	// Each study group links to its row or column in each matrix.
	for _, m := range site.Tables.Matrices {
		for _, sg := range append(append([]*model.StudyGroup{}, m.RowGroups...), m.ColGroups...) {
			if !links(file(sg), rowLink(m, sg)) {
				t.Errorf("study group %s does not link to its place in the matrix %s", sg.Slug, m.ID)
			}
		}
	}

	for _, path := range tablePages {
		p := strings.TrimPrefix(path, "/") + "index.html"
		for _, m := range tableCell.FindAllSubmatch(page[p], -1) {
			cell, inner := m[0], m[1]
			empty := bytes.HasPrefix(cell, []byte(`<td class="empty"`)) && bytes.Contains(inner, []byte(`class="vh"`))
			if !bytes.Contains(inner, []byte("<a ")) && !empty {
				t.Errorf("%s: a cell with neither a link nor an accessible empty mark: %s", p, cell)
			}
		}
	}
}
