package build

import (
	"os"
	"testing"

	"itu.int/iscsite/generator/synth"
)

// BenchmarkBuild1k builds a generated site of 1,000 records, rendering
// everything but writing nothing: go test -bench Build ./generator/build/
func BenchmarkBuild1k(b *testing.B) { benchBuild(b, 1000) }

// BenchmarkBuild10k is the same at 10,000 records.
func BenchmarkBuild10k(b *testing.B) { benchBuild(b, 10000) }

func benchBuild(b *testing.B, n int) {
	dir := b.TempDir()
	if err := synth.Generate(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	b.ResetTimer()
	for b.Loop() {
		res, err := Run(Options{Source: fsys, Check: true})
		if err != nil || !res.OK() {
			b.Fatal(err, res.Diags)
		}
	}
}
