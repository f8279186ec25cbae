package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"itu.int/iscsite/generator/source"
)

// scaffolds are the starting text of each kind of record; `new` writes one
// with the slug filled in. Every field is listed so editors see them all.
var scaffolds = map[string]struct{ folder, text string }{
	"area": {"areas", `+++
title = "TITLE"
summary = "One sentence on what the area covers."
weight = 100
updated = DATE
# [[coordinators]]
# name = ""
# sector = "ITU-T"
# role = "focal point"
+++
What the three Sectors and the General Secretariat do together on this theme.
`},
	"resolution": {"resolutions", `+++
body = "PP"          # PP, RA, WRC, WTSA or WTDC (config.toml [[bodies]])
number = "0"
title = "TITLE"
revision = "Rev. City, Year"
# url = "https://..."
areas = []           # at least one area slug
related = []         # slugs of corresponding resolutions of other bodies
# coordination = true
updated = DATE
+++
What the Resolution asks for, in a sentence or two, and its source.
`},
	"study-group": {"study-groups", `sector = "ITU-T"     # GS, ITU-R, ITU-T or ITU-D
number = "0"
title = "TITLE"
period = "2025-2028"
areas = []
related = []         # counterparts in other Sectors: "ITU-R WP 1C", "ITU-D Q7/2", "ITU-T SG5"
updated = DATE

# [[questions]]      # ITU-T and ITU-D; ITU-R study groups list [[working_parties]]
# number = "1/0"
# title = ""
# areas = []
# related = []
`},
	"group": {"groups", `+++
title = "TITLE"
summary = ""
sectors = ["GS", "ITU-R", "ITU-T", "ITU-D"]
areas = []
updated = DATE

# [[meetings]]
# date = 2026-01-01
# place = ""
# note = ""
+++
What the group is and who sits in it.
`},
	"document": {"documents", `+++
title = "TITLE"
symbol = ""
date = DATE
language = "en"
areas = []
+++
What the document says.
`},
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("new", stderr)
	src := fl.String("source", ".", "the site root")
	if fl.Parse(args) != nil || fl.NArg() != 2 {
		fmt.Fprintln(stderr, "usage: generator new [--source DIR] KIND SLUG (kinds: area, resolution, study-group, group, document)")
		return exitUsage
	}
	kind, slug := fl.Arg(0), fl.Arg(1)
	sc, ok := scaffolds[kind]
	if !ok {
		fmt.Fprintf(stderr, "generator new: unknown kind %q (kinds: area, resolution, study-group, group, document)\n", kind)
		return exitUsage
	}
	if !source.ValidSlug(slug) {
		fmt.Fprintf(stderr, "generator new: bad slug %q: use lowercase letters a-z, digits and hyphens\n", slug)
		return exitUsage
	}
	ext := ".md"
	if kind == "study-group" {
		ext = ".toml"
	}
	dir := filepath.Join(*src, "content", sc.folder)
	for _, e := range []string{".md", ".toml"} {
		if _, err := os.Stat(filepath.Join(dir, slug+e)); err == nil {
			fmt.Fprintf(stderr, "generator new: %s already exists\n", filepath.Join(dir, slug+e))
			return exitContent
		}
	}
	text := fillScaffold(sc.text, slug)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "generator new: %v\n", err)
		return exitContent
	}
	path := filepath.Join(dir, slug+ext)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err == nil {
		_, err = f.WriteString(text)
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		fmt.Fprintf(stderr, "generator new: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "created %s\n", path)
	return exitOK
}
