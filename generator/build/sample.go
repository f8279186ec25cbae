package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"testing/fstest"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/render"
	"itu.int/iscsite/generator/source"
)

// tryLayouts renders every page kind of a small sample site, made from
// the site's own config.toml, with the site's layouts, and reports their
// template errors. A build whose content has errors renders nothing, so
// without this an editor would hear of a broken layout only once the
// content is fixed; `check` reports both in one run.
func tryLayouts(fsys fs.FS, cfg *config.Config, diags *diag.List) {
	sample := sampleSite(fsys, cfg)
	var content diag.List
	decoded := make([]any, 0, 16)
	for _, name := range source.List(sample, &content) {
		if f, ok := source.ReadOne(sample, name, &content); ok {
			decoded = append(decoded, model.Decode(cfg, &f, &content))
		}
	}
	site := model.Link(cfg, decoded, &content)
	if content.Errors() > 0 {
		return // a config the sample cannot fit; its own problems are reported
	}
	tables := derive.Derive(site)
	var found diag.List
	if r := render.New(fsys, cfg, nil, &found); r != nil {
		pages := derive.Pages(site, tables)
		pass := r.Begin(site, tables)
		var buf bytes.Buffer
		for _, p := range pages {
			buf.Reset()
			pass.Page(&buf, p)
		}
		pass.Errors(pages, &found)
	}
	for _, d := range found {
		d.Msg = strings.Replace(d.Msg, " (rendering ", " (trying the layouts on a sample site, as the content has errors: rendering ", 1)
		*diags = append(*diags, d)
	}
}

// sampleSite is the site in fsys with its content replaced by one record
// of every kind and shape the layouts show: Resolutions of every body,
// one abrogated, related both ways; a study group of every Sector with a
// Question or a Working Party, related across Sectors; a group with a
// meeting, a document, a free page and the home page.
func sampleSite(fsys fs.FS, cfg *config.Config) fs.FS {
	files := fstest.MapFS{}
	add := func(name, text string) { files["content/"+name] = &fstest.MapFile{Data: []byte(text)} }
	add("_index.md", "+++\ntitle = \"Sample home\"\nsummary = \"A sample.\"\n+++\nThe home page.\n")
	add("pages/sample.md", "+++\ntitle = \"Sample page\"\n+++\nA page.\n")
	first := ""
	if len(cfg.Sectors) > 0 {
		first = cfg.Sectors[0].ID
	}
	add("areas/sample-a.md", fmt.Sprintf("+++\ntitle = \"Area A\"\nsummary = \"An area.\"\nweight = 1\nupdated = 2024-01-02\n\n[[coordinators]]\nname = \"A. Person\"\nsector = %q\nrole = \"focal point\"\n\n[[sources]]\ntitle = \"A source\"\nurl = \"https://example.org/a\"\n+++\nAbout A.\n", first))
	add("areas/sample-b.md", "+++\ntitle = \"Area B\"\n+++\n")
	var resSlugs []string
	for i, b := range cfg.Bodies {
		slug := strings.ToLower(b.ID) + "-1"
		related := ""
		if i > 0 {
			related = fmt.Sprintf("related = [%q]\n", resSlugs[0])
		}
		resSlugs = append(resSlugs, slug)
		add("resolutions/"+slug+".md", fmt.Sprintf("+++\nbody = %q\nnumber = \"1\"\ntitle = \"Resolution of %s\"\nrevision = \"Rev. City, 2022\"\nurl = \"https://example.org/r\"\nareas = [\"sample-a\", \"sample-b\"]\n%scoordination = %v\nupdated = 2024-01-02\n+++\nWhat it asks for.\n", b.ID, b.ID, related, i == 0))
		if i == 0 {
			add("resolutions/"+strings.ToLower(b.ID)+"-2.md", fmt.Sprintf("+++\nbody = %q\nnumber = \"2\"\ntitle = \"An abrogated one\"\nareas = [\"sample-a\"]\nstatus = \"abrogated\"\n+++\n", b.ID))
		}
	}
	// Study groups for the Sectors, not the General Secretariat (the first).
	sectors := cfg.Sectors
	if len(sectors) > 1 {
		sectors = sectors[1:]
	}
	var units []string
	for _, s := range sectors {
		if s.ID == "ITU-R" {
			units = append(units, s.ID+" WP 1A")
		} else {
			units = append(units, s.ID+" Q1/1")
		}
	}
	for i, s := range sectors {
		related := ""
		if i+1 < len(units) {
			related = fmt.Sprintf("related = [%q]\n", units[i+1])
		}
		unit := "[[questions]]\nnumber = \"1/1\"\n"
		if s.ID == "ITU-R" {
			unit = "[[working_parties]]\nnumber = \"1A\"\n"
		}
		add("study-groups/"+strings.ToLower(s.ID)+"-sg1.md", fmt.Sprintf("+++\nsector = %q\nnumber = \"1\"\ntitle = \"Study group of %s\"\nperiod = \"2022-2024\"\nareas = [\"sample-a\"]\nupdated = 2024-01-02\n\n%stitle = \"A unit\"\nareas = [\"sample-a\", \"sample-b\"]\n%s+++\nWhat it studies.\n", s.ID, s.ID, unit, related))
	}
	add("groups/sample-group.md", fmt.Sprintf("+++\ntitle = \"A group\"\nsummary = \"A group.\"\nsectors = [%q]\nareas = [\"sample-a\"]\n\n[[meetings]]\ndate = 2024-01-02\nplace = \"Geneva\"\nurl = \"https://example.org/m\"\nnote = \"A meeting.\"\n+++\n", first))
	add("documents/sample-document.md", fmt.Sprintf("+++\ntitle = \"A document\"\nsymbol = \"C1/1\"\ndate = 2024-01-02\nurl = \"https://example.org/d\"\nlanguage = %q\nareas = [\"sample-a\"]\n+++\n", cfg.DefaultLanguage))
	return sampleFS{fsys, files}
}

// sampleFS is a site's files with content/ replaced.
type sampleFS struct {
	site    fs.FS
	content fstest.MapFS
}

func (s sampleFS) Open(name string) (fs.File, error) {
	if name == "content" || strings.HasPrefix(name, "content/") {
		return s.content.Open(name)
	}
	return s.site.Open(name)
}
