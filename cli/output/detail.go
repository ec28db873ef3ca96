package output

import (
	"bufio"
	"strings"
	"unicode/utf8"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/jsontree"
	"github.com/mixcoatl/mixcoatl/internal/safetext"
	"github.com/mixcoatl/mixcoatl/wire"
)

// detail prints one object as a detail view, the table format of a get:
// one "key: value" line per member, in the server's order, the values of
// sibling members aligned; objects and arrays of objects indented under
// their key ("- " before each element); arrays of scalars, references and
// money on one line, joined by ", "; a reference as its id, followed by
// the referenced object's name when RefNames knows it ("19344 (Oregon)").
// Keys are the wire names, so what is read here is what --columns and
// --query take. Null members, empty arrays and objects, and secret fields
// are left out; every key and value is escaped (safetext).
type detail struct {
	res   *catalog.Resource // nil for a raw document
	color bool
	names RefNamer
}

func (d detail) write(w *bufio.Writer, v *value) error {
	if v.Kind != kindObject {
		_, err := w.WriteString(safetext.Escape(cellText(v)) + "\n")
		return err
	}
	for _, line := range d.lines(v, d.refNames(v)) {
		if _, err := w.WriteString(strings.TrimRight(line, " ") + "\n"); err != nil {
			return err
		}
	}
	return nil
}

// refNames asks RefNames, once per referenced resource, for the names of
// the objects the top-level reference fields point to: field → id → name.
func (d detail) refNames(v *value) map[string]map[string]string {
	if d.names == nil || d.res == nil {
		return nil
	}
	byTarget := map[string][]string{}
	fieldsOf := map[string][]string{}
	for i, k := range v.Keys {
		target := refTarget(d.res, newColumn(k))
		if target == "" {
			continue
		}
		byTarget[target] = append(byTarget[target], refIDs(cellText(v.Elems[i]))...)
		fieldsOf[target] = append(fieldsOf[target], k)
	}
	out := map[string]map[string]string{}
	for target, ids := range byTarget {
		known := d.names(target, ids)
		for _, k := range fieldsOf[target] {
			out[k] = known
		}
	}
	return out
}

// lines renders an object's members; names (top level only) names the
// references of each field.
func (d detail) lines(v *value, names map[string]map[string]string) []string {
	type row struct {
		key, text string
		block     []string
	}
	var rows []row
	width := 0
	for i, k := range v.Keys {
		e := v.Elems[i]
		if e == nil || e.Kind == kindNull || wire.IsSecret(k) {
			continue
		}
		text, block, ok := d.member(k, e, names[k])
		if !ok {
			continue
		}
		key := safetext.Escape(k)
		if block == nil {
			width = max(width, utf8.RuneCountInString(key))
		}
		rows = append(rows, row{key: key, text: text, block: block})
	}
	var out []string
	for _, r := range rows {
		if r.block != nil {
			out = append(out, r.key+":")
			for _, l := range r.block {
				out = append(out, "  "+l)
			}
			continue
		}
		out = append(out, r.key+":"+strings.Repeat(" ", width-utf8.RuneCountInString(r.key)+1)+r.text)
	}
	return out
}

// member renders one member: inline text, or a block of lines to indent;
// ok is false for what is left out (an empty array or object).
func (d detail) member(key string, e *value, names map[string]string) (text string, block []string, ok bool) {
	if t, flat := d.flat(e, names); flat {
		if d.color && e.Scalar() && stateColumn(key) {
			t = colored(t)
		}
		return t, nil, true
	}
	switch e.Kind {
	case kindObject:
		lines := d.lines(e, nil)
		return "", lines, len(lines) > 0
	case kindArray:
		if len(e.Elems) == 0 {
			return "", nil, false
		}
		if parts, flat := d.flatElements(e, names); flat {
			return strings.Join(parts, ", "), nil, true
		}
		for _, el := range e.Elems {
			sub := []string{""}
			if t, flat := d.flat(el, nil); flat {
				sub = []string{t}
			} else if el.Kind == kindObject {
				sub = d.lines(el, nil)
			} else if el.Kind == kindArray {
				sub = []string{safetext.Escape(string(jsontree.AppendCompactJSON(nil, el)))}
			}
			for i, l := range sub {
				prefix := "  "
				if i == 0 {
					prefix = "- "
				}
				block = append(block, prefix+l)
			}
		}
		return "", block, true
	}
	return "", nil, false
}

// flat renders a value that fits on one line: a scalar, money, or a
// reference (with its name when known).
func (d detail) flat(e *value, names map[string]string) (string, bool) {
	if e.Scalar() {
		return safetext.Escape(cellText(e)), true
	}
	if s, ok := moneyText(e); ok {
		return safetext.Escape(s), true
	}
	if id, ok := refID(e); ok {
		s := id.Text
		if n := names[s]; n != "" {
			s += " (" + n + ")"
		}
		return safetext.Escape(s), true
	}
	return "", false
}

// flatElements renders an array whose elements are all flat.
func (d detail) flatElements(e *value, names map[string]string) ([]string, bool) {
	parts := make([]string, 0, len(e.Elems))
	for _, el := range e.Elems {
		t, ok := d.flat(el, names)
		if !ok {
			return nil, false
		}
		parts = append(parts, t)
	}
	return parts, true
}
