package render

import (
	"bufio"
	"bytes"
	"html/template"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/plaintext"
)

// newMarkdown configures the one goldmark of a build: GitHub-flavoured
// tables and lists, heading ids, raw HTML only when config allows it, and
// site-absolute links moved under the base path.
func newMarkdown(basePath string, unsafe bool) goldmark.Markdown {
	rendererOpts := []goldmark.Option{}
	if unsafe {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	return goldmark.New(append(rendererOpts,
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(basePathLinks{basePath}, 100)),
		),
	)...)
}

// droppedHTML lists the raw HTML of doc that the renderer drops, as
// warnings at the lines of the body's file.
func droppedHTML(doc ast.Node, file string, body *model.Text) diag.List {
	var out diag.List
	src := body.Src
	at := func(off int, snippet []byte) {
		line := body.Line + bytes.Count(src[:off], []byte("\n"))
		col := off - (bytes.LastIndexByte(src[:off], '\n') + 1) + 1
		if i := bytes.IndexByte(snippet, '\n'); i >= 0 {
			snippet = snippet[:i]
		}
		if len(snippet) > 40 {
			snippet = append(snippet[:37:37], "..."...)
		}
		out.Warnf(diag.Pos{File: file, Line: line, Col: col}, "raw HTML %s dropped: config.toml has unsafeHTML = false (write it in Markdown, or set unsafeHTML = true)", snippet)
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			if n.Lines().Len() > 0 {
				seg := n.Lines().At(0)
				at(seg.Start, seg.Value(src))
			}
		case *ast.RawHTML:
			if n.Segments.Len() > 0 {
				seg := n.Segments.At(0)
				at(seg.Start, seg.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// langMark stands, in a converted body, where a link to a page of the
// site takes the page's language prefix ("fr/"): a body is converted
// once and shown in every language. It is U+2063 (an invisible
// separator) as goldmark escapes it in a link's destination, where no
// editor's text puts it.
const langMark = "%E2%81%A3"

// basePathLinks rewrites links and images written from the site root
// ("/areas/accessibility/") to start with the base path, so Markdown links
// keep working when the site lives under a sub-path; a link to a page
// gets langMark after the base path, for its language.
type basePathLinks struct{ basePath string }

func (b basePathLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = b.rebase(n.Destination)
		case *ast.Image:
			n.Destination = b.rebase(n.Destination)
		}
		return ast.WalkContinue, nil
	})
}

func (b basePathLinks) rebase(dest []byte) []byte {
	s := string(dest)
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return dest
	}
	p, _, _ := strings.Cut(s, "#")
	p, _, _ = strings.Cut(p, "?")
	if derive.Localized(p) {
		return []byte(b.basePath + "\u2063" + s[1:])
	}
	return []byte(b.basePath + s[1:])
}

// inLanguage is a converted body with its page links in the language
// of prefix ("" or "fr/").
func inLanguage(h template.HTML, prefix string) template.HTML {
	if !strings.Contains(string(h), langMark) {
		return h
	}
	return template.HTML(strings.ReplaceAll(string(h), langMark, prefix))
}

// Bodies is the HTML of the Markdown bodies of records and translations,
// kept from build to build: a body is converted again only when its text
// changed. A build prepares it with the records it has (Prepare),
// converts the bodies it lacks on a core that is otherwise idle while the
// graph is linked (Convert), and a page whose body is not converted yet
// converts it itself; each body is converted once, for every language.
type Bodies struct {
	md     goldmark.Markdown
	unsafe bool // raw HTML passes through
	byText map[*model.Text]*body
	stop   atomic.Bool
}

type body struct {
	once    sync.Once
	file    string
	src     []byte // the text converted
	line    int
	html    template.HTML
	plain   string    // its text (see plaintext), for the search index
	dropped diag.List // raw HTML the renderer dropped
	err     error
}

func (bd *body) convert(b *Bodies, t *model.Text) {
	bd.once.Do(func() { bd.html, bd.plain, bd.dropped, bd.err = convert(b.md, b.unsafe, bd.file, t) })
}

// NewBodies makes the cache of the bodies, with the goldmark of the
// site's config: give it to New.
func NewBodies(cfg *config.Config) *Bodies {
	return &Bodies{md: newMarkdown(cfg.BasePath, cfg.UnsafeHTML), unsafe: cfg.UnsafeHTML, byText: map[*model.Text]*body{}}
}

