package build

import (
	"os"
	"testing"

	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/render"
	"itu.int/iscsite/generator/search"
	"itu.int/iscsite/generator/synth"
)

// TestSearchTextFromPageBodies: the search index made with the bodies'
// text read from the pages' conversions (render.Bodies.Plain) is the one
// made by parsing each body again for its text (plaintext.Of), on the
// real content and on a generated site in six languages.
func TestSearchTextFromPageBodies(t *testing.T) {
	generated := t.TempDir()
	if err := synth.GenerateLanguages(generated, 600, 9, 6); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"../..", generated} {
		res, err := Run(Options{Source: os.DirFS(dir), Check: true})
		if err != nil || !res.OK() {
			t.Fatalf("%s: build failed: %v\n%s", dir, err, diagLines(res))
		}
		bodies := render.NewBodies(res.Site.Config)
		bodies.Prepare(res.Site.Records(), linkedTranslations(res.Site))
		given := 0
		plain := func(body *model.Text) (string, bool) {
			s, ok := bodies.Plain(body)
			if ok {
				given++
			}
			return s, ok
		}
		want := search.NewIndexer().Files(res.Site, nil)
		got := search.NewIndexer().Files(res.Site, plain)
		if given < len(res.Site.Records()) {
			t.Fatalf("%s: %d bodies' texts given, for %d records", dir, given, len(res.Site.Records()))
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d index files, against %d", dir, len(got), len(want))
		}
		for i := range want {
			if got[i].Path != want[i].Path || string(got[i].Data) != string(want[i].Data) {
				t.Errorf("%s: %s differs from the index made with plaintext.Of", dir, want[i].Path)
			}
		}
	}
}
