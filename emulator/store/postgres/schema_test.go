package postgres

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store/internal/sqlstore"
)

// TestSchemaMatchesSQLite keeps the two schemas' tables, columns and
// indexes in step, since both stores run mostly the same queries; only the
// column types and one Postgres index may differ (see schema). SQLite's
// schema is the shared one (sqlstore.Schema) with TEXT types and no index
// of its own.
func TestSchemaMatchesSQLite(t *testing.T) {
	t.Parallel()
	sqlite := sqlstore.Schema("TEXT", "TEXT")
	pg := slices.DeleteFunc(slices.Clone(schema()), func(s string) bool { return s == kindScanIndex })
	if len(pg) != len(schema())-1 {
		t.Errorf("schema does not create kindScanIndex")
	}
	if got, want := shapeOf(pg), shapeOf(sqlite); !slices.Equal(got, want) {
		t.Errorf("Postgres schema shape\n got %v\nwant %v (SQLite)", got, want)
	}
}

var (
	createTable = regexp.MustCompile(`^CREATE TABLE IF NOT EXISTS (\w+) \(`)
	createIndex = regexp.MustCompile(`^CREATE INDEX IF NOT EXISTS .*$`)
)

// shapeOf lists "table.column" for each column and each index statement
// verbatim.
func shapeOf(stmts []string) []string {
	var out []string
	for _, stmt := range stmts {
		if createIndex.MatchString(stmt) {
			out = append(out, stmt)
			continue
		}
		m := createTable.FindStringSubmatch(stmt)
		if m == nil {
			out = append(out, "unrecognised: "+stmt)
			continue
		}
		for _, line := range strings.Split(stmt, "\n")[1:] {
			if name, _, _ := strings.Cut(strings.TrimSpace(line), " "); name != "" && name != ")" {
				out = append(out, m[1]+"."+name)
			}
		}
	}
	return out
}
