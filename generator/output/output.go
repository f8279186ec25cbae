// Package output is the one writer of the site to disk.
//
// Open checks an output folder before anything is written: it refuses a
// folder that is, holds or lies inside the site's sources, an existing
// file, and a folder holding files the generator did not write (it knows
// its own by the Manifest in each output folder), and locks it against a
// second build or server. A build writes the whole site into a temporary
// sibling of the output folder (Dir.Begin) and swaps it in at once, so a
// reader (a browser, the server) sees either the old site or the new one,
// a failed build leaves the old one as it was, and files of deleted
// records are gone with the old folder. Watch mode then changes files in
// place, each atomically (Dir.Update). Temporary folders that a killed
// build left are removed by the next Open. With Dir.Compress, each text
// file gets a gzip and a Brotli copy beside it, written and removed with
// it (compress.go).
package output

import (
	"errors"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// File is one file to write: a slash path under the output folder.
type File struct {
	Path string
	Data []byte
}

// swap puts the new folder tmp in place of dir and returns where the old
// site went ("" if there was none), for the caller to remove. Where the
// system can exchange two paths in one step (Linux renameat2), readers
// never see a missing folder; elsewhere dir is moved aside, then replaced.
func swap(tmp, dir string) (old string, err error) {
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		return "", os.Rename(tmp, dir)
	}
	if err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dir, unix.RENAME_EXCHANGE); err == nil {
		return tmp, nil // tmp now holds the old site
	}
	old = tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		_ = os.Rename(old, dir)
		return "", err
	}
	return old, nil
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
