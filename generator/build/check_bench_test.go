package build

import (
	"os"
	"testing"
)

func BenchmarkCheck(b *testing.B) {
	fsys := os.DirFS(os.Getenv("SITE"))
	for b.Loop() {
		Run(Options{Source: fsys, Check: true})
	}
}
