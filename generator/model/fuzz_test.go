// Fuzz tests of the front matter: source.Split, then Decode, for every
// content kind, and of the designation parser canonical.
//
// Plain `go test ./...` runs every target on its seeds only: the real
// files of content/ and config.toml, the hand-made inputs below, and the
// corpus files under testdata/fuzz/<FuzzName>/. To fuzz longer, run one
// target at a time (-fuzz takes one target; a run that finds a failing
// input writes it under testdata/fuzz/<FuzzName>/ and stops):
//
//	go test ./generator/model  -run '^$' -fuzz '^FuzzDecode$'    -fuzztime 10m -parallel 1
//	go test ./generator/model  -run '^$' -fuzz '^FuzzCanonical$' -fuzztime 10m -parallel 1
//	go test ./generator/config -run '^$' -fuzz '^FuzzParse$'     -fuzztime 10m -parallel 1
//	go test ./generator/source -run '^$' -fuzz '^FuzzSplit$'     -fuzztime 10m -parallel 1
//
// -parallel sets the number of fuzzing workers (default: GOMAXPROCS); drop
// it on an idle machine. -fuzztime also takes a count: -fuzztime 1000000x.
// Inputs the fuzzer finds interesting stay in $(go env GOCACHE)/fuzz, so
// a later run starts from where the last one got to. To replay one input:
//
//	go test ./generator/model -run '^FuzzDecode$/<file name under testdata/fuzz/FuzzDecode>' -v
package model

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/source"
)

// fuzzPaths are the files a fuzzed input is decoded as, chosen by the
// input's first argument (modulo the length): every kind, as .md and as
// .toml, the home page, and translations (one in a language config.toml
// lists, one in the default language, one in a language it does not).
var fuzzPaths = []string{
	"content/areas/fuzz-1.md",
	"content/resolutions/fuzz-1.md",
	"content/study-groups/fuzz-1.md",
	"content/groups/fuzz-1.md",
	"content/documents/fuzz-1.md",
	"content/pages/fuzz-1.md",
	"content/_index.md",
	"content/areas/fuzz-1.toml",
	"content/resolutions/fuzz-1.toml",
	"content/study-groups/fuzz-1.toml",
	"content/groups/fuzz-1.toml",
	"content/documents/fuzz-1.toml",
	"content/pages/fuzz-1.toml",
	"content/areas/fuzz-1.fr.md",
	"content/study-groups/fuzz-1.fr.md",
	"content/pages/fuzz-1.ar.md",
	"content/areas/fuzz-1.ar.md",
	"content/areas/fuzz-1.es.md",
	"content/areas/fuzz-1.zh.md",
	"content/areas/fuzz-1.ru.md",
	"content/pages/fuzz-1.fr.md",
	"content/documents/fuzz-1.fr.md",
	"content/_index.fr.md",
	"content/areas/fuzz-1.en.md", // the default language: an error
	"content/areas/fuzz-1.xx.md", // not in config.toml: an error
}

// fuzzPathIndex is the index in fuzzPaths of the path of the same kind,
// format and language as p (a real content file's path).
func fuzzPathIndex(t testing.TB, p string) uint8 {
	var diags diag.List
	f, ok := source.Classify(p, &diags)
	if !ok {
		t.Fatalf("%s: %s", p, diags)
	}
	for i, q := range fuzzPaths {
		g, _ := source.Classify(q, &diags)
		if g.Kind == f.Kind && g.Format == f.Format && g.Lang == f.Lang {
			return uint8(i)
		}
	}
	t.Fatalf("%s: no path of its kind in fuzzPaths", p)
	return 0
}

// fuzzConfig parses the site's own config.toml.
func fuzzConfig(t testing.TB) *config.Config {
	src, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	cfg := config.Parse("config.toml", source.Normalize(src), &diags)
	if cfg == nil || len(diags) > 0 {
		t.Fatalf("config.toml: %s", diags)
	}
	return cfg
}

