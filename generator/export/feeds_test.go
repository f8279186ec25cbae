package export_test

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"itu.int/iscsite/generator/export"
	"itu.int/iscsite/generator/model"
)

// TestFeedsValidAtom: every language's feed.xml of the real site is valid
// against RFC 4287's RELAX NG schema (testdata/atom.rnc) by jing; a feed
// with an entry without its id is not.
func TestFeedsValidAtom(t *testing.T) {
	jing := jingPath(t)
	res, _ := realData(t)
	feeds := export.Feeds(res.Site)
	if len(feeds) != len(res.Site.Config.Languages) {
		t.Fatalf("%d feeds for %d languages", len(feeds), len(res.Site.Config.Languages))
	}
	dir := t.TempDir()
	for _, f := range feeds {
		if out, ok := runJing(t, jing, dir, f.Path, f.Data); !ok {
			t.Errorf("%s is not valid Atom:\n%s", f.Path, out)
		}
	}
	feed := feeds[0].Data
	entry := bytes.Index(feed, []byte("<entry>"))
	id := bytes.Index(feed[max(entry, 0):], []byte("<id>"))
	end := bytes.Index(feed[max(entry, 0):], []byte("</id>"))
	if entry < 0 || id < 0 || end < id {
		t.Fatalf("no entry with an id in %s", feeds[0].Path)
	}
	noID := slices.Concat(feed[:entry+id], feed[entry+end+len("</id>"):])
	if out, ok := runJing(t, jing, dir, "no-id.xml", noID); ok || !strings.Contains(out, `missing required element "id"`) {
		t.Errorf("jing took an entry without an id (ok %v):\n%s", ok, out)
	}
}

// jingPath finds jing, or fails: the test must not pass unchecked.
func jingPath(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("jing"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/bin/jing"); err == nil {
		return "/usr/bin/jing"
	}
	t.Fatal("jing (a RELAX NG validator) is not installed: run bash .ci/run, which installs it")
	return ""
}

// runJing validates data, written to dir/name, against testdata/atom.rnc
// and returns jing's messages without its launcher's warnings about
// optional jars.
func runJing(t *testing.T, jing, dir, name string, data []byte) (string, bool) {
	t.Helper()
	file := filepath.Join(dir, strings.ReplaceAll(name, "/", "_"))
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(jing, "-c", filepath.Join("testdata", "atom.rnc"), file).CombinedOutput()
	var lines []string
	for l := range strings.Lines(string(out)) {
		if !strings.HasPrefix(l, "[warning] ") {
			lines = append(lines, l)
		}
	}
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatalf("jing: %v", err)
	}
	return strings.Join(lines, ""), err == nil
}

// atomFeed is what TestFeedContents reads of a feed.
type atomFeed struct {
	Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string `xml:"id"`
	Title   string `xml:"title"`
	Updated string `xml:"updated"`
	Author  []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Summary struct {
			Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
			Text string `xml:",chardata"`
		} `xml:"summary"`
	} `xml:"entry"`
}

// TestFeedContents: each language's feed has what RFC 4287 (4.1.1) asks
// of a feed (id, title, updated, an author, a link to itself) and lists
// the FeedSize records updated last, newest first, each with a summary:
// its own, or its body's first paragraph, in the feed's language where
// it is translated and marked with the original's elsewhere.
func TestFeedContents(t *testing.T) {
	res, _ := realData(t)
	cfg := res.Site.Config
	var recs []model.Record
	for _, r := range res.Site.Records() {
		if r.Base().Updated != "" {
			recs = append(recs, r)
		}
	}
	slices.SortStableFunc(recs, func(a, b model.Record) int {
		return cmp.Or(cmp.Compare(b.Base().Updated, a.Base().Updated), cmp.Compare(a.Base().Key(), b.Base().Key()))
	})
	if len(recs) <= export.FeedSize {
		t.Fatalf("%d records with updated: the test needs more than %d", len(recs), export.FeedSize)
	}
	for _, f := range export.Feeds(res.Site) {
		var feed atomFeed
		if err := xml.Unmarshal(f.Data, &feed); err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		lang := strings.TrimSuffix(strings.TrimSuffix(f.Path, "feed.xml"), "/")
		if lang == "" {
			lang = cfg.DefaultLanguage
		}
		self := ""
		for _, l := range feed.Links {
			if l.Rel == "self" {
				self = l.Href
			}
		}
		if feed.Lang != lang || feed.ID == "" || feed.Title != cfg.TitleIn(lang) || len(feed.Author) != 1 || feed.Author[0].Name == "" ||
			self != cfg.BaseURL+f.Path {
			t.Errorf("%s: xml:lang %q, id %q, title %q, authors %v, self %q", f.Path, feed.Lang, feed.ID, feed.Title, feed.Author, self)
		}
		if len(feed.Entries) != export.FeedSize {
			t.Fatalf("%s: %d entries", f.Path, len(feed.Entries))
		}
		if want := recs[0].Base().Updated + "T00:00:00Z"; feed.Updated != want {
			t.Errorf("%s: updated %s, the newest record's is %s", f.Path, feed.Updated, want)
		}
		for i, e := range feed.Entries {
			r := recs[i].Base()
			if !strings.HasSuffix(e.ID, "/"+r.Kind+"/"+r.Slug+"/") && !(r.Kind == "home" && strings.HasSuffix(e.ID, "/")) ||
				e.Updated != r.Updated+"T00:00:00Z" {
				t.Errorf("%s, entry %d: %s of %s, want %s of %s", f.Path, i, e.ID, e.Updated, r.Key(), r.Updated)
			}
			text := r.In(lang, cfg.DefaultLanguage, "")
			want := text.Summary.Lang
			if text.Summary.Text == "" {
				want = text.BodyLang
			}
			if strings.TrimSpace(e.Summary.Text) == "" || e.Summary.Lang != want {
				t.Errorf("%s, %s: summary %q in %q, want one in %q", f.Path, r.Key(), e.Summary.Text, e.Summary.Lang, want)
			}
		}
	}
}

// TestFeedSummaryIsPlainText: a summary made from a body is the text of
// its first paragraph, the Markdown's marks and addresses left out.
func TestFeedSummaryIsPlainText(t *testing.T) {
	res, _ := realData(t)
	var r model.Record
	for _, x := range res.Site.Records() {
		if x.Base().Summary == "" && x.Base().Updated != "" && x.Base().Kind == "resolutions" {
			r = x
			break
		}
	}
	if r == nil {
		t.Fatal("no Resolution without a summary")
	}
	m := r.Base()
	m.Body.Src = []byte("# Heading\n\nThe *first* [paragraph](/areas/x/), with `co*de`, \\*stars\\* &amp; a\nsecond line.\n\nThe second.\n")
	m.Updated = "9999-12-31" // the newest, so the feed's first entry
	var feed atomFeed
	if err := xml.Unmarshal(export.Feed(res.Site, res.Site.Config.DefaultLanguage).Data, &feed); err != nil {
		t.Fatal(err)
	}
	want := "The first paragraph, with co*de, *stars* & a second line."
	if got := feed.Entries[0].Summary.Text; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}
