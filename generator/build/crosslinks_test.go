package build

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"itu.int/iscsite/generator/synth"
)

// TestCrossLinks builds a generated site of a few hundred records and
// checks every cross-link of the record pages and the tables, both ways. The expected
// links are worked out here from the record files themselves, with a TOML
// decoder of their own, not from the model or the derived tables.
func TestCrossLinks(t *testing.T) {
	src, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	if err := synth.Generate(src, 400, 7); err != nil {
		t.Fatal(err)
	}
	if res := buildDir(t, src, out); !res.OK() {
		t.Fatalf("build failed:\n%s", diagLines(res))
	}
	recs := readRecords(t, src)
	want := recs.expectedLinks()

	checked := 0
	for page, links := range want {
		got := hrefs(t, out, page)
		for link := range links {
			checked++
			if !got[link] {
				t.Errorf("%s does not link %s", page, link)
			}
		}
	}
	if checked < 2000 {
		t.Errorf("only %d links checked: the generated site is too thin to prove much", checked)
	}
	t.Logf("%d cross-links checked on %d pages", checked, len(want))
}

type rawUnit struct {
	Number  string
	Areas   []string
	Related []string
}

type rawRecord struct {
	Body, Number, Sector string
	Areas, Related       []string
	Questions            []rawUnit `toml:"questions"`
	WorkingParties       []rawUnit `toml:"working_parties"`
}

type records struct {
	byKind map[string]map[string]rawRecord // kind → slug → fields
}

func readRecords(t *testing.T, src string) records {
	t.Helper()
	r := records{byKind: map[string]map[string]rawRecord{}}
	for _, kind := range []string{"areas", "resolutions", "study-groups", "groups", "documents"} {
		r.byKind[kind] = map[string]rawRecord{}
		entries, err := os.ReadDir(filepath.Join(src, "content", kind))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(src, "content", kind, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			text := string(b)
			if strings.HasSuffix(e.Name(), ".md") {
				text = strings.SplitN(text, "+++\n", 3)[1]
			}
			var rec rawRecord
			if _, err := toml.Decode(text, &rec); err != nil {
				t.Fatalf("%s: %v", e.Name(), err)
			}
			slug := strings.TrimSuffix(strings.TrimSuffix(e.Name(), ".md"), ".toml")
			r.byKind[kind][slug] = rec
		}
	}
	return r
}

// unitRef is a study group, Question or Working Party: its designation
// and its URL.
type unitRef struct {
	sector, designation, url string
	areas                    []string
}

// expectedLinks lists, per page URL, the links it must hold.
func (r records) expectedLinks() map[string]map[string]bool {
	want := map[string]map[string]bool{}
	link := func(page, target string) {
		if want[page] == nil {
			want[page] = map[string]bool{}
		}
		want[page][target] = true
	}
	areaURL := func(a string) string { return "/areas/" + a + "/" }

	// Resolutions: areas; the resolutions of other bodies on the same
	// areas; related, both ways. Areas and the table link every one back.
	resOn := map[string][]string{}
	for slug, res := range r.byKind["resolutions"] {
		page := "/resolutions/" + slug + "/"
		for _, a := range res.Areas {
			link(page, areaURL(a))
			link(areaURL(a), page)
			link("/resolutions/", page)
			link("/resolutions/"+strings.ToLower(res.Body)+"/", page)
			link(page, "/resolutions/#area-"+a)
			resOn[a] = append(resOn[a], slug)
		}
		for _, o := range res.Related {
			link(page, "/resolutions/"+o+"/")
			link("/resolutions/"+o+"/", page)
		}
	}
	for _, slugs := range resOn {
		for _, a := range slugs {
			for _, b := range slugs {
				if r.byKind["resolutions"][a].Body != r.byKind["resolutions"][b].Body {
					link("/resolutions/"+a+"/", "/resolutions/"+b+"/")
				}
			}
		}
	}

	// Study groups and their units: designations, URLs, areas.
	units := map[string]unitRef{} // by designation without spaces
	var all []unitRef
	for slug, sg := range r.byKind["study-groups"] {
		sgURL := "/study-groups/" + slug + "/"
		add := func(u unitRef) {
			units[strings.ReplaceAll(u.designation, " ", "")] = u
			all = append(all, u)
		}
		add(unitRef{sg.Sector, sg.Sector + " SG" + sg.Number, sgURL, sg.Areas})
		for _, q := range sg.Questions {
			add(unitRef{sg.Sector, sg.Sector + " Q" + q.Number, sgURL + "#q" + strings.ReplaceAll(q.Number, "/", "-"), q.Areas})
		}
		for _, wp := range sg.WorkingParties {
			add(unitRef{sg.Sector, sg.Sector + " WP " + wp.Number, sgURL + "#wp" + strings.ToLower(wp.Number), wp.Areas})
		}
	}
	pageOf := func(u unitRef) string { return strings.SplitN(u.url, "#", 2)[0] }
	for slug, sg := range r.byKind["study-groups"] {
		sgURL := "/study-groups/" + slug + "/"
		self := units[strings.ReplaceAll(sg.Sector+" SG"+sg.Number, " ", "")]
		relate := func(u unitRef, related []string) {
			for _, d := range related {
				o := units[strings.ReplaceAll(d, " ", "")]
				link(pageOf(u), o.url) // a unit links its counterpart...
				link(pageOf(o), u.url) // ...and the counterpart links back
			}
		}
		relate(self, sg.Related)
		for _, q := range sg.Questions {
			relate(units[strings.ReplaceAll(sg.Sector+" Q"+q.Number, " ", "")], q.Related)
		}
		for _, wp := range sg.WorkingParties {
			relate(units[strings.ReplaceAll(sg.Sector+" WP"+wp.Number, " ", "")], wp.Related)
		}
		link("/study-groups/", sgURL)
	}
	// Areas ↔ units; resolutions → the units on their areas; study groups
	// → units of other Sectors on their areas.
	for _, u := range all {
		for _, a := range u.areas {
			link(areaURL(a), u.url)
			link(pageOf(u), areaURL(a))
			link("/study-groups/by-area/", u.url)
			for _, res := range resOn[a] {
				link("/resolutions/"+res+"/", u.url)
			}
			for _, o := range all {
				if o.sector != u.sector && contains(o.areas, a) {
					link(pageOf(u), o.url)
				}
			}
		}
	}
	for _, kind := range []string{"groups", "documents"} {
		for slug, rec := range r.byKind[kind] {
			page := "/" + kind + "/" + slug + "/"
			for _, a := range rec.Areas {
				link(page, areaURL(a))
				link(areaURL(a), page)
			}
		}
	}
	return want
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var hrefRE = regexp.MustCompile(`href="([^"]*)"`)

// hrefs reads the links of a built page.
func hrefs(t *testing.T, out, page string) map[string]bool {
	t.Helper()
	file := filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(page, "/")), "index.html")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	got := map[string]bool{}
	for _, m := range hrefRE.FindAllStringSubmatch(string(b), -1) {
		got[html.UnescapeString(m[1])] = true
	}
	return got
}
