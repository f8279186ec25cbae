package tmplexec

import (
	"errors"
	"fmt"
	"html/template"
	"strings"
	"testing"
)

type item struct {
	Name  string
	URL   string
	Tags  []string
	Count int
	Next  *item
	Attrs map[string]string
	Any   any
	inner string
}

func (it item) Upper() string           { return strings.ToUpper(it.Name) }
func (it *item) Ptr() string            { return "ptr:" + it.Name }
func (it item) Greet(who string) string { return "hello " + who + " from " + it.Name }
func (it item) Fail() (string, error)   { return "", errors.New("it failed") }
func (it item) Safe() template.HTML     { return "<b>" + template.HTML(it.Name) + "</b>" }
func (it item) Link() template.URL      { return template.URL(it.URL) }
func (it item) String() string          { return "item " + it.Name }
func (it item) Items() []item           { return []item{it, {Name: "second"}} }

type page struct {
	Title string
	Item  item
	PItem *item
	List  []item
	Empty []item
	N     int
	U     uint
	F     float64
	B     bool
	M     map[string]int
	Nil   *item
	Mixed []any
}

var data = &page{
	Title: `Tom & "Jerry" <script>`,
	Item:  item{Name: "first", URL: "https://example.org/a b?x=1&y=<2>", Tags: []string{"a", "b"}, Count: 3, Attrs: map[string]string{"k": "v"}, Any: 7},
	PItem: &item{Name: "pointed", Next: &item{Name: "next"}},
	List:  []item{{Name: "one", Count: 1}, {Name: "two", Count: 2}, {Name: "three", Count: 3}},
	N:     2, U: 3, F: 1.5, B: true,
	M: map[string]int{"a": 1},
}

var funcs = template.FuncMap{
	"t":    func(key string) (string, error) { return "T(" + key + ")", nil },
	"url":  func(x any) (string, error) { return fmt.Sprintf("/u/%v", x), nil },
	"join": func(a, b string) string { return a + "/" + b },
	"wrap": func(name string, v any) (template.HTML, error) {
		return template.HTML(fmt.Sprintf("<i>%s:%v</i>", name, v)), nil
	},
	"each": func(name string, v any, sep ...string) (template.HTML, error) {
		return template.HTML(name + strings.Join(sep, ",")), nil
	},
	"pair":  func(a, b any) (string, error) { return fmt.Sprint(a, b), nil },
	"lower": strings.ToLower,
	"boom":  func() (string, error) { return "", errors.New("boom") },
	"items": func(n int) []int { return make([]int, n) },
	"panic": func() string { panic("oops") },
}

// streams write what each and wrap return, as render's each does.
var streams = map[string]Stream{
	"each": func(w Writer, args ...any) error {
		h, err := funcs["each"].(func(string, any, ...string) (template.HTML, error))(args[0].(string), args[1], strs(args[2:])...)
		w.WriteString(string(h))
		return err
	},
	"wrap": func(w Writer, args ...any) error {
		h, err := funcs["wrap"].(func(string, any) (template.HTML, error))(args[0].(string), args[1])
		w.WriteString(string(h))
		return err
	},
}

func strs(xs []any) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.(string)
	}
	return out
}

