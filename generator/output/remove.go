package output

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"golang.org/x/sys/unix"
)

// removeTree removes the folder dir and everything in it, on all cores.
//
// After a swap the old site must go before the build ends, and at 100,000
// pages that is 200,000 unlinks: os.RemoveAll spends about ten system
// calls on each page folder (it first tries to remove each as a file) and
// works on one core. Here each folder is opened once, its entries are
// removed relative to it by the type its listing gives, and the folders
// of the first two levels are spread over the cores.
func removeTree(dir string) error {
	d, err := os.Open(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	// The jobs: each file of the first level, and each entry of the
	// second (a page folder, mostly). The first-level folders, empty by
	// then, and dir go at the end.
	var jobs []removal
	top, err := d.ReadDir(-1)
	if err != nil {
		d.Close()
		return os.RemoveAll(dir)
	}
	dfd := int(d.Fd())
	var subs []*os.File
	for _, e := range top {
		if e.Name() == Manifest {
			continue // last, so that a folder half removed is still known as the generator's
		}
		if !e.IsDir() {
			jobs = append(jobs, removal{dfd, e.Name(), false})
			continue
		}
		sub, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			continue // left for the final RemoveAll
		}
		subs = append(subs, sub)
		sfd := int(sub.Fd())
		entries, _ := sub.ReadDir(-1)
		for _, se := range entries {
			jobs = append(jobs, removal{sfd, se.Name(), se.IsDir()})
		}
	}
	var wg sync.WaitGroup
	next := make(chan removal, 256)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			buf := make([]byte, 8<<10)
			for j := range next {
				j.do(buf)
			}
		})
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	for _, sub := range subs {
		sub.Close()
	}
	d.Close()
	// Whatever is left (the first-level folders, anything that failed
	// above) goes the ordinary way, which also reports a real error; the
	// manifest goes with the folder itself.
	var rest []os.DirEntry
	if entries, err := os.ReadDir(dir); err == nil {
		rest = entries
	}
	for _, e := range rest {
		if e.Name() != Manifest {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return os.RemoveAll(dir)
}

// removal is one entry to remove, named relative to its open parent.
type removal struct {
	parent int
	name   string
	dir    bool
}

// do removes the entry; buf is scratch space for reading a folder.
func (j removal) do(buf []byte) {
	if !j.dir {
		_ = unix.Unlinkat(j.parent, j.name, 0)
		return
	}
	fd, err := unix.Openat(j.parent, j.name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err == nil {
		emptyDir(fd, buf)
		unix.Close(fd)
	}
	_ = unix.Unlinkat(j.parent, j.name, unix.AT_REMOVEDIR)
}

// emptyDir removes everything in the open folder fd. It lists the folder
// whole before removing anything, since a listing that goes on while
// entries go may skip some; a file is unlinked, and a folder (which
// unlink refuses) emptied and removed.
func emptyDir(fd int, buf []byte) {
	var names []string
	for {
		n, err := unix.Getdents(fd, buf)
		if n <= 0 || err != nil {
			break
		}
		_, _, names = unix.ParseDirent(buf[:n], -1, names)
	}
	for _, name := range names {
		if err := unix.Unlinkat(fd, name, 0); err == unix.EISDIR {
			removal{fd, name, true}.do(buf)
		}
	}
}
