// Package synth writes a synthetic site of any size, in the proportions of
// the real one, for benchmarks and large-site tests: about 5% areas, 70%
// Resolutions across the five bodies, 15% study groups with 3–15 Questions
// or Working Parties each, and the rest groups and documents; 1–3 areas
// per Resolution, and some related links at every level. The same size and
// seed always give the same files.
package synth

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Counts is how many records of each kind a site of n records gets.
type Counts struct {
	Areas, Resolutions, StudyGroups, Groups, Documents int
}

// Split divides n records in the SPEC's proportions.
func Split(n int) Counts {
	c := Counts{Areas: max(3, n*5/100), Resolutions: n * 70 / 100, StudyGroups: max(3, n*15/100)}
	rest := max(0, n-c.Areas-c.Resolutions-c.StudyGroups)
	c.Groups = rest / 2
	c.Documents = rest - c.Groups
	return c
}

// Total is the number of records.
func (c Counts) Total() int {
	return c.Areas + c.Resolutions + c.StudyGroups + c.Groups + c.Documents
}

var (
	bodies  = []string{"PP", "RA", "WRC", "WTSA", "WTDC"}
	sectors = []string{"ITU-R", "ITU-T", "ITU-D"}
	words   = strings.Fields(`spectrum standard development network policy climate access
		emergency broadband satellite security quality gender energy data cities
		innovation skills regulation interoperability measurement health education`)
)

type unit struct {
	sector, designation string
}

// Generate writes config.toml, content/ and layouts/ (copied from
// LayoutsDir) of a site of about n records into dir.
func Generate(dir string, n int, seed int64) error {
	g := &gen{dir: dir, rnd: rand.New(rand.NewPCG(uint64(seed), 0x1c5)), c: Split(n)}
	if err := g.config(); err != nil {
		return err
	}
	if err := CopyTree(LayoutsDir(), filepath.Join(dir, "layouts")); err != nil {
		return err
	}
	return g.content()
}

type gen struct {
	dir string
	rnd *rand.Rand
	c   Counts
}

func (g *gen) write(rel, text string) error {
	p := filepath.Join(g.dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(text), 0o644)
}

func (g *gen) config() error {
	var b strings.Builder
	b.WriteString("baseURL = \"https://example.org/\"\ntitle = \"Synthetic coordination site\"\n\n")
	b.WriteString("[languages.en]\nname = \"English\"\n\n[languages.fr]\nname = \"Français\"\n\n")
	for _, s := range append([]string{"GS"}, sectors...) {
		fmt.Fprintf(&b, "[[sectors]]\nid = %q\nname = \"Sector %s\"\n\n", s, s)
	}
	bodySector := map[string]string{"PP": "GS", "RA": "ITU-R", "WRC": "ITU-R", "WTSA": "ITU-T", "WTDC": "ITU-D"}
	for _, id := range bodies {
		fmt.Fprintf(&b, "[[bodies]]\nid = %q\nname = \"Body %s\"\nsector = %q\n\n", id, id, bodySector[id])
	}
	return g.write("config.toml", b.String())
}

func (g *gen) title(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[g.rnd.IntN(len(words))]
	}
	ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
	return strings.Join(ws, " ")
}

func (g *gen) body() string {
	return fmt.Sprintf("%s, with %s and %s.\n\n- %s\n- %s\n\nSee the [areas](/areas/) and the *tables*.\n",
		g.title(8), g.title(3), g.title(4), g.title(5), g.title(6))
}

func (g *gen) areas(k int) string {
	picked := map[int]bool{}
	var out []string
	for len(out) < k {
		i := g.rnd.IntN(g.c.Areas)
		if !picked[i] {
			picked[i] = true
			out = append(out, fmt.Sprintf("%q", fmt.Sprintf("area-%d", i)))
		}
	}
	return "[" + strings.Join(out, ", ") + "]"
}

func (g *gen) date() string {
	return fmt.Sprintf("20%02d-%02d-%02d", 15+g.rnd.IntN(11), 1+g.rnd.IntN(12), 1+g.rnd.IntN(28))
}

