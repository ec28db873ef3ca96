package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/internal/sqlstore"
)

// writeConn is the connection of this process's sqlstore.Batcher (group
// commit, emulator/store/internal/sqlstore/batch.go): each batch is one
// READ COMMITTED transaction on a pooled connection whose first statement
// takes the store's advisory lock, so the Updates of a batch share the
// lock's round trips and one COMMIT — one WAL flush, by default an fsync —
// while Updates of all replicas still run one at a time. Only one batch
// is open per process, so waiting writers hold no pooled connection and
// never starve Views.
type writeConn struct {
	p  *Store
	tx *conn // the open batch's transaction; nil between batches
}

var errNoBatch = errors.New("store: Postgres: no write transaction open")

// Begin is given the ctx of the batch's first Update: should that end while
// the lock is awaited, the Update fails and the next one begins anew.
func (w *writeConn) Begin(ctx context.Context) error {
	tx, err := w.p.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted, AccessMode: pgx.ReadWrite})
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, w.p.lockKey); err != nil {
		rollback(ctx, tx)
		return err
	}
	w.tx = &conn{tx: tx}
	return nil
}

func (w *writeConn) Commit(ctx context.Context) error {
	if w.tx == nil {
		return errNoBatch
	}
	err := w.tx.Commit(ctx)
	if err == nil {
		w.tx = nil
	}
	return err
}

func (w *writeConn) Rollback(ctx context.Context) error {
	if w.tx != nil {
		rollback(ctx, w.tx.tx)
		w.tx = nil
	}
	return nil
}

func (w *writeConn) QueryRow(ctx context.Context, text string, args ...any) sqlstore.RowScanner {
	if w.tx == nil {
		return errRow{errNoBatch}
	}
	return w.tx.QueryRow(ctx, text, args...)
}

func (w *writeConn) Exec(ctx context.Context, text string, args ...any) (int64, error) {
	if w.tx == nil {
		return 0, errNoBatch
	}
	return w.tx.Exec(ctx, text, args...)
}

func (w *writeConn) Scan(ctx context.Context, s *sqlstore.Store, text string, args []any, kind string, limit int, fn func(store.Record) bool) (int, bool, error) {
	if w.tx == nil {
		return 0, false, errNoBatch
	}
	return w.tx.Scan(ctx, s, text, args, kind, limit, fn)
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