// cases are templates (the set's entry is "page") executed with data:
// ours must write what html/template writes, or fail where it fails.
var cases = []string{
	`<p>{{.Title}}</p>`,
	`<a href="{{.Item.URL}}" title="{{.Title}}">{{.Item.Name}}</a>`,
	`<a href="/x?q={{.Title}}">q</a>`,
	`<a href="{{.Item.Link}}">{{.Item.Safe}}</a>`,
	`<p title="{{.Item.Safe}}">{{.Item.Upper}} {{.Item.Ptr}} {{.PItem.Ptr}} {{.Item.Greet "you"}} {{.Item.Greet .Title}}</p>`,
	`{{.Item}} {{.PItem}} {{.N}} {{.U}} {{.F}} {{.B}} {{.M}} {{.Item.Tags}} {{.Nil}} {{.Item.Any}}`,
	`{{range $i, $x := .List}}{{$i}}={{$x.Name}}{{if eq $i 1}}!{{end}};{{else}}none{{end}}`,
	`{{range .Empty}}x{{else}}empty {{.Title}}{{end}}`,
	`{{range $x := .List}}{{if eq $x.Count 2}}{{continue}}{{end}}{{$x.Name}}{{if gt $x.Count 2}}{{break}}{{end}}{{end}}`,
	`{{$t := .Title}}{{with .Item}}{{$t}} {{.Name}} {{$.N}}{{end}}{{with .Nil}}no{{else}}nil{{end}}`,
	`{{$x := 1}}{{if .B}}{{$x := 2}}{{$x}}{{end}}{{$x}}{{if .B}}{{$x = 3}}{{end}}{{$x}}`,
	`{{if and .B .N}}and{{end}} {{or .Nil .Item.Name}} {{and .N 0}} {{not .B}} {{len .List}} {{len .Title}} {{index .List 1 | printf "%v"}}`,
	`{{if lt .N 3}}lt{{end}}{{if le .N 2}}le{{end}}{{if ge .U 3}}ge{{end}}{{if ne .Title "x"}}ne{{end}}{{if eq .N 1 2 3}}eq{{end}}{{if eq .U .N}}no{{else}}mixed{{end}}`,
	`{{t "hello"}} {{url .Item.Name}} {{join "a" .Title}} {{wrap "w" .N}} {{each "e" .List "," ";"}} {{pair .N .Title}} {{.Title | lower}} {{lower "ABC" | t}}`,
	`<p title="{{each "e" .List}}">{{each "e" .List ";"}}{{wrap "w" .Title}}</p>{{each "e" .Empty}}`,
	`{{printf "%d-%s" .N .Title}} {{print .N .F}} {{println .B}} {{html .Title}} {{js .Title}} {{urlquery .Title}}`,
	`{{define "row"}}<li class="{{.Name}}">{{.Name}}</li>{{end}}<ul>{{range .List}}{{template "row" .}}{{end}}</ul>`,
	`{{define "attrs"}}{{with .}} data-x="{{.}}"{{end}}{{end}}<p{{template "attrs" .Title}}>x</p><p{{template "attrs" ""}}>y</p>`,
	`<script>var x = {{.Title}}; var y = {{.List}};</script>`,
	`<style>p { color: {{.Item.Name}} }</style>`,
	`{{.PItem.Next.Name}} {{(index .List 2).Name}} {{.Item.Attrs.k}} {{.Item.Attrs.missing}} {{.M.a}}`,
	`{{range $i, $n := items 3}}{{$i}}{{end}}{{block "b" .}}block {{.N}}{{end}}`,
	`{{with $x := .Item.Name}}{{$x}}{{end}} {{- /* comment */ -}} trimmed {{"lit"}} {{3}} {{true}}`,
	`{{.Item.Items}} {{range .Item.Items}}[{{.Name}}]{{end}}`,
	// one field met on values of several types, in turn
	`{{range .Mixed}}[{{.Name}} {{.Upper}}]{{end}}`,
	`{{range .Mixed}}[{{.Name}}]{{end}}`,
	// failures: ours must fail too
	`{{.Missing}}`,
	`{{.Nil.Name}}`,
	`{{boom}}`,
	`{{.Item.Fail}}`,
	`{{panic}}`,
	`{{.Item.inner}}`,
	`{{index .List 9}}`,
	`{{lt .B .B}}`,
	`{{template "nothere" .}}`,
}

func TestSameAsHTMLTemplate(t *testing.T) {
	for _, text := range cases {
		t.Run(text, func(t *testing.T) {
			std := template.Must(template.New("page").Funcs(funcs).Parse(text))
			var want strings.Builder
			wantErr := std.Execute(&want, data)

			ours := template.Must(template.New("page").Funcs(funcs).Parse(text))
			set, err := Compile(ours, funcs, streams, "page")
			if err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			gotErr := set.Execute(&got, "page", data)
			switch {
			case wantErr != nil && gotErr == nil:
				t.Fatalf("html/template fails (%v), tmplexec wrote %q", wantErr, got.String())
			case wantErr != nil:
				return
			case gotErr != nil:
				t.Fatalf("tmplexec fails: %v; html/template wrote %q", gotErr, want.String())
			}
			if got.String() != want.String() {
				t.Errorf("tmplexec wrote\n%s\nhtml/template wrote\n%s", got.String(), want.String())
			}
		})
	}
}

// TestStream: a function printed in text is written by its stream; in an
// attribute, where html/template escapes its HTML, it is called.
func TestStream(t *testing.T) {
	marked := map[string]Stream{"each": func(w Writer, args ...any) error {
		_, err := w.WriteString("[stream " + args[0].(string) + "]")
		return err
	}}
	tmpl := template.Must(template.New("page").Funcs(funcs).Parse(`{{each "e" .List}}<p title="{{each "a" .List}}"></p>`))
	set, err := Compile(tmpl, funcs, marked, "page")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := set.Execute(&b, "page", data); err != nil {
		t.Fatal(err)
	}
	if want := `[stream e]<p title="a"></p>`; b.String() != want {
		t.Errorf("got %s, want %s", b.String(), want)
	}
}
