package py2

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Table is a PrettyTable of prettytable 0.7.2 with its default style: a
// frame of "+", "-" and "|", one space of padding, the header between two
// rules, columns centred unless aligned, cells top-aligned, every value
// printed as unicode(value) (str() for anything but text).
type Table struct {
	fields []string
	align  []byte
	rows   [][]any
}

// NewTable is PrettyTable(fields).
func NewTable(fields ...string) *Table {
	align := make([]byte, len(fields))
	for i := range align {
		align[i] = 'c'
	}
	return &Table{fields: fields, align: align}
}

// AddRow is add_row(cells); there must be one cell per field.
func (t *Table) AddRow(cells ...any) {
	if len(cells) != len(t.fields) {
		panic("py2: a row needs one cell per field")
	}
	t.rows = append(t.rows, cells)
}

// Len is the number of rows.
func (t *Table) Len() int { return len(t.rows) }

// AlignAll is table.align = a ('l', 'c' or 'r'), headers included.
func (t *Table) AlignAll(a byte) {
	for i := range t.align {
		t.align[i] = a
	}
}

// Align is table.align[field] = a.
func (t *Table) Align(field string, a byte) {
	if i := slices.Index(t.fields, field); i >= 0 {
		t.align[i] = a
	}
}

// String is get_string(): the table without a final newline (print adds
// it).
func (t *Table) String() string { return t.render(t.rows) }

// SortedBy is get_string(sortby=field): rows sorted, stably, by that
// column and then the whole row, with Python 2's ordering of values.
func (t *Table) SortedBy(field string) string {
	i := slices.Index(t.fields, field)
	rows := slices.Clone(t.rows)
	slices.SortStableFunc(rows, func(a, b []any) int {
		return Compare(append([]any{a[i]}, a...), append([]any{b[i]}, b...))
	})
	return t.render(rows)
}

func (t *Table) render(rows [][]any) string {
	cells := make([][]string, len(rows))
	widths := make([]int, len(t.fields))
	for i, f := range t.fields {
		widths[i] = blockWidth(f)
	}
	for r, row := range rows {
		cells[r] = make([]string, len(row))
		for i, v := range row {
			cells[r][i] = Str(v)
			widths[i] = max(widths[i], blockWidth(cells[r][i]))
		}
	}
	var rule strings.Builder
	rule.WriteString("+")
	for _, w := range widths {
		rule.WriteString(strings.Repeat("-", w+2) + "+")
	}
	lines := []string{rule.String(), t.line(t.fields, widths), rule.String()}
	for _, row := range cells {
		height := 1
		split := make([][]string, len(row))
		for i, c := range row {
			split[i] = strings.Split(c, "\n")
			height = max(height, len(split[i]))
		}
		for y := range height {
			part := make([]string, len(row))
			for i := range row {
				if y < len(split[i]) {
					part[i] = split[i][y]
				}
			}
			lines = append(lines, t.line(part, widths))
		}
	}
	lines = append(lines, rule.String())
	return strings.Join(lines, "\n")
}

func (t *Table) line(texts []string, widths []int) string {
	var b strings.Builder
	b.WriteString("|")
	for i, s := range texts {
		b.WriteString(" " + justify(s, widths[i], t.align[i]) + " |")
	}
	return b.String()
}

// justify pads text to width like str.ljust, rjust or center.
func justify(text string, width int, align byte) string {
	w := blockWidth(text)
	excess := width - w
	switch align {
	case 'l':
		return text + strings.Repeat(" ", excess)
	case 'r':
		return strings.Repeat(" ", excess) + text
	}
	left, right := excess/2, excess/2
	if excess%2 == 1 {
		if w%2 == 1 {
			right++
		} else {
			left++
		}
	}
	return strings.Repeat(" ", left) + text + strings.Repeat(" ", right)
}

// ansiColour matches a colour code; compiled on first use, not at package
// init (every command would pay for it).
var ansiColour = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("\x1b\\[[0-9;]*m") })

// blockWidth is the widest line of s in terminal columns, as prettytable
// counted them: ANSI colour codes take none, CJK and full-width characters
// two, combining marks none, backspace and delete minus one.
func blockWidth(s string) int {
	widest := 0
	for _, line := range strings.Split(s, "\n") {
		n := 0
		for _, r := range ansiColour().ReplaceAllString(line, "") {
			n += charWidth(r)
		}
		widest = max(widest, n)
	}
	return widest
}

func charWidth(r rune) int {
	switch {
	case r >= 0x21 && r <= 0x7e:
		return 1
	case r >= 0x4e00 && r <= 0x9fff, r >= 0xac00 && r <= 0xd7af:
		return 2
	case unicode.Is(unicode.Mn, r):
		// unicodedata.combining() != 0; nonspacing marks are the
		// characters with a combining class, to a close approximation.
		return 0
	case r >= 0x3040 && r <= 0x30ff, r >= 0xff01 && r <= 0xff60, r >= 0x3000 && r <= 0x303e:
		return 2
	case r == 0x08 || r == 0x7f:
		return -1
	case r == 0x00 || r == 0x1f: // prettytable's test, sic: only these two
		return 0
	}
	return 1
}

// Compare orders two values as Python 2 did: None first, then numbers by
// value (bools are numbers), then other types by type name (dict, list,
// unicode), text by code point, lists element by element.
func Compare(a, b any) int {
	ra, rb := rank(a), rank(b)
	if ra != rb {
		return ra - rb
	}
	switch x := a.(type) {
	case nil:
		return 0
	case string:
		return strings.Compare(x, b.(string))
	case []any:
		y := b.([]any)
		for i := range min(len(x), len(y)) {
			if c := Compare(x[i], y[i]); c != 0 {
				return c
			}
		}
		return len(x) - len(y)
	case *Dict:
		return x.Len() - b.(*Dict).Len() // dicts of one size: left as equal
	}
	return compareNumbers(a, b)
}

func rank(v any) int {
	switch v.(type) {
	case nil:
		return 0
	case bool, Int, float64:
		return 1
	case *Dict:
		return 2
	case []any:
		return 3
	}
	return 4 // text
}
