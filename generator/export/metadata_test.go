package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"itu.int/iscsite/generator/build"
	"itu.int/iscsite/generator/export"
)

// What the tests read of datapackage.json and csv-metadata.json.
type (
	dataPackage struct {
		Profile   string
		Name      string
		Resources []struct {
			Profile, Name, Path, Format, Mediatype, Encoding, Title, Description string
			JSONSchema                                                           string `json:"jsonSchema"`
			Schema                                                               *struct {
				Fields []struct {
					Name, Type, Format string
					Constraints        struct{ Required bool }
				}
				PrimaryKey []string
			}
		}
	}
	csvMetadata struct {
		Context string `json:"@context"`
		Tables  []struct {
			URL         string
			Title       string `json:"dc:title"`
			TableSchema struct {
				Columns []struct {
					Name, Titles, Datatype, Separator string
					Required                          bool
				}
				PrimaryKey []string
			}
		}
	}
)

// Frictionless's rule for names, and CSVW's for column names (URI
// template variables, not starting with "_").
var (
	frictionlessName = regexp.MustCompile(`^[a-z0-9._-]+$`)
	csvwName         = regexp.MustCompile(`^(?:[A-Za-z0-9]|%[0-9A-F]{2})(?:[A-Za-z0-9_]|%[0-9A-F]{2})*$`)
)

// TestDataDescribed: on the real site and on a generated one,
// datapackage.json describes every file of /data/ and csv-metadata.json
// every CSV file, and nothing else; each CSV file's header is its
// columns' names in order; what they say of the cells holds: required
// cells are never empty, keys tell the rows apart, addresses are
// addresses.
func TestDataDescribed(t *testing.T) {
	real, realFiles := realData(t)
	gen, genFiles := generatedData(t)
	checkDescribed(t, "real", real, realFiles)
	checkDescribed(t, "generated", gen, genFiles)
}

