package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"

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
	// emulator): a key they revoke must be refused at once, so meta is
	// read in every transaction rather than remembered.
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

// stmtCache holds a database's prepared statements, one per SQL text. The
// store's texts are a small fixed set (every value is a bound argument),
// so it only grows to that set. database/sql prepares a *sql.Stmt on each
// pooled connection the first time a transaction of that connection uses
// it (tx.StmtContext) and keeps it there, so a statement is parsed once
// per connection instead of once per query. A prepared statement holds no
// data: every execution reads the snapshot of the transaction running it,
// and SQLite re-prepares it by itself should another process change the
// schema. So reuse changes what a query costs, never what it sees.
//
// A text seen for the first time runs unprepared and is prepared after its
// transaction has ended (prepareMissed): preparing on the *sql.DB inside a
// transaction could wait for a connection that the transaction itself (the
// writer's only one) or other waiting transactions (the readers') hold.
type stmtCache struct {
	db    *sql.DB
	stmts sync.Map // string -> *sql.Stmt
}

func (c *stmtCache) lookup(text string) *sql.Stmt {
	if st, ok := c.stmts.Load(text); ok {
		return st.(*sql.Stmt)
	}
	return nil
}

// prepare prepares the texts not prepared yet, outside any transaction.
// A failure is left alone: the text keeps running unprepared, which
// reports whatever is wrong with it.
func (c *stmtCache) prepare(ctx context.Context, texts []string) {
	for _, text := range texts {
		if c.lookup(text) != nil {
			continue
		}
		st, err := c.db.PrepareContext(context.WithoutCancel(ctx), text)
		if err != nil {
			continue
		}
		if _, loaded := c.stmts.LoadOrStore(text, st); loaded {
			st.Close()
		}
	}
}

// close closes every statement (before the database).
func (c *stmtCache) close() error {
	var errs []error
	c.stmts.Range(func(k, v any) bool {
		errs = append(errs, v.(*sql.Stmt).Close())
		c.stmts.Delete(k)
		return true
	})
	return errors.Join(errs...)
}

// conn is one SQLite transaction as a sqlstore.Conn.
type conn struct {
	tx     *sql.Tx
	cache  *stmtCache
	missed *[]string // texts run unprepared, for the cache to prepare after the transaction
}

// stmt returns text's statement for this transaction, nil when text has
// not been prepared yet (it is then noted in missed).
func (c conn) stmt(ctx context.Context, text string) *sql.Stmt {
	if c.cache == nil {
		return nil
	}
	if st := c.cache.lookup(text); st != nil {
		return c.tx.StmtContext(ctx, st)
	}
	*c.missed = append(*c.missed, text)
	return nil
}

// QueryRow and Exec hand the driver ctx without its cancellation
// (context.WithoutCancel): they address one row or key through an index, so there is
// nothing long to interrupt, and sqlstore checked ctx just before the call.
// With a cancellable ctx the driver starts a goroutine per statement to
// watch it (and database/sql one per transaction), a large share of what
// a point read costs. (Count is a QueryRow too: it counts one kind of one
// customer through the index, bounded by the store's size.)
func (c conn) QueryRow(ctx context.Context, text string, args ...any) sqlstore.RowScanner {
	ctx = context.WithoutCancel(ctx)
	if st := c.stmt(ctx, text); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.tx.QueryRowContext(ctx, text, args...)
}

func (c conn) Exec(ctx context.Context, text string, args ...any) (int64, error) {
	ctx = context.WithoutCancel(ctx)
	var res sql.Result
	var err error
	if st := c.stmt(ctx, text); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = c.tx.ExecContext(ctx, text, args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c conn) Commit(context.Context) error { return c.tx.Commit() }

// scan streams the rows to fn.
func (c conn) Scan(ctx context.Context, s *sqlstore.Store, text string, args []any, kind string, _ int, fn func(store.Record) bool) (visited int, stopped bool, err error) {
	// Like QueryRow, the driver gets ctx without its cancellation: every
	// scan is index-ordered (rows come without a sort first), and ctx is
	// checked at each row below, so a cancelled request still stops at the
	// next record.
	dctx := context.WithoutCancel(ctx)
	var rows *sql.Rows
	if st := c.stmt(dctx, text); st != nil {
		rows, err = st.QueryContext(dctx, args...)
	} else {
		rows, err = c.tx.QueryContext(dctx, text, args...)
	}
	return scanRows(ctx, s, rows, err, kind, fn)
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
