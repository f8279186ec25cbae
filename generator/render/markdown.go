package render

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
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
