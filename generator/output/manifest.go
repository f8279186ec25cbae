package output

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Manifest is the file, at the root of every output folder, that lists
// every file the generator wrote there, one slash path a line. It is how
// the generator knows a folder is its own: it replaces or empties an
// existing folder only when every file in it is listed (or is one of its
// own temporary files), and it recognises the temporary folders of builds
// that were killed by the manifest's first line. Hidden, like the
// temporary files, so that the server never serves it.
const Manifest = ".iscsite-output"

// manifestHeader opens every manifest; nothing else writes this line.
const manifestHeader = "# Written by the ITU intersectoral-coordination site generator: every file it wrote in this folder."

// writeManifest writes the manifest of files into the folder dir, through
// a temporary file renamed over the old one.
func writeManifest(dir string, files map[string]bool) error {
	var b bytes.Buffer
	b.WriteString(manifestHeader + "\n")
	for _, p := range slices.Sorted(maps.Keys(files)) {
		b.WriteString(p)
		b.WriteByte('\n')
	}
	return replaceFile(filepath.Join(dir, Manifest), b.Bytes())
}

// readManifest reads the manifest of the folder dir; ok is false when
// there is none, or it is not the generator's.
func readManifest(dir string) (files map[string]bool, ok bool) {
	f, err := os.Open(filepath.Join(dir, Manifest))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	if !sc.Scan() || sc.Text() != manifestHeader {
		return nil, false
	}
	files = map[string]bool{}
	for sc.Scan() {
		if p := sc.Text(); Safe(p) {
			files[p] = true
		}
	}
	return files, sc.Err() == nil
}

// owned checks that the existing folder real (out, as given) holds only
// files the generator wrote, and returns its manifest. An empty folder is
// the generator's to fill.
func owned(out, real string) (map[string]bool, error) {
	files, ok := readManifest(real)
	if !ok {
		entries, err := os.ReadDir(real)
		if err != nil {
			return nil, err
		}
		if len(entries) == 0 {
			return map[string]bool{}, nil
		}
		names := make([]string, 0, 3)
		for _, e := range entries[:min(3, len(entries))] {
			names = append(names, e.Name())
		}
		return nil, &RefusedError{Out: out, Why: fmt.Sprintf("it already holds files the generator did not write (%s%s; no %s file lists them); empty it, remove it, or choose another --out",
			strings.Join(names, ", "), more(len(entries)-len(names)), Manifest)}
	}
	dirs := map[string]bool{}
	for p := range files {
		for d := path.Dir(p); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	var foreign []string
	n := 0
	err := filepath.WalkDir(real, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(real, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == "." || rel == Manifest:
			return nil
		case e.IsDir() && dirs[rel]:
			return nil
		case !e.IsDir() && (files[rel] || isUpdateTemp(path.Base(rel))):
			return nil
		}
		n++
		if len(foreign) < 3 {
			foreign = append(foreign, rel)
		}
		if e.IsDir() {
			return fs.SkipDir
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, &RefusedError{Out: out, Why: fmt.Sprintf("it holds files the generator did not write (%s%s, not listed in its %s); move them away, or choose another --out",
			strings.Join(foreign, ", "), more(n-len(foreign)), Manifest)}
	}
	return files, nil
}

func more(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf(" and %d more", n)
}

// Temporary folders beside the output folder: a new site being written
// (".public.new-…"), and an old one being removed (".public.old-…").
func tempPattern(base, kind string) string { return "." + base + "." + kind + "-" }

// removeLeftovers removes the temporary folders that builds killed before
// their end left beside the output folder base in parent. Only folders
// with the generator's names that hold its manifest are touched, and only
// under the output's lock, so none of them belongs to a running build.
func removeLeftovers(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !(strings.HasPrefix(name, tempPattern(base, "new")) || strings.HasPrefix(name, tempPattern(base, "old"))) {
			continue
		}
		dir := filepath.Join(parent, name)
		if _, ok := readManifest(dir); ok {
			_ = removeTree(dir)
		}
	}
}
