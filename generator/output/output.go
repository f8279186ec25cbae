// Package output is the one writer of the site to disk.
//
// Write builds the whole site in a temporary sibling of the output folder
// and swaps it in at once, so a reader (a browser, the server) sees either
// the old site or the new one, a failed build leaves the old one as it was,
// and files of deleted records are gone with the old folder.
package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// File is one file to write: a slash path under the output folder.
type File struct {
	Path string
	Data []byte
}

// Write replaces the folder dir with exactly files.
func Write(dir string, files []File) error {
	dir = filepath.Clean(dir)
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := writeAll(tmp, files); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := swap(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	return nil
}

// writeAll writes files under root: folders first, then the files on
// every core.
func writeAll(root string, files []File) error {
	dirs := map[string]bool{}
	for _, f := range files {
		if !Safe(f.Path) {
			return fmt.Errorf("output path %q leaves the output folder", f.Path)
		}
		for d := filepath.Dir(f.Path); d != "." && !dirs[d]; d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	sorted := make([]string, 0, len(dirs))
	for d := range dirs {
		sorted = append(sorted, d)
	}
	sort.Strings(sorted) // parents before children
	for _, d := range sorted {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			return err
		}
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		next     = make(chan int, 256)
	)
	for range runtime.GOMAXPROCS(0) * 2 { // writes wait on the disk, not the CPU
		wg.Go(func() {
			for i := range next {
				if err := os.WriteFile(filepath.Join(root, files[i].Path), files[i].Data, 0o644); err != nil {
					mu.Lock()
					firstErr = cmpErr(firstErr, err)
					mu.Unlock()
				}
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return firstErr
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// swap puts the new folder in place of dir. Where the system can exchange
// two paths in one step (Linux renameat2), readers never see a missing
// folder; elsewhere dir is moved aside, then replaced.
func swap(tmp, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	if err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dir, unix.RENAME_EXCHANGE); err == nil {
		return os.RemoveAll(tmp) // tmp now holds the old site
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		_ = os.Rename(old, dir)
		return err
	}
	return os.RemoveAll(old)
}

// Safe reports whether a slash path stays inside the output folder.
func Safe(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." || part == "" || part == "." {
			return false
		}
	}
	return true
}
