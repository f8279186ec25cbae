// Package build runs the pipeline, and is the only package that knows
// every stage: load → decode → link/validate → derive → pages → render →
// write. A full build (Run) and a watch-mode rebuild (Builder.Build) are
// the same function; `check` runs it and writes nothing.
package build

import (
	"errors"
	"io/fs"
	"time"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/output"
	"itu.int/iscsite/generator/search"
)

// Options says what to build.
type Options struct {
	Source fs.FS       // the site root: config.toml, content/, layouts/
	Out    *output.Dir // the output folder, opened; nil to keep the files in Result.Files
	Check  bool        // render without writing, as `check` does
	Strict bool        // warnings (the ITU area rule, ...) are errors
	// Compress writes a .gz and a .br copy beside each text file of Out,
	// for a server that sends them as they are (output.Dir.Compress).
	Compress bool
}

// Result is what a build did.
type Result struct {
	Diags   diag.List // sorted; warnings included
	Site    *model.Site
	Tables  *derive.Tables
	Pages   []derive.Page
	Files   []output.File // every output file, when built without Out
	Written int           // how many files the build made
	Records int
	Elapsed time.Duration
	Phases  []Phase // how long each phase took, in order
	// Leftover is set when the site was written but the old one could not
	// be removed: a warning.
	Leftover error
}

// OK reports whether the build had no errors.
func (r *Result) OK() bool { return r.Diags.Errors() == 0 }

// ErrWrite wraps a failure to write the output (not a content problem).
var ErrWrite = errors.New("cannot write the output")

// Run builds once, from nothing: the first Build of a Builder. Every
// problem of the content is in Result.Diags; the error is only for
// failing to write.
func Run(opts Options) (*Result, error) {
	if opts.Out != nil {
		opts.Out.Compress(opts.Compress)
	}
	b := &Builder{src: opts.Source, out: opts.Out, check: opts.Check, strict: opts.Strict, keep: opts.Out == nil && !opts.Check, index: search.NewIndexer()}
	u, err := b.Build(nil, Hints{})
	res := &Result{Diags: u.Diags, Site: b.site, Tables: b.tables, Pages: u.Pages, Files: u.Files,
		Records: u.Records, Elapsed: u.Elapsed, Phases: u.Phases, Leftover: u.Leftover}
	if u.OK() && err == nil && !opts.Check {
		res.Written = len(u.Written)
	}
	return res, err
}
