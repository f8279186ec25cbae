// Package plaintext reads a Markdown body as plain text: what a feed's
// summary and the search index take of a record's text. Marks and
// links' addresses are left out, raw HTML is dropped, escapes and
// entities are resolved (a code span's text stays as written), and the
// lines are joined, one space between words.
package plaintext

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// parser reads bodies for their text only; the pages' goldmark, with its
// renderer and transformers, is render's. Of its extensions this has the
// two that change what a block is (tables) or what its text says
// (strikethrough).
var parser = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)).Parser()

// Of is the text of the whole of src.
func Of(src []byte) string {
	return textOf(parser.Parse(text.NewReader(src)), src)
}

// FirstParagraph is the text of src's first paragraph; "" if it has none.
func FirstParagraph(src []byte) string {
	doc := parser.Parse(text.NewReader(src))
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if _, ok := n.(*ast.Paragraph); ok {
			return textOf(n, src)
		}
	}
	return ""
}

func textOf(root ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				b.WriteByte(' ') // blocks' texts do not run together
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			v := n.Value(src)
			if !n.IsRaw() { // a code span's text is raw: its \* and &amp; stay as written
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.Label(src))
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// OfNode is Of from doc, the document that another goldmark parser made
// of src: the pages' parser, whose documents differ from this one's only
// in links (it finds bare addresses too, and an autolink's text is the
// address it was): the same text, without parsing the body again.
func OfNode(doc ast.Node, src []byte) string { return textOf(doc, src) }
