package model

import (
	"testing"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/source"
)

func decodeText(t *testing.T, cfg *config.Config, path, text string) any {
	t.Helper()
	var diags diag.List
	f, ok := source.Classify(path, &diags)
	if !ok || !source.Split(&f, []byte(text), &diags) {
		t.Fatalf("%s: %s", path, diags)
	}
	rec := Decode(cfg, &f, &diags)
	if len(diags) > 0 {
		t.Fatalf("%s: %s", path, diags)
	}
	return rec
}

func TestPatch(t *testing.T) {
	var diags diag.List
	cfg := config.Parse("config.toml", []byte(`baseURL = "https://example.org/"
title = "T"
[languages.en]
name = "English"
[[sectors]]
id = "GS"
name = "General Secretariat"
[[sectors]]
id = "ITU-T"
name = "Standardization"
[[bodies]]
id = "PP"
name = "Plenipotentiary"
sector = "GS"
`), &diags)
	if cfg == nil || len(diags) > 0 {
		t.Fatal(diags)
	}
	const res = "+++\nbody = \"PP\"\nnumber = \"1\"\ntitle = \"One\"\nareas = [\"a\"]\n+++\nText.\n"
	const sg = "sector = \"ITU-T\"\nnumber = \"5\"\ntitle = \"SG5\"\n\n[[questions]]\nnumber = \"1/5\"\ntitle = \"Q\"\nareas = [\"a\"]\n"
	tests := []struct {
		name, path, old, new string
		ok                   bool
		want                 Changes
	}{
		{"body", "content/resolutions/pp-1.md", res, res + "More.\n", true, ChangedBody},
		{"title", "content/resolutions/pp-1.md", res, "+++\nbody = \"PP\"\nnumber = \"1\"\ntitle = \"Uno\"\nareas = [\"a\"]\n+++\nText.\n", true, ChangedText},
		{"revision", "content/resolutions/pp-1.md", res, "+++\nbody = \"PP\"\nnumber = \"1\"\ntitle = \"One\"\nrevision = \"Rev. X\"\nareas = [\"a\"]\n+++\nText.\n", true, ChangedText | ChangedBody}, // the body starts a line later
		{"references moved a line down", "content/resolutions/pp-1.md", res, "+++\nbody = \"PP\"\nnumber = \"1\"\n\ntitle = \"One\"\nareas = [\"a\"]\n+++\nText.\n", true, ChangedText | ChangedBody},
		{"areas", "content/resolutions/pp-1.md", res, "+++\nbody = \"PP\"\nnumber = \"1\"\ntitle = \"One\"\nareas = [\"b\"]\n+++\nText.\n", false, 0},
		{"number", "content/resolutions/pp-1.md", res, "+++\nbody = \"PP\"\nnumber = \"2\"\ntitle = \"One\"\nareas = [\"a\"]\n+++\nText.\n", false, 0},
		{"coordination", "content/resolutions/pp-1.md", res, "+++\nbody = \"PP\"\nnumber = \"1\"\ntitle = \"One\"\ncoordination = true\nareas = [\"a\"]\n+++\nText.\n", false, 0},
		{"unit title", "content/study-groups/t-sg5.toml", sg, sg[:len(sg)-len("title = \"Q\"\nareas = [\"a\"]\n")] + "title = \"Question\"\nareas = [\"a\"]\n", true, ChangedText},
		{"unit areas", "content/study-groups/t-sg5.toml", sg, sg[:len(sg)-len("areas = [\"a\"]\n")] + "areas = [\"b\"]\n", false, 0},
		{"group title orders groups", "content/groups/g.md", "+++\ntitle = \"G\"\n+++\n", "+++\ntitle = \"H\"\n+++\n", true, ChangedText | ChangedOrder},
		{"document date orders documents", "content/documents/d.md", "+++\ntitle = \"D\"\ndate = 2020-01-01\n+++\n", "+++\ntitle = \"D\"\ndate = 2021-01-01\n+++\n", true, ChangedText | ChangedOrder},
		{"group summary", "content/groups/g.md", "+++\ntitle = \"G\"\n+++\n", "+++\ntitle = \"G\"\nsummary = \"S\"\n+++\n", true, ChangedText | ChangedBody},
		{"nothing", "content/areas/a.md", "+++\ntitle = \"A\"\n+++\n", "+++\ntitle = \"A\"\n+++\n", true, 0},
		{"area weight", "content/areas/a.md", "+++\ntitle = \"A\"\n+++\n", "+++\ntitle = \"A\"\nweight = 2\n+++\n", false, 0},
	}
	for _, tt := range tests {
		old := decodeText(t, cfg, tt.path, tt.old)
		// Linked, as in a site: the links must survive the patch.
		var ld diag.List
		area := decodeText(t, cfg, "content/areas/a.md", "+++\ntitle = \"A\"\n+++\n")
		site := Link(cfg, []any{old, area}, &ld)
		_ = site
		before := old.(Record).Base().Title
		var unit *Unit
		if s, ok := old.(*StudyGroup); ok && len(s.Units) > 0 {
			unit = s.Units[0]
		}
		got, ok := Patch(old, decodeText(t, cfg, tt.path, tt.new))
		if ok != tt.ok || got != tt.want {
			t.Errorf("%s: Patch = %b, %v; want %b, %v", tt.name, got, ok, tt.want, tt.ok)
			continue
		}
		if !ok && old.(Record).Base().Title != before {
			t.Errorf("%s: a refused patch changed the record", tt.name)
		}
		switch r := old.(type) {
		case *Resolution:
			if ok && (len(r.Areas) != 1 || r.Areas[0] != area) {
				t.Errorf("%s: the patch lost the links: %v", tt.name, r.Areas)
			}
		case *StudyGroup:
			if ok && (r.Units[0] != unit || len(unit.Areas) != 1 || unit.SG != r) {
				t.Errorf("%s: the patch replaced the unit or lost its links", tt.name)
			}
		}
	}
}
