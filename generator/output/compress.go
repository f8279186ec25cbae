package output

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sync"

	"github.com/andybalholm/brotli"
)

// Compressed copies. With Dir.Compress on, every text file of a whole
// site gets a gzip copy (name.gz) and a Brotli copy (name.br) beside it,
// for a server that sends them as they are (nginx's gzip_static and
// brotli_static; see deploy/nginx.conf). A copy is written only when it is
// smaller than its file, and carries its file's modification time, so a
// server's Last-Modified is the same whichever it sends. The copies are
// made in the new folder as each file is written, so they are swapped in
// with their files and a failed build leaves the old ones too; they are
// listed in the manifest, and go with their file: a site written without
// them, or without the file, has none. Put writes a file's copies again
// only when the file changed.
//
// Both encoders run at their best compression: a copy is made once and
// sent many times. The output stays deterministic: the gzip header holds
// no name and no time. Brotli at quality 11 takes about 20 ms a page, so
// a whole site reuses the copies of the site it replaces whose content is
// the same (each is decoded and compared with its new file first).

// compressible reports whether the file p is text, worth compressing;
// other images than SVG are compressed already.
func compressible(p string) bool {
	switch path.Ext(p) {
	case ".html", ".css", ".js", ".json", ".xml", ".csv", ".txt", ".svg":
		return true
	}
	return false
}

// encoding is one compressed form of a file.
type encoding struct {
	ext      string    // added to the file's name
	encoders sync.Pool // of encoder; a Brotli encoder at quality 11 is costly to make
	decode   func(io.Reader) (io.Reader, error)
}

type encoder interface {
	io.WriteCloser
	Reset(io.Writer)
}

var encodings = []*encoding{
	{
		ext: ".gz",
		encoders: sync.Pool{New: func() any {
			w, _ := gzip.NewWriterLevel(nil, gzip.BestCompression) // the level is valid
			return w
		}},
		decode: func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	},
	{
		ext:      ".br",
		encoders: sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, brotli.BestCompression) }},
		decode:   func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
	},
}

// encode writes src to dst, compressed.
func (e *encoding) encode(dst io.Writer, src io.Reader) error {
	w := e.encoders.Get().(encoder)
	defer e.encoders.Put(w)
	w.Reset(dst) // a gzip Reset also clears the header: no name, no time
	if _, err := io.Copy(w, src); err != nil {
		return err
	}
	return w.Close()
}

// holds reports whether the compressed file at name decodes to exactly
// what src reads.
func (e *encoding) holds(name string, src io.Reader) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	r, err := e.decode(bufio.NewReader(f))
	return err == nil && sameStream(r, src)
}

// compress writes the compressed copies of the file p, just written in
// the tree, when the tree has them.
func (t *Tree) compress(p string) error {
	if !t.compressed || !compressible(p) {
		return nil
	}
	src := filepath.Join(t.tmp, filepath.FromSlash(p))
	for _, e := range encodings {
		c := p + e.ext
		made, err := writeCopy(src+e.ext, src, e, t.previous(c))
		if err != nil {
			return fmt.Errorf("writing the compressed copy %s: %w", c, err)
		}
		if made {
			t.mu.Lock()
			t.copies[c] = true
			t.mu.Unlock()
		}
	}
	return nil
}

// previous is where the output folder holds the file c, if the site it
// holds has one: a copy to reuse when it holds the same content.
func (t *Tree) previous(c string) string {
	l := &t.out.led
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.files[c] {
		return ""
	}
	return filepath.Join(t.dir, filepath.FromSlash(c))
}

// writeCopy writes the file src compressed by e to dst, from the copy at
// old when that decodes to src's content, and reports whether it kept it:
// only a copy smaller than src is kept, with src's modification time.
func writeCopy(dst, src string, e *encoding, old string) (bool, error) {
	in, err := os.Open(src)
	if err != nil {
		return false, err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return false, err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return false, err
	}
	var n countWriter
	err = fillCopy(io.MultiWriter(out, &n), in, e, old, fi.Size())
	if err := cmpErr(err, out.Close()); err != nil || int64(n) >= fi.Size() {
		return false, cmpErr(err, os.Remove(dst))
	}
	return true, os.Chtimes(dst, fi.ModTime(), fi.ModTime())
}

