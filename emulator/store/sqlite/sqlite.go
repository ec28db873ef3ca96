// Package sqlite is the persistent emulator store in one SQLite file,
// through modernc.org/sqlite (pure Go, no cgo). Several processes may share
// the file: the emulator and overlapping `mixcoatl --local` commands. See
// Store for its pragmas and connection layout.
package sqlite

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
	"sync"
	"time"

	msqlite "modernc.org/sqlite" // registers the "sqlite" driver (pure Go)

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/internal/base"
	"github.com/mixcoatl/mixcoatl/emulator/store/internal/sqlstore"
)

// Store is the persistent store.Store: one database file, shared safely by
// several processes (the emulator and overlapping `mixcoatl --local`
// commands).
//
// Connections: one writer connection, on which this process's Updates run
// one at a time, concurrent ones sharing a transaction and its COMMIT (group
// commit, writer.go), opened by the first Update unless Open had to write
// the schema (lazy.go), and a pool of read-only connections for Views, which
// in WAL mode never block the writer nor each other. Writers begin with
// BEGIN IMMEDIATE: the write lock is taken before fn reads anything, so two
// processes' read-modify-write transactions queue on busy_timeout instead
// of one failing with SQLITE_BUSY when it upgrades a stale snapshot.
//
// Pragmas (in the DSN, applied to every connection unless said):
//   - journal_mode(WAL), the writer only: readers see a consistent snapshot
//     while a writer commits; a commit appends to the WAL and is applied on
//     open after a crash. The mode is kept in the file, so readers need not
//     set it; setting it would write a file found in another mode.
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
//
// The WAL's files, per process. Every process that opens a WAL-mode file
// creates its -wal and -shm files if they are missing, and the last
// connection to close checkpoints and deletes them, so a one-shot
// `mixcoatl --local` command creates, maps, extends and deletes both:
// about 0.4 ms of CPU per command more than reading the same file in
// rollback mode (medians of 300 fresh processes that open the file and
// read one row, ext4, 2026-12). That is kept, deliberately:
//   - SQLITE_FCNTL_PERSIST_WAL (or SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE) would
//     leave local.db-wal and local.db-shm next to the file for good and
//     saves only their creation and deletion (0.13 ms in the same
//     measurement): the first connection still truncates and re-extends
//     the -shm file.
//   - A rollback journal for --local state files (the other way to have no
//     -wal/-shm files) would save the 0.4 ms per read, but readers would
//     block a committing writer and be blocked by it (`mixcoatl emulator
//     --data` serving the same file while commands run), every commit
//     would create, fsync and delete a journal, and the emulator's WAL
//     pragma and the commands' would switch the file back and forth.
//   - Opening readers immutable, or without locks, would let a concurrent
//     writer's checkpoint change pages under a read.
//
// A read-only command still writes nothing to the database file: its
// connections only read, and closing an empty WAL checkpoints nothing.
type Store struct {
	db     sqlstore.Store
	writer *sql.DB
	reader *sql.DB
	// w is the writer's connection, pinned on the first write (lazy.go),
	// batch the group commit of the Updates on it (writer.go); readers are
	// the Views' pinned connections (readerPool).
	w       *lazyWriter
	batch   *sqlstore.Batcher
	readers *readerPool
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the database file at path and brings
// its schema up to date. Of the options store.WithClock, WithFullSync and
// WithBusyTimeout apply.
func Open(path string, opts ...store.Option) (*Store, error) {
	cfg := base.NewConfig(opts)
	if path == "" {
		return nil, errors.New("store: open SQLite: empty path")
	}
	if path == ":memory:" {
		return nil, errors.New("store: open SQLite: \":memory:\" would give each connection its own database; use store.NewMemory")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: open SQLite database %s: %w", path, err)
	}
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("store: open SQLite database %s: is a directory", path)
	}
	s := &Store{db: sqlstore.Store{Dialect: dialect, Target: path, Now: cfg.Now}}
	if s.writer, err = sql.Open("sqlite", sqliteDSN(abs, cfg, true)); err != nil {
		return nil, fmt.Errorf("store: open SQLite database %s: %w", path, err)
	}
	s.writer.SetMaxOpenConns(1)
	s.writer.SetConnMaxIdleTime(0)
	if s.reader, err = sql.Open("sqlite", sqliteDSN(abs, cfg, false)); err != nil {
		s.writer.Close()
		return nil, fmt.Errorf("store: open SQLite database %s: %w", path, err)
	}
	readers := max(4, runtime.GOMAXPROCS(0))
	const readerSpares = 2 // the WAL-index reader's and one for the rest
	// Views pin up to readers connections (readerPool); the WAL-index
	// reader holds one more for the store's life (walIndex); one more
	// stays for whatever else queries the reader database: the
	// checkpointer's PASSIVE checkpoints (checkpoint.go), which without
	// it would wait for ever once every other connection is pinned, and
	// the WAL would grow to the writer's backstop. database/sql keeps 2
	// idle by default: keep them all, as reopening one costs its pragmas.
	s.reader.SetMaxOpenConns(readers + readerSpares)
	s.reader.SetMaxIdleConns(readers + readerSpares)
	s.readers = newReaderPool(s.reader, readers)
	s.w = newLazyWriter(s.writer, s.reader)
	if err = s.migrate(context.Background()); err != nil {
		s.readers.close()
		s.w.close()
		s.writer.Close()
		s.reader.Close()
		if notDatabase(err) {
			return nil, fmt.Errorf("store: open SQLite database %s: not a SQLite database, or corrupt: %w", path, err)
		}
		return nil, fmt.Errorf("store: open SQLite database %s: %w", path, err)
	}
	s.batch = s.db.NewBatcher(s.w, sqlstore.DefaultLimits())
	return s, nil
}

