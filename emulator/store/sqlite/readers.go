package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/internal/base"
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
	// items are the GET-by-id answers read on these connections (ReadItem).
	items *itemCache
	// wal reads the WAL-index header (nil: not usable here), opened by
	// the first ReadItem (walOnce) on its own connection: the one
	// connection of db beyond the pinned ones.
	walOnce sync.Once
	wal     *walIndex
}

// readerConn is one pinned reader connection and its statements.
type readerConn struct {
	c     *sql.Conn
	stmts map[string]*sql.Stmt
	// item and version are itemQuery and PRAGMA data_version prepared
	// on the driver's connection (readItem), used and closed only inside
	// c.Raw; dataVersion is the value version read last (seen: once read).
	item, version driver.Stmt
	dataVersion   int64
	seen          bool
	pragmas       int // data_version reads by readItem (tests: the header answered the others)
}

func newReaderPool(db *sql.DB, max int) *readerPool {
	return &readerPool{db: db, max: max, idle: make(chan *readerConn, max), items: newItemCache(itemCacheBytes)}
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
	_ = rc.c.Raw(func(any) error {
		rc.closeItem()
		return driver.ErrBadConn
	})
	rc.close()
}

// walIndex is the pool's WAL-index reader, opened on first use; nil
// where it cannot be (walIndex), and then ReadItem reads data_version.
func (p *readerPool) walIndex(ctx context.Context) *walIndex {
	p.walOnce.Do(func() {
		// An error leaves nil: the reads fall back, as they would on a
		// system without the mapping.
		p.wal, _ = openWALIndex(context.WithoutCancel(ctx), p.db)
	})
	return p.wal
}

// close closes every pinned connection (before the database).
func (p *readerPool) close() error {
	p.walOnce.Do(func() {}) // no WAL index opened after this
	p.mu.Lock()
	defer p.mu.Unlock()
	errs := []error{p.wal.close()}
	for _, rc := range p.all {
		errs = append(errs, rc.close())
	}
	p.all = nil
	return errors.Join(errs...)
}

func (rc *readerConn) close() error {
	var errs []error
	if rc.item != nil || rc.version != nil {
		errs = append(errs, rc.c.Raw(func(any) error { return rc.closeItem() }))
	}
	for _, st := range rc.stmts {
		errs = append(errs, st.Close())
	}
	return errors.Join(append(errs, rc.c.Close())...)
}

