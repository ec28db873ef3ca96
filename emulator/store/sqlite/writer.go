package sqlite

import (
	"context"
	"database/sql"
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
// the readers' (readerConn), with BEGIN IMMEDIATE, COMMIT, ROLLBACK, the
// savepoint statements and every query prepared once on it: only the
// Update holding the Batcher's turn uses it, so a statement is prepared
// inside a transaction without waiting for anything.

// writeConn is the writer connection as a sqlstore.WriteConn: readConn's
// queries (which read the open transaction, its own writes included), plus
// the transaction statements.
type writeConn struct{ readConn }

// newWriteConn pins the writer database's only connection.
func newWriteConn(ctx context.Context, db *sql.DB) (writeConn, error) {
	c, err := db.Conn(ctx)
	if err != nil {
		return writeConn{}, err
	}
	return writeConn{readConn{rc: &readerConn{c: c, stmts: map[string]*sql.Stmt{}}}}, nil
}

// Begin waits for another process's write lock for up to busy_timeout,
// which bounds it; like every statement here it runs without ctx's
// cancellation, which would cost a goroutine per statement in the driver.
func (w writeConn) Begin(ctx context.Context) error {
	return w.rc.exec(context.WithoutCancel(ctx), "BEGIN IMMEDIATE")
}

func (w writeConn) Commit(ctx context.Context) error   { return w.rc.exec(ctx, "COMMIT") }
func (w writeConn) Rollback(ctx context.Context) error { return w.rc.exec(ctx, "ROLLBACK") }

// close closes the statements and hands the connection back (before the
// database is closed).
func (w writeConn) close() error { return w.rc.close() }
