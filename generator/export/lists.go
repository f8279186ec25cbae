package export

import (
	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
)

// resolutionListTable is /data/resolutions-list.csv: every Resolution, a
// row each, with what its page says of it and the address of the page.
func resolutionListTable(s *model.Site) table {
	base := s.Config.BasePath
	return table{
		Name:        "resolutions-list",
		Title:       "Resolutions",
		Description: "Every Resolution, a row each, with what its page says of it.",
		Columns: []column{
			{Name: "id", Title: "Id", Description: "the Resolution's slug; its page is /resolutions/<slug>/", Required: true},
			{Name: "body", Title: "Body", Description: "the id of the assembly or conference that adopted it", Required: true},
			{Name: "number", Title: "Number", Description: "its number", Required: true},
			{Name: "title", Title: "Title", Description: "its title", Required: true},
			{Name: "revision", Title: "Revision", Description: `the revision the site describes, as "Rev. Dubai, 2018"`},
			{Name: "status", Title: "Status", Description: `"in force" or "abrogated"`, Required: true},
			areasColumn,
			{Name: "related", Title: "Related", Description: "the slugs of the Resolutions related to it", List: true},
			{Name: "url", Title: "Page", Description: "its page on this site", Type: pathCell, Required: true},
			{Name: "official_text", Title: "Official text", Description: "the address of its official text", Type: urlCell},
		},
		Key: []string{"id"},
		rows: func(w sheet) {
			for _, r := range s.Resolutions {
				status := "in force"
				if r.Abrogated {
					status = "abrogated"
				}
				related := make([]string, len(r.Related))
				for i, o := range r.Related {
					related[i] = o.Slug
				}
				w.row([]string{r.Slug, r.Body.ID, r.Number, r.Title, r.Revision, status,
					list(areaIDs(r.Areas)), list(related), base + derive.URL(r)[1:], r.URL})
			}
		},
	}
}

// unitListTable is /data/study-group-units.csv: every study group,
// Question and Working Party, a row each.
func unitListTable(s *model.Site) table {
	base := s.Config.BasePath
	kinds := map[model.UnitKind]string{model.UnitSG: "study group", model.UnitQuestion: "question", model.UnitWP: "working party"}
	return table{
		Name:        "study-group-units",
		Title:       "Study groups, Questions and Working Parties",
		Description: "Every study group, Question and Working Party, a row each.",
		Columns: []column{
			{Name: "designation", Title: "Designation", Description: `its designation, as "ITU-R WP 1C"`, Required: true},
			{Name: "kind", Title: "Kind", Description: `"study group", "question" or "working party"`, Required: true},
			{Name: "sector", Title: "Sector", Description: "the id of its Sector", Required: true},
			{Name: "study_group", Title: "Study group", Description: "the designation of its study group", Required: true},
			{Name: "title", Title: "Title", Description: "its title", Required: true},
			{Name: "period", Title: "Study period", Description: `the study period of its study group, as "2022-2025"`},
			areasColumn,
			{Name: "related", Title: "Related", Description: "the designations of its counterparts in other Sectors", List: true},
			{Name: "url", Title: "Page", Description: "its place on this site: its study group's page", Type: pathCell, Required: true},
		},
		Key: []string{"designation"},
		rows: func(w sheet) {
			for _, sg := range s.StudyGroups {
				for _, u := range append([]*model.Unit{sg.Unit}, sg.Units...) {
					related := make([]string, len(u.Related))
					for i, o := range u.Related {
						related[i] = o.Designation()
					}
					w.row([]string{u.Designation(), kinds[u.Kind], sg.Sector.ID, sg.Unit.Designation(), u.Title, sg.Period,
						list(areaIDs(u.Areas)), list(related), base + derive.UnitURL(u)[1:]})
				}
			}
		},
	}
}
