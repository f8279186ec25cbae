package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// layers is the pipeline, first stage first: a package may import only
// packages of lower layers. files → records → a checked graph → pages →
// bytes on disk, and only build (and what runs it) knows every stage.
var layers = [][]string{
	{"diag"},
	{"fields"},
	{"config", "source", "plaintext"},
	{"model"},
	{"derive"},
	{"render", "export", "search"},
	{"output"},
	{"build"},
	{"serve"},
	{"."}, // package main
}

// standalone packages import none of ours: tools beside the pipeline.
var standalone = []string{"synth", "internal/browsertest", "tmplexec"}

// mayUseOS are the only packages that may import "os": the one writer,
// the server and the command. The stages read through fs.FS.
var mayUseOS = []string{"output", "serve", ".", "synth", "internal/browsertest"}

const module = "itu.int/iscsite/generator"

func TestImportsFollowThePipeline(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	layerOf := map[string]int{}
	for i, l := range layers {
		for _, p := range l {
			layerOf[p] = i
		}
	}
	rel := func(p string) string {
		if p == module {
			return "."
		}
		return strings.TrimPrefix(p, module+"/")
	}
	seen := 0
	for line := range strings.Lines(strings.TrimSpace(string(out))) {
		fields := strings.Fields(line)
		pkg := rel(fields[0])
		if strings.HasSuffix(pkg, "test") && !slices.Contains(standalone, pkg) {
			continue // test-only packages (pagetest) may import anything
		}
		seen++
		own, known := layerOf[pkg]
		if !known && !slices.Contains(standalone, pkg) {
			t.Errorf("package %s is in no layer: add it to layers (or standalone) in this test", pkg)
			continue
		}
		for _, imp := range fields[1:] {
			switch {
			case imp == "os" && !slices.Contains(mayUseOS, pkg):
				t.Errorf("%s imports os: only output writes to disk; read through fs.FS", pkg)
			case (imp == "html/template" || imp == "text/template" || imp == "net/http") && layerOf[pkg] <= layerOf["derive"] && known:
				t.Errorf("%s imports %s: the model and what comes before it never render or serve", pkg, imp)
			case strings.HasPrefix(imp, module+"/") || imp == module:
				dep := rel(imp)
				if slices.Contains(standalone, pkg) {
					t.Errorf("%s imports %s: it should stand alone", pkg, dep)
					continue
				}
				if slices.Contains(standalone, dep) && pkg == "." {
					continue // the command runs the benchmark generator
				}
				if layerOf[dep] >= own {
					t.Errorf("%s (layer %d) imports %s (layer %d): imports go one way, down the pipeline", pkg, own, dep, layerOf[dep])
				}
			}
		}
	}
	if seen < 10 {
		t.Fatalf("saw only %d packages; go list output:\n%s", seen, out)
	}
}
