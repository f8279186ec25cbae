package export

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/plaintext"
)

// SitemapLimit is the most URLs one sitemap file may hold (the sitemaps
// protocol's limit); a larger site gets a sitemap index.
const SitemapLimit = 50000

// FeedSize is how many of the newest records the Atom feed lists.
const FeedSize = 50

// Sitemap returns /sitemap.xml for the pages (404 left out): each page
// in each language it is translated into, with those versions as its
// hreflang alternates and the default language's as x-default. A page
// that shows the original's text in another language is not listed.
// Past SitemapLimit URLs, sitemap.xml is an index of sitemap-1.xml,
// sitemap-2.xml, ...
func Sitemap(cfg *config.Config, pages []derive.Page) []File {
	var urls []derive.Page
	versions := map[string][]derive.Page{} // by the page's URL in any language
	for _, p := range pages {
		if p.Kind != "404" && p.Translated(cfg) {
			urls = append(urls, p)
			versions[p.URL] = append(versions[p.URL], p)
		}
	}
	abs := func(path string) string { return cfg.BaseURL + path[1:] }
	part := func(ps []derive.Page) []byte {
		var b bytes.Buffer
		b.WriteString(xml.Header)
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
		for _, p := range ps {
			fmt.Fprintf(&b, "<url><loc>%s</loc>", escape(abs(p.Path())))
			if p.Record != nil && p.Record.Base().Updated != "" {
				fmt.Fprintf(&b, "<lastmod>%s</lastmod>", p.Record.Base().Updated)
			}
			if vs := versions[p.URL]; len(vs) > 1 {
				for _, v := range vs {
					fmt.Fprintf(&b, `<xhtml:link rel="alternate" hreflang="%s" href="%s"/>`, v.Lang, escape(abs(v.Path())))
				}
				fmt.Fprintf(&b, `<xhtml:link rel="alternate" hreflang="x-default" href="%s"/>`, escape(abs(p.URL)))
			}
			b.WriteString("</url>\n")
		}
		b.WriteString("</urlset>\n")
		return b.Bytes()
	}
	if len(urls) <= SitemapLimit {
		return []File{{Path: "sitemap.xml", Data: part(urls)}}
	}
	var files []File
	var index bytes.Buffer
	index.WriteString(xml.Header)
	index.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i := 0; i*SitemapLimit < len(urls); i++ {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		files = append(files, File{Path: name, Data: part(urls[i*SitemapLimit : min((i+1)*SitemapLimit, len(urls))])})
		fmt.Fprintf(&index, "<sitemap><loc>%s</loc></sitemap>\n", escape(cfg.BaseURL+name))
	}
	index.WriteString("</sitemapindex>\n")
	return append([]File{{Path: "sitemap.xml", Data: index.Bytes()}}, files...)
}

// Feeds returns feed.xml in every language: /feed.xml, /fr/feed.xml, ...
func Feeds(s *model.Site) []File {
	var out []File
	for _, l := range s.Config.Languages {
		out = append(out, Feed(s, l.Code))
	}
	return out
}

// Feed returns lang's feed.xml: an Atom feed of the FeedSize records
// updated last, newest first, their text in lang where they have a
// translation and the original's, marked with its xml:lang, elsewhere.
// Records without `updated` are not in it. Each entry has a summary when
// the record has any text: RFC 4287 (4.1.1.1) advises one for an entry
// without content, and a reader shows it under the title.
func Feed(s *model.Site, lang string) File {
	var recs []model.Record
	for _, r := range s.Records() {
		if r.Base().Updated != "" {
			recs = append(recs, r)
		}
	}
	slices.SortStableFunc(recs, func(a, b model.Record) int {
		return cmp.Or(cmp.Compare(b.Base().Updated, a.Base().Updated), cmp.Compare(a.Base().Key(), b.Base().Key()))
	})
	recs = recs[:min(len(recs), FeedSize)]
	cfg := s.Config
	updated := "1970-01-01"
	if len(recs) > 0 {
		updated = recs[0].Base().Updated
	}
	home := cfg.BaseURL + derive.In(cfg, lang, "/")[1:]
	self := cfg.BaseURL + derive.In(cfg, lang, "/feed.xml")[1:]
	title := cfg.TitleIn(lang)
	var b bytes.Buffer
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"%s\">\n", lang)
	fmt.Fprintf(&b, "<title>%s</title>\n<id>%s</id>\n<link href=\"%s\"/>\n<link rel=\"self\" href=\"%s\"/>\n<updated>%sT00:00:00Z</updated>\n<author><name>%s</name></author>\n",
		escape(title), escape(home), escape(home), escape(self), updated, escape(title))
	def := cfg.DefaultLanguage
	for _, r := range recs {
		m := r.Base()
		text := m.In(lang, def, "")
		u := cfg.BaseURL + (derive.Prefix(cfg, lang) + derive.URL(r))[1:]
		attr := func(p model.Phrase) string {
			if p.Lang != "" {
				return ` xml:lang="` + p.Lang + `"`
			}
			return ""
		}
		fmt.Fprintf(&b, "<entry><title%s>%s</title><id>%s</id><link href=\"%s\"/><updated>%sT00:00:00Z</updated>",
			attr(text.Title), escape(text.Title.Text), escape(u), escape(u), m.Updated)
		if sum := summary(text); sum.Text != "" {
			fmt.Fprintf(&b, "<summary%s>%s</summary>", attr(sum), escape(sum.Text))
		}
		b.WriteString("</entry>\n")
	}
	b.WriteString("</feed>\n")
	return File{Path: strings.TrimPrefix(derive.In(cfg, lang, "/feed.xml"), "/"), Data: b.Bytes()}
}

// summary is an entry's summary: the record's, or else the first
// paragraph of its body as plain text.
func summary(l model.Localized) model.Phrase {
	if l.Summary.Text != "" {
		return l.Summary
	}
	return model.Phrase{Text: plaintext.FirstParagraph(l.Body.Src), Lang: l.BodyLang}
}

func escape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Robots is /robots.txt: every page may be crawled, and the sitemap is
// named, at its absolute address.
func Robots(cfg *config.Config) File {
	return File{Path: "robots.txt", Data: []byte("User-agent: *\nAllow: /\n\nSitemap: " + cfg.BaseURL + "sitemap.xml\n")}
}
