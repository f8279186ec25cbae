package source

// FuzzSplit runs Normalize and Split on any text; `go test` runs it on its
// seeds only. How to fuzz longer: see the comment at the top of
// generator/model/fuzz_test.go, or
//
//	go test ./generator/source -run '^$' -fuzz '^FuzzSplit$' -fuzztime 10m -parallel 1

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"itu.int/iscsite/generator/diag"
)

func FuzzSplit(f *testing.F) {
	err := filepath.WalkDir("../../content", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f.Add(strings.HasSuffix(p, ".toml"), b)
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"", "\n", "+++", "+++\n", "+++\n+++", "+++\n+++\n", "+++\n+++\nbody", "+++ \t\nx = 1\n+++\t \nbody\n",
		"+++\nx = 1\n", "+++\nx = 1\n++++\n", " +++\n+++\n", "x = 1\n+++\n", "\n+++\n+++\n",
		"+++\r\nx = 1\r\n+++\r\nbody\r\n", "\xef\xbb\xbf+++\nx = 1\n+++\n", "\xef\xbb\xbf\xef\xbb\xbf+++\n+++\n",
		"+++\r\r\n+++\r\n", "+++\rx = 1\r+++\r", "+++\nx = 1\n+++\n+++\nmore\n+++\n", "+++\n\xff\n+++\n\xfe",
		"+++\n" + strings.Repeat("a", 5000) + "\n+++\n" + strings.Repeat("b", 5000),
	} {
		f.Add(false, []byte(s))
	}

	f.Fuzz(func(t *testing.T, isTOML bool, raw []byte) {
		// Normalize keeps every line, and each line but for one '\r' at
		// its end (and the byte-order mark that may start the first).
		src := Normalize(raw)
		rawLines, lines := bytes.Split(raw, []byte("\n")), bytes.Split(src, []byte("\n"))
		if len(rawLines) != len(lines) {
			t.Fatalf("Normalize made %d lines of %d", len(lines), len(rawLines))
		}
		for i, l := range rawLines {
			if i == 0 {
				l = bytes.TrimPrefix(l, []byte("\xef\xbb\xbf"))
			}
			if i < len(rawLines)-1 {
				l = bytes.TrimSuffix(l, []byte("\r"))
			}
			if !bytes.Equal(l, lines[i]) {
				t.Fatalf("Normalize made line %d %q of %q", i+1, lines[i], rawLines[i])
			}
		}

		p := "content/pages/fuzz-1.md"
		if isTOML {
			p = "content/pages/fuzz-1.toml"
		}
		var diags diag.List
		file, ok := Classify(p, &diags)
		if !ok {
			t.Fatalf("%s: %s", p, diags)
		}
		if !Split(&file, src, &diags) {
			if isTOML {
				t.Fatalf("a .toml file did not split: %s", diags)
			}
			if len(diags) != 1 || diags[0].Pos != (diag.Pos{File: p, Line: 1, Col: 1}) {
				t.Fatalf("a failed split reports %q, want one problem at %s:1:1", diags, p)
			}
			if first, _, _ := bytes.Cut(src, []byte("\n")); string(bytes.TrimRight(first, " \t")) == "+++" {
				for _, l := range lines[1:] {
					if string(bytes.TrimRight(l, " \t")) == "+++" {
						t.Fatalf("front matter closed but reported as never closed: %s", diags)
					}
				}
			}
			return
		}
		if len(diags) > 0 {
			t.Fatalf("a split reports %s", diags)
		}
		if isTOML {
			if !bytes.Equal(file.Meta, src) || file.MetaLine != 1 || len(file.Body) != 0 {
				t.Fatalf("a .toml file split into Meta %q (line %d), Body %q", file.Meta, file.MetaLine, file.Body)
			}
			return
		}

		// src is: the "+++" line, Meta (whole lines, from line
		// MetaLine), a "+++" line, Body (from line BodyLine).
		if !isFence(lines[0]) || file.MetaLine != 2 {
			t.Fatalf("split %q: first line %q, MetaLine %d", src, lines[0], file.MetaLine)
		}
		start := len(lines[0]) + 1
		if !bytes.HasPrefix(src[start:], file.Meta) {
			t.Fatalf("Meta %q is not what follows the first line of %q", file.Meta, src)
		}
		if len(file.Meta) > 0 && file.Meta[len(file.Meta)-1] != '\n' {
			t.Fatalf("Meta %q does not end a line", file.Meta)
		}
		metaLines := bytes.Count(file.Meta, []byte("\n"))
		for _, l := range bytes.Split(file.Meta, []byte("\n")) {
			if isFence(l) {
				t.Fatalf("Meta %q holds a +++ line", file.Meta)
			}
		}
		closing := 1 + metaLines // index in lines of the closing "+++"
		if closing >= len(lines) || !isFence(lines[closing]) {
			t.Fatalf("line %d of %q is not the closing +++", closing+1, src)
		}
		if file.BodyLine != closing+2 {
			t.Fatalf("BodyLine %d, want %d, after the +++ of line %d", file.BodyLine, closing+2, closing+1)
		}
		if !bytes.HasSuffix(src, file.Body) {
			t.Fatalf("Body %q does not end %q", file.Body, src)
		}
		bodyStart := len(src) - len(file.Body)
		if want := start + len(file.Meta) + len(lines[closing]) + 1; bodyStart != want && !(len(file.Body) == 0 && bodyStart == want-1) {
			t.Fatalf("Body starts at byte %d, want %d", bodyStart, want)
		}
		if len(file.Body) > 0 && bytes.Count(src[:bodyStart], []byte("\n"))+1 != file.BodyLine {
			t.Fatalf("Body starts on line %d, not BodyLine %d", bytes.Count(src[:bodyStart], []byte("\n"))+1, file.BodyLine)
		}
	})
}

func isFence(l []byte) bool { return string(bytes.TrimRight(l, " \t")) == "+++" }
