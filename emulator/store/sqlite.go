package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver (pure Go)
)

// SQLite is the persistent Store: one database file, shared safely by
// several processes (the emulator and overlapping `mixcoatl --local`
// commands).
//
// Connections: one writer connection (database/sql pool of size 1) so this
// process's Updates are serialised without a second lock, and a pool of
// read-only connections for Views, which in WAL mode never block the writer
// nor each other. Writers begin with BEGIN IMMEDIATE: the write lock is
// taken before fn reads anything, so two processes' read-modify-write
// transactions queue on busy_timeout instead of one failing with
// SQLITE_BUSY when it upgrades a stale snapshot.
//
// Pragmas (in the DSN, applied to every connection):
//   - journal_mode(WAL): readers see a consistent snapshot while a writer
//     commits; a commit appends to the WAL and is applied on open after a
//     crash.
//   - synchronous(NORMAL), or FULL with WithFullSync: with WAL, NORMAL
//     writes every commit to the WAL file (the OS page cache) before COMMIT
//     returns and fsyncs only at checkpoints. An acknowledged commit is
//     therefore durable against any crash of the process (kill -9 included,
//     tested by TestSQLiteSurvivesKill); only a power loss or kernel panic
//     can lose the latest commits, and never corrupts the file. For an
//     emulator that trade is right: an fsync per request would dominate its
//     latency. FULL is there for whoever needs power-loss durability.
//   - busy_timeout: how long to wait for another process's lock.
//   - foreign_keys(1): enforce references, should a later schema add them.
type SQLite struct {
	path   string
	writer *sql.DB
	reader *sql.DB
	now    func() time.Time
	closed atomic.Bool
}

var _ Store = (*SQLite)(nil)

// schemaVersion is the schema this code writes; open migrates older files
// up to it and refuses newer ones.
const schemaVersion = 1

// OpenSQLite opens (creating if needed) the database file at path and
// brings its schema up to date. Of the options WithClock, WithFullSync and
// WithBusyTimeout apply.
func OpenSQLite(path string, opts ...Option) (*SQLite, error) {
	cfg := newConfig(opts)
	if path == "" {
		return nil, errors.New("store: open SQLite: empty path")
	}
	if path == ":memory:" {
		return nil, errors.New("store: open SQLite: \":memory:\" would give each connection its own database; use NewMemory")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: open SQLite database %s: %w", path, err)
	}
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("store: open SQLite database %s: is a directory", path)
	}
	s := &SQLite{path: path, now: cfg.now}
	if s.writer, err = sql.Open("sqlite", sqliteDSN(abs, cfg, true)); err != nil {
		return nil, fmt.Errorf("store: open SQLite database %s: %w", path, err)
	}
	s.writer.SetMaxOpenConns(1)
	s.writer.SetConnMaxIdleTime(0)
	if s.reader, err = sql.Open("sqlite", sqliteDSN(abs, cfg, false)); err != nil {
		s.writer.Close()
		return nil, fmt.Errorf("store: open SQLite database %s: %w", path, err)
	}
	s.reader.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	if err := s.migrate(context.Background()); err != nil {
		s.writer.Close()
		s.reader.Close()
		if notDatabase(err) {
			return nil, fmt.Errorf("store: open SQLite database %s: not a SQLite database, or corrupt: %w", path, err)
		}
		return nil, fmt.Errorf("store: open SQLite database %s: %w", path, err)
	}
	return s, nil
}

// notDatabase reports SQLITE_NOTADB and SQLITE_CORRUPT (primary codes).
func notDatabase(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	const sqliteCorrupt, sqliteNotADB = 11, 26
	code := e.Code() & 0xff
	return code == sqliteCorrupt || code == sqliteNotADB
}

