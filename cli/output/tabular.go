package output

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mixcoatl/mixcoatl/internal/jsontree"
	"github.com/mixcoatl/mixcoatl/internal/safetext"
)

// maxTableCell is the widest cell of -o table, in runes; -o wide never
// truncates.
const maxTableCell = 40

// columnGap is the space between table columns.
const columnGap = 3

// rowCells parses an item and renders the cells of its row.
func rowCells(raw []byte, l *layout, cols *[]column) ([]string, error) {
	v, err := jsontree.Parse(raw)
	if err != nil {
		return nil, err
	}
	if l.scalars {
		return []string{cellText(v)}, nil
	}
	if *cols == nil && l.derive != nil {
		derived := slices.DeleteFunc(l.derive(v), func(c column) bool {
			return slices.ContainsFunc(l.lead, func(lc column) bool { return lc.path == c.path })
		})
		*cols = append(slices.Clone(l.lead), derived...)
	}
	cells := make([]string, len(*cols))
	for i, c := range *cols {
		cells[i] = cellText(lookup(v, c.parts))
	}
	return cells, nil
}

// delimitedEmitter writes CSV (RFC 4180 quoting through encoding/csv, LF
// line ends) or TSV (backslash escapes, see escapeTSV) row by row.
type delimitedEmitter struct {
	w       *bufio.Writer
	csv     *csv.Writer // nil for TSV
	l       layout
	cols    []column
	started bool
	line    strings.Builder
}

func newDelimitedEmitter(w *bufio.Writer, f Format, l layout) *delimitedEmitter {
	e := &delimitedEmitter{w: w, l: l, cols: l.columns}
	if f == CSV {
		e.csv = csv.NewWriter(w)
	}
	return e
}

func (e *delimitedEmitter) item(raw []byte) error {
	cells, err := rowCells(raw, &e.l, &e.cols)
	if err != nil {
		return err
	}
	if err := e.header(); err != nil {
		return err
	}
	return e.record(cells)
}

// header prints the column paths once, before the first row (or at the
// end of an empty list whose columns are known).
func (e *delimitedEmitter) header() error {
	if e.started {
		return nil
	}
	e.started = true
	if e.l.noHeaders || e.l.scalars || len(e.cols) == 0 {
		return nil
	}
	names := make([]string, len(e.cols))
	for i, c := range e.cols {
		names[i] = c.path
	}
	return e.record(names)
}

// record writes one row. On a terminal (layout.escape) every cell is made
// safe first, as in a table; to a file or pipe the cells keep their exact
// bytes (TSV's own four escapes aside).
func (e *delimitedEmitter) record(cells []string) error {
	if e.csv != nil {
		if e.l.escape {
			for i, c := range cells {
				cells[i] = safetext.Escape(c)
			}
		}
		return e.csv.Write(cells)
	}
	e.line.Reset()
	for i, c := range cells {
		if i > 0 {
			e.line.WriteByte('\t')
		}
		c = escapeTSV(c)
		if e.l.escape {
			c = safetext.Escape(c)
		}
		e.line.WriteString(c)
	}
	e.line.WriteByte('\n')
	_, err := e.w.WriteString(e.line.String())
	return err
}

func (e *delimitedEmitter) end() error {
	if err := e.header(); err != nil {
		return err
	}
	if e.csv != nil {
		e.csv.Flush()
		return e.csv.Error()
	}
	return nil
}

// escapeTSV makes a cell safe for TSV, where a field can hold neither tab
// nor newline: backslash becomes \\, tab \t, newline \n, carriage return
// \r. Reading reverses exactly these four escapes.
func escapeTSV(s string) string {
	if !strings.ContainsAny(s, "\\\t\n\r") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// tableEmitter aligns columns, counting runes, with columnGap spaces
// between them and no trailing spaces. Column widths depend on every row,
// so a list is held (as cells, not items) until end, where references are
// named (one RefNamer call per referenced resource), cells are made safe
// and, on a terminal, cut.
type tableEmitter struct {
	w    *bufio.Writer
	wide bool
	l    layout
	cols []column
	rows [][]string
}

func (e *tableEmitter) item(raw []byte) error {
	if e.cols == nil {
		e.cols = e.l.columns
	}
	cells, err := rowCells(raw, &e.l, &e.cols)
	if err != nil {
		return err
	}
	e.rows = append(e.rows, cells)
	return nil
}

// fit makes a cell one safe line (safetext.Escape: no control character,
// newline, tab or bidi override reaches the terminal) and, outside wide
// and only on a terminal, at most maxTableCell runes, ending in "…" when
// cut. Piped output is never cut: a script reads whole values.
func (e *tableEmitter) fit(s string) string {
	s = safetext.Escape(s)
	if e.wide || !e.l.cut || utf8.RuneCountInString(s) <= maxTableCell {
		return s
	}
	runes := []rune(s)
	return string(runes[:maxTableCell-1]) + "…"
}

func (e *tableEmitter) end() error {
	if len(e.rows) == 0 {
		if e.l.list && e.l.notes != nil && e.l.emptyNote != "" {
			fmt.Fprintln(e.l.notes, e.l.emptyNote)
		}
		return nil
	}
	if e.l.names != nil && !e.l.scalars {
		for i, c := range e.cols {
			if target := refTarget(e.l.refs, c); target != "" {
				nameCells(e.rows, i, target, e.l.names)
			}
		}
	}
	for _, r := range e.rows {
		for i, c := range r {
			r[i] = e.fit(c)
		}
	}
	headed := !e.l.noHeaders && !e.l.scalars && len(e.cols) > 0
	if headed {
		headers := make([]string, len(e.cols))
		for i, c := range e.cols {
			headers[i] = safetext.Escape(c.header)
		}
		e.rows = append([][]string{headers}, e.rows...)
	}
	widths := map[int]int{}
	for _, r := range e.rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var line strings.Builder
	for n, r := range e.rows {
		line.Reset()
		for i, c := range r {
			pad := 0
			if i < len(r)-1 {
				pad = widths[i] - utf8.RuneCountInString(c) + columnGap
			}
			if e.l.color && !(headed && n == 0) && i < len(e.cols) && stateColumn(e.cols[i].path) {
				c = colored(c)
			}
			line.WriteString(c)
			line.WriteString(strings.Repeat(" ", pad))
		}
		if _, err := e.w.WriteString(strings.TrimRight(line.String(), " ") + "\n"); err != nil {
			return err
		}
	}
	e.rows = nil
	return nil
}
