package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"strconv"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/internal/sqlstore"
)

// Updates: group commit on one pinned writer connection.
//
// Every Update of this process goes through one sqlstore.Batcher
// (emulator/store/internal/sqlstore/batch.go has the rule): concurrent
// Updates share one BEGIN IMMEDIATE … COMMIT, each fn after the first in a
// savepoint of its own, so under load a commit (the WAL append, and the
// checkpoints the WAL's growth brings) is paid once per batch instead of
// once per request,
// and a page several Updates change is written once. An Update is still
// acknowledged only after the COMMIT holding it succeeded, a failed fn
// still leaves nothing, and Updates still run one at a time, each seeing
// the ones before. Other processes sharing the file see ordinary
// transactions: BEGIN IMMEDIATE takes the write lock (waiting up to
// busy_timeout for theirs) and a batch holds it for at most the batch's
// time limit plus one fn.
//
// The connection is pinned (a *sql.Conn held for the store's life) like
// the readers' (readerConn), and its statements run on the driver's
// connection itself (sql.Conn.Raw), prepared once on it as driver
// statements, BEGIN IMMEDIATE, COMMIT, ROLLBACK and the savepoint
// statements included: only the Update holding the Batcher's turn uses
// it, so a statement is prepared inside a transaction without waiting for
// anything. Updates run one at a time, so every statement of one is on
// the store's critical path, and a launch runs about twenty: through
// database/sql each paid for its statement, rows and conversion layers
// (locks, a Rows object, per-column conversion by reflection) about as
// much as SQLite's own work for a statement this small. What a statement
// does and sees is the same either way: the same SQL on the same
// connection in the same transaction.

// writeConn is the writer connection as a sqlstore.WriteConn.
type writeConn struct {
	c *sql.Conn
	// stmts are the driver statements prepared on c, used and closed only
	// inside c.Raw.
	stmts map[string]driver.Stmt
	// seen is the PRAGMA data_version OthersCommitted read last.
	seen *dataVersion
}

type dataVersion struct {
	v     int64
	known bool
}

// newWriteConn pins the writer database's only connection.
func newWriteConn(ctx context.Context, db *sql.DB) (writeConn, error) {
	c, err := db.Conn(ctx)
	if err != nil {
		return writeConn{}, err
	}
	// Its own automatic checkpoints are the backstop of the checkpointer's
	// (checkpoint.go).
	if _, err := c.ExecContext(ctx, "PRAGMA wal_autocheckpoint = "+strconv.Itoa(writerAutoCheckpoint)); err != nil {
		return writeConn{}, errors.Join(err, c.Close())
	}
	return writeConn{c: c, stmts: map[string]driver.Stmt{}, seen: &dataVersion{}}, nil
}

// OthersCommitted implements sqlstore.CommitWatcher by PRAGMA
// data_version, which SQLite changes on a connection whenever another
// connection (of this process or another) commits, and never for the
// connection's own commits: what SQLite itself trusts its page cache by.
// Asked right after BEGIN IMMEDIATE, holding the write lock, it covers
// every commit before the batch's reads.
func (w writeConn) OthersCommitted(ctx context.Context) (bool, error) {
	var v int64
	if err := w.QueryRow(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		w.seen.known = false
		return true, err
	}
	changed := !w.seen.known || v != w.seen.v
	w.seen.v, w.seen.known = v, true
	return changed, nil
}

// Begin waits for another process's write lock for up to busy_timeout,
// which bounds it; like every statement here it runs without ctx's
// cancellation, which would cost a goroutine per statement in the driver.
func (w writeConn) Begin(ctx context.Context) error {
	_, err := w.Exec(ctx, "BEGIN IMMEDIATE")
	return err
}

func (w writeConn) Commit(ctx context.Context) error {
	_, err := w.Exec(ctx, "COMMIT")
	return err
}

func (w writeConn) Rollback(ctx context.Context) error {
	_, err := w.Exec(ctx, "ROLLBACK")
	return err
}

// stmt returns text's driver statement, preparing it the first time; dc
// is the driver connection (inside c.Raw).
func (w writeConn) stmt(ctx context.Context, dc any, text string) (driver.Stmt, error) {
	if st, ok := w.stmts[text]; ok {
		return st, nil
	}
	st, err := prepareOn(ctx, dc, text)
	if err != nil {
		return nil, err
	}
	w.stmts[text] = st
	return st, nil
}

