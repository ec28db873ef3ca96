// Package postgres is the emulator store in a Postgres database, through
// pgx, for several emulator replicas sharing one state. See Store for its
// transactions and connection string.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"runtime"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/internal/base"
	"github.com/mixcoatl/mixcoatl/emulator/store/internal/sqlstore"
)

// Store is the store.Store for several emulator replicas sharing one state:
// every replica opens the same database (and schema) and sees every other
// one's committed writes.
//
// Transactions:
//   - View is a REPEATABLE READ, READ ONLY transaction: one snapshot for
//     its whole life, like a SQLite reader, and it blocks nobody.
//   - Update is a READ COMMITTED transaction whose first statement takes
//     a transaction-scoped advisory lock (pg_advisory_xact_lock) keyed by
//     database and schema. All Updates of all replicas therefore run one at
//     a time, exactly as SQLite's BEGIN IMMEDIATE writers do, and since no
//     other writer can commit while one holds the lock, each statement's
//     fresh READ COMMITTED snapshot already sees everything committed
//     before it: no lost update, no write skew, no serialization failure.
//     SERIALIZABLE with a transparent retry was rejected because a retry
//     runs fn again, and fn may have effects outside the transaction (the
//     conformance suite's ConcurrentUpdatesLoseNothing records each NextID
//     it is handed, and would see a rolled-back attempt's id twice).
//     Within one process concurrent Updates share that transaction and
//     its COMMIT, each but the first in a savepoint of its own (group commit, writer.go;
//     the rule is sqlstore.Batcher's), and only that one transaction holds
//     a pooled connection while it waits for the lock, so waiting writers
//     never starve Views of connections.
//
// NextID keeps its counters in the sequences table and updates them in the
// Update's transaction, so it is transactional and replica-safe like the
// other stores (Postgres SEQUENCE objects would hand out values that a
// rolled-back Update never returns).
//
// The connection string is any pgx DSN, URL (postgres://user:pw@host/db)
// or key=value. pgx passes unknown parameters to the server, so
// search_path=NAME puts the tables in schema NAME (which must exist): that
// is how the tests, or several independent emulators, share one database.
// pool_max_conns bounds the connection pool (default max(4, GOMAXPROCS)).
// Durability is the server's: by default a commit waits for its WAL
// flush (an fsync); synchronous_commit=off in the DSN makes Updates several
// times faster at the cost SQLite's synchronous=NORMAL has (a crash of the
// database server, not of an emulator, may lose the latest commits).
// The password never appears in an error: see RedactDSN.
type Store struct {
	db      sqlstore.Store // Target is the DSN with its password masked; Secrets the password as written in it
	pool    *pgxpool.Pool
	lockKey int64 // the advisory lock serialising Updates, per database and schema
	batch   *sqlstore.Batcher
}

var _ store.Store = (*Store)(nil)

// schema is the SQLite schema (sqlstore.Schema) with these
// differences, all required by Postgres rather than chosen:
//   - kind and id are COLLATE "C": Scan promises bytewise order of non-
//     integer ids ("Abc" before "abc"), and the database's default collation
//     is usually a linguistic one.
//   - data, internal and meta.value are BYTEA: TEXT in Postgres must be
//     valid UTF-8 without NUL, and these hold bytes verbatim (meta any bytes
//     at all). Keys (kind, id, names) stay TEXT, so they must be UTF-8
//     without NUL here; ids the emulator makes always are.
//
// and one index more, kindScanIndex (see visibleQuery).
// TestSchemaMatchesSQLite keeps the rest in step. Built on the first Open, not
// at the start of every CLI command.
var schema = sync.OnceValue(func() []string { return sqlstore.Schema(`TEXT COLLATE "C"`, "BYTEA", kindScanIndex) })

// kindScanIndex serves the scans of a customer other than 0: one
// index-ordered pass over the kind, keeping that customer's and the global
// records (visibleQuery).
const kindScanIndex = `CREATE INDEX IF NOT EXISTS records_kind_scan ON records (kind, id_num, id, customer)`