// closeItem closes the driver statements of readItem (inside c.Raw).
func (rc *readerConn) closeItem() error {
	var errs []error
	for _, st := range []*driver.Stmt{&rc.item, &rc.version} {
		if *st != nil {
			errs = append(errs, (*st).Close())
			*st = nil
		}
	}
	return errors.Join(errs...)
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

// itemQuery answers a store.ItemRead in one statement: the meta value,
// the first id of the due kind after DueAfter (the read is due when it
// sorts before DueBefore: kept rather than tested, the answer stays true
// as time moves, so itemCache can keep it), and the record (the
// customer's own, else the global one, as Get reads it), joined to one
// row. Run on a reader connection outside BEGIN, it is its own read
// transaction, so its three parts see one snapshot. (Id 0 customer: both
// record lookups are the global one, which is what Get reads too.)
const itemQuery = `SELECT (SELECT value FROM meta WHERE name = ?1),
	(SELECT id FROM records WHERE customer = ?2 AND kind = ?3 AND id > ?4 ORDER BY id LIMIT 1),
	r.customer, r.id, r.id_num, r.data, r.internal, r.created, r.updated
FROM (SELECT 1) AS one LEFT JOIN records AS r ON r.rowid = COALESCE(
	(SELECT rowid FROM records WHERE customer = ?2 AND kind = ?5 AND id = ?6),
	(SELECT rowid FROM records WHERE customer = 0 AND kind = ?5 AND id = ?6))`

// ReadItem implements store.ItemReader: on a pinned reader connection,
// PRAGMA data_version and, unless itemCache holds the answer for the
// state that shows, one prepared statement; no BEGIN or ROLLBACK around
// either.
func (s *Store) ReadItem(ctx context.Context, q store.ItemRead) (store.ItemResult, error) {
	if err := s.db.Usable(ctx); err != nil {
		return store.ItemResult{}, err
	}
	if err := base.CheckKey("get", q.Customer, q.Kind, q.ID); err != nil {
		return store.ItemResult{}, err
	}
	if res, ok := s.readers.cached(ctx, q); ok {
		return res, nil
	}
	rc, err := s.readers.get(ctx)
	if err != nil {
		return store.ItemResult{}, s.db.Fail("read item", err)
	}
	res, err := rc.readItem(ctx, s.readers.items, s.readers.walIndex(ctx), q)
	if err != nil {
		// The statement's state is unknown: the connection is not reused.
		s.readers.discard(rc)
		return store.ItemResult{}, s.db.Fail("read item", err)
	}
	s.readers.put(rc)
	return res, nil
}

// cached is the kept answer to q when the WAL-index header shows the
// database as the cache last saw it: the look readItem takes first, without
// a connection, which the answer does not need (itemCache says why the
// header is enough). Anything else, and a header that cannot be read, is
// readItem's on a connection.
func (p *readerPool) cached(ctx context.Context, q store.ItemRead) (store.ItemResult, bool) {
	if !p.items.observeHeader(p.walIndex(ctx)) {
		return store.ItemResult{}, false
	}
	en, ok := p.items.get(itemKeyOf(q))
	if !ok {
		return store.ItemResult{}, false
	}
	return en.result(q), true
}

// readItem answers q on the driver's connection itself (sql.Conn.Raw)
// with the driver's prepared statements: database/sql's statement,
// rows and conversion layers cost as much as SQLite's own work for
// statements this small. Whether anything was committed since the last
// look is read first (itemCache says why): in the WAL-index header where
// wal can read it, else in the connection's data_version; the answer comes
// from the cache when it holds one, else from itemQuery, and is kept.
func (rc *readerConn) readItem(ctx context.Context, cache *itemCache, wal *walIndex, q store.ItemRead) (res store.ItemResult, err error) {
	// Like every statement here, they get ctx without its cancellation:
	// a few index seeks, nothing long to interrupt.
	ctx = context.WithoutCancel(ctx)
	err = rc.c.Raw(func(dc any) error {
		if !cache.observeHeader(wal) {
			if err := rc.observe(ctx, dc, cache); err != nil {
				return err
			}
		}
		key := itemKeyOf(q)
		// The epoch is read before itemQuery's snapshot begins: a commit
		// that snapshot misses comes after it, and whoever sees that
		// commit first moves the epoch on, which empties the cache or,
		// if the answer is not kept yet, makes put refuse it.
		epoch := cache.current()
		if en, ok := cache.get(key); ok {
			res = en.result(q)
			return nil
		}
		qc, err := prepared(ctx, dc, &rc.item, itemQuery)
		if err != nil {
			return err
		}
		args := [...]driver.NamedValue{{Ordinal: 1, Value: q.MetaKey}, {Ordinal: 2, Value: q.Customer},
			{Ordinal: 3, Value: q.DueKind}, {Ordinal: 4, Value: q.DueAfter},
			{Ordinal: 5, Value: q.Kind}, {Ordinal: 6, Value: q.ID}}
		rows, err := qc.QueryContext(ctx, args[:])
		if err != nil {
			return err
		}
		defer rows.Close()
		var v [9]driver.Value
		if err := rows.Next(v[:]); err != nil {
			return err // io.EOF cannot be: the query joins to one row
		}
		var en itemEntry
		itemResult(&en, q, v[:])
		cache.put(key, epoch, en)
		res = en.result(q)
		return nil
	})
	return res, err
}

// observe reads the connection's PRAGMA data_version (its own read
// transaction) and tells cache when it differs from the one it read last.
func (rc *readerConn) observe(ctx context.Context, dc any, cache *itemCache) error {
	rc.pragmas++
	qc, err := prepared(ctx, dc, &rc.version, "PRAGMA data_version")
	if err != nil {
		return err
	}
	rows, err := qc.QueryContext(ctx, nil)
	if err != nil {
		return err
	}
	var v [1]driver.Value
	err = rows.Next(v[:])
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	n, ok := v[0].(int64)
	if !ok {
		return errors.New("PRAGMA data_version answered no integer")
	}
	if !rc.seen || n != rc.dataVersion {
		rc.seen, rc.dataVersion = true, n
		cache.changed()
	}
	return nil
}

// prepared is *st, text prepared on the driver's connection dc the first
// time (inside c.Raw).
func prepared(ctx context.Context, dc any, st *driver.Stmt, text string) (driver.StmtQueryContext, error) {
	if *st == nil {
		s, err := prepareOn(ctx, dc, text)
		if err != nil {
			return nil, err
		}
		*st = s
	}
	qc, ok := (*st).(driver.StmtQueryContext)
	if !ok {
		return nil, errors.New("the SQLite driver cannot query a statement")
	}
	return qc, nil
}

// prepareOn prepares text on the driver's connection dc (inside c.Raw):
// the one way both the readers and the writer prepare their statements.
func prepareOn(ctx context.Context, dc any, text string) (driver.Stmt, error) {
	p, ok := dc.(driver.ConnPrepareContext)
	if !ok {
		return nil, errors.New("the SQLite driver cannot prepare statements")
	}
	return p.PrepareContext(ctx, text)
}

// itemResult reads itemQuery's row: meta value, first due id, record
// columns (NULL when there is no record).
func itemResult(en *itemEntry, q store.ItemRead, v []driver.Value) {
	res := &en.res
	if q.MetaKey != "" && v[0] != nil {
		res.Meta, res.MetaFound = driverBytes(v[0]), true
	}
	if v[1] != nil {
		en.nextDue, en.dueFound = string(driverBytes(v[1])), true
	}
	customer, ok := v[2].(int64)
	if !ok {
		return
	}
	id, _ := v[3].(string)
	created, _ := v[7].(int64)
	updated, _ := v[8].(int64)
	res.Found = true
	res.Record = store.Record{Customer: customer, Kind: q.Kind, ID: id, Data: driverBytes(v[5]),
		Created: time.Unix(0, created).UTC(), Updated: time.Unix(0, updated).UTC()}
	if itn := driverBytes(v[6]); len(itn) > 0 {
		res.Record.Internal = itn
	}
}

// driverBytes copies a TEXT or BLOB value the driver returned (its []byte
// is only valid until the next row).
func driverBytes(v driver.Value) []byte {
	switch x := v.(type) {
	case string:
		return []byte(x)
	case []byte:
		return bytes.Clone(x)
	}
	return nil
}
