package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"runtime/trace"
	"time"

	"itu.int/iscsite/generator/build"
	"itu.int/iscsite/generator/output"
)

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("build", stderr)
	src := fl.String("source", ".", "the site root (config.toml, content/, layouts/)")
	out := fl.String("out", "", "the output folder (default <source>/public)")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the build to this file (for go tool pprof)")
	timings := fl.Bool("timings", false, "print how long each phase took")
	compress := fl.Bool("compress", false, "also write a .gz and a .br copy of each text file, for a server that sends them as they are (deploy/nginx.conf)")
	traceFile := fl.String("trace", "", "write an execution trace of the build to this file (for go tool trace)")
	if fl.Parse(args) != nil || fl.NArg() > 0 {
		return exitUsage
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "generator: %v\n", err)
			return exitUsage
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	if *out == "" {
		*out = filepath.Join(*src, "public")
	}
	if *traceFile != "" {
		f, err := os.Create(*traceFile)
		if err == nil {
			err = trace.Start(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "generator: %v\n", err)
			return exitUsage
		}
		defer func() { trace.Stop(); f.Close() }()
	}
	dir, code := openOut(*src, *out, stderr)
	if dir == nil {
		return code
	}
	defer dir.Close()
	res, err := build.Run(build.Options{Source: os.DirFS(*src), Out: dir, Compress: *compress})
	fmt.Fprint(stderr, res.Diags.String())
	if err != nil {
		fmt.Fprintf(stderr, "generator: %v\n", err)
		return exitContent
	}
	if res.Leftover != nil {
		fmt.Fprintf(stderr, "generator: warning: %v\n", res.Leftover)
	}
	if !res.OK() {
		fmt.Fprintf(stderr, "build failed: %d error(s); %s left as it was\n", res.Diags.Errors(), *out)
		return exitContent
	}
	if *timings {
		for _, p := range res.Phases {
			if p.Name != "" {
				fmt.Fprintf(stderr, "%-8s %s\n", p.Name, p.Took.Round(time.Millisecond))
			}
		}
	}
	fmt.Fprintf(stdout, "built %d pages (%d files) from %d records in %s\n",
		len(res.Pages), res.Written, res.Records, res.Elapsed.Round(1e6))
	return exitOK
}

// openOut opens the output folder of the site at src, refusing one that
// could swallow the site's sources or an editor's files (exit 2).
func openOut(src, out string, stderr io.Writer) (*output.Dir, int) {
	dir, err := output.Open(out, src, filepath.Join(src, "content"), filepath.Join(src, "layouts"))
	if err != nil {
		fmt.Fprintf(stderr, "generator: %v\n", err)
		return nil, exitUsage
	}
	return dir, exitOK
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("check", stderr)
	src := fl.String("source", ".", "the site root (config.toml, content/, layouts/)")
	strict := fl.Bool("strict", false, "treat warnings (the ITU area rule) as errors")
	translations := fl.Bool("translations", false, "also print, per language, the records without a translation and the translations out of date")
	if fl.Parse(args) != nil || fl.NArg() > 0 {
		return exitUsage
	}
	res, _ := build.Run(build.Options{Source: os.DirFS(*src), Check: true, Strict: *strict})
	fmt.Fprint(stderr, res.Diags.String())
	if *translations && res.Site != nil {
		printTranslations(stdout, res.Site)
	}
	if !res.OK() {
		fmt.Fprintf(stderr, "check failed: %d error(s), %d warning(s)\n", res.Diags.Errors(), len(res.Diags)-res.Diags.Errors())
		return exitContent
	}
	fmt.Fprintf(stdout, "ok: %d records, %d warning(s)\n", res.Records, len(res.Diags))
	return exitOK
}
