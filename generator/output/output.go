// Package output is the one writer of the site to disk.
//
// Write builds the whole site in a temporary sibling of the output folder
// and swaps it in at once, so a reader (a browser, the server) sees either
// the old site or the new one, a failed build leaves the old one as it was,
// and files of deleted records are gone with the old folder.
package output

import (
	"errors"
	"os"
	"runtime"
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
	t, err := Begin(dir)
	if err != nil {
		return err
	}
	parallel(len(files), func(i int) error { t.Write(files[i]); return nil })
	return t.Commit()
}

// swap puts the new folder in place of dir. Where the system can exchange
// two paths in one step (Linux renameat2), readers never see a missing
// folder; elsewhere dir is moved aside, then replaced.
func swap(tmp, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	if err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dir, unix.RENAME_EXCHANGE); err == nil {
		return removeTree(tmp) // tmp now holds the old site
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		_ = os.Rename(old, dir)
		return err
	}
	return removeTree(old)
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

// cmpErr keeps the first error.
func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// parallel runs do(0..n-1) on a few goroutines and returns the first
// error. Writes wait on the disk as much as on the CPU: a few more
// goroutines than cores.
func parallel(n int, do func(i int) error) error {
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		next     = make(chan int, 256)
	)
	for range runtime.GOMAXPROCS(0) * 2 {
		wg.Go(func() {
			for i := range next {
				if err := do(i); err != nil {
					mu.Lock()
					firstErr = cmpErr(firstErr, err)
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return firstErr
}
