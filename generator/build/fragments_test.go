package build

import (
	"strings"
	"testing"
)

// The fragment cache's rules, as layouts meet them (see the render
// package doc): a fragment sees only its value, a page's data is refused,
// and a kind's own version of a partial shows on its pages only.
func TestFragmentRules(t *testing.T) {
	base := withLayouts(t, readTxtar(t, "site.txtar"))
	page := func(t *testing.T, files map[string]string, file string) string {
		t.Helper()
		res, err := Run(Options{Source: mapFS(files)})
		if err != nil || !res.OK() {
			t.Fatalf("build: %v\n%s", err, diagLines(res))
		}
		for _, f := range res.Files {
			if f.Path == file {
				return string(f.Data)
			}
		}
		t.Fatalf("no %s", file)
		return ""
	}

	t.Run("the header's .Title is the site's, on every page", func(t *testing.T) {
		files := overlay(base, "")
		files["layouts/partials/site.html"] = strings.Replace(files["layouts/partials/site.html"],
			`<span>{{.Title}}</span></a>`, `<span>{{.Title}}</span><span class="s">{{.Section}}</span></a>`, 1)
		for _, f := range []string{"areas/accessibility/index.html", "groups/iscg/index.html", "index.html"} {
			p := page(t, files, f)
			if !strings.Contains(p, `<span>Coordination test site</span><span class="s">`) {
				t.Errorf("%s: the header does not show the site's title", f)
			}
		}
	})

	t.Run("a page's data is refused, at its line", func(t *testing.T) {
		files := overlay(base, "-- layouts/group.html --\n{{define \"main\"}}\n{{cached \"link\" .}}\n{{end}}\n")
		res, _ := Run(Options{Source: mapFS(files)})
		want := `layouts/group.html:2:3: template error: executing "main" at <cached "link" .>: error calling cached: cached "link": a fragment is made once for every page that shows its value, so it cannot be given a page's data (dot): give it the record, unit or row it shows`
		if got := errorLines(res); !strings.HasPrefix(got, want) {
			t.Errorf("got:\n%s\nwant:\n%s", got, want)
		}
	})

	t.Run("a value holding lists is refused", func(t *testing.T) {
		files := overlay(base, "-- layouts/group.html --\n{{define \"main\"}}{{cached \"sources\" .Sources}}{{end}}\n")
		res, _ := Run(Options{Source: mapFS(files)})
		want := `layouts/group.html:1:20: template error: executing "main" at <cached "sources" .Sources>: error calling cached: cached "sources": a []model.Source cannot be cached (it holds lists): give the partial the record, unit or row it shows, or use {{template}} (rendering /groups/iscg/ and 2 other pages)`
		if got := errorLines(res); got != want {
			t.Errorf("got:\n%s\nwant:\n%s", got, want)
		}
	})

	t.Run("a kind's own partial shows on its pages, the shared one elsewhere", func(t *testing.T) {
		files := overlay(base, "")
		files["layouts/area.html"] += "\n{{define \"res-link\"}}<a class=\"mine\" href=\"{{url .}}\">{{.Body.ID}}-{{.Number}}</a>{{end}}\n"
		area := page(t, files, "areas/accessibility/index.html")
		other := page(t, files, "resolutions/pp/index.html")
		if !strings.Contains(area, `class="mine"`) {
			t.Errorf("the area page does not show its own res-link")
		}
		if strings.Contains(other, `class="mine"`) || !strings.Contains(other, `class="r"`) {
			t.Errorf("the list of PP Resolutions shows the area page's res-link")
		}
		// res-item, a fragment that shows res-link, is the area's own too.
		if strings.Contains(area, `<span class="id"><a class="r"`) {
			t.Errorf("the area page's res-items show the shared res-link")
		}
	})
}

// errorLines are the errors of a build, without its warnings.
func errorLines(res *Result) string {
	var out []string
	for _, l := range strings.Split(diagLines(res), "\n") {
		if !strings.Contains(l, ": warning: ") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
