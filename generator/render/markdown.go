package render

import (
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

// Bodies is the HTML of records' Markdown bodies, which a build converts
// ahead of their pages on a core that is otherwise idle (while the graph
// is linked and derived, on one goroutine). A page whose body is not
// converted yet converts it itself; each body is converted once.
type Bodies struct {
	md      goldmark.Markdown
	records []model.Record
	byMeta  map[*model.Meta]*body
	stop    atomic.Bool
}

type body struct {
	once sync.Once
	html template.HTML
	err  error
}

// NewBodies prepares the bodies of records, with the goldmark of the
// build: give it to New.
func NewBodies(cfg *config.Config, records []model.Record) *Bodies {
	b := &Bodies{md: newMarkdown(cfg.BasePath, cfg.UnsafeHTML), records: records, byMeta: make(map[*model.Meta]*body, len(records))}
	for _, r := range records {
		b.byMeta[r.Base()] = &body{}
	}
	return b
}

// ConvertAll converts every body not converted yet, last record first
// (pages are rendered roughly in record order, so the two meet late),
// until Stop.
func (b *Bodies) ConvertAll() {
	for i := len(b.records) - 1; i >= 0 && !b.stop.Load(); i-- {
		m := b.records[i].Base()
		bd := b.byMeta[m]
		bd.once.Do(func() { bd.html, bd.err = convert(b.md, m.Body) })
	}
}

// Stop ends ConvertAll: the build is over, or failed.
func (b *Bodies) Stop() { b.stop.Store(true) }

// get is the body of m, converted now if need be.
func (b *Bodies) get(md goldmark.Markdown, m *model.Meta) (template.HTML, error) {
	if b == nil || b.byMeta[m] == nil {
		return convert(md, m.Body)
	}
	bd := b.byMeta[m]
	bd.once.Do(func() { bd.html, bd.err = convert(b.md, m.Body) })
	return bd.html, bd.err
}
