// Package build runs the pipeline, and is the only package that knows
// every stage: load → decode → link/validate → derive → render → write.
// `check` runs the same phases and stops before render.
package build

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/export"
	"itu.int/iscsite/generator/model"
	"itu.int/iscsite/generator/output"
	"itu.int/iscsite/generator/render"
	"itu.int/iscsite/generator/source"
)

// Options says what to build.
type Options struct {
	Source fs.FS       // the site root: config.toml, content/, layouts/
	Out    *output.Dir // the output folder, opened; nil to render without writing
	Check  bool        // stop before render, as `check` does
	Strict bool        // warnings (the ITU area rule) are errors
}

// Result is what a build did.
type Result struct {
	Diags   diag.List // sorted; warnings included
	Site    *model.Site
	Tables  *derive.Tables
	Pages   []derive.Page
	Files   []output.File // every output file, when rendered without Out
	Written int           // how many files the build made
	Records int
	Elapsed time.Duration
	Phases  []Phase // how long each phase took, in order
	// Leftover is set when the site was written but the old one could not
	// be removed: a warning.
	Leftover error
}

// Phase is one step of a build and its duration.
type Phase struct {
	Name  string
	Took  time.Duration
	start time.Time
}

// OK reports whether the build had no errors.
func (r *Result) OK() bool { return r.Diags.Errors() == 0 }

// ErrWrite wraps a failure to write the output (not a content problem).
var ErrWrite = errors.New("cannot write the output")

// Run builds once, from nothing. Every problem of the content is in
// Result.Diags; the error is only for failing to write.
func Run(opts Options) (*Result, error) {
	start := time.Now()
	res := &Result{}
	diags := &res.Diags
	defer func() { res.Diags = diags.Sort(); res.Elapsed = time.Since(start) }()

	phase := func(name string) {
		now := time.Now()
		if n := len(res.Phases); n > 0 {
			res.Phases[n-1].Took = now.Sub(res.Phases[n-1].start)
		}
		res.Phases = append(res.Phases, Phase{Name: name, start: now})
	}
	defer phase("")

	// load
	phase("load")
	cfg := loadConfig(opts.Source, diags)
	if cfg == nil {
		return res, nil
	}
	// With config.toml wrong, the layouts are not tried: their problems
	// would only repeat its own (a language without UI strings, say).
	configOK := diags.Errors() == 0
	names := source.List(opts.Source, diags)

	// read and decode, each file by one worker from start to end
	phase("decode")
	decoded := decodeAll(cfg, opts.Source, names, diags)
	res.Records = countRecords(decoded)

	// Work for the core that linking and deriving (one goroutine) leave
	// idle: the new tree with the folders of the records' pages, and the
	// records' Markdown bodies.
	var tree *output.Tree
	var bodies *render.Bodies
	premade := make(chan struct{})
	if diags.Errors() == 0 {
		var records []model.Record
		for _, d := range decoded {
			if rec, ok := d.(model.Record); ok {
				records = append(records, rec)
			}
		}
		bodies = render.NewBodies(cfg, records)
		if opts.Out != nil && !opts.Check {
			var err error
			if tree, err = opts.Out.Begin(); err != nil {
				return res, errors.Join(ErrWrite, err)
			}
		}
		// One goroutine, so the critical path keeps a core of its own.
		go func() {
			for _, rec := range records {
				if dir := path.Dir(derive.Page{URL: derive.URL(rec)}.File()); tree != nil && dir != "." {
					tree.Mkdir(dir)
				}
			}
			close(premade)
			bodies.ConvertAll()
		}()
		defer bodies.Stop()
	} else {
		close(premade)
	}
	// abort drops the tree, once its folders are made.
	abort := func() {
		if tree != nil {
			<-premade
			tree.Abort()
		}
	}

	// link and validate
	phase("link")
	site := model.Link(cfg, decoded, diags)
	var rule diag.List
	site.CheckAreaRule(&rule)
	if opts.Strict {
		rule = rule.Strict()
	}
	*diags = append(*diags, rule...)
	res.Site = site

	// derive
	phase("derive")
	res.Tables = derive.Derive(site)
	phase("pages")
	res.Pages = derive.Pages(site, false)
	if diags.Errors() > 0 {
		abort()
		if configOK {
			tryLayouts(opts.Source, cfg, diags)
		}
		return res, nil
	}

	// render, and write: the pages on all cores, each written into the
	// new tree as soon as it is made (with no Out, kept in Result.Files);
	// the data files and feeds beside them.
	phase("render")
	r := render.New(opts.Source, cfg, bodies, diags)
	if r == nil {
		abort()
		return res, nil
	}
	// keep writes a file into the tree, or keeps it when there is no Out;
	// generated notes the paths of pages and data files, which no static
	// file may take.
	var mu sync.Mutex
	generated := map[string]bool{}
	note := func(p string) {
		mu.Lock()
		generated[p] = true
		mu.Unlock()
	}
	keep := func(f output.File, reused bool) {
		if opts.Check {
			return
		}
		if tree != nil {
			tree.Write(f)
		} else {
			if reused {
				f.Data = bytes.Clone(f.Data)
			}
			mu.Lock()
			res.Files = append(res.Files, f)
			mu.Unlock()
		}
		mu.Lock()
		res.Written++
		mu.Unlock()
	}
	var dataErr error
	exported := make(chan struct{})
	go func() {
		defer close(exported)
		data, err := export.Data(site, res.Tables)
		dataErr = err
		for _, f := range append(append(data, export.Sitemap(cfg, res.Pages)...), export.Feed(site)) {
			note(f.Path)
			switch {
			case opts.Check:
				// The data files find no problems of their own.
			case f.Write == nil:
				keep(output.File{Path: f.Path, Data: f.Data}, false)
			case tree != nil:
				tree.WriteFunc(f.Path, f.Write)
				mu.Lock()
				res.Written++
				mu.Unlock()
			default:
				b, err := f.Bytes()
				if dataErr == nil {
					dataErr = err
				}
				keep(output.File{Path: f.Path, Data: b}, false)
			}
		}
	}()
	for _, p := range res.Pages {
		note(p.File())
	}
	r.RenderEach(site, res.Tables, res.Pages, diags, func(i int, f render.File) {
		keep(output.File{Path: f.Path, Data: f.Data}, true)
	})
	<-exported
	for _, f := range r.Static(diags) {
		if generated[f.Path] {
			diags.Errorf(diag.Pos{File: "layouts/static/" + f.Path}, "this file would replace the site's own %s: rename or remove it", f.Path)
			continue
		}
		keep(output.File{Path: f.Path, Data: f.Data}, false)
	}
	dropped := bodies.Dropped()
	if opts.Strict {
		dropped = dropped.Strict()
	}
	*diags = append(*diags, dropped...)
	if dataErr != nil || diags.Errors() > 0 {
		abort()
		res.Files, res.Written = nil, 0
		return res, dataErr
	}
	slices.SortFunc(res.Files, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) })
	if tree != nil {
		phase("write")
		<-premade
		if err := tree.Commit(); err != nil {
			var left *output.LeftoverError
			if !errors.As(err, &left) {
				return res, errors.Join(ErrWrite, err)
			}
			res.Leftover = err
		}
	}
	return res, nil
}

