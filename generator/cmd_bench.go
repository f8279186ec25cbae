package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"itu.int/iscsite/generator/output"
	"itu.int/iscsite/generator/synth"
)

// runBench generates a synthetic site and times a full build of it in a
// child process, so the peak memory it reports is the build's alone.
func runBench(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("bench", stderr)
	n := fl.Int("records", 10000, "how many records the generated site has")
	seed := fl.Int64("seed", 1, "the generator's seed: the same seed gives the same site")
	keep := fl.String("keep", "", "generate the site into this folder and keep it (default: a temporary folder)")
	runs := fl.Int("runs", 1, "how many builds to time; the best is reported")
	out := fl.String("out", "", "the output folder of the timed builds (default: public/ in the generated site)")
	langs := fl.Int("languages", 1, "the site's languages, 1 to 6 (en, fr, es, ar, zh, ru), with the areas and a tenth of the records translated into each but English")
	if fl.Parse(args) != nil || fl.NArg() > 0 || *n < 1 || *runs < 1 || *langs < 1 || *langs > len(synth.Languages) {
		return exitUsage
	}
	dir := *keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "generator-bench-")
		if err != nil {
			fmt.Fprintf(stderr, "generator bench: %v\n", err)
			return exitContent
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	genStart := time.Now()
	if err := synth.GenerateLanguages(dir, *n, *seed, *langs); err != nil {
		fmt.Fprintf(stderr, "generator bench: %v\n", err)
		if errors.Is(err, synth.ErrNotGenerated) {
			return exitUsage
		}
		return exitContent
	}
	fmt.Fprintf(stdout, "generated %d records in %s (%s)\n", synth.Split(*n).Total(), time.Since(genStart).Round(time.Millisecond), dir)

	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "generator bench: %v\n", err)
		return exitContent
	}
	outDir := *out
	if outDir == "" {
		outDir = filepath.Join(dir, "public")
	}
	var best benchRun
	var walls []time.Duration
	for i := range *runs {
		if code := removeOut(dir, outDir, stderr); code != exitOK {
			return code // every run builds from nothing, but only over its own output
		}
		r, err := benchOnce(self, dir, outDir)
		if err != nil {
			fmt.Fprintf(stderr, "generator bench: %v\n", err)
			return exitContent
		}
		walls = append(walls, r.wall)
		if i == 0 || r.wall < best.wall {
			best = r
		}
	}
	slices.Sort(walls)
	if len(walls) > 1 {
		fmt.Fprintf(stdout, "runs %d  best %s  median %s  worst %s\n", len(walls),
			walls[0].Round(time.Millisecond), walls[len(walls)/2].Round(time.Millisecond), walls[len(walls)-1].Round(time.Millisecond))
	}
	fmt.Fprintf(stdout, "best run: records %d  pages %d  files %d  wall %s  pages/s %.0f  cpu %s  peak memory %d MB  (output in %s)\n",
		best.records, best.pages, best.files, best.wall.Round(time.Millisecond),
		float64(best.pages)/best.wall.Seconds(), best.cpu.Round(time.Millisecond), best.maxRSS>>20, outDir)
	return exitOK
}

// removeOut removes the output folder of the site at src, when it holds
// only what the generator wrote.
func removeOut(src, out string, stderr io.Writer) int {
	sources := []string{filepath.Join(src, "content"), filepath.Join(src, "layouts")}
	if _, err := os.Stat("config.toml"); err == nil {
		sources = append(sources, "content", "layouts") // the site bench was run in
	}
	d, err := output.Open(out, src, sources...)
	if err != nil {
		fmt.Fprintf(stderr, "generator bench: %v\n", err)
		return exitUsage
	}
	defer d.Close()
	if err := d.Remove(); err != nil {
		fmt.Fprintf(stderr, "generator bench: %v\n", err)
		return exitContent
	}
	return exitOK
}

type benchRun struct {
	records, pages, files int
	wall, cpu             time.Duration
	maxRSS                int64 // bytes
}

// benchOnce runs `build` on dir in a child process.
func benchOnce(self, dir, outDir string) (benchRun, error) {
	var out, errOut bytes.Buffer
	cmd := exec.Command(self, "build", "--source", dir, "--out", outDir)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	r := benchRun{wall: time.Since(start)}
	if err != nil {
		return r, fmt.Errorf("build failed: %v\n%s", err, errOut.String())
	}
	// The build's own summary line: "built N pages (F files) from R records in T".
	line := strings.TrimSpace(out.String())
	if _, err := fmt.Sscanf(line, "built %d pages (%d files) from %d records", &r.pages, &r.files, &r.records); err != nil {
		return r, fmt.Errorf("cannot read the build's summary %q: %v", line, err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss << 10 // kilobytes on Linux
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return r, nil
}
