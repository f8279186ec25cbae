package tmplexec

import (
	"fmt"
	"html/template"
	"strings"
	"testing"
)

type unit struct {
	Title string
	n     int
}

func (u *unit) Designation() string { return fmt.Sprintf("Q%d/1", u.n) }

const linkText = `<a class="u" href="{{url .}}" title="{{.Title}}">{{.Designation}}</a>`

var linkFuncs = template.FuncMap{"url": func(x any) (string, error) { return "/study-groups/itu-t-sg1/q1/", nil }}

// BenchmarkLink executes a partial of three actions, as a page's table
// row does, with tmplexec and with html/template.
func BenchmarkLink(b *testing.B) {
	u := &unit{Title: "Questions & answers", n: 3}
	b.Run("tmplexec", func(b *testing.B) {
		t := template.Must(template.New("link").Funcs(linkFuncs).Parse(linkText))
		s, err := Compile(t, linkFuncs, nil, "link")
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := s.ExecuteString("link", u); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("html/template", func(b *testing.B) {
		t := template.Must(template.New("link").Funcs(linkFuncs).Parse(linkText))
		for b.Loop() {
			var sb strings.Builder
			if err := t.Execute(&sb, u); err != nil {
				b.Fatal(err)
			}
		}
	})
}
