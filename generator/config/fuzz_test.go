package config

// FuzzParse runs config.Parse on any text; `go test` runs it on its seeds
// only. How to fuzz longer: see the comment at the top of
// generator/model/fuzz_test.go, or
//
//	go test ./generator/config -run '^$' -fuzz '^FuzzParse$' -fuzztime 10m -parallel 1

import (
	"bytes"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/source"
)

// configSeeds are hand-made config.toml texts.
var configSeeds = []string{
	"",
	"baseURL = \"https://a/\"\ntitle = \"t\"\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\ndefaultLanguage = \"fr\"\n[languages.en]\nname = \"English\"\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\ndefaultLanguage = \"\"\n[languages.fr]\nname = \"F\"\n",
	"baseURL = \"https://a/sub\"\ntitle = \"t\"\n[languages.en]\nname = \"English\"\n",
	"baseURL = \"https://a/sub//\"\ntitle = \"t\"\n[languages.en]\nname = \"E\"\n",
	"baseURL = \"https://a/?q=1#f\"\ntitle = \"t\"\n[languages.en]\nname = \"E\"\n",
	"baseURL = \"https://a/?\"\ntitle = \"t\"\n[languages.en]\nname = \"E\"\n",
	"baseURL = \"https://a/x%2Fy/\"\ntitle = \"t\"\n[languages.en]\nname = \"E\"\n",
	"baseURL = \"https://a/b%20c\"\ntitle = \"t\"\n[languages.en]\nname = \"E\"\n",
	"baseURL = \"a/b\"\ntitle = \"\"\n",
	"baseURL = \"http://[::1\"\ntitle = \"t\"\n",
	"baseURL = \"%zz\"\ntitle = \"t\"\n",
	"baseURL = 1\ntitle = []\ndefaultLanguage = {}\nunsafeHTML = \"no\"\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\nlanguages = \"en\"\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\n[languages]\nen = \"English\"\nfr = { name = \"F\", direction = \"up\" }\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\nlanguages.en.name = \"English\"\nlanguages.en.direction = \"rtl\"\nlanguages.en.dir = 1\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\n[languages.\"\"]\nname = \"empty\"\n[languages.'a b']\nname = \"space\"\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\n[languages.en]\n[languages.en.sub]\nx = 1\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\n[[languages]]\nname = \"E\"\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\n[[sectors]]\nid = \"GS\"\nname = \"G\"\n[[sectors]]\nid = \"GS\"\nname = \"again\"\n[[sectors]]\n[[sectors]]\nid = 1\nname = \"n\"\nextra = true\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\nsectors = [{id = \"GS\", name = \"G\"}, 1, \"x\"]\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\n[sectors]\nid = \"GS\"\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\n[[bodies]]\nid = \"PP\"\nname = \"P\"\nsector = \"XX\"\n[[bodies]]\nid = \"PP\"\nname = \"P\"\nsector = \"\"\n[[bodies]]\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\nunknown = 1\n[table]\nkey = 2\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\ntitle = \"u\"\n",
	"baseURL = \"https://a/\"\r\ntitle = \"t\"\r\n[languages.en]\r\nname = \"E\"\r\n",
	"\xef\xbb\xbfbaseURL = \"https://a/\"\ntitle = \"t\"\n",
	"baseURL = \"https://a/\"\ntitle = \"\xff\"\n",
	"baseURL = \"https://a/\"\n\xfe = 1\n",
	"baseURL = \"https://a/\"\ntitle = \"t\"\nx = \"\"\"\nmulti\nline\"\"\"\nz = 'lit'\n",
	"baseURL = \"https://a/\"\ntitle = \"" + strings.Repeat("long ", 1000) + "\"\n",
	strings.Repeat("#", 5000) + "\nbaseURL = \n",
	"[",
	"[[",
	"a = ",
	"a = \"",
	"a = [1,\n",
}

