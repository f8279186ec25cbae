package build

import (
	"strings"
	"testing"
)

// Each case changes the base site (testdata/base.txtar) and expects
// exactly these problems, in this order, in one run.
var errorCases = []struct {
	name   string
	change string // txtar: files to add or replace ("DELETE" removes one)
	strict bool
	want   string
}{
	{
		name: "TOML syntax, with line and column",
		change: `-- content/areas/accessibility.md --
+++
title = "Accessibility"
weight = 10 10
+++
`,
		want: `content/areas/accessibility.md:3:13: invalid TOML: expected a top-level item to end with a newline, comment, or EOF, but got '1' instead`,
	},
	{
		name: "missing front-matter fence",
		change: `-- content/areas/accessibility.md --
title = "Accessibility"
`,
		want: `content/areas/accessibility.md:1:1: missing front matter: a .md record must start with a line "+++", then its TOML fields, then "+++"`,
	},
	{
		name: "front matter never closed",
		change: `-- content/areas/accessibility.md --
+++
title = "Accessibility"
`,
		want: `content/areas/accessibility.md:1:1: front matter opened here is never closed: add a line "+++" after the fields`,
	},
	{
		name: "missing required field, and an empty one",
		change: `-- content/resolutions/pp-175.md --
+++
body = "PP"
title = ""
areas = ["accessibility"]
+++
`,
		want: `content/resolutions/pp-175.md:2:1: missing required field "number"
content/resolutions/pp-175.md:3:1: field "title" must not be empty`,
	},
	{
		name: "wrong types",
		change: `-- content/resolutions/pp-175.md --
+++
body = "PP"
number = 175
title = "Accessibility"
areas = "accessibility"
coordination = "yes"
updated = "2024-01-01"
+++
`,
		want: `content/areas/accessibility.md:1:1: warning: area "accessibility" does not meet the ITU rule for areas of mutual interest: it needs a PP Resolution and a Resolution of at least one Sector, or a PP Resolution with coordination = true (it has: WTSA 70)
content/resolutions/pp-175.md:3:1: field "number" must be a string, not an integer
content/resolutions/pp-175.md:5:1: field "areas" must be an array of strings, not a string
content/resolutions/pp-175.md:6:1: field "coordination" must be true or false, not a string
content/resolutions/pp-175.md:7:1: field "updated" must be a date (like 2024-10-24, without quotes), not a string`,
	},
	{
		name: "unknown fields, with suggestions, in records and their tables",
		change: `-- content/study-groups/itu-t-sg5.toml --
sector = "ITU-T"
number = "5"
tilte = "Environment"

[[questions]]
number = "7/5"
title = "EMF"
area = ["accessibility"]
`,
		want: `content/study-groups/itu-t-sg5.toml:1:1: missing required field "title"
content/study-groups/itu-t-sg5.toml:3:1: unknown field "tilte" in a study group (did you mean "title"?)
content/study-groups/itu-t-sg5.toml:8:1: unknown field "area" in question (did you mean "areas"?)`,
	},
	{
		name: "unknown references of every kind",
		change: `-- content/resolutions/pp-175.md --
+++
body = "PPP"
number = "175"
title = "Accessibility"
areas = ["accessibility", "acessibility"]
related = ["wtsa-7", "pp-175"]
+++
-- content/study-groups/itu-t-sg5.toml --
sector = "ITU-T"
number = "5"
title = "Environment"
related = ["ITU-R WP 1D", "ITU-R WP1C", "ITU T Q1", "ITU-T Q7/5"]

[[questions]]
number = "7/5"
title = "EMF"
related = ["ITU-D SG9"]
-- content/groups/iscg.md --
+++
title = "ISCG"
sectors = ["ITU-X"]
areas = ["acess"]
+++
`,
		want: `content/areas/accessibility.md:1:1: warning: area "accessibility" does not meet the ITU rule for areas of mutual interest: it needs a PP Resolution and a Resolution of at least one Sector, or a PP Resolution with coordination = true (it has: WTSA 70)
content/groups/iscg.md:3:12: unknown sector "ITU-X" (did you mean "ITU-D"?)
content/groups/iscg.md:4:10: unknown area "acess"
content/resolutions/pp-175.md:2:1: unknown body "PPP" (did you mean "PP"?)
content/resolutions/pp-175.md:5:27: unknown area "acessibility" (did you mean "accessibility"?)
content/resolutions/pp-175.md:6:12: unknown resolution "wtsa-7" (did you mean "wtsa-70"?)
content/resolutions/pp-175.md:6:22: a resolution cannot be related to itself
content/study-groups/itu-t-sg5.toml:4:12: unknown unit "ITU-R WP 1D": no study group, question or working party has that designation (did you mean "ITU-R WP 1C"?)
content/study-groups/itu-t-sg5.toml:4:41: bad designation "ITU T Q1": write it like "ITU-R WP 1C", "ITU-T Q3/5", "ITU-D Q7/2" or "ITU-T SG5"
content/study-groups/itu-t-sg5.toml:4:53: related lists counterparts in other Sectors, but ITU-T Q7/5 is in ITU-T too
content/study-groups/itu-t-sg5.toml:9:12: unknown unit "ITU-D SG9": no study group, question or working party has that designation`,
	},
	{
		name: "duplicate slug, and duplicate study group",
		change: `-- content/areas/accessibility.toml --
title = "Accessibility again"
-- content/study-groups/sg5-again.toml --
sector = "ITU-T"
number = "5"
title = "Environment"
`,
		want: `content/areas/accessibility.toml:1:1: duplicate slug "accessibility": content/areas/accessibility.md already defines it
content/study-groups/sg5-again.toml:1:1: duplicate ITU-T SG5: content/study-groups/itu-t-sg5.toml already defines it`,
	},
	{
		name: "bad slug characters, unknown folder, stray file",
		change: `-- content/areas/Gender_Equality.md --
+++
title = "Gender equality"
+++
-- content/area/gender.md --
+++
title = "Gender equality"
+++
-- content/areas/notes.txt --
notes
`,
		want: `content/area/gender.md: unknown content folder "area" (records go in content/<kind>/, kind one of areas, resolutions, study-groups, groups, documents, pages) (did you mean "areas"?)
content/areas/Gender_Equality.md:1:1: bad slug "Gender_Equality": a file name may hold only lowercase letters a-z, digits and hyphens
content/areas/notes.txt: not a content file: records are .md or .toml files`,
	},
	{
		name: "translations: unknown language, untranslatable field, no original",
		change: `-- content/areas/accessibility.de.md --
+++
title = "Barrierefreiheit"
+++
-- content/areas/accessibility.fr.md --
+++
title = "Accessibilité"
weight = 3
+++
-- content/areas/gender.fr.md --
+++
title = "Égalité"
+++
`,
		want: `content/areas/accessibility.de.md:1:1: translation for language "de", which config.toml does not list (languages: en, fr)
content/areas/accessibility.fr.md:3:1: field "weight" cannot be translated: set it in content/areas/accessibility.md (a translation may set only title, summary, short and the body)
content/areas/gender.fr.md:1:1: translation of a record that does not exist: no content/areas/gender.md or content/areas/gender.toml`,
	},
	{
		name: "translations: an unknown field is not an untranslatable one, and the original is named by its real file",
		change: `-- content/study-groups/itu-t-sg5.fr.md --
+++
title = "Environnement"
tilte = "Environnement"
sector = "ITU-T"
+++
-- content/areas/accessibility.en.md --
+++
title = "Accessibility"
+++
`,
		want: `content/areas/accessibility.en.md:1:1: "en" is the default language: its text belongs in content/areas/accessibility.md
content/study-groups/itu-t-sg5.fr.md:3:1: unknown field "tilte" in a translation of a study group (did you mean "title"?)
content/study-groups/itu-t-sg5.fr.md:4:1: field "sector" cannot be translated: set it in content/study-groups/itu-t-sg5.toml (a translation may set only title, summary, short and the body)`,
	},
	{
		name: "unknown fields written as dotted keys and sub-tables, each at its own line",
		change: `-- content/areas/accessibility.md --
+++
title = "Accessibility"
weight = 10
extra.note = "x"

[[coordinators]]
name = "A"
nickname.first = "Al"

[[coordinators]]
name = "B"
[coordinators.contact]
mail = "b@example.org"
+++
`,
		want: `content/areas/accessibility.md:4:1: unknown field "extra" in an area
content/areas/accessibility.md:8:1: unknown field "nickname" in coordinator
content/areas/accessibility.md:12:1: unknown field "contact" in coordinator`,
	},
	{
		name: "TOML syntax errors point inside their line",
		change: `-- content/areas/accessibility.md --
+++
title = "Accessibility"
title = "Again"
+++
-- content/resolutions/pp-175.md --
+++
[areas
+++
`,
		want: `content/areas/accessibility.md:3:1: invalid TOML: Key 'title' has already been defined.
content/resolutions/pp-175.md:2:7: invalid TOML: expected '.' or ']' to end table name, but got '\n' instead`,
	},
	{
		name: "a broken study group is one error, not one in every file that links to its units",
		change: `-- content/study-groups/itu-t-sg5.toml --
sector = "ITU-T"
number = "5" "5"

[[questions]]
number = "7/5"
title = "EMF"
-- content/study-groups/itu-r-sg1.toml --
sector = "ITU-R"
number = "1"
title = "Spectrum management"
related = ["ITU-T SG5"]

[[working_parties]]
number = "1C"
title = "Spectrum monitoring"
related = ["ITU-T Q7/5"]
`,
		want: `content/study-groups/itu-t-sg5.toml:2:14: invalid TOML: expected a top-level item to end with a newline, comment, or EOF, but got '"' instead`,
	},
	{
		name: "a syntax error in the UI strings is one error",
		change: `-- layouts/i18n/en.toml --
home = "Home
`,
		want: `layouts/i18n/en.toml:1:13: invalid TOML: strings cannot contain newlines`,
	},
	{
		name: "two Resolutions of one body with one number, and a file name that says another",
		change: `-- content/resolutions/pp-175b.md --
+++
body = "PP"
number = "175"
title = "Accessibility, again"
areas = ["accessibility"]
+++
-- content/resolutions/wtsa-1000.md --
+++
body = "WTSA"
number = "12"
title = "Copied"
areas = ["accessibility"]
+++
`,
		want: `content/resolutions/pp-175b.md:3:1: duplicate Resolution PP 175: content/resolutions/pp-175.md is PP 175 too
content/resolutions/wtsa-1000.md:1:1: warning: the file name says WTSA 1000, but the record is WTSA 12: rename the file wtsa-12.md`,
	},
	{
		name: "dates that are not dates",
		change: `-- content/areas/accessibility.md --
+++
title = "Accessibility"
weight = 10
updated = 10:30:00
+++
-- content/documents/d.md --
+++
title = "D"
date = 2024-05-01T10:00:00
+++
`,
		want: `content/areas/accessibility.md:4:1: field "updated" must be a date (like 2024-10-24, without quotes), not a time of day
content/documents/d.md:3:1: field "date" must be a date (like 2024-10-24, without quotes), not a date and time`,
	},
	{
		name: "file names that are no slug, and text that is not UTF-8",
		change: "-- content/areas/zz..md --\n+++\ntitle = \"Z\"\n+++\n" +
			"-- content/areas/Big Name.md --\n+++\ntitle = \"B\"\n+++\n" +
			"-- content/areas/ok.md --\n+++\ntitle = \"Caf\xe9\"\n+++\n" +
			"-- content/areas/ok2.md --\n+++\ntitle = \"OK\"\n+++\nNa\xefve body.\n",
		want: `content/areas/Big Name.md:1:1: bad slug "Big Name": a file name may hold only lowercase letters a-z, digits and hyphens
content/areas/ok.md:2:13: invalid UTF-8 (byte 0xe9): save the file as UTF-8
content/areas/ok2.md:4:3: invalid UTF-8 (byte 0xef): save the file as UTF-8
content/areas/zz..md:1:1: bad file name "zz..md": name a record <slug>.md, or a translation <slug>.<language>.md (like accessibility.fr.md)`,
	},
	{
		name: "raw HTML that the site drops is a warning at its line",
		change: `-- content/areas/accessibility.md --
+++
title = "Accessibility"
weight = 10
+++
Some words <span lang="fr">en français</span>.

<div class="note">
A block.
</div>
`,
		want: `content/areas/accessibility.md:5:12: warning: raw HTML <span lang="fr"> dropped: config.toml has unsafeHTML = false (write it in Markdown, or set unsafeHTML = true)
content/areas/accessibility.md:5:40: warning: raw HTML </span> dropped: config.toml has unsafeHTML = false (write it in Markdown, or set unsafeHTML = true)
content/areas/accessibility.md:7:1: warning: raw HTML <div class="note"> dropped: config.toml has unsafeHTML = false (write it in Markdown, or set unsafeHTML = true)`,
	},
	{
		name: "raw HTML that the site drops, in a translation's body: a warning at its line too",
		change: `-- content/areas/accessibility.fr.md --
+++
title = "Accessibilité"
+++
Quelques <b>mots</b>.
`,
		want: `content/areas/accessibility.fr.md:4:10: warning: raw HTML <b> dropped: config.toml has unsafeHTML = false (write it in Markdown, or set unsafeHTML = true)
content/areas/accessibility.fr.md:4:17: warning: raw HTML </b> dropped: config.toml has unsafeHTML = false (write it in Markdown, or set unsafeHTML = true)`,
	},
	{
		name: "config: no languages at all",
		change: `-- config.toml --
baseURL = "https://example.org/"
title = "Test site"

[[sectors]]
id = "GS"
name = "General Secretariat"

[[sectors]]
id = "ITU-R"
name = "Radiocommunication"

[[sectors]]
id = "ITU-T"
name = "Standardization"

[[sectors]]
id = "ITU-D"
name = "Development"

[[bodies]]
id = "PP"
name = "Plenipotentiary Conference"
sector = "GS"

[[bodies]]
id = "WTSA"
name = "World Telecommunication Standardization Assembly"
sector = "ITU-T"
`,
		want: `config.toml:1:1: no languages: add a table [languages.en] with its name (the default language, defaultLanguage)`,
	},
	{
		name: "config: a default language that is not listed, a bad code, a baseURL with a query",
		change: `-- config.toml --
baseURL = "https://example.org/site/?lang=en"
title = "Test site"
defaultLanguage = "de"

[languages.en]
name = "English"

[languages."FR.x"]
name = "Français"

[[sectors]]
id = "GS"
name = "General Secretariat"

[[sectors]]
id = "ITU-R"
name = "Radiocommunication"

[[sectors]]
id = "ITU-T"
name = "Standardization"

[[sectors]]
id = "ITU-D"
name = "Development"

[[bodies]]
id = "PP"
name = "Plenipotentiary Conference"
sector = "GS"

[[bodies]]
id = "WTSA"
name = "World Telecommunication Standardization Assembly"
sector = "ITU-T"
`,
		want: `config.toml:1:1: baseURL must be the site's address without a query or fragment, like "https://example.org/sub/"
config.toml:3:1: defaultLanguage "de" is not one of [languages] (FR.x, en)
config.toml:8:1: bad language code "FR.x": use a code like "fr" or "pt-br" (lowercase letters, then parts after hyphens)`,
	},
	{
		name: "numbers with spaces, which no reference could name",
		change: `-- content/study-groups/itu-t-sg5.toml --
sector = "ITU-T"
number = "5"
title = "Environment"

[[questions]]
number = "7 /5"
title = "EMF"
`,
		want: `content/study-groups/itu-t-sg5.toml:6:1: field "number" must not contain spaces: write "7/5"`,
	},
	{
		name:   "a static file in the place of a generated page or data file",
		change: "-- layouts/static/index.html --\n<p>Hi</p>\n-- layouts/static/sitemap.xml --\n<x/>\n-- layouts/static/areas/accessibility/index.html --\nx\n-- layouts/static/robots.txt --\nUser-agent: *\n-- layouts/static/css/extra.css --\np{}\xff\n",
		want: `layouts/static/areas/accessibility/index.html: this file would replace the site's own areas/accessibility/index.html: rename or remove it
layouts/static/css/extra.css:1:4: invalid UTF-8 (byte 0xff): save the file as UTF-8
layouts/static/index.html: this file would replace the site's own index.html: rename or remove it
layouts/static/robots.txt: this file would replace the site's own robots.txt: rename or remove it
layouts/static/sitemap.xml: this file would replace the site's own sitemap.xml: rename or remove it`,
	},
	{
		name: "study-group units: numbering and the Sector's kind of unit",
		change: `-- content/study-groups/itu-t-sg5.toml --
sector = "ITU-T"
number = "5"
title = "Environment"

[[questions]]
number = "7/2"
title = "EMF"

[[working_parties]]
number = "5A"
title = "Wrong sector"
-- content/study-groups/itu-r-sg1.toml --
sector = "ITU-R"
number = "1"
title = "Spectrum management"

[[working_parties]]
number = "4C"
title = "Spectrum monitoring"
`,
		want: `content/study-groups/itu-r-sg1.toml:6:1: working party "4C" is not numbered in study group 1 (it should start with "1")
content/study-groups/itu-t-sg5.toml:6:1: question "7/2" is not numbered in study group 5: write it "7/5"
content/study-groups/itu-t-sg5.toml:9:1: ITU-T study groups list [[questions]], not [[working_parties]]`,
	},
	{
		name:   "CRLF line ends and a byte-order mark keep true positions",
		change: "-- content/resolutions/pp-175.md --\n\ufeff+++\r\nbody = \"PP\"\r\nnumber = \"175\"\r\ntitle = \"Accessibility\"\r\nareas = [\"acessibility\"]\r\n+++\r\nBody.\r\n",
		want: `content/areas/accessibility.md:1:1: warning: area "accessibility" does not meet the ITU rule for areas of mutual interest: it needs a PP Resolution and a Resolution of at least one Sector, or a PP Resolution with coordination = true (it has: WTSA 70)
content/resolutions/pp-175.md:5:10: unknown area "acessibility" (did you mean "accessibility"?)`,
	},
	{
		name: "the ITU rule for areas is a warning",
		change: `-- content/resolutions/wtsa-70.md --
DELETE
`,
		want: `content/areas/accessibility.md:1:1: warning: area "accessibility" does not meet the ITU rule for areas of mutual interest: it needs a PP Resolution and a Resolution of at least one Sector, or a PP Resolution with coordination = true (it has: PP 175)`,
	},
	{
		name:   "and an error under --strict",
		strict: true,
		change: `-- content/resolutions/wtsa-70.md --
DELETE
`,
		want: `content/areas/accessibility.md:1:1: area "accessibility" does not meet the ITU rule for areas of mutual interest: it needs a PP Resolution and a Resolution of at least one Sector, or a PP Resolution with coordination = true (it has: PP 175)`,
	},
	{
		name: "config: unknown key, bad direction, unknown sector of a body",
		change: `-- config.toml --
baseURL = "https://example.org/"
title = "Test site"
defaultLang = "en"

[languages.en]
name = "English"
direction = "right"

[[sectors]]
id = "GS"
name = "General Secretariat"

[[bodies]]
id = "PP"
name = "Plenipotentiary Conference"
sector = "SG"
`,
		want: `config.toml:3:1: unknown field "defaultLang" in config.toml (did you mean "defaultLanguage"?)
config.toml:7:1: direction must be "ltr" or "rtl", not "right"
config.toml:16:1: unknown sector "SG" (did you mean "GS"?)
content/areas/accessibility.md:1:1: warning: area "accessibility" does not meet the ITU rule for areas of mutual interest: it needs a PP Resolution and a Resolution of at least one Sector, or a PP Resolution with coordination = true (it has: PP 175)
content/resolutions/wtsa-70.md:2:1: unknown body "WTSA"
content/study-groups/itu-r-sg1.toml:1:1: unknown sector "ITU-R"
content/study-groups/itu-t-sg5.toml:1:1: unknown sector "ITU-T"`,
	},
}

func TestErrors(t *testing.T) {
	base := withLayouts(t, readTxtar(t, "base.txtar"))
	if res, _ := Run(Options{Source: mapFS(base), Check: true}); len(res.Diags) != 0 {
		t.Fatalf("the base site has problems:\n%s", diagLines(res))
	}
	for _, c := range errorCases {
		t.Run(c.name, func(t *testing.T) {
			res, _ := Run(Options{Source: mapFS(overlay(base, c.change)), Check: true, Strict: c.strict})
			if got := diagLines(res); got != strings.TrimSpace(c.want) {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
			if res.OK() && strings.Contains(c.want, ": ") && !strings.Contains(c.want, "warning:") {
				t.Errorf("the build passed despite errors")
			}
		})
	}
}
