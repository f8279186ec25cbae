package build

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"

	"itu.int/iscsite/generator/output"
)

// writer is where a build's files go: a new folder swapped in whole
// (tree), files changed in place (place), memory (mem), or nowhere (for
// check). Every file is given to it, changed or not; it notes each path,
// so that a file no longer made is removed, and no static file takes the
// place of a generated one.
type writer interface {
	// file writes one file; the bytes are the caller's again when it
	// returns. It reports whether the file changed.
	file(p string, data []byte) (bool, error)
	// stream writes one file too large to hold whole.
	stream(p string, write func(io.Writer) error) error
	mkdir(dir string)
	made(p string) bool // a file of this build has the path p
	commit(u *Update) error
	abort()
}

// writer picks the writer of a build.
func (b *Builder) writer(u *Update, full bool) (writer, error) {
	switch {
	case b.check || b.out == nil && !b.keep:
		return &memWriter{discard: true}, nil
	case b.out == nil:
		return &memWriter{}, nil
	case full || !b.out.Remembers():
		t, err := b.out.Begin()
		if err != nil {
			return nil, errors.Join(ErrWrite, err)
		}
		u.Full = true
		return &treeWriter{tree: t}, nil
	}
	return &placeWriter{dir: b.out, seen: map[string]bool{}, u: u}, nil
}

// paths notes the paths of a build's files.
type paths struct {
	mu  sync.Mutex
	all map[string]bool
}

func (ps *paths) add(p string) {
	ps.mu.Lock()
	if ps.all == nil {
		ps.all = map[string]bool{}
	}
	ps.all[p] = true
	ps.mu.Unlock()
}

func (ps *paths) made(p string) bool {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return ps.all[p]
}

// memWriter keeps the files in memory, or discards them.
type memWriter struct {
	paths
	discard bool
	files   []output.File
}

func (w *memWriter) file(p string, data []byte) (bool, error) {
	w.add(p)
	if !w.discard {
		w.mu.Lock()
		w.files = append(w.files, output.File{Path: p, Data: bytes.Clone(data)})
		w.mu.Unlock()
	}
	return true, nil
}

func (w *memWriter) stream(p string, write func(io.Writer) error) error {
	if w.discard {
		w.add(p)
		return nil
	}
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	_, err := w.file(p, b.Bytes())
	return err
}

func (w *memWriter) mkdir(string) {}

func (w *memWriter) commit(u *Update) error {
	slices.SortFunc(w.files, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) })
	u.Files = w.files
	for p := range w.all {
		u.Written = append(u.Written, p)
	}
	slices.Sort(u.Written)
	return nil
}

func (w *memWriter) abort() {}

// treeWriter writes a whole new folder, swapped in at commit.
type treeWriter struct {
	paths
	tree      *output.Tree
	committed bool
}

func (w *treeWriter) file(p string, data []byte) (bool, error) {
	w.add(p)
	w.tree.Write(output.File{Path: p, Data: data})
	return true, nil
}

func (w *treeWriter) stream(p string, write func(io.Writer) error) error {
	w.add(p)
	w.tree.WriteFunc(p, write)
	return nil
}

func (w *treeWriter) mkdir(dir string) { w.tree.Mkdir(dir) }

func (w *treeWriter) commit(u *Update) error {
	w.committed = true
	if err := w.tree.Commit(); err != nil {
		var left *output.LeftoverError
		if !errors.As(err, &left) {
			return errors.Join(ErrWrite, err)
		}
		u.Leftover = err
	}
	for p := range w.all {
		u.Written = append(u.Written, p)
	}
	slices.Sort(u.Written)
	return nil
}

func (w *treeWriter) abort() {
	if !w.committed {
		w.tree.Abort()
	}
}

// placeWriter changes the output folder in place: only files whose bytes
// changed are written, and at commit the files no longer made removed.
type placeWriter struct {
	dir  *output.Dir
	u    *Update
	mu   sync.Mutex
	seen map[string]bool
}

func (w *placeWriter) file(p string, data []byte) (bool, error) {
	w.mu.Lock()
	w.seen[p] = true
	w.mu.Unlock()
	wrote, err := w.dir.Put(output.File{Path: p, Data: data})
	if wrote {
		w.mu.Lock()
		w.u.Written = append(w.u.Written, p)
		w.mu.Unlock()
	}
	if err != nil {
		return false, errors.Join(ErrWrite, err)
	}
	return wrote, nil
}

func (w *placeWriter) stream(p string, write func(io.Writer) error) error {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	_, err := w.file(p, b.Bytes())
	return err
}

func (w *placeWriter) mkdir(string) {}

func (w *placeWriter) made(p string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seen[p]
}

func (w *placeWriter) commit(u *Update) error {
	for _, p := range w.dir.Files() {
		if !w.made(p) {
			if err := w.dir.Drop(p); err != nil {
				return errors.Join(ErrWrite, err)
			}
			u.Removed = append(u.Removed, p)
		}
	}
	slices.Sort(u.Written)
	if err := w.dir.Sync(); err != nil {
		return errors.Join(ErrWrite, err)
	}
	return nil
}

func (w *placeWriter) abort() {}
