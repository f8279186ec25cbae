package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// testBinary builds the command once, for tests that run it as a process
// of its own (to kill it, or to send it signals).
func testBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "generator-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "generator")
		if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// snapshot lists every file under dir with its bytes, to show that a
// refused command touched nothing.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			b, _ := os.ReadFile(p)
			m[p] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameSnapshot(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// Every command that writes an output folder refuses one that would take
// the site's sources with it, by any spelling, and exits 2 naming both.
func TestOutputFolderThatHoldsTheSourcesIsRefused(t *testing.T) {
	dir := site(t)
	os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
	os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("ref"), 0o644)
	outside := t.TempDir()
	os.Symlink(dir, filepath.Join(outside, "link"))
	os.WriteFile(filepath.Join(outside, "file"), []byte("a file"), 0o644)
	os.MkdirAll(filepath.Join(outside, "photos"), 0o755)
	os.WriteFile(filepath.Join(outside, "photos", "cat.jpg"), []byte("cat"), 0o644)
	before := snapshot(t, filepath.Dir(dir))
	t.Chdir(dir)

	cases := []struct{ out, want string }{
		{".", "it is the site root ."},
		{dir, "it is the site root ."},
		{filepath.Join(outside, "link"), "it is the site root ."},
		{"..", "it holds the site root ."},
		{"content", "it is the source folder content"},
		{"./layouts/", "it is the source folder layouts"},
		{"content/x", "it lies inside the source folder content"},
		{".git", "it already holds files the generator did not write (HEAD;"},
		{filepath.Join(outside, "file"), "it is a file, not a folder"},
		{filepath.Join(outside, "photos"), "it already holds files the generator did not write (cat.jpg;"},
	}
	for _, c := range cases {
		for _, cmd := range [][]string{
			{"build", "--out", c.out},
			{"serve", "--addr", "127.0.0.1:0", "--out", c.out},
			{"bench", "--records", "40", "--out", c.out},
		} {
			code, _, errOut := runCmd(cmd...)
			want := "refusing to write the site to " + c.out + ": " + c.want
			if cmd[0] == "bench" {
				// bench builds a generated site of its own; the site in the
				// current folder it guards as well, but its root as a
				// folder of files it did not write.
				want = "refusing to write the site to " + c.out + ": "
			}
			if code != 2 || !strings.Contains(errOut, want) {
				t.Errorf("generator %s: exit %d, stderr:\n%s\nwant exit 2 and %q", strings.Join(cmd, " "), code, errOut, want)
			}
		}
	}
	if after := snapshot(t, filepath.Dir(dir)); !sameSnapshot(before, after) {
		t.Errorf("a refused command changed files: %d before, %d after", len(before), len(after))
	}
}

func TestBenchKeepRefusesAnExistingSite(t *testing.T) {
	dir := site(t)
	before := snapshot(t, dir)
	code, _, errOut := runCmd("bench", "--records", "40", "--keep", dir)
	if code != 2 || !strings.Contains(errOut, "refusing to generate a site into "+dir+": it already holds files and is not a generated site") {
		t.Errorf("bench --keep over a site: exit %d\n%s", code, errOut)
	}
	if !sameSnapshot(before, snapshot(t, dir)) {
		t.Errorf("bench --keep changed the site")
	}
	// A folder bench generated itself it may write again, output and all.
	kept := filepath.Join(t.TempDir(), "bench")
	for range 2 {
		if code, out, errOut := runCmd("bench", "--records", "40", "--keep", kept); code != 0 {
			t.Fatalf("bench --keep: exit %d\n%s%s", code, out, errOut)
		}
	}
}