func (g *gen) content() error {
	type job struct{ rel, text string }
	var jobs []job
	add := func(rel, text string) { jobs = append(jobs, job{rel, text}) }

	add("content/_index.md", "+++\ntitle = \"Synthetic coordination site\"\n+++\n"+g.body())
	add("content/pages/about.md", "+++\ntitle = \"About\"\n+++\n"+g.body())
	for i := range g.c.Areas {
		add(fmt.Sprintf("content/areas/area-%d.md", i), fmt.Sprintf(
			"+++\ntitle = \"Area %d: %s\"\nsummary = %q\nweight = %d\nupdated = %s\n+++\n%s",
			i, g.title(3), g.title(10), i+1, g.date(), g.body()))
	}

	perBody := map[string]int{}
	for i := range g.c.Resolutions {
		b := bodies[i%len(bodies)]
		num := perBody[b] + 1
		perBody[b] = num
		related := ""
		if g.rnd.IntN(5) == 0 && i >= len(bodies) {
			// a resolution of another body written before this one
			j := i - 1 - g.rnd.IntN(min(i, 50))
			if bodies[j%len(bodies)] != b {
				related = fmt.Sprintf("related = [%q]\n", resSlug(j))
			}
		}
		coord := ""
		if b == "PP" && g.rnd.IntN(10) == 0 {
			coord = "coordination = true\n"
		}
		add(fmt.Sprintf("content/resolutions/%s.md", resSlug(i)), fmt.Sprintf(
			"+++\nbody = %q\nnumber = \"%d\"\ntitle = %q\nrevision = \"Rev. City, %d\"\nareas = %s\n%s%supdated = %s\n+++\n%s",
			b, num, g.title(9), 2000+g.rnd.IntN(25), g.areas(1+g.rnd.IntN(3)), related, coord, g.date(), g.body()))
	}

	// Study groups: lay out every unit first, so related links can name
	// units of other sectors that exist.
	type sg struct {
		sector, number string
		units          []string // unit numbers
	}
	sgs := make([]sg, g.c.StudyGroups)
	var all []unit
	for i := range sgs {
		s := sectors[i%len(sectors)]
		num := fmt.Sprint(i/len(sectors) + 1)
		sgs[i] = sg{sector: s, number: num}
		all = append(all, unit{s, s + " SG" + num})
		for k := range 3 + g.rnd.IntN(13) {
			var u string
			if s == "ITU-R" {
				u = fmt.Sprintf("%s%s", num, letters(k))
				all = append(all, unit{s, s + " WP " + u})
			} else {
				u = fmt.Sprintf("%d/%s", k+1, num)
				all = append(all, unit{s, s + " Q" + u})
			}
			sgs[i].units = append(sgs[i].units, u)
		}
	}
	relatedTo := func(s string) string {
		for {
			u := all[g.rnd.IntN(len(all))]
			if u.sector != s {
				return fmt.Sprintf("related = [%q]\n", u.designation)
			}
		}
	}
	for i, x := range sgs {
		var b strings.Builder
		fmt.Fprintf(&b, "sector = %q\nnumber = %q\ntitle = %q\nperiod = \"2025-2028\"\nareas = %s\n",
			x.sector, x.number, g.title(6), g.areas(1))
		if g.rnd.IntN(10) == 0 {
			b.WriteString(relatedTo(x.sector))
		}
		fmt.Fprintf(&b, "updated = %s\n", g.date())
		table := "questions"
		if x.sector == "ITU-R" {
			table = "working_parties"
		}
		for _, u := range x.units {
			fmt.Fprintf(&b, "\n[[%s]]\nnumber = %q\ntitle = %q\n", table, u, g.title(7))
			if g.rnd.IntN(10) < 4 {
				fmt.Fprintf(&b, "areas = %s\n", g.areas(1))
			}
			if g.rnd.IntN(100) < 15 {
				b.WriteString(relatedTo(x.sector))
			}
		}
		add(fmt.Sprintf("content/study-groups/%s-sg%s-%d.toml", strings.ToLower(x.sector), x.number, i), b.String())
	}

	for i := range g.c.Groups {
		add(fmt.Sprintf("content/groups/group-%d.md", i), fmt.Sprintf(
			"+++\ntitle = \"Group %d: %s\"\nsummary = %q\nsectors = [\"GS\", \"ITU-R\"]\nareas = %s\nupdated = %s\n\n[[meetings]]\ndate = %s\nplace = \"Geneva\"\n+++\n%s",
			i, g.title(3), g.title(8), g.areas(1+g.rnd.IntN(2)), g.date(), g.date(), g.body()))
	}
	for i := range g.c.Documents {
		add(fmt.Sprintf("content/documents/doc-%d.md", i), fmt.Sprintf(
			"+++\ntitle = \"Document %d: %s\"\nsymbol = \"C%d/%d\"\ndate = %s\nlanguage = \"en\"\nareas = %s\nupdated = %s\n+++\n%s",
			i, g.title(5), 17+i%9, i, g.date(), g.areas(1+g.rnd.IntN(2)), g.date(), g.body()))
	}

	// Write on all cores: a 100,000-record site is 100,000 files.
	errs := make(chan error, len(jobs))
	next := make(chan job, 256)
	for range runtime.GOMAXPROCS(0) * 2 {
		go func() {
			for j := range next {
				errs <- g.write(j.rel, j.text)
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	var first error
	for range jobs {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

func resSlug(i int) string {
	b := bodies[i%len(bodies)]
	return fmt.Sprintf("%s-%d", strings.ToLower(b), i/len(bodies)+1)
}

// letters names the k-th working party: A, B, ..., Z, AA, AB, ...
func letters(k int) string {
	s := ""
	for k >= 0 {
		s = string(rune('A'+k%26)) + s
		k = k/26 - 1
	}
	return s
}

// LayoutsDir is the repository's layouts/ folder, found from this source
// file's place in the repository.
func LayoutsDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "layouts")
}

// CopyTree copies the files under src into dst.
func CopyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
