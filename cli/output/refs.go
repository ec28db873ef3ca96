package output

import (
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// RefNamer returns the names of objects of a catalogue resource ("Region")
// by id, for the ids it was given that it knows; a missing id prints as
// itself. Options.RefNames is called once per referenced resource of a
// table or detail view, with every id shown, never once per row.
type RefNamer func(resource string, ids []string) map[string]string

// refTarget is the resource a column's references point to, when the
// column is a whole reference field of res ("region", "firewalls") whose
// target is a catalogue resource; "" otherwise (a nested path such as
// region.regionId prints what it names).
func refTarget(res *catalog.Resource, c column) string {
	if res == nil || len(c.parts) != 1 {
		return ""
	}
	f, ok := res.Field(c.parts[0])
	if !ok || (f.Type != catalog.TypeRef && f.Type != catalog.TypeRefs) {
		return ""
	}
	return f.Ref
}

// refIDs splits a reference cell (an id, or ids joined by ";").
func refIDs(cell string) []string {
	if cell == "" {
		return nil
	}
	return strings.Split(cell, ";")
}

// nameCells replaces, in column i of rows, each referenced id by its
// name, asking names once for every distinct id.
func nameCells(rows [][]string, i int, target string, names RefNamer) {
	var ids []string
	seen := map[string]bool{}
	for _, r := range rows {
		for _, id := range refIDs(r[i]) {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return
	}
	known := names(target, ids)
	if len(known) == 0 {
		return
	}
	for _, r := range rows {
		parts, named := refIDs(r[i]), false
		for j, id := range parts {
			if n := known[id]; n != "" {
				parts[j], named = n, true
			}
		}
		if named {
			r[i] = strings.Join(parts, ", ")
		}
	}
}