// namedValues converts a statement's arguments as database/sql would
// (driver.DefaultParameterConverter: the driver has no converter of its
// own), numbered from 1.
func namedValues(args []any) ([]driver.NamedValue, error) {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		switch a.(type) {
		case nil, int64, string, []byte, bool, float64:
		default:
			var err error
			if a, err = driver.DefaultParameterConverter.ConvertValue(a); err != nil {
				return nil, err
			}
		}
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv, nil
}

// Exec runs a statement that returns no rows; statements run without
// ctx's cancellation (see Begin), sqlstore checks ctx before each.
func (w writeConn) Exec(ctx context.Context, text string, args ...any) (int64, error) {
	ctx = context.WithoutCancel(ctx)
	var n int64
	err := w.c.Raw(func(dc any) error {
		st, nv, err := w.bound(ctx, dc, text, args)
		if err != nil {
			return err
		}
		ex, ok := st.(driver.StmtExecContext)
		if !ok {
			return errors.New("the SQLite driver cannot execute a statement")
		}
		res, err := ex.ExecContext(ctx, nv)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// bound is text's statement and args converted for it (inside c.Raw).
func (w writeConn) bound(ctx context.Context, dc any, text string, args []any) (driver.Stmt, []driver.NamedValue, error) {
	st, err := w.stmt(ctx, dc, text)
	if err != nil {
		return nil, nil, err
	}
	nv, err := namedValues(args)
	return st, nv, err
}

// query runs a query and passes each row's values to row until it returns
// false; the values are the driver's, valid during the call only.
func (w writeConn) query(ctx context.Context, text string, args []any, row func([]driver.Value) (bool, error)) error {
	ctx = context.WithoutCancel(ctx)
	return w.c.Raw(func(dc any) error {
		st, nv, err := w.bound(ctx, dc, text, args)
		if err != nil {
			return err
		}
		qc, ok := st.(driver.StmtQueryContext)
		if !ok {
			return errors.New("the SQLite driver cannot query a statement")
		}
		rows, err := qc.QueryContext(ctx, nv)
		if err != nil {
			return err
		}
		defer rows.Close()
		vals := make([]driver.Value, len(rows.Columns()))
		for {
			if err := rows.Next(vals); err != nil {
				if errors.Is(err, io.EOF) {
					return nil
				}
				return err
			}
			if more, err := row(vals); err != nil || !more {
				return err
			}
		}
	})
}

// QueryRow runs a query for its first row, read at once.
func (w writeConn) QueryRow(ctx context.Context, text string, args ...any) sqlstore.RowScanner {
	var r valuesRow
	found := false
	err := w.query(ctx, text, args, func(vals []driver.Value) (bool, error) {
		found = true
		r.vals = make([]driver.Value, len(vals))
		for i, v := range vals {
			r.vals[i] = ownValue(v)
		}
		return false, nil
	})
	switch {
	case err != nil:
		return errRow{err}
	case !found:
		return errRow{sql.ErrNoRows}
	}
	return r
}

// Scan implements sqlstore.Conn, checking ctx at each row (the driver
// does not see its cancellation).
func (w writeConn) Scan(ctx context.Context, s *sqlstore.Store, text string, args []any, kind string, _ int, fn func(store.Record) bool) (visited int, stopped bool, _ error) {
	var failed error
	err := w.query(ctx, text, args, func(vals []driver.Value) (bool, error) {
		r, err := sqlstore.ScanRecord(valuesRow{vals}, kind)
		if err != nil {
			return false, err
		}
		if failed = ctx.Err(); failed != nil {
			return false, nil
		}
		visited++
		stopped = !fn(r)
		return !stopped, nil
	})
	switch {
	case err != nil:
		return visited, false, s.Fail("scan", err)
	case failed != nil:
		return visited, false, failed
	}
	return visited, stopped, nil
}

// close closes the statements and hands the connection back (before the
// database is closed).
func (w writeConn) close() error {
	var errs []error
	if len(w.stmts) > 0 {
		errs = append(errs, w.c.Raw(func(any) error {
			var errs []error
			for text, st := range w.stmts {
				errs = append(errs, st.Close())
				delete(w.stmts, text)
			}
			return errors.Join(errs...)
		}))
	}
	return errors.Join(append(errs, w.c.Close())...)
}