// Prepare makes the cache hold the bodies of records and of translations
// (as decoded: Prepare runs before they are linked to their records), and
// only those: a body whose text or first line changed is converted again.
// It returns the bodies not converted yet, for Convert. Not safe to call
// while pages render.
func (b *Bodies) Prepare(records []model.Record, translations []*model.Translation) Pending {
	b.stop.Store(false)
	keep := make(map[*model.Text]*body, len(records)+len(translations))
	var stale Pending
	add := func(t *model.Text, file string) {
		bd := b.byText[t]
		if bd == nil || bd.file != file || bd.line != t.Line || !bytes.Equal(bd.src, t.Src) {
			bd = &body{file: file, src: t.Src, line: t.Line}
			stale = append(stale, pendingBody{t, bd})
		}
		keep[t] = bd
	}
	for _, r := range records {
		m := r.Base()
		add(&m.Body, m.File)
	}
	for _, t := range translations {
		add(&t.Body, t.File)
	}
	b.byText = keep
	return stale
}

// Pending are bodies to convert, in the records' order. They are listed
// by Prepare, not found again by Convert, since Convert runs while the
// records are linked, which changes their translations.
type Pending []pendingBody

type pendingBody struct {
	t  *model.Text
	bd *body
}

// Convert converts the bodies p, last first (pages are rendered roughly
// in record order, so the two meet late), until Stop.
func (b *Bodies) Convert(p Pending) {
	for i := len(p) - 1; i >= 0 && !b.stop.Load(); i-- {
		p[i].bd.convert(b, p[i].t)
	}
}

// Stop ends Convert: the build renders, and pages convert what is left.
func (b *Bodies) Stop() { b.stop.Store(true) }

// Dropped are the warnings about raw HTML dropped from the bodies: every
// body's, converting those not converted yet.
func (b *Bodies) Dropped() diag.List {
	var out diag.List
	for t, bd := range b.byText {
		bd.convert(b, t)
		out = append(out, bd.dropped...)
	}
	return out
}

// get is the body t of file, converted now if need be, with its page
// links in the language of prefix ("" or "fr/").
func (b *Bodies) get(md goldmark.Markdown, unsafe bool, file string, t *model.Text, prefix string) (template.HTML, error) {
	if b == nil || b.byText[t] == nil {
		h, _, _, err := convert(md, unsafe, file, t)
		return inLanguage(h, prefix), err
	}
	bd := b.byText[t]
	bd.convert(b, t)
	return inLanguage(bd.html, prefix), bd.err
}

// convert renders a body with md. Where md drops raw HTML (the site
// does not allow it), each piece dropped is a warning at its line, so
// that an editor knows why a <span lang="fr"> vanished.
func convert(md goldmark.Markdown, unsafe bool, file string, t *model.Text) (h template.HTML, plain string, dropped diag.List, err error) {
	if len(bytes.TrimSpace(t.Src)) == 0 {
		return "", "", nil, nil
	}
	// goldmark makes a 4 KB buffered writer per call unless it is given
	// one: reuse them.
	mw := markdownWriters.Get().(*markdownWriter)
	defer markdownWriters.Put(mw)
	mw.out.Reset()
	mw.w.Reset(&mw.out)
	doc := md.Parser().Parse(text.NewReader(t.Src))
	if !unsafe {
		dropped = droppedHTML(doc, file, t)
	}
	plain = plaintext.OfNode(doc, t.Src)
	if err := md.Renderer().Render(mw.w, t.Src, doc); err != nil {
		return "", "", nil, err
	}
	if err := mw.w.Flush(); err != nil {
		return "", "", nil, err
	}
	return template.HTML(mw.out.String()), plain, dropped, nil
}

// Plain is the text of the body t (see plaintext), read from the
// document its page's HTML is made from, converting it now if need be;
// false if t is not one of the bodies prepared.
func (b *Bodies) Plain(t *model.Text) (string, bool) {
	bd := b.byText[t]
	if bd == nil {
		return "", false
	}
	bd.convert(b, t)
	return bd.plain, bd.err == nil
}

type markdownWriter struct {
	out bytes.Buffer
	w   *bufio.Writer
}

var markdownWriters = sync.Pool{New: func() any {
	mw := &markdownWriter{}
	mw.w = bufio.NewWriter(&mw.out)
	return mw
}}
