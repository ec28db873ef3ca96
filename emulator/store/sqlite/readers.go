package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/internal/sqlstore"
)

// readerPool holds the reader connections that Views run on, each pinned
// (a *sql.Conn held for the store's life) with its own prepared
// statements, BEGIN and ROLLBACK included.
//
// Why not database/sql transactions, as Update uses: a View is a read of a
// few index seeks, and through sql.Tx each paid as much again around them —
// BEGIN and ROLLBACK parsed anew each time by the driver, a transaction
// object, and per statement a transaction-bound copy of the prepared
// statement (Tx.StmtContext). On a pinned connection BEGIN, ROLLBACK and
// every query are statements prepared once on that connection, run in
// place. What a View sees is unchanged: BEGIN (deferred) makes its
// statements share the snapshot its first one opens, as before.
type readerPool struct {
	db   *sql.DB
	max  int
	idle chan *readerConn
	mu   sync.Mutex
	all  []*readerConn // every pinned connection, for close
}

// readerConn is one pinned reader connection and its statements.
type readerConn struct {
	c     *sql.Conn
	stmts map[string]*sql.Stmt
}

func newReaderPool(db *sql.DB, max int) *readerPool {
	return &readerPool{db: db, max: max, idle: make(chan *readerConn, max)}
}

// get returns an idle connection, pins a new one while fewer than max
// are, or waits for one.
func (p *readerPool) get(ctx context.Context) (*readerConn, error) {
	select {
	case rc := <-p.idle:
		return rc, nil
	default:
	}
	p.mu.Lock()
	if len(p.all) < p.max {
		c, err := p.db.Conn(ctx)
		if err != nil {
			p.mu.Unlock()
			return nil, err
		}
		rc := &readerConn{c: c, stmts: map[string]*sql.Stmt{}}
		p.all = append(p.all, rc)
		p.mu.Unlock()
		return rc, nil
	}
	p.mu.Unlock()
	select {
	case rc := <-p.idle:
		return rc, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// put returns a connection whose transaction has ended.
func (p *readerPool) put(rc *readerConn) { p.idle <- rc }

// discard drops a connection left in an unknown state (its ROLLBACK
// failed), making room for a new one.
func (p *readerPool) discard(rc *readerConn) {
	p.mu.Lock()
	for i, x := range p.all {
		if x == rc {
			p.all = append(p.all[:i], p.all[i+1:]...)
			break
		}
	}
	p.mu.Unlock()
	// sql.Conn.Close would hand the driver connection back to the
	// database's pool, transaction and all; a Raw call reporting
	// ErrBadConn makes database/sql close it instead.
	_ = rc.c.Raw(func(any) error { return driver.ErrBadConn })
	rc.close()
}

// close closes every pinned connection (before the database).
func (p *readerPool) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for _, rc := range p.all {
		errs = append(errs, rc.close())
	}
	p.all = nil
	return errors.Join(errs...)
}

func (rc *readerConn) close() error {
	var errs []error
	for _, st := range rc.stmts {
		errs = append(errs, st.Close())
	}
	return errors.Join(append(errs, rc.c.Close())...)
}

// stmt returns text's statement on this connection, preparing it the first
// time (the connection is this View's alone, so preparing on it cannot wait
// for anything).
func (rc *readerConn) stmt(ctx context.Context, text string) (*sql.Stmt, error) {
	if st, ok := rc.stmts[text]; ok {
		return st, nil
	}
	st, err := rc.c.PrepareContext(ctx, text)
	if err != nil {
		return nil, err
	}
	rc.stmts[text] = st
	return st, nil
}

func (rc *readerConn) exec(ctx context.Context, text string) error {
	st, err := rc.stmt(ctx, text)
	if err == nil {
		_, err = st.ExecContext(ctx)
	}
	return err
}

// readConn is a View's transaction on a pinned connection as a
// sqlstore.Conn. Like conn, it gives the driver ctx without its
// cancellation (see conn.QueryRow); sqlstore checks ctx before each call
// and Scan at each row.
type readConn struct{ rc *readerConn }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

func (c readConn) QueryRow(ctx context.Context, text string, args ...any) sqlstore.RowScanner {
	ctx = context.WithoutCancel(ctx)
	st, err := c.rc.stmt(ctx, text)
	if err != nil {
		return errRow{err}
	}
	return st.QueryRowContext(ctx, args...)
}

func (c readConn) Exec(ctx context.Context, text string, args ...any) (int64, error) {
	ctx = context.WithoutCancel(ctx)
	st, err := c.rc.stmt(ctx, text)
	if err != nil {
		return 0, err
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c readConn) Commit(context.Context) error { return errors.New("store: commit of a view") }

func (c readConn) Scan(ctx context.Context, s *sqlstore.Store, text string, args []any, kind string, _ int, fn func(store.Record) bool) (int, bool, error) {
	st, err := c.rc.stmt(context.WithoutCancel(ctx), text)
	if err != nil {
		return 0, false, s.Fail("scan", err)
	}
	rows, err := st.QueryContext(context.WithoutCancel(ctx), args...)
	return scanRows(ctx, s, rows, err, kind, fn)
}

// readerSnapshot names what a reader connection's transaction reads.
type readerSnapshot struct {
	rc          *readerConn
	dataVersion int64
}

// Snapshot implements store.Snapshots: the connection and its PRAGMA
// data_version, read inside the View's transaction (the pragma opens the
// read snapshot if no statement has yet). SQLite changes a connection's
// data_version whenever another connection commits, in this process or
// another, and never for the connection's own commits; reader connections
// never commit, so one connection seeing one value twice read the same
// state both times. A connection that is discarded is never used again,
// and a remembered value holding its pointer keeps a new connection from
// reusing its address.
func (c readConn) Snapshot(ctx context.Context) (any, bool) {
	var v int64
	if err := c.QueryRow(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return nil, false
	}
	return readerSnapshot{c.rc, v}, true
}
