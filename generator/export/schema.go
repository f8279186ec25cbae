package export

import (
	"slices"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/derive"
)

// schemaFile is correspondence.json's JSON Schema, under data/.
const schemaFile = "correspondence.schema.json"

// schemaURL is the schema's absolute address: its $id, and the "$schema"
// of every language's correspondence.json, which a relative path could
// not be from both /data/ and /fr/data/.
func schemaURL(cfg *config.Config) string { return cfg.BaseURL + "data/" + schemaFile }

// jsonSchema is a node of a JSON Schema (draft 2020-12), its fields in
// the order a reader looks for them.
type jsonSchema struct {
	Schema               string                 `json:"$schema,omitempty"`
	ID                   string                 `json:"$id,omitempty"`
	Ref                  string                 `json:"$ref,omitempty"`
	Title                string                 `json:"title,omitempty"`
	Description          string                 `json:"description,omitempty"`
	Type                 any                    `json:"type,omitempty"` // a name, or a list of names
	Format               string                 `json:"format,omitempty"`
	Enum                 []string               `json:"enum,omitempty"`
	Required             []string               `json:"required,omitempty"`
	Properties           map[string]*jsonSchema `json:"properties,omitempty"`
	AdditionalProperties any                    `json:"additionalProperties,omitempty"` // false: no others
	PrefixItems          []*jsonSchema          `json:"prefixItems,omitempty"`
	Items                any                    `json:"items,omitempty"` // a *jsonSchema, or false
	MinItems             int                    `json:"minItems,omitempty"`
	Defs                 map[string]*jsonSchema `json:"$defs,omitempty"`
}

// object is a closed object: every property required, no others, as the
// writer always writes them all.
func object(description string, props map[string]*jsonSchema) *jsonSchema {
	req := make([]string, 0, len(props))
	for k := range props {
		req = append(req, k)
	}
	slices.Sort(req)
	return &jsonSchema{Type: "object", Description: description, Required: req, Properties: props, AdditionalProperties: false}
}

func arrayOf(items *jsonSchema) *jsonSchema { return &jsonSchema{Type: "array", Items: items} }

// orNull is an array that json.Marshal writes as null when it is empty.
func orNull(s *jsonSchema) *jsonSchema {
	s.Type = []string{"array", "null"}
	return s
}

func str(description string) *jsonSchema {
	return &jsonSchema{Type: "string", Description: description}
}

func ref(def string) *jsonSchema { return &jsonSchema{Ref: "#/$defs/" + def} }

// correspondenceSchema is /data/correspondence.schema.json: the shape of
// correspondence.json in every language, with this site's bodies and
// Sectors as the keys of the cells they head.
func correspondenceSchema(cfg *config.Config, t *derive.Tables) ([]byte, error) {
	bodies := make([]string, len(t.Resolutions.Bodies))
	cells := map[string]*jsonSchema{}
	for i, b := range t.Resolutions.Bodies {
		bodies[i] = b.ID
		cells[b.ID] = arrayOf(ref("resolution"))
	}
	sectors := make([]string, len(t.ByArea.Sectors))
	units := map[string]*jsonSchema{}
	for i, s := range t.ByArea.Sectors {
		sectors[i] = s.ID
		units[s.ID] = arrayOf(ref("unit"))
	}
	areas := &jsonSchema{Type: "array", Description: "areas' slugs", Items: str("")}
	link := func(what, id, label string) *jsonSchema {
		return object(what, map[string]*jsonSchema{
			"id":    str(id),
			"label": str(label),
			"title": str("its title, in the file's language where it has a translation"),
			"url":   {Type: "string", Format: "uri-reference", Description: "its page, in the file's language, from the server's root with baseURL's path"},
		})
	}
	about := "Every table of " + cfg.Title + ": the Resolutions correspondence table, the ISCG's mapping tables, the study-group matrices and the study groups by area."
	if len(cfg.Languages) > 1 {
		about += " Each language has its own file, at /data/correspondence.json (" + cfg.DefaultLanguage + ") and /<language>/data/correspondence.json."
	}
	s := object(about,
		map[string]*jsonSchema{
			"$schema": {Type: "string", Format: "uri", Description: "the address of this schema"},
			"resolutions": object("the Resolutions correspondence table", map[string]*jsonSchema{
				"bodies": {Type: "array", Description: "the bodies' ids, in column order", Items: &jsonSchema{Type: "string", Enum: bodies}},
				"rows": orNull(arrayOf(object("an area's row", map[string]*jsonSchema{
					"area":  str("the area's slug"),
					"title": str("the area's title"),
					"cells": object("the area's Resolutions, by body id", cells),
				}))),
			}),
			"mappings": orNull(arrayOf(object("one of the ISCG's mapping tables", map[string]*jsonSchema{
				"id":   str("the table's id, as in /data/mapping-<id>.csv"),
				"from": str("the id of the Sector of its rows"),
				"to":   str("the id of the Sector of the counterparts"),
				"rows": arrayOf(object("a Question or Working Party of the from Sector", map[string]*jsonSchema{
					"unit":         ref("unit"),
					"counterparts": &jsonSchema{Type: "array", Description: "its related units in the to Sector", Items: ref("unit")},
					"shared_areas": areas,
				})),
			}))),
			"matrices": orNull(arrayOf(object("the study-group matrix of two Sectors", map[string]*jsonSchema{
				"id":   str("the matrix's id, as in /data/matrix-<id>.csv"),
				"rows": str("the id of the Sector of its rows"),
				"cols": str("the id of the Sector of its columns"),
				"cells": &jsonSchema{Type: "array", Description: "the non-empty cells, row by row", Items: object("two connected study groups", map[string]*jsonSchema{
					"row": str("the designation of the row's study group"),
					"col": str("the designation of the column's study group"),
					"links": &jsonSchema{Type: "array", Description: "their related units, in pairs: the row's, the column's", Items: &jsonSchema{
						Type: "array", PrefixItems: []*jsonSchema{str(""), str("")}, Items: false, MinItems: 2}},
					"areas": areas,
				})},
			}))),
			"study_groups_by_area": object("the study groups by area", map[string]*jsonSchema{
				"sectors": {Type: "array", Description: "the ids of the Sectors with study groups, in column order", Items: &jsonSchema{Type: "string", Enum: sectors}},
				"rows": orNull(arrayOf(object("an area's row", map[string]*jsonSchema{
					"area":  str("the area's slug"),
					"units": object("the study groups, Questions and Working Parties on the area, by Sector id", units),
				}))),
			}),
		})
	s.Schema = "https://json-schema.org/draft/2020-12/schema"
	s.ID = schemaURL(cfg)
	s.Title = "correspondence.json"
	s.Defs = map[string]*jsonSchema{
		"resolution": link("a Resolution", "its slug", `its body and number, as "PP 191"`),
		"unit":       link("a study group, Question or Working Party", "its designation", "its designation"),
	}
	return indented(s)
}
