package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
)

// metadata returns the files that describe /data/: correspondence.json's
// JSON Schema, datapackage.json (a Frictionless Data Package, v1) and
// csv-metadata.json (CSV on the Web, W3C), the last two made from the
// same tables as the CSV files.
func metadata(cfg *config.Config, t *derive.Tables, tables []table) ([]File, error) {
	schema, err := correspondenceSchema(cfg, t)
	if err != nil {
		return nil, err
	}
	pkg, err := indented(dataPackage(cfg, tables))
	if err != nil {
		return nil, err
	}
	csvw, err := indented(csvMetadata(cfg, tables))
	if err != nil {
		return nil, err
	}
	return []File{
		{Path: "data/" + schemaFile, Data: schema},
		{Path: "data/datapackage.json", Data: pkg},
		{Path: "data/csv-metadata.json", Data: csvw},
	}, nil
}

// indented is v as JSON for people to read, "<" and "&" as they are.
func indented(v any) ([]byte, error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	e.SetIndent("", "  ")
	err := e.Encode(v)
	return b.Bytes(), err
}

// aboutData is what both descriptions say of the files as a whole.
func aboutData(cfg *config.Config) string {
	s := "The tables of " + cfg.Title + " as CSV files, and all of them in correspondence.json"
	if len(cfg.Languages) > 1 {
		s += ", whose titles and links are those of the default language (" + cfg.DefaultLanguage +
			"); each other language has its own, at /<language>/data/correspondence.json"
	}
	return s + ". The CSV files are UTF-8 with a header row; within a cell, the items of a list are separated by \"" +
		listSep + "\", and a cell that a spreadsheet would run as a formula starts with a single quote."
}

// The Data Package, as Frictionless Data's v1 specifications name its
// parts.
type (
	pkgDescriptor struct {
		Profile      string        `json:"profile"`
		Name         string        `json:"name"`
		Title        string        `json:"title"`
		Description  string        `json:"description"`
		Homepage     string        `json:"homepage"`
		Contributors []contributor `json:"contributors,omitempty"`
		Resources    []resource    `json:"resources"`
	}
	contributor struct {
		Title string `json:"title"`
		Path  string `json:"path,omitempty"`
		Role  string `json:"role"`
	}
	resource struct {
		Profile     string       `json:"profile"`
		Name        string       `json:"name"`
		Path        string       `json:"path"` // from /data/
		Title       string       `json:"title"`
		Description string       `json:"description"`
		Format      string       `json:"format"`
		Mediatype   string       `json:"mediatype"`
		Encoding    string       `json:"encoding"`
		Dialect     *dialect     `json:"dialect,omitempty"`
		Schema      *tableSchema `json:"schema,omitempty"`
		// JSONSchema is the JSON Schema of a JSON resource: v1's schema
		// is a Table Schema, which tools would read it as, so it takes
		// the property Data Package v2 gives JSON Schemas.
		JSONSchema string `json:"jsonSchema,omitempty"`
	}
	dialect struct {
		LineTerminator string `json:"lineTerminator"`
	}
	tableSchema struct {
		Fields     []field  `json:"fields"`
		PrimaryKey []string `json:"primaryKey,omitempty"`
	}
	field struct {
		Name        string       `json:"name"`
		Title       string       `json:"title"`
		Description string       `json:"description"`
		Type        string       `json:"type"`
		Format      string       `json:"format,omitempty"`
		Constraints *constraints `json:"constraints,omitempty"`
	}
	constraints struct {
		Required bool `json:"required"`
	}
)