// Open connects to the database named by dsn, creates the schema when
// missing (or checks its version) and returns the store. It fails when the
// server cannot be reached or refuses the login; ctx bounds those
// attempts. Of the options only store.WithClock applies.
func Open(ctx context.Context, dsn string, opts ...store.Option) (*Store, error) {
	cfg := base.NewConfig(opts)
	p := &Store{
		db: sqlstore.Store{Dialect: dialect, Target: RedactDSN(dsn), Secrets: dsnSecrets(dsn), Now: cfg.Now},
	}
	if dsn == "" {
		return nil, errors.New("store: open Postgres: empty connection string")
	}
	poolCfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, p.db.Fail("open: invalid connection string", err)
	}
	if poolCfg.ConnConfig.Password != "" {
		p.db.Secrets = append(p.db.Secrets, poolCfg.ConnConfig.Password)
	}
	if !dsnHasParam(dsn, "pool_max_conns") {
		poolCfg.MaxConns = int32(max(4, runtime.GOMAXPROCS(0)))
	}
	if p.pool, err = pgxpool.NewWithConfig(ctx, poolCfg); err != nil {
		return nil, p.db.Fail("open", err)
	}
	if err := p.pool.Ping(ctx); err != nil {
		p.pool.Close()
		return nil, p.db.Fail("open: cannot connect", err)
	}
	if err := p.migrate(ctx); err != nil {
		p.pool.Close()
		return nil, p.db.Fail("open: schema", err)
	}
	p.batch = p.db.NewBatcher(&writeConn{p: p}, sqlstore.DefaultLimits())
	return p, nil
}

// migrate creates the schema or checks the stored version, under the
// Update lock so that replicas starting together do not race on CREATE
// TABLE IF NOT EXISTS (which Postgres does not make atomic). Version 1 is
// the first; a later version adds its steps in createSchema.
func (p *Store) migrate(ctx context.Context) error {
	var schemaName *string
	var database string
	if err := p.pool.QueryRow(ctx, `SELECT current_schema(), current_database()`).Scan(&schemaName, &database); err != nil {
		return err
	}
	if schemaName == nil {
		return errors.New("no schema to create tables in: the schemas of search_path do not exist")
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "mixcoatl emulator store\x00%s\x00%s", database, *schemaName)
	p.lockKey = int64(h.Sum64())

	tx, err := p.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, p.lockKey); err != nil {
		return err
	}
	if err := p.db.CreateSchema(ctx, &conn{tx: tx}, schema()); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// Target is the connection string as given to Open, password masked.
func (p *Store) Target() string { return p.db.Target }

// View runs fn in a read-only REPEATABLE READ transaction.
func (p *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	if err := p.db.Usable(ctx); err != nil {
		return err
	}
	tx, err := p.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return p.db.Fail("begin view", err)
	}
	defer rollback(ctx, tx)
	return p.db.Run(ctx, &conn{tx: tx}, false, fn)
}

// Update runs fn in a write transaction holding the store's advisory lock,
// which concurrent Updates of this process may share (writer.go).
func (p *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	if err := p.db.Usable(ctx); err != nil {
		return err
	}
	return p.batch.Update(ctx, fn)
}

// rollbackTimeout bounds a rollback, which runs even when ctx is done.
const rollbackTimeout = 5 * time.Second

// rollback ends tx unless it was committed. It does not use ctx's
// cancellation: a rollback after a cancelled request must still reach the
// server, or pgx would have to drop the connection.
func rollback(ctx context.Context, tx pgx.Tx) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rollbackTimeout)
	defer cancel()
	_ = tx.Rollback(rctx)
}

// Reset deletes every record, sequence and meta value in one transaction.
func (p *Store) Reset(ctx context.Context) error { return p.db.Reset(ctx, p) }

// Close closes the connection pool, waiting for connections in use.
func (p *Store) Close() error {
	if p.db.MarkClosed() {
		return nil
	}
	p.batch.Close() // waits for the Updates in progress
	p.pool.Close()
	return nil
}
