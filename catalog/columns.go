package catalog

import (
	"slices"
	"strings"
)

// DefaultColumns are the resource's table (or wide) columns whose field
// answers at version carry: all of them when version is "". The CLI's
// tables and the web console's show these.
func (r *Resource) DefaultColumns(wide bool, version string) []string {
	names := r.Columns
	if wide && len(r.WideColumns) > 0 {
		names = r.WideColumns
	}
	if version == "" {
		return names
	}
	return slices.DeleteFunc(slices.Clone(names), func(c string) bool {
		f, ok := r.Field(strings.SplitN(c, ".", 2)[0])
		return ok && !f.In(version)
	})
}
