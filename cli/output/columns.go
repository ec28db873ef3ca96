package output

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/jsontree"
	"github.com/mixcoatl/mixcoatl/wire"
)

// column is one column of a tabular format: a field path into the item.
type column struct {
	path   string   // as printed in CSV/TSV headers: "region.regionId"
	parts  []string // path split on dots
	header string   // table header: "REGION.REGION ID"
}

func newColumn(path string) column {
	parts := strings.Split(path, ".")
	words := make([]string, len(parts))
	for i, p := range parts {
		words[i] = headerWords(p)
	}
	return column{path: path, parts: parts, header: strings.Join(words, ".")}
}

// headerWords turns a lowerCamel field name into upper-case words:
// "publicIpAddress" → "PUBLIC IP ADDRESS", "cpuSpeedInMhz" → "CPU SPEED IN MHZ".
func headerWords(name string) string {
	runes := []rune(name)
	var b strings.Builder
	for i, r := range runes {
		if i > 0 && unicode.IsUpper(r) {
			prev := runes[i-1]
			nextLower := i+1 < len(runes) && unicode.IsLower(runes[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte(' ')
			}
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// parseColumns validates --columns. Entries may themselves hold
// comma-separated paths. With a resource, the first part of every path must
// be one of its fields (matched case-insensitively and rewritten to the wire
// spelling), and only object-like fields may be followed by more parts.
func parseColumns(given []string, r *catalog.Resource) ([]column, error) {
	var cols []column
	for _, entry := range given {
		for _, path := range strings.Split(entry, ",") {
			path = strings.TrimSpace(path)
			if path == "" {
				continue
			}
			parts := strings.Split(path, ".")
			if slices.Contains(parts, "") {
				return nil, fmt.Errorf("bad column %q: empty part in the field path", path)
			}
			if r != nil {
				f := fieldFold(r, parts[0])
				if f == nil {
					return nil, fmt.Errorf("unknown column %q: %s has no field %q (fields: %s)",
						path, r.Path, parts[0], strings.Join(fieldNames(r), ", "))
				}
				if len(parts) > 1 && !nestable(f.Type) {
					return nil, fmt.Errorf("bad column %q: %s.%s is a %s and has no parts", path, r.Name, f.Name, f.Type)
				}
				parts[0] = f.Name
				path = strings.Join(parts, ".")
			}
			cols = append(cols, newColumn(path))
		}
	}
	if len(given) > 0 && len(cols) == 0 {
		return nil, fmt.Errorf("bad --columns: no field paths given")
	}
	return cols, nil
}

func fieldFold(r *catalog.Resource, name string) *catalog.Field {
	if f, ok := r.Field(name); ok {
		return f
	}
	for _, f := range r.Fields {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

func fieldNames(r *catalog.Resource) []string {
	names := make([]string, len(r.Fields))
	for i, f := range r.Fields {
		names[i] = f.Name
	}
	return names
}

// nestable reports whether a field of that type can be followed by a
// nested path part.
func nestable(typ catalog.Type) bool {
	switch typ {
	case catalog.TypeRef, catalog.TypeRefs, catalog.TypeMoney, catalog.TypeWindow,
		catalog.TypeArray, catalog.TypeObject, catalog.TypeAny:
		return true
	}
	return false
}

func columnsOf(paths []string) []column {
	cols := make([]column, len(paths))
	for i, p := range paths {
		cols[i] = newColumn(p)
	}
	return cols
}

// maxDerivedColumns bounds the columns derived from a raw document.
const maxDerivedColumns = 8

// deriveColumns picks columns from the first object when neither --columns
// nor the catalogue says which. Raw wire items show their scalar top-level
// fields (at most maxDerivedColumns outside wide); objects built by a query
// or given to Value show every top-level member, because their author chose
// them. Secret fields (wire.IsSecret) are never chosen.
func deriveColumns(first *value, everyMember, wide bool) []column {
	var cols []column
	if first == nil || first.Kind != kindObject {
		return nil
	}
	for i, k := range first.Keys {
		if wire.IsSecret(k) || (!everyMember && !first.Elems[i].Scalar()) {
			continue
		}
		if !everyMember && !wide && len(cols) == maxDerivedColumns {
			break
		}
		cols = append(cols, newColumn(k))
	}
	return cols
}

// lookup follows a column path. Through an array, the rest of the path
// applies to every element and the results are gathered in an array.
func lookup(v *value, parts []string) *value {
	for i, p := range parts {
		if v == nil {
			return nil
		}
		if v.Kind == kindArray {
			out := &value{Kind: kindArray}
			for _, e := range v.Elems {
				if got := lookup(e, parts[i:]); got != nil && got.Kind != kindNull {
					out.Elems = append(out.Elems, got)
				}
			}
			return out
		}
		v = v.Member(p)
	}
	return v
}

// cellText renders a value for a table or CSV cell: scalars as given
// (timestamps untouched), a reference as its id, money as "USD 0.12", an
// array of scalars or references as its items joined with ";", anything
// else as compact JSON with keys in document order; null is empty.
func cellText(v *value) string {
	if v == nil {
		return ""
	}
	switch v.Kind {
	case kindNull:
		return ""
	case kindBool, kindNumber, kindString:
		return v.Text
	case kindObject:
		if s, ok := moneyText(v); ok {
			return s
		}
		if id, ok := refID(v); ok {
			return id.Text
		}
	case kindArray:
		parts := make([]string, 0, len(v.Elems))
		flat := true
		for _, e := range v.Elems {
			if e.Scalar() {
				parts = append(parts, cellText(e))
			} else if id, ok := refID(e); ok {
				parts = append(parts, id.Text)
			} else if s, ok := moneyText(e); ok {
				parts = append(parts, s)
			} else {
				flat = false
				break
			}
		}
		if flat {
			return strings.Join(parts, ";")
		}
	}
	return string(jsontree.AppendCompactJSON(nil, v))
}

// refID recognises a reference, {"regionId": 19344} or
// {"sharedEnvironmentCode": "3701-3610"}: one scalar member named …Id or
// …Code.
func refID(v *value) (*value, bool) {
	if v == nil || v.Kind != kindObject || len(v.Keys) != 1 || !v.Elems[0].Scalar() || v.Elems[0].Kind == kindNull {
		return nil, false
	}
	k := v.Keys[0]
	if strings.HasSuffix(k, "Id") || strings.HasSuffix(k, "ID") || strings.HasSuffix(k, "Code") {
		return v.Elems[0], true
	}
	return nil, false
}

// moneyText recognises {"currency":"USD","value":0.12}.
func moneyText(v *value) (string, bool) {
	if v == nil || v.Kind != kindObject || len(v.Keys) != 2 {
		return "", false
	}
	cur, val := v.Member("currency"), v.Member("value")
	if cur == nil || val == nil || cur.Kind != kindString || val.Kind != kindNumber {
		return "", false
	}
	return cur.Text + " " + val.Text, true
}
