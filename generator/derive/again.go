package derive

import "itu.int/iscsite/generator/model"

// Again derives the tables of s, where s links again the records that t
// was derived from after only records of the given kinds (content
// folders: "resolutions", ...) were edited, added or removed. It reuses
// what no record of those kinds feeds: the correspondence table reads
// areas and Resolutions, and every other table areas and study groups;
// no table reads groups, documents or pages. A nil t derives everything.
func Again(t *Tables, s *model.Site, kinds map[string]bool) *Tables {
	if t == nil || kinds["areas"] || kinds["study-groups"] {
		return Derive(s)
	}
	out := *t
	if kinds["resolutions"] {
		out.Resolutions = resolutionTable(s)
	}
	return &out
}