func FuzzParse(f *testing.F) {
	realSrc, err := os.ReadFile("../../config.toml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(realSrc)
	f.Add(bytes.ReplaceAll(realSrc, []byte("\n"), []byte("\r\n")))
	f.Add(append([]byte("\xef\xbb\xbf"), realSrc...))
	// The real file without each of its [[sectors]], [[bodies]] and
	// [languages.*] sections in turn, and cut at each section.
	sections := strings.SplitAfter(string(realSrc), "\n\n")
	for i := range sections {
		f.Add([]byte(strings.Join(slices.Delete(slices.Clone(sections), i, i+1), "")))
		f.Add([]byte(strings.Join(sections[:i], "")))
	}
	for _, s := range configSeeds {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, raw []byte) {
		// As written, and as the build reads it (source.ReadFile).
		srcs := [][]byte{raw}
		if n := source.Normalize(raw); !bytes.Equal(n, raw) {
			srcs = append(srcs, n)
		}
		for _, src := range srcs {
			var diags diag.List
			c := Parse("config.toml", src, &diags)
			checkPositions(t, "config.toml", src, diags)

			var diags2 diag.List
			c2 := Parse("config.toml", src, &diags2)
			if !slices.Equal(diags, diags2) {
				t.Errorf("two parses of the same text disagree:\n%s\nthen:\n%s", diags, diags2)
			}
			if (c == nil) != (c2 == nil) {
				t.Errorf("two parses of the same text: one config nil, the other not")
			}

			if c == nil {
				if diags.Errors() == 0 {
					t.Fatalf("no config, and no error")
				}
				continue
			}
			if diags.Errors() > 0 {
				continue
			}
			checkConfig(t, src, c)
		}
	})
}

// checkConfig checks a config that parsed without an error.
func checkConfig(t *testing.T, src []byte, c *Config) {
	t.Helper()
	if len(c.Languages) == 0 {
		t.Fatalf("no languages, and no error")
	}
	if c.Language(c.DefaultLanguage) == nil {
		t.Errorf("defaultLanguage %q is not among the languages %v, and no error", c.DefaultLanguage, c.Languages)
	}
	if c.Languages[0].Code != c.DefaultLanguage {
		t.Errorf("the default language %q is not first: %v", c.DefaultLanguage, c.Languages)
	}
	seen := map[string]bool{}
	for _, l := range c.Languages {
		if seen[l.Code] {
			t.Errorf("language %q twice: %v", l.Code, c.Languages)
		}
		seen[l.Code] = true
	}
	// The default language (or "en", when none is set) has a table of its
	// own in [languages]: Parse, which makes one up to go on, has reported
	// an error otherwise.
	{
		var m struct {
			Languages map[string]any `toml:"languages"`
		}
		if _, err := toml.Decode(string(src), &m); err == nil {
			if _, ok := m.Languages[c.DefaultLanguage]; !ok {
				t.Errorf("defaultLanguage %q has no [languages.%s] table (languages written: %v), and no error", c.DefaultLanguage, c.DefaultLanguage, m.Languages)
			}
		}
	}

	// A baseURL with a query or a fragment is an error, and the base path
	// keeps its escapes ("https://a/x%2Fy/" is "/x%2Fy/", not "/x/y/").
	if u, err := url.Parse(c.BaseURL); err == nil {
		if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
			t.Errorf("baseURL %q has a query or a fragment, and no error", c.BaseURL)
		}
		if p := u.EscapedPath(); c.BasePath != strings.TrimSuffix(p, "/")+"/" {
			t.Errorf("BasePath %q, but baseURL's path is %q", c.BasePath, p)
		}
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		t.Errorf("BaseURL %q does not end in /", c.BaseURL)
	}
	if !strings.HasPrefix(c.BasePath, "/") || !strings.HasSuffix(c.BasePath, "/") {
		t.Errorf("BasePath %q does not start and end with /", c.BasePath)
	}
	for i, s := range c.Sectors {
		if s.Index != i {
			t.Errorf("sector %q at %d has Index %d", s.ID, i, s.Index)
		}
		if c.Sector(s.ID) != &c.Sectors[i] {
			t.Errorf("sector %q twice", s.ID)
		}
	}
	for i, b := range c.Bodies {
		if b.Index != i {
			t.Errorf("body %q at %d has Index %d", b.ID, i, b.Index)
		}
		if c.Body(b.ID) != &c.Bodies[i] {
			t.Errorf("body %q twice", b.ID)
		}
		if c.Sector(b.Sector) == nil {
			t.Errorf("body %q of unknown sector %q, and no error", b.ID, b.Sector)
		}
	}
}

// checkPositions checks that every diagnostic points into src, the text
// of file: File set, Line from 0 up to one past the last line, Col from 0
// up to one past the end of its line (in bytes), and no Col without a Line.
// (The same as in generator/model/fuzz_test.go.)
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
