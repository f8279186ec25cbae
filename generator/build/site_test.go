package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"itu.int/iscsite/generator/model"
)

// readTxtar reads a txtar file of testdata into a file map.
func readTxtar(t testing.TB, name string) map[string]string {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return txtarFiles(a)
}

func txtarFiles(a *txtar.Archive) map[string]string {
	files := map[string]string{}
	for _, f := range a.Files {
		files[f.Name] = string(f.Data)
	}
	return files
}

// overlay returns base with the files of the txtar text changed; a file
// whose content is exactly "DELETE\n" is removed.
func overlay(base map[string]string, text string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range txtarFiles(txtar.Parse([]byte(text))) {
		if v == "DELETE\n" {
			delete(out, k)
			continue
		}
		out[k] = v
	}
	return out
}

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}

// withLayouts adds the repository's layouts/ to a site's files, so tests
// render with the real templates.
func withLayouts(t testing.TB, files map[string]string) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..", "layouts")
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files["layouts/"+filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// writeTree writes files under dir, for builds that read a real folder.
func writeTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree reads every file under dir, by slash path.
func readTree(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func diagLines(res *Result) string {
	return strings.TrimSpace(res.Diags.String())
}

// linkedTranslations are the translations of s's records, as linked.
func linkedTranslations(s *model.Site) []*model.Translation {
	var out []*model.Translation
	for _, r := range s.Records() {
		for _, t := range r.Base().Translations {
			out = append(out, t)
		}
	}
	return out
}
