package build

import (
	"os"
	"testing"
)

// BenchmarkCheck runs check (every phase but write) on the site in $SITE.
func BenchmarkCheck(b *testing.B) {
	if os.Getenv("SITE") == "" {
		b.Skip("set SITE to a site folder (go run ./generator bench --keep DIR makes one)")
	}
	fsys := os.DirFS(os.Getenv("SITE"))
	for b.Loop() {
		Run(Options{Source: fsys, Check: true})
	}
}