// contentFiles reads every file under ../../content, keyed by its path
// from the site root.
func contentFiles(t testing.TB) map[string][]byte {
	files := map[string][]byte{}
	err := filepath.WalkDir("../../content", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel("../..", p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no files in ../../content")
	}
	return files
}

// decodeSeeds are hand-made inputs, each with the path it decodes as.
var decodeSeeds = []struct {
	path, src string
}{
	// Splitting.
	{"content/pages/fuzz-1.md", ""},
	{"content/pages/fuzz-1.md", "+++"},
	{"content/pages/fuzz-1.md", "+++\n"},
	{"content/pages/fuzz-1.md", "+++\n+++"},
	{"content/pages/fuzz-1.md", "+++\ntitle = \"T\"\n+++"},
	{"content/pages/fuzz-1.md", "+++ \t\ntitle = \"T\"\n+++\t \nbody\n"},
	{"content/pages/fuzz-1.md", "+++\ntitle = \"T\"\n"},                    // never closed
	{"content/pages/fuzz-1.md", "+++\ntitle = \"T\"\n++++\nbody\n"},        // never closed
	{"content/pages/fuzz-1.md", "title = \"T\"\n+++\nbody\n"},              // never opened
	{"content/pages/fuzz-1.md", "\n+++\ntitle = \"T\"\n+++\n"},             // blank line first
	{"content/pages/fuzz-1.md", "+++\r\ntitle = \"T\"\r\n+++\r\nbody\r\n"}, // CRLF
	{"content/pages/fuzz-1.md", "\xef\xbb\xbf+++\ntitle = \"T\"\n+++\n"},   // BOM
	{"content/pages/fuzz-1.md", "\xef\xbb\xbf\xef\xbb\xbf+++\ntitle = \"T\"\n+++\n"},
	{"content/pages/fuzz-1.md", "+++\r\r\ntitle = \"T\"\r\n+++\r\n"},
	{"content/pages/fuzz-1.md", "+++\ntitle = \"\"\"\n+++\n\"\"\"\n+++\nbody\n"}, // +++ inside a string
	{"content/pages/fuzz-1.md", "+++\ntitle = \"T\"\n+++\n+++\nmore\n+++\n"},

	// TOML errors, at the ends of lines and of the file.
	{"content/pages/fuzz-1.md", "+++\ntitle = \n+++\n"},
	{"content/pages/fuzz-1.md", "+++\ntitle = \"T\n+++\n"},
	{"content/pages/fuzz-1.md", "+++\ntitle = \"\"\"T\n+++\n"},
	{"content/pages/fuzz-1.md", "+++\n[\n+++\n"},
	{"content/pages/fuzz-1.md", "+++\n[[\n+++\n"},
	{"content/pages/fuzz-1.md", "+++\ntitle = \"T\"\ntitle = \"U\"\n+++\n"},
	{"content/pages/fuzz-1.toml", "title = "},
	{"content/pages/fuzz-1.toml", "title = \"T"},
	{"content/pages/fuzz-1.toml", "title = [1,\n"},
	{"content/pages/fuzz-1.toml", "title = {a = 1"},
	{"content/pages/fuzz-1.toml", "title = \"T\"\n\n\n"},
	{"content/pages/fuzz-1.toml", "title = \"T\" x\n"},
	{"content/pages/fuzz-1.toml", "title = 'T'\rsummary = 'S'\n"}, // a lone CR

	// Invalid UTF-8, in a value, a key, a comment and the body.
	{"content/pages/fuzz-1.md", "+++\ntitle = \"\xff\xfe\"\n+++\n"},
	{"content/pages/fuzz-1.md", "+++\n\"ti\xc3tle\" = \"T\"\n+++\n"},
	{"content/pages/fuzz-1.md", "+++\ntitle = \"T\" # \x80\n+++\n"},
	{"content/pages/fuzz-1.md", "+++\ntitle = \"T\"\n+++\n\xff\xfe body\n"},
	{"content/pages/fuzz-1.toml", "ti\xfftle = \"T\"\n"},

	// Very long lines.
	{"content/pages/fuzz-1.md", "+++\ntitle = \"" + strings.Repeat("a", 5000) + "\"\n+++\n"},
	{"content/pages/fuzz-1.md", "+++\ntitle = \"T\"\n" + strings.Repeat("x", 5000) + " = 1\n+++\n"},
	{"content/pages/fuzz-1.md", "+++\ntitle = \"T\"\n+++\n" + strings.Repeat("body ", 1000) + "\n"},

	// Types, dotted keys, sub-tables, unknown keys.
	{"content/areas/fuzz-1.md", "+++\ntitle = 1\nsummary = true\nshort = []\nupdated = \"2024-01-01\"\nweight = 1.5\n+++\n"},
	{"content/areas/fuzz-1.md", "+++\ntitle = \"T\"\ntitel = \"T\"\nweight = \"1\"\n+++\n"},
	{"content/areas/fuzz-1.md", "+++\ntitle = \"T\"\ncoordinators.name = \"N\"\n+++\n"},
	{"content/areas/fuzz-1.md", "+++\ntitle = \"T\"\n[coordinators]\nname = \"N\"\n+++\n"},
	{"content/areas/fuzz-1.md", "+++\ntitle = \"T\"\n[[coordinators]]\nname = \"N\"\nsector = \"ITU-X\"\nrole = 1\nphone = \"1\"\n[[coordinators]]\n+++\n"},
	{"content/areas/fuzz-1.md", "+++\ntitle = \"T\"\ncoordinators = [{name = \"N\", sektor = \"GS\"}, 1, \"x\"]\n+++\n"},
	{"content/areas/fuzz-1.md", "+++\ntitle = \"T\"\na.b.c = 1\n\"a b\".'c' = 2\n[x.y]\nz = 3\n[x]\nw = 4\n+++\n"},
	{"content/areas/fuzz-1.md", "+++\ntitle = \"T\"\n[[sources]]\ntitle = \"S\"\nurl = \"ftp://x\"\n[[sources]]\nurl = \"https://\"\nnote = 1\n[[sources]]\nurl = \"http://a b\"\nextra = 2\n+++\n"},
	{"content/areas/fuzz-1.md", "+++\ntitle = \"T\"\nsources = {title = \"S\"}\n+++\n"},
	{"content/areas/fuzz-1.md", "+++\ntitle = \"T\"\nsources = [\n  {title = \"S\", url = \"x\"},\n  # c\n  {url = 1}, 2,\n]\n+++\n"},
	{"content/resolutions/fuzz-1.md", "+++\nbody = \"XX\"\nnumber = \"1\"\ntitle = \"T\"\nareas = []\nstatus = \"gone\"\nurl = \"itu.int\"\nrelated = [1, \"a\"]\ncoordination = \"yes\"\n+++\n"},
	{"content/resolutions/fuzz-1.md", "+++\nbody = \"PP\"\nnumber = \" \"\ntitle = \"T\"\nareas = [\"a\", 2, [\"b\"]]\nstatus = \"abrogated\"\n+++\n"},
	{"content/resolutions/fuzz-1.md", "+++\nbody = \"PP\"\nnumber = \"1\"\ntitle = \"T\"\nareas = \"a\"\n+++\n"},
	{"content/study-groups/fuzz-1.toml", "sector = \"ITU-R\"\nnumber = \"1\"\ntitle = \"T\"\n[[questions]]\nnumber = \"1/1\"\ntitle = \"Q\"\nfoo = 1\n"},
	{"content/study-groups/fuzz-1.toml", "sector = \"ITU-T\"\nnumber = \"5\"\ntitle = \"T\"\n[[questions]]\nnumber = \"3/5\"\ntitle = \"Q\"\nareas = [\"a\"]\nrelated = [\"ITU-R WP 1C\"]\nrapporteur = \"R\"\n[[questions]]\nnumber = \"3/6\"\n[[working_parties]]\nnumber = \"1\"\ntitle = \"W\"\n"},
	{"content/study-groups/fuzz-1.toml", "sector = \"ITU-R\"\nnumber = \"1\"\ntitle = \"T\"\n[[working_parties]]\nnumber = \"1C\"\ntitle = \"W\"\n[[working_parties]]\nnumber = \"11\"\ntitle = \"W\"\n[[working_parties]]\nnumber = \"2A\"\ntitle = \"W\"\n"},
	{"content/study-groups/fuzz-1.toml", "sector = \"ITU-D\"\nnumber = \"2\"\ntitle = \"T\"\nquestions = [{number = \"7/2\", title = \"Q\"}, {number = 7}]\n"},
	{"content/study-groups/fuzz-1.toml", "sector = \"ITU-D\"\nnumber = \"2\"\ntitle = \"T\"\n[questions]\nnumber = \"7/2\"\n"},
	{"content/study-groups/fuzz-1.toml", "sector = \"ITU-D\"\nnumber = \"2\"\ntitle = \"T\"\n[[questions]]\nnumber = \"7 / 2\"\ntitle = \"Q\"\n"},
	{"content/study-groups/fuzz-1.toml", "sector = \"ITU-D\"\nnumber = \"2\"\ntitle = \"T\"\n[[ questions ]]\nnumber = \"7/2\"\ntitle = \"Q\"\n[[ \"questions\" ]]\nnumber = \"8/2\"\ntitle = \"Q\"\n"},
	{"content/study-groups/fuzz-1.toml", "sector = \"GS\"\nnumber = \"\"\ntitle = \"T\"\nperiod = 2022\n"},
	{"content/study-groups/fuzz-1.toml", "sector = \"ITU-D\"\nnumber = \" 2\"\ntitle = \"T\"\n"},
	{"content/study-groups/fuzz-1.toml", "sector = \"ITU-D\"\nnumber = \"2\"\ntitle = \"T\"\n[[questions]]\nnumber = \" 7/2\"\ntitle = \"Q\"\n"},
	{"content/study-groups/fuzz-1.toml", "sector = \"ITU-R\"\nnumber = \"1\"\ntitle = \"T\"\n[[working_parties]]\nnumber = \"1 C\"\ntitle = \"W\"\n"},
	{"content/groups/fuzz-1.md", "+++\ntitle = \"T\"\nsectors = [\"GS\", \"ITU-X\", 3]\n[[meetings]]\ndate = 2021-09-01\nplace = \"P\"\nurl = \"https://x.org/\"\n[[meetings]]\ndate = \"2021-09-01\"\ntime = 10:00:00\n[[meetings]]\ndate = 2021-09-01T10:00:00Z\n+++\n"},
	{"content/documents/fuzz-1.md", "+++\ntitle = \"T\"\nsymbol = \"S\"\ndate = 2018-03-29\nlanguage = \"de\"\nareas = [\"a\",]\n+++\n"},
	{"content/documents/fuzz-1.md", "+++\ntitle = \"T\"\ndate = 1979-05-27T07:32:00\nlanguage = \"fr\"\n+++\n"},
	{"content/_index.md", "+++\ntitle = \"T\"\nweight = 1\n+++\n"},
	{"content/_index.md", "+++\ntitle = \"T\"\n[[sources]]\ntitle = \"S\"\n+++\nbody\n"},

	// Translations.
	{"content/areas/fuzz-1.fr.md", "+++\ntitle = \"T\"\nsummary = \"S\"\nshort = \"s\"\n+++\nCorps\n"},
	{"content/areas/fuzz-1.fr.md", "+++\ntitle = \"T\"\nweight = 3\n[[coordinators]]\nname = \"N\"\n+++\n"},
	{"content/areas/fuzz-1.fr.md", "+++\n+++\n"},
	{"content/areas/fuzz-1.fr.md", "+++\ntitle = 1\n+++\n"},
	{"content/areas/fuzz-1.fr.md", "+++\ntitle = \"T\"\n"},
	{"content/_index.fr.md", "+++\ntitle = \"T\"\n+++\n"},
	{"content/pages/fuzz-1.ar.md", "+++\ntitle = \"عنوان\"\n+++\nنص\n"},
	{"content/areas/fuzz-1.en.md", "+++\ntitle = \"T\"\n+++\n"},
	{"content/areas/fuzz-1.xx.md", "+++\ntitle = \"T\"\n+++\n"},
}

func FuzzDecode(f *testing.F) {
	cfg := fuzzConfig(f)
	files := contentFiles(f)
	for _, p := range slices.Sorted(maps.Keys(files)) {
		src := files[p]
		i := fuzzPathIndex(f, p)
		f.Add(i, src)
		switch strings.TrimSuffix(strings.TrimSuffix(p, ".md"), ".toml") {
		case "content/_index", "content/study-groups/itu-t-sg5", "content/areas/accessibility":
			// The same, with CRLF line ends and a byte-order mark.
			crlf := bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
			f.Add(i, crlf)
			f.Add(i, append([]byte("\xef\xbb\xbf"), src...))
			// And as a translation of the same kind, when it is Markdown.
			if tr := slices.Index(fuzzPaths, strings.TrimSuffix(fuzzPaths[i], ".md")+".fr.md"); tr >= 0 {
				f.Add(uint8(tr), src)
			}
		}
	}
	for _, s := range decodeSeeds {
		i := slices.Index(fuzzPaths, s.path)
		if i < 0 {
			f.Fatalf("seed path %s is not in fuzzPaths", s.path)
		}
		f.Add(uint8(i), []byte(s.src))
	}
	sectorIDs := cfg.SectorIDs()

	f.Fuzz(func(t *testing.T, which uint8, raw []byte) {
		p := fuzzPaths[int(which)%len(fuzzPaths)]
		src := source.Normalize(raw) // as source.ReadFile does

		decode := func() (source.File, any, diag.List) {
			var diags diag.List
			file, ok := source.Classify(p, &diags)
			if !ok {
				t.Fatalf("%s: %s", p, diags)
			}
			file.Broken = !source.Split(&file, src, &diags) // as source.ReadOne does
			rec := Decode(cfg, &file, &diags)
			return file, rec, diags
		}
		file, rec, diags := decode()

		checkPositions(t, p, src, diags)

		// Determinism: the same input gives the same diagnostics, in
		// the same order.
		_, rec2, diags2 := decode()
		if !slices.Equal(diags, diags2) {
			t.Errorf("two decodes of the same input disagree:\n%s\nthen:\n%s", diags, diags2)
		}
		if (rec == nil) != (rec2 == nil) || reflect.TypeOf(rec) != reflect.TypeOf(rec2) {
			t.Errorf("two decodes of the same input give %T, then %T", rec, rec2)
		}

		errs := diags.Errors()
		if file.Lang != "" {
			if rec == nil {
				if errs == 0 {
					t.Fatalf("a translation decoded to nil without an error")
				}
				return
			}
			tr, ok := rec.(*Translation)
			if !ok {
				t.Fatalf("a translation decoded to %T, not *Translation", rec)
			}
			if errs == 0 && (tr.Slug != file.Slug || tr.Kind != file.Kind || tr.Lang != file.Lang || tr.File != p) {
				t.Errorf("translation is %s/%s.%s (%s), want %s/%s.%s (%s)", tr.Kind, tr.Slug, tr.Lang, tr.File, file.Kind, file.Slug, file.Lang, p)
			}
			return
		}

		r, ok := rec.(Record)
		if !ok || rec == nil || reflect.ValueOf(rec).IsNil() {
			t.Fatalf("%s decoded to %T (%v), not a record", p, rec, rec)
		}
		wantType := map[string]string{
			"areas": "*model.Area", "resolutions": "*model.Resolution", "study-groups": "*model.StudyGroup",
			"groups": "*model.Group", "documents": "*model.Document", "pages": "*model.Page", "home": "*model.Page",
		}[file.Kind]
		if got := reflect.TypeOf(rec).String(); got != wantType {
			t.Errorf("%s decoded to %s, want %s", p, got, wantType)
		}
		m := r.Base()
		if errs == 0 {
			if m.Kind != file.Kind || m.Slug != file.Slug || m.File != p || m.Key() != file.Kind+"/"+file.Slug || m.Broken {
				t.Errorf("record is %q/%q (file %q, key %q, broken %v), want %q/%q (file %q)",
					m.Kind, m.Slug, m.File, m.Key(), m.Broken, file.Kind, file.Slug, p)
			}
		}
		if m.Broken && errs == 0 {
			t.Errorf("a broken record without an error")
		}

		// A study group without errors: each unit's designation, as
		// Designation writes it, parses back to the key Link files the
		// unit under, so a `related` reference that copies it finds it.
		if sg, ok := rec.(*StudyGroup); ok && errs == 0 {
			if sg.Sector == nil || sg.Unit == nil {
				t.Fatalf("a study group without errors has no Sector or no Unit")
			}
			for _, u := range append([]*Unit{sg.Unit}, sg.Units...) {
				if u.SG != sg || u.names == nil {
					t.Errorf("unit %q: SG %p (want %p), names %v", u.Number, u.SG, sg, u.names)
					continue
				}
				d := u.Designation()
				if k, ok := canonical(d, sectorIDs); !ok || k != u.key() {
					t.Errorf("canonical(%q) = %q, %v; want the unit's key %q", d, k, ok, u.key())
				}
			}
		}
	})
}

// checkPositions checks that every diagnostic points into src, the text
// of file: File set, Line from 0 up to one past the last line, Col from 0
// up to one past the end of its line (in bytes), and no Col without a Line.
func checkPositions(t *testing.T, file string, src []byte, diags diag.List) {
	t.Helper()
	lines := bytes.Split(src, []byte("\n"))
	for _, d := range diags {
		p := d.Pos
		if p.File != file {
			t.Errorf("diagnostic %q has File %q, want %q", d, p.File, file)
		}
		if p.Line < 0 || p.Line > len(lines)+1 {
			t.Errorf("diagnostic %q: line %d, but the input has %d lines", d, p.Line, len(lines))
			continue
		}
		lineLen := 0
		if p.Line >= 1 && p.Line <= len(lines) {
			lineLen = len(lines[p.Line-1])
		}
		if p.Col < 0 || p.Col > lineLen+1 {
			t.Errorf("diagnostic %q: column %d, but line %d is %d bytes long", d, p.Col, p.Line, lineLen)
		}
		if p.Line == 0 && p.Col != 0 {
			t.Errorf("diagnostic %q: column %d without a line", d, p.Col)
		}
	}
}

func hasSpace(s string) bool { return strings.IndexFunc(s, unicode.IsSpace) >= 0 }

// canonicalSectors are the sector ids of the site's config.toml.
var canonicalSectors = []string{"GS", "ITU-R", "ITU-T", "ITU-D"}

func TestCanonical(t *testing.T) {
	for _, tc := range []struct {
		text, key string
		ok        bool
	}{
		{"ITU-T Q3/5", "ITU-T Q3/5", true},
		{"ITU-T Q 3/5", "ITU-T Q3/5", true},
		{"ITU-R WP 1C", "ITU-R WP1C", true},
		{"ITU-R WP1C", "ITU-R WP1C", true},
		{"ITU-D Q7/2", "ITU-D Q7/2", true},
		{"ITU-T SG5", "ITU-T SG5", true},
		{"ITU-T SG 5", "ITU-T SG5", true},
		{"  ITU-T \t SG\n5 ", "ITU-T SG5", true},
		{"ITU-T\u00a0SG5", "ITU-T SG5", true}, // a no-break space is white space too
		{"GS SG1", "GS SG1", true},
		{"ITU-T SG", "", false},
		{"ITU-T SG ", "", false},
		{"ITU-T Q3 / 5", "", false},
		{"ITU-T WP 1 C", "", false},
		{"ITU-T", "", false},
		{"ITU-T ", "", false},
		{"ITU-TSG5", "", false},
		{"ITU-X SG5", "", false},
		{"itu-t sg5", "", false},
		{"ITU-T Study Group 5", "", false},
		{"SG5", "", false},
		{"", "", false},
	} {
		key, ok := canonical(tc.text, canonicalSectors)
		if key != tc.key || ok != tc.ok {
			t.Errorf("canonical(%q) = %q, %v; want %q, %v", tc.text, key, ok, tc.key, tc.ok)
		}
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{
		"ITU-T Q3/5", "ITU-R WP 1C", "ITU-D Q7/2", "ITU-T SG5", "ITU-T SG 5", "GS SG1",
		"ITU-T SG", "ITU-T Q3 / 5", "ITU-T  Q\t3/5 ", "ITU-T\u00a0SG5", "ITU-T\u2028Q1/5",
		"ITU-R WPSG", "ITU-R SGWP 1", "ITU-T QQ", "ITU-T Q\xff", "\xffITU-T Q1", "ITU-T",
		"ITU-R WP 1C ITU-T Q3/5", strings.Repeat("ITU-T Q", 1000),
	} {
		f.Add(s, "")
		f.Add(s, "ITU")
	}
	f.Add("ITU T Q5", "ITU T")
	f.Add("A B Q5", "A")
	f.Add("X Q SG5", "X Q")
	files := contentFiles(f)
	for _, p := range slices.Sorted(maps.Keys(files)) {
		// The related designations the real study groups write.
		for _, line := range strings.Split(string(files[p]), "\n") {
			if rest, ok := strings.CutPrefix(line, "related = "); ok && strings.Contains(rest, "ITU-") {
				for _, part := range strings.Split(strings.Trim(rest, "[]"), ",") {
					f.Add(strings.Trim(strings.TrimSpace(part), `"`), "")
				}
			}
		}
	}

	f.Fuzz(func(t *testing.T, text, extra string) {
		// The real sectors, and then with one more (any text) as a
		// config.toml could declare.
		for _, sectors := range [][]string{canonicalSectors, append(slices.Clip(canonicalSectors), extra)} {
			key, ok := canonical(text, sectors)
			if !ok {
				if key != "" {
					t.Errorf("canonical(%q, %q) = %q, false: a key with not ok", text, sectors, key)
				}
				continue
			}
			// The key is the sector, a space, the level and the number.
			var sector string
			for _, s := range sectors {
				if strings.HasPrefix(key, s+" ") {
					sector = s
					break
				}
			}
			if sector == "" {
				t.Errorf("canonical(%q, %q) = %q: no sector starts it", text, sectors, key)
				continue
			}
			rest := key[len(sector)+1:]
			if !strings.HasPrefix(rest, "WP") && !strings.HasPrefix(rest, "SG") && !strings.HasPrefix(rest, "Q") {
				t.Errorf("canonical(%q, %q) = %q: no level WP, SG or Q after the sector", text, sectors, key)
			}
			if strings.Count(key, " ") != strings.Count(sector, " ")+1 {
				t.Errorf("canonical(%q, %q) = %q: white space in its level or number", text, sectors, key)
			}
			// Idempotent: a key is a designation, and its own key.
			if again, ok := canonical(key, sectors); !ok || again != key {
				t.Errorf("canonical(%q, %q) = %q, but canonical(%q) = %q, %v", text, sectors, key, key, again, ok)
			}
			// White space does not matter, only where it separates.
			if spaced, ok := canonical(" "+strings.ReplaceAll(text, " ", " \t ")+"\n", sectors); !ok || spaced != key {
				t.Errorf("canonical(%q, %q) = %q, but with more white space %q, %v", text, sectors, key, spaced, ok)
			}
		}

		// A unit's Designation parses to its key, whatever its number
		// (without white space: see FuzzDecode) and level.
		if text == "" || hasSpace(text) {
			return
		}
		for _, id := range canonicalSectors {
			sg := &StudyGroup{Sector: &config.Sector{ID: id}, Number: text}
			for _, kind := range []UnitKind{UnitSG, UnitQuestion, UnitWP} {
				u := &Unit{Kind: kind, SG: sg, Number: text}
				u.name()
				d := u.Designation()
				if k, ok := canonical(d, canonicalSectors); !ok || k != u.key() {
					t.Errorf("unit %q of kind %d: canonical(%q) = %q, %v; want its key %q", text, kind, d, k, ok, u.key())
				}
			}
		}
	})
}
