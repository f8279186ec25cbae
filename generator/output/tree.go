package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
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
	dir, tmp string
	dirs     sync.Map // slash path → *dirOnce making that folder
	mu       sync.Mutex
	err      error
}

// Begin starts a tree that will replace dir.
func Begin(dir string) (*Tree, error) {
	dir = filepath.Clean(dir)
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Tree{dir: dir, tmp: tmp}, nil
}

// Write writes one file, making its folders as needed.
func (t *Tree) Write(f File) {
	if !Safe(f.Path) {
		t.fail(fmt.Errorf("output path %q leaves the output folder", f.Path))
		return
	}
	t.fail(t.write(f))
}

// WriteFunc writes one file with write, through a buffer, for a file too
// large to hold whole.
func (t *Tree) WriteFunc(p string, write func(w io.Writer) error) {
	if !Safe(p) {
		t.fail(fmt.Errorf("output path %q leaves the output folder", p))
		return
	}
	t.fail(t.writeFunc(p, write))
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
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	return cmpErr(err, f.Close())
}

func (t *Tree) write(f File) error {
	if err := t.mkdir(path.Dir(f.Path)); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(t.tmp, filepath.FromSlash(f.Path)), f.Data, 0o644)
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

// Commit waits for every file, then puts the tree in place of the output
// folder. On any error the output is left as it was.
func (t *Tree) Commit() error {
	if err := t.finish(); err != nil {
		os.RemoveAll(t.tmp)
		return err
	}
	if err := swap(t.tmp, t.dir); err != nil {
		os.RemoveAll(t.tmp)
		return err
	}
	return nil
}

// Abort drops the tree; the output folder is left as it was.
func (t *Tree) Abort() {
	t.finish()
	os.RemoveAll(t.tmp)
}