// fillCopy writes the compressed form of in (of size bytes) to w: the
// old copy's bytes when it holds them, else in encoded.
func fillCopy(w io.Writer, in *os.File, e *encoding, old string, size int64) error {
	if old != "" {
		if fi, err := os.Stat(old); err == nil && fi.Size() < size && e.holds(old, bufio.NewReader(in)) {
			f, err := os.Open(old)
			if err == nil {
				_, err = io.Copy(w, f)
				err = cmpErr(err, f.Close())
			}
			return err
		}
		if _, err := in.Seek(0, io.SeekStart); err != nil {
			return err
		}
	}
	return e.encode(w, in)
}

// putCopies brings the compressed copies of the file p, just written in
// place at full with data, up to date: written again when the site has
// copies and each is smaller than data, else removed.
func (d *Dir) putCopies(p, full string, data []byte) error {
	l := &d.led
	l.mu.Lock()
	on := l.compressed && compressible(p)
	l.mu.Unlock()
	for _, e := range encodings {
		c := p + e.ext
		var b bytes.Buffer
		if on {
			if err := e.encode(&b, bytes.NewReader(data)); err != nil {
				return fmt.Errorf("compressing %s: %w", p, err)
			}
		}
		if !on || b.Len() >= len(data) {
			if err := d.dropCopy(c); err != nil {
				return err
			}
			continue
		}
		if err := d.putCopy(c, full+e.ext, full, b.Bytes()); err != nil {
			return fmt.Errorf("writing the compressed copy %s: %w", c, err)
		}
	}
	return nil
}

// putCopy writes the copy c at name, listed first like any file, with
// the modification time of its file at src.
func (d *Dir) putCopy(c, name, src string, data []byte) error {
	fi, err := os.Stat(src)
	if err != nil {
		return err
	}
	l := &d.led
	l.mu.Lock()
	if l.copies == nil {
		l.copies = map[string]bool{}
	}
	l.copies[c] = true
	l.mu.Unlock()
	if err := d.list(c); err != nil {
		return err
	}
	if err := replaceFile(name, data); err != nil {
		return err
	}
	return os.Chtimes(name, fi.ModTime(), fi.ModTime())
}

// dropCopy removes the compressed copy c, if the folder has it.
func (d *Dir) dropCopy(c string) error {
	l := &d.led
	l.mu.Lock()
	known := l.copies[c]
	l.mu.Unlock()
	if !known {
		return nil
	}
	if err := os.Remove(filepath.Join(d.path, filepath.FromSlash(c))); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing the compressed copy %s: %w", c, err)
	}
	l.mu.Lock()
	delete(l.copies, c)
	delete(l.files, c)
	l.changed = true
	l.mu.Unlock()
	return nil
}

// clash reports a file of the site that has the name of a compressed
// copy of another: one would overwrite the other.
func (t *Tree) clash() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	for c := range t.copies {
		if t.files[c] {
			return fmt.Errorf("output path %q is both a file of the site and the compressed copy of %s: rename the file", c, c[:len(c)-len(path.Ext(c))])
		}
	}
	return nil
}

// sameStream reports whether a and b read the same bytes to their end.
func sameStream(a, b io.Reader) bool {
	ba, bb := make([]byte, 32<<10), make([]byte, 32<<10)
	for {
		na, ea := io.ReadFull(a, ba)
		nb, eb := io.ReadFull(b, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false
		}
		if ea != nil || eb != nil {
			return ended(ea) && ended(eb)
		}
	}
}

func ended(err error) bool { return err == io.EOF || err == io.ErrUnexpectedEOF }
