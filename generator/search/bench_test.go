package search_test

import (
	"os"
	"testing"

	"itu.int/iscsite/generator/build"
	"itu.int/iscsite/generator/search"
	"itu.int/iscsite/generator/synth"
)

// BenchmarkIndex indexes a generated site of 10,000 records in its two
// languages: once from nothing (first), then again as watch mode does
// after a save (again).
//
//	go test ./generator/search -run '^$' -bench Index -benchtime 5x
func BenchmarkIndex(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Generate(dir, 10000, 1); err != nil {
		b.Fatal(err)
	}
	res, err := build.Run(build.Options{Source: os.DirFS(dir), Check: true})
	if err != nil || !res.OK() {
		b.Fatalf("build: %v\n%s", err, res.Diags)
	}
	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			search.NewIndexer().Files(res.Site, nil)
		}
	})
	b.Run("again", func(b *testing.B) {
		ix := search.NewIndexer()
		ix.Files(res.Site, nil)
		for b.Loop() {
			ix.Files(res.Site, nil)
		}
	})
}