// A build killed halfway leaves its temporary folder; the next build
// removes it, and public/ is the old site until then.
func TestKilledBuildIsCleanedUpByTheNext(t *testing.T) {
	bin := testBinary(t)
	src := filepath.Join(t.TempDir(), "site")
	if code, out, errOut := runCmd("bench", "--records", "3000", "--keep", src); code != 0 {
		t.Fatalf("bench: %d\n%s%s", code, out, errOut)
	}
	out := filepath.Join(src, "public")
	temps := func() []string {
		m, _ := filepath.Glob(filepath.Join(src, ".public.new-*"))
		return m
	}
	killed := 0
	for attempt := 0; attempt < 10 && killed < 2; attempt++ {
		cmd := exec.Command(bin, "build", "--source", src)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill it once its new tree holds some pages.
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if ts := temps(); len(ts) > 0 {
				if entries, _ := os.ReadDir(filepath.Join(ts[0], "resolutions")); len(entries) > 50 {
					break
				}
			}
			time.Sleep(2 * time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		if err := cmd.Wait(); err != nil && len(temps()) > 0 {
			killed++
		}
	}
	if killed == 0 {
		t.Fatalf("no build was killed halfway (the site builds too fast to catch)")
	}
	if n := len(temps()); n == 0 {
		t.Fatalf("the killed builds left nothing to clean up")
	}
	c := exec.Command(bin, "build", "--source", src)
	if b, err := c.CombinedOutput(); err != nil {
		t.Fatalf("the build after: %v\n%s", err, b)
	}
	if left := temps(); len(left) > 0 {
		t.Errorf("temporary folders left after a clean build: %v", left)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Errorf("no site after the clean build: %v", err)
	}
}

// Ctrl+C while serve rebuilds leaves the output a whole site: here every
// page changes (a layout edit), and the signal comes once the first pages
// are written and the last are not.
func TestInterruptDuringRebuildLeavesAWholeSite(t *testing.T) {
	bin := testBinary(t)
	src := filepath.Join(t.TempDir(), "site")
	if code, out, errOut := runCmd("bench", "--records", "2000", "--keep", src); code != 0 {
		t.Fatalf("bench: %d\n%s%s", code, out, errOut)
	}
	out := filepath.Join(src, "public")
	base := filepath.Join(src, "layouts", "base.html")
	layout, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	caught := false
	for attempt := 0; attempt < 5 && !caught; attempt++ {
		os.WriteFile(base, layout, 0o644)
		cmd := exec.Command(bin, "serve", "--source", src, "--addr", "127.0.0.1:0")
		stdout, _ := cmd.StdoutPipe()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(stdout)
		for lines.Scan() && !strings.HasPrefix(lines.Text(), "watching ") {
		}
		go func() {
			for lines.Scan() {
			}
		}()
		first, last := pagePaths(t, out)
		marker := fmt.Sprintf(`<meta name="edit" content="%d">`, attempt)
		os.WriteFile(base, bytes.Replace(layout, []byte("<head>"), []byte("<head>"+marker), 1), 0o644)
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) && !fileHas(first, marker) {
			time.Sleep(time.Millisecond)
		}
		caught = !fileHas(last, marker)
		cmd.Process.Signal(os.Interrupt)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("serve after Ctrl+C: %v\n%s", err, stderr.String())
		}
		if !caught {
			continue // the rebuild was over before the signal: try again
		}
		fresh := filepath.Join(t.TempDir(), "fresh")
		if code, o, e := runCmd("build", "--source", src, "--out", fresh); code != 0 {
			t.Fatalf("fresh build: %d\n%s%s", code, o, e)
		}
		if diff := diffTrees(t, fresh, out); diff != "" {
			t.Fatalf("after Ctrl+C mid-rebuild, public/ is not the new site:\n%s", diff)
		}
	}
	if !caught {
		t.Fatalf("never caught a rebuild halfway")
	}
}

// pagePaths are a page the rebuild writes early (an area's) and one it
// writes last (the 404 page, last of the pages).
func pagePaths(t *testing.T, out string) (first, last string) {
	areas, _ := filepath.Glob(filepath.Join(out, "areas", "*", "index.html"))
	if len(areas) == 0 {
		t.Fatalf("no area pages in %s", out)
	}
	return areas[0], filepath.Join(out, "404.html")
}

func fileHas(p, s string) bool {
	b, _ := os.ReadFile(p)
	return bytes.Contains(b, []byte(s))
}

// diffTrees names the first files that differ between two folders.
func diffTrees(t *testing.T, a, b string) string {
	ta, tb := snapshot(t, a), snapshot(t, b)
	var diff []string
	for p, v := range ta {
		rel, _ := filepath.Rel(a, p)
		if w, ok := tb[filepath.Join(b, rel)]; !ok {
			diff = append(diff, "only in the fresh build: "+rel)
		} else if w != v {
			diff = append(diff, "differs: "+rel)
		}
	}
	for p := range tb {
		rel, _ := filepath.Rel(b, p)
		if _, ok := ta[filepath.Join(a, rel)]; !ok {
			diff = append(diff, "only in public/: "+rel)
		}
	}
	if len(diff) > 8 {
		diff = append(diff[:8], fmt.Sprintf("… %d in all", len(diff)))
	}
	return strings.Join(diff, "\n")
}
