package catalog

import (
	"strings"
	"testing"
)

// Every default column starts with a field of its resource, appears once,
// and is never a secret; every resource has table columns and its wide
// columns begin with them.
func TestColumnsAreFields(t *testing.T) {
	t.Parallel()
	for _, r := range Load().Resources {
		if len(r.Columns) == 0 || len(r.WideColumns) < len(r.Columns) {
			t.Errorf("%s: %d columns, %d wide columns", r.Path, len(r.Columns), len(r.WideColumns))
		}
		for i, c := range r.Columns {
			if i >= len(r.WideColumns) || r.WideColumns[i] != c {
				t.Errorf("%s: wide columns %v do not begin with the columns %v", r.Path, r.WideColumns, r.Columns)
				break
			}
		}
		seen := map[string]bool{}
		for _, c := range r.WideColumns {
			first, _, _ := strings.Cut(c, ".")
			if _, ok := r.Field(first); !ok {
				t.Errorf("%s: column %q is not a field", r.Path, c)
			}
			if seen[c] {
				t.Errorf("%s: column %q listed twice", r.Path, c)
			}
			seen[c] = true
			if lc := strings.ToLower(c); strings.Contains(lc, "password") || strings.Contains(lc, "secret") {
				t.Errorf("%s: column %q is a secret", r.Path, c)
			}
		}
	}
}