func checkDescribed(t *testing.T, site string, res *build.Result, files map[string]export.File) {
	var pkg dataPackage
	var meta csvMetadata
	decode(t, files, "data/datapackage.json", &pkg)
	decode(t, files, "data/csv-metadata.json", &meta)

	// Every file of /data/, and every CSV file, by name.
	data, csvs := map[string]bool{}, map[string]bool{}
	for p := range files {
		name, ok := strings.CutPrefix(p, "data/")
		if !ok || strings.Contains(name, "/") || name == "datapackage.json" {
			continue
		}
		data[name] = true
		if strings.HasSuffix(name, ".csv") {
			csvs[name] = true
		}
	}
	if len(csvs) < 8 {
		t.Fatalf("%s site: only %d CSV files", site, len(csvs))
	}

	if pkg.Profile != "data-package" || !frictionlessName.MatchString(pkg.Name) {
		t.Errorf("%s site, datapackage.json: profile %q, name %q", site, pkg.Profile, pkg.Name)
	}
	described := map[string]bool{}
	names := map[string]bool{}
	fields := map[string][]string{}
	for _, r := range pkg.Resources {
		if !frictionlessName.MatchString(r.Name) || names[r.Name] {
			t.Errorf("%s site, datapackage.json: resource name %q: not unique, or not %s", site, r.Name, frictionlessName)
		}
		names[r.Name] = true
		if !data[r.Path] {
			t.Errorf("%s site, datapackage.json: %s is not a file of /data/", site, r.Path)
		}
		described[r.Path] = true
		if r.Encoding != "utf-8" || !strings.Contains(r.Mediatype, "/") || r.Format == "" || r.Title == "" || r.Description == "" {
			t.Errorf("%s site, datapackage.json, %s: encoding %q, mediatype %q, format %q, title %q", site, r.Path, r.Encoding, r.Mediatype, r.Format, r.Title)
		}
		if r.JSONSchema != "" && !strings.Contains(r.JSONSchema, "://") && !data[r.JSONSchema] {
			t.Errorf("%s site, datapackage.json, %s: no schema %s", site, r.Path, r.JSONSchema)
		}
		if !strings.HasSuffix(r.Path, ".csv") {
			continue
		}
		if r.Profile != "tabular-data-resource" || r.Format != "csv" || r.Mediatype != "text/csv" || r.Schema == nil {
			t.Errorf("%s site, datapackage.json, %s: profile %q, format %q, mediatype %q, schema %v", site, r.Path, r.Profile, r.Format, r.Mediatype, r.Schema != nil)
			continue
		}
		rows := csvRows(t, files["data/"+r.Path])
		var header []string
		for _, f := range r.Schema.Fields {
			header = append(header, f.Name)
		}
		fields[r.Path] = header
		if !slices.Equal(rows[0], header) {
			t.Errorf("%s site, %s: header\n%q\nbut datapackage.json's fields are\n%q", site, r.Path, rows[0], header)
			continue
		}
		checkKey(t, site+" site, datapackage.json, "+r.Path, rows, header, r.Schema.PrimaryKey)
		for i, f := range r.Schema.Fields {
			for _, row := range rows[1:] {
				if f.Constraints.Required && row[i] == "" {
					t.Errorf("%s site, %s: column %s is required, but empty in %q", site, r.Path, f.Name, row)
				}
				if u, err := url.Parse(row[i]); f.Format == "uri" && row[i] != "" && (err != nil || !u.IsAbs()) {
					t.Errorf("%s site, %s: column %s holds addresses, not %q", site, r.Path, f.Name, row[i])
				}
			}
		}
	}
	for name := range data {
		if !described[name] {
			t.Errorf("%s site: datapackage.json does not describe %s", site, name)
		}
	}

	if meta.Context != "http://www.w3.org/ns/csvw" {
		t.Errorf("%s site, csv-metadata.json: @context %q", site, meta.Context)
	}
	tables := map[string]bool{}
	for _, tb := range meta.Tables {
		where := site + " site, csv-metadata.json, " + tb.URL
		if !csvs[tb.URL] || tables[tb.URL] {
			t.Errorf("%s: not a CSV file of /data/, or described twice", where)
			continue
		}
		tables[tb.URL] = true
		var titles, names []string
		for _, c := range tb.TableSchema.Columns {
			titles = append(titles, c.Titles)
			if !csvwName.MatchString(c.Name) || slices.Contains(names, c.Name) {
				t.Errorf("%s: column name %q: not unique, or not %s", where, c.Name, csvwName)
			}
			names = append(names, c.Name)
		}
		rows := csvRows(t, files["data/"+tb.URL])
		if !slices.Equal(rows[0], titles) {
			t.Errorf("%s: the header is\n%q\nbut the columns' titles are\n%q", where, rows[0], titles)
			continue
		}
		if !slices.Equal(titles, fields[tb.URL]) {
			t.Errorf("%s: columns %q, datapackage.json's %q", where, titles, fields[tb.URL])
		}
		checkKey(t, where, rows, names, tb.TableSchema.PrimaryKey)
		for i, c := range tb.TableSchema.Columns {
			for _, row := range rows[1:] {
				if c.Required && row[i] == "" {
					t.Errorf("%s: column %s is required, but empty in %q", where, c.Titles, row)
				}
				if c.Datatype == "anyURI" && row[i] != "" && !strings.HasPrefix(row[i], res.Site.Config.BasePath) && !strings.Contains(row[i], "://") {
					t.Errorf("%s: column %s holds addresses, not %q", where, c.Titles, row[i])
				}
			}
		}
	}
	for name := range csvs {
		if !tables[name] {
			t.Errorf("%s site: csv-metadata.json does not describe %s", site, name)
		}
	}
}

// checkKey reports a key that names no column, or rows it does not tell
// apart.
func checkKey(t *testing.T, where string, rows [][]string, names, key []string) {
	t.Helper()
	var at []int
	for _, k := range key {
		i := slices.Index(names, k)
		if i < 0 {
			t.Errorf("%s: primary key %q is not a column", where, k)
			return
		}
		at = append(at, i)
	}
	if len(at) == 0 {
		return
	}
	seen := map[string]bool{}
	for _, row := range rows[1:] {
		var k []string
		for _, i := range at {
			k = append(k, row[i])
		}
		id := strings.Join(k, "\x00")
		if seen[id] {
			t.Errorf("%s: primary key %q repeats %q", where, key, k)
			return
		}
		seen[id] = true
	}
}

// decode reads the JSON file at path into v.
func decode(t *testing.T, files map[string]export.File, path string, v any) {
	t.Helper()
	f, ok := files[path]
	if !ok {
		t.Fatalf("no %s", path)
	}
	b, err := f.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// csvRows are the rows of a CSV file, its header first.
func csvRows(t *testing.T, f export.File) [][]string {
	t.Helper()
	b, err := f.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: %v, %d rows", f.Path, err, len(rows))
	}
	return rows
}
