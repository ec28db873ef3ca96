package sqlite

import (
	"context"
	"database/sql"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/internal/sqlstore"
)

// dialect: SQLite takes the portable SQL as it is, keeps values as
// TEXT and merges a UNION ALL of the customer's and the global records
// from two index-ordered streams.
var dialect = sqlstore.Dialect{
	Name:         "SQLite",
	NoRows:       sql.ErrNoRows,
	VisibleQuery: visibleQuery,
	Bytes:        func(b []byte) any { return string(b) },
	// Other processes share the file (`mixcoatl --local`, another
	// emulator): a key they revoke must be refused at once, so the engine
	// remembers no meta value by generation. (The writer's Batcher does
	// remember what its Updates read, but only while PRAGMA data_version
	// says no other connection committed: sqlstore/reccache.go.)
	Uncached: true,
}

// visibleQuery selects what f's customer sees: for a customer other than
// 0, a UNION ALL of the customer's and the global records.
func visibleQuery(f store.Filter, cond string, args []any, order string) sqlstore.Query {
	one := `SELECT ` + sqlstore.RecordColumns + ` FROM records WHERE customer = ? AND kind = ? AND ` + cond
	if f.Customer == 0 {
		return sqlstore.Query{Text: one + " ORDER BY " + order, Args: append([]any{int64(0), f.Kind}, args...)}
	}
	all := append([]any{f.Customer, f.Kind}, args...)
	all = append(all, int64(0), f.Kind)
	all = append(all, args...)
	return sqlstore.Query{Text: one + " UNION ALL " + one + " ORDER BY " + order, Args: all}
}

// scanRows streams the rows of a query (or its error) to fn.
func scanRows(ctx context.Context, s *sqlstore.Store, rows *sql.Rows, err error, kind string, fn func(store.Record) bool) (visited int, stopped bool, _ error) {
	if err != nil {
		return 0, false, s.Fail("scan", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := sqlstore.ScanRecord(rows, kind)
		if err != nil {
			return visited, false, s.Fail("scan", err)
		}
		// The driver notices a cancelled ctx only asynchronously; checking
		// here makes a cancelled request stop at the next record, as in
		// the memory store.
		if err := ctx.Err(); err != nil {
			return visited, false, err
		}
		visited++
		if !fn(r) {
			return visited, true, nil
		}
	}
	if err := rows.Err(); err != nil {
		return visited, false, s.Fail("scan", err)
	}
	return visited, false, nil
}
