package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"itu.int/iscsite/generator/config"
)

// kinds are the kinds `new` writes, with their content folders.
var kinds = []struct{ name, folder string }{
	{"area", "areas"},
	{"resolution", "resolutions"},
	{"study-group", "study-groups"},
	{"group", "groups"},
	{"document", "documents"},
}

// folderOf returns the content folder of a kind, or "".
func folderOf(kind string) string {
	for _, k := range kinds {
		if k.name == kind {
			return k.folder
		}
	}
	return ""
}

// scaffold is the starting text of a new record. What the slug says
// (a Resolution's body and number, a study group's sector and number) is
// filled in; a required field the slug cannot give is written empty, so
// that check points at its line until an editor fills it; every optional
// field is listed as a comment. Nothing is a placeholder that check would
// take for a fact: a document's date is not today, a title is not the slug.
func scaffold(cfg *config.Config, kind, slug string) string {
	// Tables come after every plain field: TOML puts a key written
	// after a table header into that table.
	var b, tables strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	table := func(format string, args ...any) { fmt.Fprintf(&tables, format+"\n", args...) }
	line("+++")
	switch kind {
	case "area":
		line(`title = ""            # required: the theme's name, as a visitor reads it`)
		line(`# summary = ""        # one sentence, under the title and in lists`)
		line(`# short = ""          # a shorter name, for the rows of the tables`)
		line(`# weight = 100        # order in lists: smaller first`)
		table(`# [[coordinators]]    # one table per person`)
		table(`# name = ""`)
		table(`# sector = "ITU-T"    # %s`, strings.Join(cfg.SectorIDs(), ", "))
		table(`# role = ""`)
	case "resolution":
		body, number := resolutionFromSlug(cfg, slug)
		if body != nil {
			line(`body = %q  # %s, from the file name`, body.ID, body.Name)
		} else {
			line(`body = ""             # required: %s; the file name is then <body>-<number>`, strings.Join(cfg.BodyIDs(), ", "))
		}
		if number != "" {
			line(`number = %q  # from the file name`, number)
		} else {
			line(`number = ""           # required: as the Final Acts write it: "191", "COM5/1"`)
		}
		line(`title = ""            # required: the official title`)
		line(`areas = []            # required: at least one area slug, from content/areas/`)
		line(`# revision = ""       # its latest revision: "Rev. Bucharest, 2022"`)
		line(`# url = ""            # the official text`)
		line(`# related = []        # slugs of the other bodies' Resolutions its text recites, or that recite it`)
		line(`# coordination = true # its text itself calls for coordination among the Sectors`)
		line(`# status = "abrogated"  # only for a Resolution no longer in force`)
	case "study-group":
		sector, number := studyGroupFromSlug(cfg, slug)
		if sector != nil {
			line(`sector = %q  # %s, from the file name`, sector.ID, sector.Name)
		} else {
			line(`sector = ""           # required: %s; the file name is then <sector>-sg<number>`, strings.Join(cfg.SectorIDs(), ", "))
		}
		if number != "" {
			line(`number = %q  # from the file name`, number)
		} else {
			line(`number = ""           # required: "5", "17"`)
		}
		line(`title = ""            # required: the study group's name`)
		line(`# period = ""         # its study period: "2025-2028"`)
		line(`# url = ""            # its page on the ITU's site`)
		line(`# areas = []          # area slugs`)
		line(`# related = []        # its counterparts in other Sectors: "ITU-R WP 1C", "ITU-D Q7/2", "ITU-T SG5"`)
		n := number
		if n == "" {
			n = "N"
		}
		if sector != nil && sector.ID == "ITU-R" {
			table(`# [[working_parties]] # one table per Working Party`)
			table(`# number = "%sA"`, n)
		} else if sector != nil {
			table(`# [[questions]]       # one table per Question`)
			table(`# number = "1/%s"`, n)
		} else {
			table(`# [[questions]]       # one table per Question; ITU-R study groups list [[working_parties]]`)
			table(`# number = "1/%s"`, n)
		}
		table(`# title = ""`)
		table(`# areas = []`)
		table(`# related = []`)
	case "group":
		line(`title = ""            # required: the group's name, with its acronym`)
		line(`# summary = ""        # one sentence, under the title and in lists`)
		line(`# sectors = []        # who takes part: %s`, strings.Join(quoted(cfg.SectorIDs()), ", "))
		line(`# areas = []          # area slugs`)
		table(`# [[meetings]]        # one table per meeting`)
		table(`# date = 2026-01-31`)
		table(`# place = ""`)
		table(`# url = ""`)
		table(`# note = ""`)
	case "document":
		line(`title = ""            # required: the document's title`)
		line(`# symbol = ""         # its ITU symbol: "C19/INF/6"`)
		line(`# date = 2026-01-31   # the date it bears`)
		line(`# url = ""`)
		line(`# language = "en"     # of the original: en, fr, es, ar, zh or ru`)
		line(`# areas = []          # area slugs`)
	}
	line(`updated = %s  # when this record last changed`, time.Now().Format("2006-01-02"))
	b.WriteString(tables.String())
	line(``)
	line(`# Where the facts come from: one table per source, listed at the end of the page.`)
	line(`# [[sources]]`)
	line(`# title = ""`)
	line(`# url = ""`)
	line(`# note = ""`)
	line(``)
	line(`# After the closing +++ comes the page's text, in Markdown.`)
	line("+++")
	return b.String()
}

// resolutionFromSlug reads "wtsa-99" as body WTSA and number "99". A
// number that is not digits only is left out: the slug cannot say
// whether "com5-1" is "COM5/1" or "COM5-1".
func resolutionFromSlug(cfg *config.Config, slug string) (*config.Body, string) {
	bodies := make([]config.Body, len(cfg.Bodies))
	copy(bodies, cfg.Bodies)
	// The longest id first, so that a body whose id starts another's wins.
	slices.SortFunc(bodies, func(a, b config.Body) int { return len(b.ID) - len(a.ID) })
	for _, b := range bodies {
		if rest, ok := strings.CutPrefix(slug, strings.ToLower(b.ID)+"-"); ok {
			return cfg.Body(b.ID), digits(rest)
		}
	}
	return nil, ""
}

// studyGroupFromSlug reads "itu-t-sg21" as sector ITU-T and number "21".
func studyGroupFromSlug(cfg *config.Config, slug string) (*config.Sector, string) {
	for _, s := range cfg.Sectors {
		if rest, ok := strings.CutPrefix(slug, strings.ToLower(s.ID)+"-sg"); ok {
			return cfg.Sector(s.ID), digits(rest)
		}
	}
	return nil, ""
}

// digits returns s when it is a number without leading zeros, else "".
func digits(s string) string {
	if s == "" || s[0] == '0' || strings.Trim(s, "0123456789") != "" {
		return ""
	}
	return s
}

func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
