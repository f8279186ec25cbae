package output

import (
	"errors"
	"fmt"
	"hash/maphash"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// Dir is an output folder opened for writing: checked to be safe to
// replace, and locked, so that no other build or server writes it at the
// same time. Open it once per process; Close releases the lock.
type Dir struct {
	path string // absolute, symbolic links resolved
	lock *os.File
	led  ledger // the files in it: the manifest, and what each holds

	compress bool // whole sites get compressed copies; under led.mu
}

// RefusedError is an output folder the generator will not write, because
// writing it could destroy an editor's work.
type RefusedError struct {
	Out    string // the output folder, as given
	Source string // the source folder it collides with, or ""
	Why    string
}

func (e *RefusedError) Error() string {
	if e.Source != "" {
		return fmt.Sprintf("refusing to write the site to %s: %s %s", e.Out, e.Why, e.Source)
	}
	return fmt.Sprintf("refusing to write the site to %s: %s", e.Out, e.Why)
}

// Open checks that out may be written and locks it. It refuses (a
// *RefusedError) a folder that is root or holds it, that is, holds or
// lies inside one of sources, an existing file, and an existing folder
// that holds anything the generator did not write there (see Manifest).
// Every path is compared after symbolic links are resolved, so no
// spelling of a source gets past. Under the lock it removes the
// temporary folders that killed builds left beside out.
func Open(out, root string, sources ...string) (*Dir, error) {
	real, err := realPath(out)
	if err != nil {
		return nil, err
	}
	if err := guard(out, real, root, sources); err != nil {
		return nil, err
	}
	fi, err := os.Lstat(real)
	switch {
	case err == nil && !fi.IsDir():
		return nil, &RefusedError{Out: out, Why: "it is a file, not a folder"}
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	var files map[string]bool
	if fi != nil {
		if files, err = owned(out, real); err != nil {
			return nil, err
		}
	}
	parent, base := filepath.Split(real)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	lock, err := takeLock(filepath.Join(parent, "."+base+".lock"), out)
	if err != nil {
		return nil, err
	}
	d := &Dir{path: real, lock: lock}
	d.led.seed = maphash.MakeSeed()
	d.led.files = files
	removeLeftovers(parent, base)
	return d, nil
}

// Compress says whether the whole sites written from the next Begin on
// carry compressed copies of their text files (see compress.go); Put
// follows what the last whole site did.
func (d *Dir) Compress(on bool) {
	d.led.mu.Lock()
	d.compress = on
	d.led.mu.Unlock()
}

// Path is the output folder's absolute path.
func (d *Dir) Path() string { return d.path }

// Close releases the lock.
func (d *Dir) Close() {
	if d.lock != nil {
		d.lock.Close()
		d.lock = nil
	}
}

// Remove deletes the output folder, which Open found to hold only the
// generator's files; the Dir stays open, for a build from nothing.
func (d *Dir) Remove() error {
	d.led.mu.Lock()
	d.led.files, d.led.sums, d.led.copies = nil, nil, nil
	d.led.mu.Unlock()
	return removeTree(d.path)
}

// realPath is p made absolute with every symbolic link resolved, for the
// part of it that exists.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for cur := abs; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = append([]string{filepath.Base(cur)}, rest...)
		cur = parent
	}
}

// guard refuses an output folder that would swallow the sources.
func guard(out, real, root string, sources []string) error {
	r, err := realPath(root)
	if err != nil {
		return err
	}
	switch {
	case real == r:
		return &RefusedError{Out: out, Why: "it is the site root", Source: root}
	case within(r, real):
		return &RefusedError{Out: out, Why: "it holds the site root", Source: root}
	}
	for _, s := range sources {
		rs, err := realPath(s)
		if err != nil {
			return err
		}
		switch {
		case real == rs:
			return &RefusedError{Out: out, Why: "it is the source folder", Source: s}
		case within(rs, real):
			return &RefusedError{Out: out, Why: "it holds the source folder", Source: s}
		case within(real, rs):
			return &RefusedError{Out: out, Why: "it lies inside the source folder", Source: s}
		}
	}
	return nil
}

// within reports whether path p lies strictly inside folder dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// takeLock holds an exclusive lock on the file at p until it is closed
// (or the process ends, however it ends).
func takeLock(p, out string) (*os.File, error) {
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, &RefusedError{Out: out, Why: "another build or serve is writing it; wait for it to end, or choose another --out"}
		}
		return nil, err
	}
	return f, nil
}