// notDatabase reports SQLITE_NOTADB and SQLITE_CORRUPT (primary codes).
func notDatabase(err error) bool {
	var e *msqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	const sqliteCorrupt, sqliteNotADB = 11, 26
	code := e.Code() & 0xff
	return code == sqliteCorrupt || code == sqliteNotADB
}

// sqliteDSN builds a file: URI (so any path, '?' and '#' included, is
// escaped rather than parsed) with the pragmas described on Store.
func sqliteDSN(abs string, cfg base.Config, writer bool) string {
	sync := "NORMAL"
	if cfg.FullSync {
		sync = "FULL"
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(cfg.BusyTimeout.Milliseconds(), 10)+")")
	if writer {
		// Only the writer sets the journal mode: setting it writes the
		// file's header when the file is in another mode (a state file
		// someone converted), and a read-only command must not write the
		// file. Readers follow whatever mode the file is in; the first
		// write turns it to WAL.
		q.Add("_pragma", "journal_mode(WAL)")
	}
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

// schema is SQLite's schema (sqlstore.Schema): keys and values are TEXT.
// Built on the first Open, not at the start of every CLI command.
var schema = sync.OnceValue(func() []string { return sqlstore.Schema("TEXT  ", "TEXT ") })

// migrate creates the schema or checks the stored version. A database
// whose stored version is this program's is left alone, found by one read
// on a reader connection: the schema and its version row are written in
// one transaction, so the row means the whole schema is there (which is
// why any change to the schema must raise schemaVersion). Opening a
// current file then takes no write lock, writes nothing and opens no
// writer connection (it is opened by the first Update, lazy.go): a
// `mixcoatl --local` command does not queue behind another process's
// write, and a read-only one never pays for the writer. Any other file
// has its schema written here, so before the first Update, as before.
func (s *Store) migrate(ctx context.Context) error {
	if s.db.SchemaCurrent(ctx, s.reader) {
		return nil
	}
	if err := s.w.Begin(ctx); err != nil {
		return err
	}
	if err := s.db.CreateSchema(ctx, s.w, schema()); err != nil {
		_ = s.w.Rollback(ctx)
		return err
	}
	if err := s.w.Commit(ctx); err != nil {
		_ = s.w.Rollback(ctx)
		return err
	}
	return nil
}

// Path is the database file as given to Open.
func (s *Store) Path() string { return s.db.Target }

// View runs fn in a read-only transaction on a pinned reader connection
// (readerPool): BEGIN, fn's statements, ROLLBACK.
func (s *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	if err := s.db.Usable(ctx); err != nil {
		return err
	}
	rc, err := s.readers.get(ctx)
	if err != nil {
		return s.db.Fail("begin view", err)
	}
	// BEGIN reads nothing and waits for no lock (WAL readers never wait),
	// so it gets ctx without its cancellation, like every statement here.
	if err := rc.exec(context.WithoutCancel(ctx), "BEGIN"); err != nil {
		s.readers.discard(rc)
		return s.db.Fail("begin view", err)
	}
	ended := false
	defer func() {
		if ended {
			return
		}
		// fn panicked, or ROLLBACK failed: the connection's state is
		// unknown, so it is not reused.
		s.readers.discard(rc)
	}()
	err = s.db.Run(ctx, readConn{rc: rc}, false, fn)
	if rerr := rc.exec(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil {
		return errors.Join(err, s.db.Fail("end view", rerr))
	}
	ended = true
	s.readers.put(rc)
	return err
}

// Update runs fn in a write transaction on the writer connection, which
// concurrent Updates may share (group commit, writer.go).
func (s *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	if err := s.db.Usable(ctx); err != nil {
		return err
	}
	return s.batch.Update(ctx, fn)
}

// Reset deletes every record, sequence and meta value in one transaction.
func (s *Store) Reset(ctx context.Context) error { return s.db.Reset(ctx, s) }

// Close closes every connection; SQLite checkpoints the WAL when the last
// connection to the file closes.
func (s *Store) Close() error {
	if s.db.MarkClosed() {
		return nil
	}
	s.batch.Close() // waits for the Updates in progress
	return errors.Join(s.readers.close(), s.w.close(), s.reader.Close(), s.writer.Close())
}

// WithFullSync makes the store fsync on every commit (synchronous=FULL),
// so committed writes also survive power loss, at the cost of an fsync per
// Update. Without it (synchronous=NORMAL) commits survive any crash of the
// process, which is what an emulator needs.
func WithFullSync() store.Option { return func(c *base.Config) { c.FullSync = true } }

// WithBusyTimeout sets how long the store waits for another process
// holding the database lock before failing (10s by default).
func WithBusyTimeout(d time.Duration) store.Option {
	return func(c *base.Config) {
		if d > 0 {
			c.BusyTimeout = d
		}
	}
}
