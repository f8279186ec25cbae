// Command generator builds the ITU intersectoral-coordination site.
//
//	generator build  [--source DIR] [--out DIR] [--compress]  build public/ once (with .gz and .br copies)
//	generator check  [--source DIR] [--strict]      validate content only
//	generator new    [--source DIR] KIND SLUG       scaffold a record
//	generator serve  [--source DIR] [--addr ADDR]   build, watch, serve with live reload
//	generator bench  [--records N] [--keep DIR]     build a generated site and measure it
//	generator stamp  [--source DIR] FILE...         record which version of its original a translation translates
//
// Exit status: 0 on success, 1 on any content error, 2 on bad usage.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"itu.int/iscsite/generator/render"
)

func main() {
	// A build makes a lot of short-lived garbage (every page, every
	// template call): collect a third as often as Go's default, which
	// costs a little peak memory and saves CPU (bench --records 10000:
	// 300-333 MB and 1.04-1.28 s, against 256-280 MB and 1.10-1.27 s at
	// GOGC=200), and keep a soft ceiling so very large sites collect
	// harder instead of growing. GOGC and GOMEMLIMIT, when set, win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(300)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(2 << 30)
	}
	// The layouts are compiled (see generator/tmplexec); this runs them
	// with html/template alone, to rule the compiler out.
	if os.Getenv("ISCSITE_TEMPLATES") == "html" {
		render.HTMLTemplateOnly(true)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2
)

const usage = `usage: generator COMMAND [flags]

commands:
  build   build the site into public/ (--source DIR, --out DIR, --compress for .gz and .br copies)
  check   validate the content only (--source DIR, --strict, --translations)
  new     scaffold a record: new KIND SLUG (kinds: area, resolution, study-group, group, document)
  serve   build, watch and serve with live reload (--source DIR, --addr 127.0.0.1:1313)
  bench   generate a site of --records N and measure a full build
  stamp   record which version of its original a translation translates: stamp FILE... | --unstamped
`

// run is the whole program, callable from tests.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(rest, stdout, stderr)
	case "check":
		return runCheck(rest, stdout, stderr)
	case "new":
		return runNew(rest, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "bench":
		return runBench(rest, stdout, stderr)
	case "stamp":
		return runStamp(rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "generator: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}
