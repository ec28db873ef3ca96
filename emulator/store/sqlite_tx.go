package store

import (
	"context"
	"database/sql"
)

// sqliteDialect: SQLite takes the portable SQL as it is, keeps values as
// TEXT and merges a UNION ALL of the customer's and the global records
// from two index-ordered streams.
var sqliteDialect = dialect{
	name:         "SQLite",
	noRows:       sql.ErrNoRows,
	visibleQuery: sqliteVisibleQuery,
	bytes:        func(b []byte) any { return string(b) },
}

// sqliteVisibleQuery selects what f's customer sees: for a customer other
// than 0, a UNION ALL of the customer's and the global records.
func sqliteVisibleQuery(f Filter, cond string, args []any, order string) query {
	one := `SELECT ` + recordColumns + ` FROM records WHERE customer = ? AND kind = ? AND ` + cond
	if f.Customer == 0 {
		return query{one + " ORDER BY " + order, append([]any{int64(0), f.Kind}, args...)}
	}
	all := append([]any{f.Customer, f.Kind}, args...)
	all = append(all, int64(0), f.Kind)
	all = append(all, args...)
	return query{one + " UNION ALL " + one + " ORDER BY " + order, all}
}

// sqliteConn is one SQLite transaction as a txConn.
type sqliteConn struct{ tx *sql.Tx }

func (c sqliteConn) queryRow(ctx context.Context, text string, args ...any) rowScanner {
	return c.tx.QueryRowContext(ctx, text, args...)
}

func (c sqliteConn) exec(ctx context.Context, text string, args ...any) (int64, error) {
	res, err := c.tx.ExecContext(ctx, text, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c sqliteConn) commit(context.Context) error { return c.tx.Commit() }

// scan streams the rows to fn.
func (c sqliteConn) scan(ctx context.Context, t *sqlTx, text string, args []any, kind string, _ int, fn func(Record) bool) (visited int, stopped bool, err error) {
	rows, err := c.tx.QueryContext(ctx, text, args...)
	if err != nil {
		return 0, false, t.s.fail("scan", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRecord(rows, kind)
		if err != nil {
			return visited, false, t.s.fail("scan", err)
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
		return visited, false, t.s.fail("scan", err)
	}
	return visited, false, nil
}
