package export

import (
	"strings"

	"itu.int/iscsite/generator/derive"
	"itu.int/iscsite/generator/model"
)

// resolutionListCSV is /data/resolutions-list.csv: every Resolution, a
// row each, with what its page says of it and the address of the page.
func resolutionListCSV(w sheet, s *model.Site) error {
	base := s.Config.BasePath
	w.row([]string{"id", "body", "number", "title", "revision", "status", "areas", "related", "url", "official_text"})
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
			strings.Join(areaIDs(r.Areas), "; "), strings.Join(related, "; "), base + derive.URL(r)[1:], r.URL})
	}
	w.Flush()
	return w.Error()
}

// unitListCSV is /data/study-group-units.csv: every study group, Question
// and Working Party, a row each.
func unitListCSV(w sheet, s *model.Site) error {
	base := s.Config.BasePath
	w.row([]string{"designation", "kind", "sector", "study_group", "title", "period", "areas", "related", "url"})
	kinds := map[model.UnitKind]string{model.UnitSG: "study group", model.UnitQuestion: "question", model.UnitWP: "working party"}
	for _, sg := range s.StudyGroups {
		for _, u := range append([]*model.Unit{sg.Unit}, sg.Units...) {
			related := make([]string, len(u.Related))
			for i, o := range u.Related {
				related[i] = o.Designation()
			}
			w.row([]string{u.Designation(), kinds[u.Kind], sg.Sector.ID, sg.Unit.Designation(), u.Title, sg.Period,
				strings.Join(areaIDs(u.Areas), "; "), strings.Join(related, "; "), base + derive.UnitURL(u)[1:]})
		}
	}
	w.Flush()
	return w.Error()
}
