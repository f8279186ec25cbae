package output

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"
)

// Update changes the output folder in place, for watch mode after its
// first build: it writes each changed file atomically (into a temporary
// sibling in the same folder, then renamed over the old one) and removes
// the removed ones, with any folder they leave empty. A reader such as the
// server sees every file either whole and old or whole and new. Temporary
// files start with "." so the server never serves one.
//
// A build that rewrites everything still uses Write, which swaps the whole
// folder; Update is for the few files an edit changes.
func (d *Dir) Update(changed []File, removed []string) error {
	dir := d.path
	for _, f := range changed {
		if !Safe(f.Path) || f.Path == Manifest {
			return fmt.Errorf("output path %q leaves the output folder", f.Path)
		}
	}
	for _, p := range removed {
		if !Safe(p) || p == Manifest {
			return fmt.Errorf("output path %q leaves the output folder", p)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// The manifest lists a file before it is written and after it is
	// removed, so a server killed halfway leaves a folder still known to
	// be the generator's.
	if d.files == nil {
		d.files = map[string]bool{}
	}
	grew := false
	for _, f := range changed {
		if !d.files[f.Path] {
			d.files[f.Path] = true
			grew = true
		}
	}
	if grew || !fileExists(filepath.Join(dir, Manifest)) {
		if err := writeManifest(dir, d.files); err != nil {
			return err
		}
	}

	// Folders first, once each, so the writers do not race to make them.
	made := map[string]bool{}
	for _, f := range changed {
		if d := path.Dir(f.Path); d != "." && !made[d] {
			made[d] = true
			if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
				return err
			}
		}
	}

	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	workers := min(len(changed), runtime.GOMAXPROCS(0)*2) // writes wait on the disk, not the CPU
	next := make(chan File)
	for range workers {
		wg.Go(func() {
			for f := range next {
				if err := replaceFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data); err != nil {
					mu.Lock()
					firstErr = cmpErr(firstErr, err)
					mu.Unlock()
				}
			}
		})
	}
	for _, f := range changed {
		next <- f
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}

	for _, p := range removed {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.Remove(full); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		delete(d.files, p)
		// Prune the folders the file leaves empty, up to dir; Remove
		// refuses a folder that still holds something, which ends the walk.
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if os.Remove(filepath.Join(dir, filepath.FromSlash(d))) != nil {
				break
			}
		}
	}
	if len(removed) > 0 {
		return writeManifest(dir, d.files)
	}
	return nil
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
