package export

import (
	"io"
	"strings"
)

// table is one CSV file under /data/: its name, what it holds, its
// columns and the writer of its rows. The header row is written from the
// columns, and datapackage.json and csv-metadata.json describe the file
// from the same columns, so the description cannot drift from the file.
type table struct {
	Name        string // the file under data/, without ".csv"
	Title       string
	Description string
	Columns     []column
	Key         []string // the columns whose cells together tell a row from every other
	rows        func(w sheet)
}

// column is one column of a table.
type column struct {
	Name        string // the header cell
	Title       string
	Description string
	Type        cellType
	List        bool // items separated by listSep
	Required    bool // never empty
}

// cellType is what a column's cells hold.
type cellType int

const (
	textCell cellType = iota
	pathCell          // a page's path from the server's root, with baseURL's path
	urlCell           // an absolute URL
)

// listSep separates the items of a list within a cell.
const listSep = "; "

// file is the table's path in the output.
func (t table) file() string { return "data/" + t.Name + ".csv" }

// write writes the header row, then the rows.
func (t table) write(w io.Writer) error {
	s := newSheet(w)
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	s.row(header)
	t.rows(s)
	s.Flush()
	return s.Error()
}

// list joins the items of a cell.
func list(items []string) string { return strings.Join(items, listSep) }

// Columns many tables share.
var (
	areaColumn      = column{Name: "area", Title: "Area", Description: "the area's slug; its page is /areas/<slug>/", Required: true}
	areaTitleColumn = column{Name: "title", Title: "Area title", Description: "the area's title", Required: true}
	areasColumn     = column{Name: "areas", Title: "Areas", Description: "the slugs of its areas", List: true}
)
