package output

import (
	"errors"
	"fmt"
	"hash/maphash"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// The ledger: what the Dir knows of the files in the output folder, so
// that watch mode, after its first build, writes only the files whose
// bytes changed. Put writes a file in place, atomically (into a temporary
// sibling in the same folder, then renamed over the old one), and Drop
// removes one with any folder it leaves empty; a reader such as the
// server sees every file either whole and old or whole and new.
// Temporary files start with "." so the server never serves one. The
// manifest lists a file before it is written and after it is removed, so
// a server killed halfway leaves a folder still known to be the
// generator's.

// ledger is the files of the output folder as the Dir last wrote them.
type ledger struct {
	mu      sync.Mutex
	seed    maphash.Seed
	sums    map[string]sum // path → what was written, when remembered
	files   map[string]bool
	changed bool // files came or went since the manifest was last written whole

	compressed bool            // the site has compressed copies
	copies     map[string]bool // which of files are compressed copies, which follow their file
}

// sum identifies a file's bytes: their length and a 64-bit hash, for a
// ledger that lives as long as the process.
type sum struct {
	n int
	h uint64
}

func (l *ledger) sumOf(data []byte) sum { return sum{len(data), maphash.Bytes(l.seed, data)} }

// Remember makes the Dir remember what each file it writes holds, from
// the next whole site on: Put then skips a file whose bytes are the same.
func (d *Dir) Remember() {
	d.led.mu.Lock()
	defer d.led.mu.Unlock()
	if d.led.sums == nil {
		d.led.sums = map[string]sum{}
	}
}

// Remembers reports whether Put can compare with what is on disk: the
// Dir remembers, a whole site was written, and the folder is still there.
func (d *Dir) Remembers() bool {
	d.led.mu.Lock()
	known := d.led.sums != nil && len(d.led.sums) > 0
	d.led.mu.Unlock()
	return known && d.Exists()
}

// Put writes f into the output folder in place, unless it holds those
// bytes already; it reports whether it wrote.
func (d *Dir) Put(f File) (bool, error) {
	if !Safe(f.Path) || f.Path == Manifest {
		return false, fmt.Errorf("output path %q leaves the output folder", f.Path)
	}
	l := &d.led
	s := l.sumOf(f.Data)
	l.mu.Lock()
	old, known := l.sums[f.Path]
	listed := l.files[f.Path]
	l.mu.Unlock()
	if known && old == s {
		return false, nil
	}
	if !listed {
		if err := d.list(f.Path); err != nil {
			return false, err
		}
	}
	full := filepath.Join(d.path, filepath.FromSlash(f.Path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return false, err
	}
	if err := replaceFile(full, f.Data); err != nil {
		return false, err
	}
	if err := d.putCopies(f.Path, full, f.Data); err != nil {
		return true, err
	}
	l.mu.Lock()
	if l.sums != nil {
		l.sums[f.Path] = s
	}
	l.mu.Unlock()
	return true, nil
}

// list adds p to the manifest, at its end, before the file is written.
func (d *Dir) list(p string) error {
	l := &d.led
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.files[p] {
		return nil
	}
	if l.files == nil {
		l.files = map[string]bool{}
	}
	l.files[p] = true
	name := filepath.Join(d.path, Manifest)
	if !fileExists(name) {
		if err := os.MkdirAll(d.path, 0o755); err != nil {
			return err
		}
		return writeManifest(d.path, l.files)
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.WriteString(p + "\n")
	l.changed = true
	return errors.Join(werr, f.Close())
}

// Drop removes the file p and its compressed copies, with the folders it
// leaves empty; the manifest forgets them at the next Sync.
func (d *Dir) Drop(p string) error {
	if !Safe(p) || p == Manifest {
		return fmt.Errorf("output path %q leaves the output folder", p)
	}
	for _, e := range encodings {
		if err := d.dropCopy(p + e.ext); err != nil {
			return err
		}
	}
	full := filepath.Join(d.path, filepath.FromSlash(p))
	if err := os.Remove(full); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	// Prune the folders the file leaves empty; Remove refuses a folder
	// that still holds something, which ends the walk.
	for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
		if os.Remove(filepath.Join(d.path, filepath.FromSlash(dir))) != nil {
			break
		}
	}
	l := &d.led
	l.mu.Lock()
	delete(l.sums, p)
	delete(l.copies, p)
	if l.files[p] {
		delete(l.files, p)
		l.changed = true
	}
	l.mu.Unlock()
	return nil
}

// Files lists the files the output folder holds, as the manifest says,
// sorted; not the compressed copies, which come and go with their files.
func (d *Dir) Files() []string {
	d.led.mu.Lock()
	defer d.led.mu.Unlock()
	out := make([]string, 0, len(d.led.files))
	for p := range d.led.files {
		if !d.led.copies[p] {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// Sync writes the manifest whole, in order, when files came or went
// since: Put adds a file at its end.
func (d *Dir) Sync() error {
	l := &d.led
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.changed {
		return nil
	}
	l.changed = false
	return writeManifest(d.path, l.files)
}

// Exists reports whether the output folder is there: a watcher that
// writes only changed files must write everything again when it is not.
func (d *Dir) Exists() bool {
	fi, err := os.Stat(d.path)
	return err == nil && fi.IsDir()
}

func fileExists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// replaceFile writes data to name through a temporary file in the same
// folder, renamed over name: rename within a folder is atomic.
func replaceFile(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), 0o644)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// isUpdateTemp reports whether a file name is one of Put's temporary
// files (".name.tmp-…"), which a killed server may leave.
func isUpdateTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-")
}
