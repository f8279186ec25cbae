package output

import (
	"bufio"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"sync"
)

// Tree is a new site being written beside the output folder, file by file
// as pages are rendered, so a build never holds the whole site in memory.
// Commit swaps it in whole; Abort removes it and leaves the output as it
// was. Write may be called from many goroutines; it writes at once, so
// the caller may reuse the bytes when it returns.
type Tree struct {
	out      *Dir
	dir, tmp string
	dirs     sync.Map // slash path → *dirOnce making that folder
	mu       sync.Mutex
	files    map[string]bool // every file written, for the manifest
	sums     map[string]sum  // what each holds, when the Dir remembers
	err      error

	compressed bool            // with compressed copies (see compress.go)
	copies     map[string]bool // the compressed copies written
}

// Begin starts a new site that will replace the output folder whole. The
// temporary folder holds the manifest's first line from the start, so
// that a later Open recognises it if this process is killed.
func (d *Dir) Begin() (*Tree, error) {
	parent, base := filepath.Split(d.path)
	tmp, err := os.MkdirTemp(parent, tempPattern(base, "new"))
	if err != nil {
		return nil, err
	}
	t := &Tree{out: d, dir: d.path, tmp: tmp, files: map[string]bool{}, copies: map[string]bool{}}
	d.led.mu.Lock()
	if d.led.sums != nil {
		t.sums = map[string]sum{}
	}
	t.compressed = d.compress
	d.led.mu.Unlock()
	if err := os.Chmod(tmp, 0o755); err == nil {
		err = writeManifest(tmp, nil)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return t, nil
}

// Write writes one file, making its folders as needed.
func (t *Tree) Write(f File) {
	if !t.safe(f.Path) {
		t.fail(fmt.Errorf("output path %q leaves the output folder", f.Path))
		return
	}
	err := t.write(f)
	if err == nil {
		err = t.compress(f.Path)
	}
	t.fail(err)
}

// WriteFunc writes one file with write, through a buffer, for a file too
// large to hold whole.
func (t *Tree) WriteFunc(p string, write func(w io.Writer) error) {
	if !t.safe(p) {
		t.fail(fmt.Errorf("output path %q leaves the output folder", p))
		return
	}
	err := t.writeFunc(p, write)
	if err == nil {
		err = t.compress(p)
	}
	t.fail(err)
}

func (t *Tree) writeFunc(p string, write func(w io.Writer) error) error {
	if err := t.mkdir(path.Dir(p)); err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(t.tmp, filepath.FromSlash(p)), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	var w io.Writer = bw
	var h *maphash.Hash
	var n countWriter
	if t.sums != nil {
		h = &maphash.Hash{}
		h.SetSeed(t.out.led.seed)
		w = io.MultiWriter(bw, h, &n)
	}
	err = write(w)
	if err == nil {
		err = bw.Flush()
	}
	if h != nil && err == nil {
		t.mu.Lock()
		t.sums[p] = sum{int(n), h.Sum64()}
		t.mu.Unlock()
	}
	return cmpErr(err, f.Close())
}

func (t *Tree) write(f File) error {
	if err := t.mkdir(path.Dir(f.Path)); err != nil {
		return err
	}
	if t.sums != nil {
		s := t.out.led.sumOf(f.Data)
		t.mu.Lock()
		t.sums[f.Path] = s
		t.mu.Unlock()
	}
	return os.WriteFile(filepath.Join(t.tmp, filepath.FromSlash(f.Path)), f.Data, 0o644)
}

// safe checks a file's path and notes it for the manifest.
func (t *Tree) safe(p string) bool {
	if !Safe(p) || p == Manifest {
		return false
	}
	t.mu.Lock()
	t.files[p] = true
	t.mu.Unlock()
	return true
}

// Mkdir makes the folder p (a slash path) and its parents ahead of the
// files that will go in it, so the folders of a large site can be made
// while a core is otherwise idle.
func (t *Tree) Mkdir(p string) {
	if !Safe(p) {
		t.fail(fmt.Errorf("output path %q leaves the output folder", p))
		return
	}
	t.fail(t.mkdir(p))
}

// mkdir makes the folder p (slash path) and its parents, each once.
func (t *Tree) mkdir(p string) error {
	if p == "." {
		return nil
	}
	o, _ := t.dirs.LoadOrStore(p, &dirOnce{})
	d := o.(*dirOnce)
	d.once.Do(func() {
		if d.err = t.mkdir(path.Dir(p)); d.err == nil {
			d.err = os.Mkdir(filepath.Join(t.tmp, filepath.FromSlash(p)), 0o755)
			if errors.Is(d.err, os.ErrExist) {
				d.err = nil
			}
		}
	})
	return d.err
}

// countWriter counts the bytes written to it.
type countWriter int

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

type dirOnce struct {
	once sync.Once
	err  error
}

func (t *Tree) fail(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil && t.err == nil {
		t.err = err
	}
}

// finish returns the first error of the writes.
func (t *Tree) finish() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

// Commit waits for every file, writes the manifest, then puts the tree in
// place of the output folder. On any error before the swap the output is
// left as it was. When only removing the old site fails, the new one is
// in place and the error is a *LeftoverError: a warning, not a failure.
func (t *Tree) Commit() error {
	err := t.finish()
	if err == nil {
		err = t.clash()
	}
	files := t.files
	if len(t.copies) > 0 {
		files = maps.Clone(t.files)
		maps.Copy(files, t.copies)
	}
	if err == nil {
		err = writeManifest(t.tmp, files)
	}
	if err != nil {
		os.RemoveAll(t.tmp)
		return err
	}
	old, err := swap(t.tmp, t.dir)
	if err != nil {
		os.RemoveAll(t.tmp)
		return err
	}
	l := &t.out.led
	l.mu.Lock()
	l.files, l.changed = files, false
	l.copies, l.compressed = t.copies, t.compressed
	if t.sums != nil {
		l.sums = t.sums
	}
	l.mu.Unlock()
	if old != "" {
		if err := removeTree(old); err != nil {
			return &LeftoverError{Dir: old, Err: err}
		}
	}
	return nil
}

// LeftoverError is an old site that could not be removed after the new one
// was put in its place; the next build tries again.
type LeftoverError struct {
	Dir string
	Err error
}

func (e *LeftoverError) Error() string {
	return fmt.Sprintf("the site was written, but the old one could not be removed from %s: %v (the next build tries again)", e.Dir, e.Err)
}

func (e *LeftoverError) Unwrap() error { return e.Err }

// Abort drops the tree; the output folder is left as it was.
func (t *Tree) Abort() {
	t.finish()
	os.RemoveAll(t.tmp)
}