// dataPackage is /data/datapackage.json: every file of /data/ but itself,
// the CSV files with their columns.
func dataPackage(cfg *config.Config, tables []table) pkgDescriptor {
	p := pkgDescriptor{
		Profile:     "data-package",
		Name:        packageName(cfg.BaseURL),
		Title:       cfg.Title,
		Description: aboutData(cfg),
		Homepage:    cfg.BaseURL + "data/",
	}
	if cfg.Publisher != "" {
		p.Contributors = []contributor{{Title: cfg.Publisher, Path: cfg.PublisherURL, Role: "publisher"}}
	}
	jsonFile := func(file, title, description, mediatype, schema string) resource {
		return resource{Profile: "data-resource", Name: resourceName(strings.TrimSuffix(file, ".json")), Path: file, Title: title, Description: description,
			Format: "json", Mediatype: mediatype, Encoding: "utf-8", JSONSchema: schema}
	}
	p.Resources = append(p.Resources, jsonFile("correspondence.json", "Every table",
		"Every table in one file: the Resolutions correspondence table, the ISCG's mapping tables, the study-group matrices "+
			"and the study groups by area, each record or unit as {id, label, title, url}.",
		"application/json", schemaFile))
	for _, t := range tables {
		s := &tableSchema{PrimaryKey: t.Key}
		for _, c := range t.Columns {
			f := field{Name: c.Name, Title: c.Title, Description: c.Description, Type: "string"}
			if c.Type == urlCell {
				f.Format = "uri" // a path is a relative reference, which "uri" is not
			}
			if c.Required {
				f.Constraints = &constraints{Required: true}
			}
			s.Fields = append(s.Fields, f)
		}
		p.Resources = append(p.Resources, resource{Profile: "tabular-data-resource", Name: resourceName(t.Name),
			Path: t.Name + ".csv", Title: t.Title, Description: t.Description, Format: "csv", Mediatype: "text/csv",
			Encoding: "utf-8", Dialect: &dialect{LineTerminator: "\n"}, Schema: s})
	}
	p.Resources = append(p.Resources,
		jsonFile(schemaFile, "The JSON Schema of correspondence.json",
			"What correspondence.json holds, in every language, as a JSON Schema (draft 2020-12).",
			"application/schema+json", "https://json-schema.org/draft/2020-12/schema"),
		jsonFile("csv-metadata.json", "The CSV files, for CSV on the Web",
			"The CSV files with their columns, as CSV on the Web (W3C) metadata.", "application/csvm+json", ""))
	return p
}

// packageName is the Data Package's name, from baseURL
// ("example.org-iscsite"), so that two sites' packages differ.
func packageName(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil {
		return resourceName(baseURL)
	}
	return resourceName(u.Host + u.Path)
}

// resourceName is a name as Frictionless allows them: lower case
// letters, digits, ".", "_" and "-"; any other run of characters
// becomes one "-".
func resourceName(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-' {
			b.WriteRune(c)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

// The CSV on the Web metadata, as the W3C's Metadata Vocabulary for
// Tabular Data names its parts.
type (
	csvwTableGroup struct {
		Context     string      `json:"@context"`
		Title       string      `json:"dc:title"`
		Description string      `json:"dc:description"`
		Tables      []csvwTable `json:"tables"`
	}
	csvwTable struct {
		URL         string     `json:"url"` // from /data/
		Title       string     `json:"dc:title"`
		Description string     `json:"dc:description"`
		TableSchema csvwSchema `json:"tableSchema"`
	}
	csvwSchema struct {
		Columns    []csvwColumn `json:"columns"`
		PrimaryKey []string     `json:"primaryKey,omitempty"`
	}
	csvwColumn struct {
		Name        string `json:"name"`
		Titles      string `json:"titles"` // the header cell
		Description string `json:"dc:description"`
		Datatype    string `json:"datatype"`
		Separator   string `json:"separator,omitempty"`
		Required    bool   `json:"required,omitempty"`
	}
)

// csvMetadata is /data/csv-metadata.json: the CSV files with their
// columns. The defaults say the rest: UTF-8, a header row, commas.
func csvMetadata(cfg *config.Config, tables []table) csvwTableGroup {
	g := csvwTableGroup{Context: "http://www.w3.org/ns/csvw", Title: cfg.Title, Description: aboutData(cfg)}
	for _, t := range tables {
		s := csvwSchema{}
		for _, k := range t.Key {
			s.PrimaryKey = append(s.PrimaryKey, csvwName(k))
		}
		for _, c := range t.Columns {
			col := csvwColumn{Name: csvwName(c.Name), Titles: c.Name, Description: c.Description, Datatype: "string", Required: c.Required}
			if c.Type != textCell {
				col.Datatype = "anyURI"
			}
			if c.List {
				col.Separator = listSep
			}
			s.Columns = append(s.Columns, col)
		}
		g.Tables = append(g.Tables, csvwTable{URL: t.Name + ".csv", Title: t.Title, Description: t.Description, TableSchema: s})
	}
	return g
}

// csvwName is a column's name in csv-metadata.json. CSVW names are
// URI-template variable names (letters, digits, "_" and %-escapes, not
// starting with "_"), so spaces and hyphens become "_" ("shared_areas",
// "ITU_R") and any other byte is %-escaped.
func csvwName(header string) string {
	var b strings.Builder
	for i := 0; i < len(header); i++ {
		switch c := header[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_' && i > 0:
			b.WriteByte(c)
		case (c == ' ' || c == '-') && i > 0:
			b.WriteByte('_')
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
