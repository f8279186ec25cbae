package export_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"itu.int/iscsite/generator/build"
	"itu.int/iscsite/generator/export"
	"itu.int/iscsite/generator/synth"
)

func TestNeutralize(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+1":                "'+1",
		"-2":                "'-2",
		"@SUM(A1)":          "'@SUM(A1)",
		"\tx":               "'\tx",
		"\rx":               "'\rx",
		"PP 191":            "PP 191",
		"":                  "",
		"a=b":               "a=b",
	} {
		if got := export.Neutralize(in); got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
	}
}

// No cell of any CSV file under data/ starts like a formula, whatever the
// editors wrote in the titles.
func TestCSVCellsAreNeverFormulas(t *testing.T) {
	gen := t.TempDir()
	if err := synth.Generate(gen, 300, 5); err != nil {
		t.Fatal(err)
	}
	formulas := []string{`=HYPERLINK(\"https://example.org\",\"x\")`, `+1+1`, `-2+3`, `@SUM(A1:A9)`, `\tTab`, `\rReturn`}
	files, _ := filepath.Glob(filepath.Join(gen, "content", "study-groups", "*.toml"))
	title := regexp.MustCompile(`(?m)^title = "[^"]*"$`)
	n := 0
	for _, f := range files {
		b, _ := os.ReadFile(f)
		b = title.ReplaceAllFunc(b, func([]byte) []byte {
			n++
			return []byte(`title = "` + formulas[n%len(formulas)] + `"`)
		})
		os.WriteFile(f, b, 0o644)
	}
	res, err := build.Run(build.Options{Source: os.DirFS(gen), Check: true})
	if err != nil || res.Diags.Errors() > 0 {
		t.Fatalf("%v %v", err, res.Diags)
	}
	data, err := export.Data(res.Site, res.Tables)
	if err != nil {
		t.Fatal(err)
	}
	cells, quoted := 0, 0
	for _, f := range data {
		if !strings.HasSuffix(f.Path, ".csv") {
			continue
		}
		b, err := f.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		for _, row := range rows {
			for _, c := range row {
				cells++
				if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
					t.Errorf("%s: cell %q would run as a formula", f.Path, c)
				}
				if strings.HasPrefix(c, "'") {
					quoted++
				}
			}
		}
	}
	if quoted == 0 || cells < 100 {
		t.Errorf("%d cells, %d neutralised: the formulas did not reach the CSV files", cells, quoted)
	}
}

// TestRecordLists: the real site's list of Resolutions and of study-group
// units, one row per record or unit, with title, status and the page's
// address.
func TestRecordLists(t *testing.T) {
	res, files := realData(t)
	rows := func(path string) map[string][]string {
		t.Helper()
		f, ok := files[path]
		if !ok {
			t.Fatalf("no %s", path)
		}
		all := csvRows(t, f)
		out := map[string][]string{"": all[0]}
		for _, r := range all[1:] {
			out[r[0]] = r
		}
		if len(out) != len(all) {
			t.Errorf("%s: %d rows, %d distinct ids", path, len(all)-1, len(out)-1)
		}
		return out
	}
	resolutions := rows("data/resolutions-list.csv")
	if n := len(resolutions) - 1; n != len(res.Site.Resolutions) {
		t.Errorf("resolutions-list.csv: %d rows for %d Resolutions", n, len(res.Site.Resolutions))
	}
	want := []string{"pp-11", "PP", "11", "ITU Telecom events", "Rev. Dubai, 2018", "abrogated", "event-coordination", "", "/resolutions/pp-11/", ""}
	if got := resolutions["pp-11"]; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("resolutions-list.csv, PP 11:\n got %q\nwant %q", got, want)
	}
	units := rows("data/study-group-units.csv")
	if n := len(units) - 1; n != res.Site.NumUnits() {
		t.Errorf("study-group-units.csv: %d rows for %d units", n, res.Site.NumUnits())
	}
	if got := units["ITU-R WP 1C"]; len(got) != 9 || got[1] != "working party" || got[3] != "ITU-R SG1" || got[4] != "Spectrum monitoring" || got[8] != "/study-groups/itu-r-sg1/#wp1c" {
		t.Errorf("study-group-units.csv, ITU-R WP 1C: %q", got)
	}
}
