package render

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/model"
)

// repoSite is the repository's layouts and config.toml, with baseURL
// replaced and edit applied to layouts/partials/site.html.
func repoSite(t *testing.T, baseURL string, edit func(string) string) (fs.FS, *config.Config) {
	t.Helper()
	root := filepath.Join("..", "..")
	files := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(root), "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join(root, p))
		if p == "layouts/partials/site.html" && edit != nil {
			b = []byte(edit(string(b)))
		}
		files[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(root, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	src = []byte(strings.Replace(string(src), `baseURL = "https://coordination.example.org/"`, `baseURL = "`+baseURL+`"`, 1))
	var diags diag.List
	cfg := config.Parse("config.toml", src, &diags)
	if cfg == nil || len(diags) > 0 {
		t.Fatalf("config.toml: %v", diags)
	}
	return files, cfg
}

// fastValues are records and units of every shape the fast partials
// meet, with text that needs escaping.
func fastValues(cfg *config.Config) []any {
	tricky := `Tom & "Jerry" <b>'s</b> 1+1`
	area := &model.Area{Meta: model.Meta{Kind: "areas", Slug: "accessibility", Title: tricky}}
	doc := &model.Document{Meta: model.Meta{Kind: "documents", Slug: "c19-report", Title: "Report"}}
	res := func(body, number, revision string, abrogated bool) *model.Resolution {
		return &model.Resolution{Meta: model.Meta{Kind: "resolutions", Slug: strings.ToLower(body) + "-" + number, Title: tricky},
			Body: cfg.Body(body), Number: number, Revision: revision, Abrogated: abrogated}
	}
	sg := func(sector, number string) *model.StudyGroup {
		s := &model.StudyGroup{Meta: model.Meta{Kind: "study-groups", Slug: strings.ToLower(sector) + "-sg" + number, Title: "SG " + number},
			Sector: cfg.Sector(sector), Number: number}
		s.Unit = &model.Unit{Kind: model.UnitSG, SG: s, Number: number, Title: tricky}
		return s
	}
	r5, t2, d1 := sg("ITU-R", "5"), sg("ITU-T", "2"), sg("ITU-D", "1")
	wp := &model.Unit{Kind: model.UnitWP, SG: r5, Number: "5D", Title: "IMT <systems>"}
	q := &model.Unit{Kind: model.UnitQuestion, SG: t2, Number: "7/2", Title: tricky}
	dq := &model.Unit{Kind: model.UnitQuestion, SG: d1, Number: "1/1", Title: ""}
	pp191, pp70, wtsa44 := res("PP", "191", "Rev. Dubai, 2018", false), res("PP", "70", "", true), res("WTSA", "44", "Rev. New Delhi, 2024", true)
	// area is tagged on all of them, in site order; bare on nothing.
	area.Resolutions = []*model.Resolution{pp70, pp191, wtsa44}
	area.Units = []*model.Unit{wp, t2.Unit, q, dq}
	bare := &model.Area{Meta: model.Meta{Kind: "areas", Slug: "bare", Title: "Bare"}}
	pp, wtsa := cfg.Body("PP"), cfg.Body("WTSA")
	r, t := cfg.Sector("ITU-R"), cfg.Sector("ITU-T")
	return []any{
		area, doc, pp191, pp70, wtsa44,
		r5.Unit, t2.Unit, wp, q, dq,
		derive.AreaBody{Area: area, Body: pp}, derive.AreaBody{Area: area, Body: wtsa}, derive.AreaBody{Area: bare, Body: pp},
		derive.BodyRow{Area: area, Body: pp}, derive.BodyRow{Area: area, Body: wtsa},
		derive.AreaSector{Area: area, Sector: r}, derive.AreaSector{Area: area, Sector: t}, derive.AreaSector{Area: bare, Sector: t},
	}
}

// TestFastPartialsMatchLayouts renders each fast partial for every value
// it accepts both ways, from the layouts and in Go, with the site at the
// root and under a sub-path: the bytes must be the same.
func TestFastPartialsMatchLayouts(t *testing.T) {
	for _, baseURL := range []string{"https://example.org/", "https://example.org/itu/coordination/"} {
		fsys, cfg := repoSite(t, baseURL, nil)
		var diags diag.List
		r := New(fsys, cfg, nil, &diags)
		if r == nil || len(diags) > 0 {
			t.Fatalf("layouts: %v", diags)
		}
		lang := cfg.DefaultLanguage
		set := r.anySet(lang)
		r.ctx = &context{fragments: newFragments(nil, set, false)}
		for _, fp := range fastPartials {
			if r.fast[lang].write[fp.name] == nil {
				t.Errorf("%q: the layouts' partial differs from the one written in Go (fast.go); update both together", fp.name)
				continue
			}
			tried := 0
			for _, v := range fastValues(cfg) {
				fast, ok := r.writeFast(lang, fp.name, v)
				if !ok {
					continue
				}
				tried++
				var slow strings.Builder
				if err := set.ExecuteTemplate(&slow, fp.name, v); err != nil {
					t.Fatalf("%q for %T: %v", fp.name, v, err)
				}
				if string(fast) != slow.String() {
					t.Errorf("%q for %T under %s:\n Go:        %s\n layouts:   %s", fp.name, v, baseURL, fast, slow.String())
				}
			}
			if tried < 2 {
				t.Errorf("%q was tried on %d values", fp.name, tried)
			}
		}
	}
}

// TestEditedPartialIsRendered: a partial an editor has changed, and every
// fast partial that shows it, is rendered from the layouts.
func TestEditedPartialIsRendered(t *testing.T) {
	edit := func(s string) string {
		old := `{{define "unit-link"}}<a class="u" href="{{url .}}" title="{{.Title}}">{{.Designation}}</a>{{end}}`
		if !strings.Contains(s, old) {
			t.Fatal("layouts/partials/site.html has no unit-link as fast.go ships it")
		}
		return strings.Replace(s, old, `{{define "unit-link"}}<a class="unit" href="{{url .}}">{{.Designation}}</a>{{end}}`, 1)
	}
	fsys, cfg := repoSite(t, "https://example.org/", edit)
	var diags diag.List
	r := New(fsys, cfg, nil, &diags)
	if r == nil || len(diags) > 0 {
		t.Fatalf("layouts: %v", diags)
	}
	lang := cfg.DefaultLanguage
	r.ctx = &context{fragments: newFragments(nil, r.anySet(lang), false)}
	for name, want := range map[string]bool{"unit-link": false, "unit-item": false, "res-label": true, "link": true} {
		if got := r.fast[lang].write[name] != nil; got != want {
			t.Errorf("fast %q: %v, want %v", name, got, want)
		}
	}
	q := fastValues(cfg)[8].(*model.Unit)
	if q.Number != "7/2" {
		t.Fatalf("fastValues()[8] is %s", q.Designation())
	}
	for _, name := range []string{"unit-link", "unit-item"} {
		h, err := r.cached(lang, name, q, q)
		if err != nil || !strings.Contains(string(h), `<a class="unit" href="/study-groups/itu-t-sg2/#q7-2">ITU-T Q7/2</a>`) {
			t.Errorf("%q = %s, %v; want the edited link", name, h, err)
		}
	}
}

// TestFastPages renders pages whole, Resolution pages of every shape among
// them, with base.html and a Resolution's "main" block written in Go and
// from the layouts: the bytes must be the same.
func TestFastPages(t *testing.T) {
	for _, baseURL := range []string{"https://example.org/", "https://example.org/itu/coordination/"} {
		fsys, cfg := repoSite(t, baseURL, nil)
		var diags diag.List
		r := New(fsys, cfg, nil, &diags)
		if r == nil || len(diags) > 0 {
			t.Fatalf("layouts: %v", diags)
		}
		lang := cfg.DefaultLanguage
		for _, kind := range []string{"resolution", "study-group", "area"} {
			if r.fastMains[lang][kind] == nil {
				t.Fatalf("layouts/%s.html differs from the one written in Go (fastmain.go); update both together", kind)
			}
		}
		values := fastValues(cfg)
		area, doc := values[0].(*model.Area), values[1].(*model.Document)
		pp191, pp70, wtsa44 := values[2].(*model.Resolution), values[3].(*model.Resolution), values[4].(*model.Resolution)
		bare := values[12].(derive.AreaBody).Area
		pp191.Areas, pp191.Related, pp191.Updated, pp191.URL = []*model.Area{area, bare}, []*model.Resolution{wtsa44}, "2024-10-01", "https://www.itu.int/pub/S-CONF-ACTF?lang=en&x=1#top"
		pp191.Summary, pp191.Meta.Body = `Summary <with> "quotes" & more`, model.Text{Src: []byte("Some *Markdown* <b>raw</b>.\n\n- a\n- b\n")}
		pp70.Coordination, pp70.Areas = true, []*model.Area{area}
		wtsa44.URL = "https://example.org/a b" // rewritten by html/template: from the layouts
		site := &model.Site{Config: cfg, Areas: []*model.Area{area, bare}, Resolutions: []*model.Resolution{pp70, pp191, wtsa44}, Documents: []*model.Document{doc}}
		// Study groups: with and without units, period, URL, counterparts
		// and areas; one in a matrix.
		r5, t2, d1 := values[5].(*model.Unit).SG, values[6].(*model.Unit).SG, values[9].(*model.Unit).SG
		wp, q := values[7].(*model.Unit), values[8].(*model.Unit)
		r5.Units, r5.Period, r5.URL, r5.Updated = []*model.Unit{wp}, "2024-2027", "https://www.itu.int/en/ITU-R/study-groups/rsg5", "2025-01-15"
		t2.Units, t2.Unit.Related, wp.Related = []*model.Unit{q}, []*model.Unit{wp}, []*model.Unit{q}
		r5.Summary, r5.Meta.Body = "Terrestrial services & more", model.Text{Src: []byte("Study group *five*.\n")}
		site.StudyGroups = []*model.StudyGroup{r5, t2, d1}
		// An area with every part; bare has none.
		group := &model.Group{Meta: model.Meta{Kind: "groups", Slug: "iscg", Title: "ISCG & co"}}
		doc.Symbol = "C19/<x>"
		area.Groups, area.Documents, area.Updated = []*model.Group{group}, []*model.Document{doc}, "2025-02-03"
		area.Coordinators = []model.Coordinator{{Name: "A. Person", Sector: "ITU-T", Role: "lead <1>"}, {Name: "B"}}
		site.Groups = []*model.Group{group}
		tables := &derive.Tables{
			SGAreas:  map[*model.StudyGroup][]*model.Area{r5: {area}, t2: {area, bare}},
			Matrices: []*derive.Matrix{{ID: "itu-r-itu-t", Rows: r5.Sector, Cols: t2.Sector, RowGroups: []*model.StudyGroup{r5}, ColGroups: []*model.StudyGroup{t2}}},
		}
		for _, kind := range kinds {
			if r.fastShells[lang][kind] == nil {
				t.Errorf("%s: base.html or crumbs differ from the ones written in Go (fastshell.go); update both together", kind)
			}
		}
		pages := []derive.Page{
			{URL: derive.URL(area), Kind: "area", Record: area},
			{URL: derive.URL(bare), Kind: "area", Record: bare},
			{URL: derive.URL(doc), Kind: "document", Record: doc},
			{URL: "/areas/", Kind: "areas"}, {URL: "/resolutions/", Kind: "resolutions"}, {URL: "/documents/", Kind: "documents"},
			{URL: "/404.html", Kind: "404"},
		}
		for _, res := range site.Resolutions {
			pages = append(pages, derive.Page{URL: derive.URL(res), Kind: "resolution", Record: res})
		}
		for _, sg := range site.StudyGroups {
			pages = append(pages, derive.Page{URL: derive.URL(sg), Kind: "study-group", Record: sg})
		}
		for _, p := range pages {
			res, _ := p.Record.(*model.Resolution)
			// render with the Go main blocks and the Go shell each on or off
			// (an editor may change base.html and not the kind's file).
			render := func(goMain, goShell bool) string {
				r.ctx = newContext(site, tables)
				r.ctx.fragments = newFragments(site, r.anySet(lang), false)
				mains, shells := r.fastMains, r.fastShells
				if !goMain {
					r.fastMains = nil
				}
				if !goShell {
					r.fastShells = nil
				}
				defer func() { r.fastMains, r.fastShells = mains, shells }()
				var b bytes.Buffer
				if err := r.page(&b, r.ctx, p, lang); err != nil {
					t.Fatalf("%s: %v", p.URL, err)
				}
				return b.String()
			}
			r.ctx = newContext(site, tables)
			r.ctx.fragments = newFragments(site, r.anySet(lang), false)
			d, err := r.data(r.ctx, p, lang)
			if err != nil {
				t.Fatal(err)
			}
			r.writeMain(lang, r.sets[lang][p.Kind], d)
			if wantGo := (res != nil && res != wtsa44) || p.Kind == "study-group" || p.Kind == "area"; (d.Main != "") != wantGo {
				t.Errorf("%s: main written in Go: %v, want %v", p.URL, d.Main != "", wantGo)
			}
			slow := render(false, false)
			if mainOnly := render(true, false); mainOnly != slow {
				t.Errorf("%s: with only the main block written in Go, the page differs", p.URL)
			}
			if fast := render(true, true); fast != slow {
				i := 0
				for i < len(fast) && i < len(slow) && fast[i] == slow[i] {
					i++
				}
				t.Errorf("%s under %s differs at byte %d:\n Go:      …%s…\n layouts: …%s…", p.URL, baseURL, i,
					fast[max(0, i-60):min(len(fast), i+60)], slow[max(0, i-60):min(len(slow), i+60)])
			}
		}
	}
}
