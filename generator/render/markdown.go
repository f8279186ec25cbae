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
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/model"
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
// warnings at the lines of the record's file.
func droppedHTML(doc ast.Node, m *model.Meta) diag.List {
	var out diag.List
	src := m.Body.Src
	at := func(off int, snippet []byte) {
		line := m.Body.Line + bytes.Count(src[:off], []byte("\n"))
		col := off - (bytes.LastIndexByte(src[:off], '\n') + 1) + 1
		if i := bytes.IndexByte(snippet, '\n'); i >= 0 {
			snippet = snippet[:i]
		}
		if len(snippet) > 40 {
			snippet = append(snippet[:37:37], "..."...)
		}
		out.Warnf(diag.Pos{File: m.File, Line: line, Col: col}, "raw HTML %s dropped: config.toml has unsafeHTML = false (write it in Markdown, or set unsafeHTML = true)", snippet)
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

// basePathLinks rewrites links and images written from the site root
// ("/areas/accessibility/") to start with the base path, so Markdown links
// keep working when the site lives under a sub-path.
type basePathLinks struct{ basePath string }

func (b basePathLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	if b.basePath == "/" {
		return
	}
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
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
		return []byte(b.basePath + s[1:])
	}
	return dest
}

// Bodies is the HTML of records' Markdown bodies, kept from build to
// build: a body is converted again only when its text changed. A build
// prepares it with the records it has (Prepare), converts the bodies it
// lacks on a core that is otherwise idle while the graph is linked
// (Convert), and a page whose body is not converted yet converts it
// itself; each body is converted once.
type Bodies struct {
	md     goldmark.Markdown
	unsafe bool // raw HTML passes through
	byMeta map[*model.Meta]*body
	stop   atomic.Bool
}

type body struct {
	once    sync.Once
	src     []byte // the text converted
	line    int
	html    template.HTML
	dropped diag.List // raw HTML the renderer dropped
	err     error
}

func (bd *body) convert(b *Bodies, m *model.Meta) {
	bd.once.Do(func() { bd.html, bd.dropped, bd.err = convert(b.md, b.unsafe, m) })
}

// NewBodies makes the cache of the bodies, with the goldmark of the
// site's config: give it to New.
func NewBodies(cfg *config.Config) *Bodies {
	return &Bodies{md: newMarkdown(cfg.BasePath, cfg.UnsafeHTML), unsafe: cfg.UnsafeHTML, byMeta: map[*model.Meta]*body{}}
}

// Prepare makes the cache hold the bodies of records, and only those: a
// body whose text or first line changed is converted again. It returns
// the records whose bodies are not converted yet. Not safe to call while
// pages render.
func (b *Bodies) Prepare(records []model.Record) []model.Record {
	b.stop.Store(false)
	keep := make(map[*model.Meta]*body, len(records))
	var stale []model.Record
	for _, r := range records {
		m := r.Base()
		bd := b.byMeta[m]
		if bd == nil || bd.line != m.Body.Line || !bytes.Equal(bd.src, m.Body.Src) {
			bd = &body{src: m.Body.Src, line: m.Body.Line}
			stale = append(stale, r)
		}
		keep[m] = bd
	}
	b.byMeta = keep
	return stale
}

// Convert converts the bodies of records, last first (pages are rendered
// roughly in record order, so the two meet late), until Stop.
func (b *Bodies) Convert(records []model.Record) {
	for i := len(records) - 1; i >= 0 && !b.stop.Load(); i-- {
		m := records[i].Base()
		if bd := b.byMeta[m]; bd != nil {
			bd.convert(b, m)
		}
	}
}

// Stop ends Convert: the build renders, and pages convert what is left.
func (b *Bodies) Stop() { b.stop.Store(true) }

// Dropped are the warnings about raw HTML dropped from the bodies: every
// body's, converting those not converted yet.
func (b *Bodies) Dropped() diag.List {
	var out diag.List
	for m, bd := range b.byMeta {
		bd.convert(b, m)
		out = append(out, bd.dropped...)
	}
	return out
}

// get is the body of m, converted now if need be.
func (b *Bodies) get(md goldmark.Markdown, unsafe bool, m *model.Meta) (template.HTML, error) {
	if b == nil || b.byMeta[m] == nil {
		h, _, err := convert(md, unsafe, m)
		return h, err
	}
	bd := b.byMeta[m]
	bd.convert(b, m)
	return bd.html, bd.err
}

// convert renders a record's body with md. Where md drops raw HTML (the
// site does not allow it), each piece dropped is a warning at its line,
// so that an editor knows why a <span lang="fr"> vanished.
func convert(md goldmark.Markdown, unsafe bool, m *model.Meta) (template.HTML, diag.List, error) {
	t := m.Body
	if len(bytes.TrimSpace(t.Src)) == 0 {
		return "", nil, nil
	}
	// goldmark makes a 4 KB buffered writer per call unless it is given
	// one: reuse them.
	mw := markdownWriters.Get().(*markdownWriter)
	defer markdownWriters.Put(mw)
	mw.out.Reset()
	mw.w.Reset(&mw.out)
	doc := md.Parser().Parse(text.NewReader(t.Src))
	var dropped diag.List
	if !unsafe {
		dropped = droppedHTML(doc, m)
	}
	if err := md.Renderer().Render(mw.w, t.Src, doc); err != nil {
		return "", nil, err
	}
	if err := mw.w.Flush(); err != nil {
		return "", nil, err
	}
	return template.HTML(mw.out.String()), dropped, nil
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