func loadConfig(fsys fs.FS, diags *diag.List) *config.Config {
	src, err := source.ReadFile(fsys, "config.toml")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			diags.Errorf(diag.Pos{File: "config.toml"}, "missing: a site needs config.toml at its root (is --source right?)")
		} else {
			diags.Errorf(diag.Pos{File: "config.toml"}, "cannot read: %v", err)
		}
		return nil
	}
	if !source.UTF8("config.toml", src, diags) {
		return nil
	}
	return config.Parse("config.toml", src, diags)
}

// decodeAll reads, splits and decodes every content file on all cores,
// keeping file order; a file that cannot be read is left out (reported).
func decodeAll(cfg *config.Config, fsys fs.FS, names []string, diags *diag.List) []any {
	out := make([]any, len(names))
	var mu sync.Mutex
	var wg sync.WaitGroup
	// Reading waits on the disk as well as the CPU: a few more workers
	// than cores keep both busy.
	n := 2 * runtime.GOMAXPROCS(0)
	for w := range n {
		wg.Go(func() {
			var local diag.List
			for i := w; i < len(names); i += n {
				if f, ok := source.ReadOne(fsys, names[i], &local); ok {
					out[i] = model.Decode(cfg, &f, &local)
				}
			}
			mu.Lock()
			*diags = append(*diags, local...)
			mu.Unlock()
		})
	}
	wg.Wait()
	kept := out[:0]
	for _, d := range out {
		if d != nil {
			kept = append(kept, d)
		}
	}
	return kept
}

func countRecords(decoded []any) int {
	n := 0
	for _, d := range decoded {
		if _, ok := d.(model.Record); ok {
			n++
		}
	}
	return n
}