// sqliteDSN builds a file: URI (so any path, '?' and '#' included, is
// escaped rather than parsed) with the pragmas described on SQLite.
func sqliteDSN(abs string, cfg config, writer bool) string {
	sync := "NORMAL"
	if cfg.fullSync {
		sync = "FULL"
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(cfg.busyTimeout.Milliseconds(), 10)+")")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous("+sync+")")
	q.Add("_pragma", "foreign_keys(1)")
	if writer {
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	u := url.URL{Path: filepath.ToSlash(abs)}
	return "file:" + u.EscapedPath() + "?" + q.Encode()
}

// schema is the whole schema, kept to portable SQL (a Postgres store will
// share it): plain tables, TEXT/BIGINT, explicit ORDER BY everywhere.
//
// records.id_num is the id's integer value, NULL for other ids: scans
// order integer ids by it and the rest by id. store_info holds the schema
// version apart from meta, so neither Reset nor the engine's settings can
// touch it.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS store_info (
		name  TEXT PRIMARY KEY,
		value TEXT NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS records (
		customer BIGINT NOT NULL,
		kind     TEXT   NOT NULL,
		id       TEXT   NOT NULL,
		id_num   BIGINT,
		data     TEXT   NOT NULL,
		internal TEXT,
		created  BIGINT NOT NULL,
		updated  BIGINT NOT NULL,
		PRIMARY KEY (customer, kind, id)
	)`,
	`CREATE INDEX IF NOT EXISTS records_scan ON records (customer, kind, id_num, id)`,
	`CREATE TABLE IF NOT EXISTS sequences (
		name       TEXT PRIMARY KEY,
		last_value BIGINT NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS meta (
		name  TEXT PRIMARY KEY,
		value TEXT NOT NULL
	)`,
}

// migrate creates the schema or checks the stored version. Version 1 is the
// first, so there is nothing to migrate from yet; a later version adds its
// steps here, keyed by the version found.
func (s *SQLite) migrate(ctx context.Context) error {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, stmt := range schema {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	var stored string
	err = tx.QueryRowContext(ctx, `SELECT value FROM store_info WHERE name = 'schema_version'`).Scan(&stored)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.ExecContext(ctx, `INSERT INTO store_info (name, value) VALUES ('schema_version', ?)`,
			strconv.Itoa(schemaVersion))
		if err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		v, err := strconv.Atoi(stored)
		if err != nil {
			return fmt.Errorf("schema_version %q is not a number", stored)
		}
		if v > schemaVersion {
			return fmt.Errorf("schema version %d is newer than this program's %d; upgrade mixcoatl", v, schemaVersion)
		}
	}
	return tx.Commit()
}

// Path is the database file as given to OpenSQLite.
func (s *SQLite) Path() string { return s.path }

// View runs fn in a read-only transaction on a reader connection.
func (s *SQLite) View(ctx context.Context, fn func(Tx) error) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	tx, err := s.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.fail("begin view", err)
	}
	defer tx.Rollback()
	stx := &sqlTx{s: s, tx: tx}
	defer func() { stx.done = true }()
	return fn(stx)
}

// Update runs fn in a write transaction on the writer connection.
func (s *SQLite) Update(ctx context.Context, fn func(Tx) error) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return s.fail("begin update", err)
	}
	defer tx.Rollback() // a no-op after Commit; undoes everything otherwise
	stx := &sqlTx{s: s, tx: tx, writable: true}
	err = fn(stx)
	stx.done = true
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return s.fail("commit", err)
	}
	return nil
}

// Reset deletes every record, sequence and meta value in one transaction.
func (s *SQLite) Reset(ctx context.Context) error {
	return s.Update(ctx, func(t Tx) error {
		tx := t.(*sqlTx).tx
		for _, table := range []string{"records", "sequences", "meta"} {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+table); err != nil {
				return s.fail("reset", err)
			}
		}
		return nil
	})
}

// Close closes every connection; SQLite checkpoints the WAL when the last
// connection to the file closes.
func (s *SQLite) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	return errors.Join(s.reader.Close(), s.writer.Close())
}

func (s *SQLite) usable(ctx context.Context) error {
	if s.closed.Load() {
		return ErrClosed
	}
	return ctx.Err()
}

// fail wraps a database error. Context errors pass through unwrapped in
// meaning (errors.Is still finds them).
func (s *SQLite) fail(op string, err error) error {
	return fmt.Errorf("store: SQLite %s (%s): %w", op, s.path, err)
}
