package derive

import "strconv"

// How many rows a page of a table holds at most. A table longer than
// that is split into pages linked to one another, so that no page grows
// with the site: at 100,000 records a mapping table has 45,000 rows.
const (
	PartRows   = 250 // rows of a mapping table, the Resolutions table, the by-area table, or a dense matrix
	PartGroups = 100 // study groups of a matrix shown row by row, each with its connections
	PartItems  = 500 // Resolutions of a body's list
)

// Part is one page of a table or list: its rows From up to To.
type Part struct {
	URL      string // site path: the table's own for the first, then "<table>page-2/", …
	Index    int    // from 0
	From, To int
}

// Number is the part's number as readers count: 1, 2, …
func (p Part) Number() int { return p.Index + 1 }

// Parts are the pages of one table, in order; there is always one.
type Parts []Part

// split divides n rows into parts of size, under the site path base.
func split(base string, n, size int) Parts {
	parts := Parts{{URL: base, From: 0, To: min(n, size)}}
	for from := size; from < n; from += size {
		i := len(parts)
		parts = append(parts, Part{URL: base + "page-" + strconv.Itoa(i+1) + "/", Index: i, From: from, To: min(n, from+size)})
	}
	return parts
}

// Of is the part that holds row i.
func (ps Parts) Of(i int) Part {
	for _, p := range ps {
		if i < p.To {
			return p
		}
	}
	return ps[len(ps)-1]
}

// Last is the last part.
func (ps Parts) Last() Part { return ps[len(ps)-1] }

// Many reports whether the table has more than one page: only then do
// its pages link to one another.
func (ps Parts) Many() bool { return len(ps) > 1 }
