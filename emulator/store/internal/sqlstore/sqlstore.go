// Package sqlstore is what the SQL stores (emulator/store/sqlite and
// emulator/store/postgres) share: every operation of a transaction
// (store.Tx), the portable schema and its version check, and the wrapping
// of database errors without secrets. The statements are portable SQL with
// '?' placeholders; what differs between the databases is in a Dialect and
// in each one's Conn.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/internal/base"
)

// Store is the state of a SQL store apart from its connections. A
// database's store type holds one in a named field, not embedded, so that
// these methods do not become part of its API.
type Store struct {
	Dialect
	Target  string   // the database named in messages: the SQLite path, the Postgres DSN with its password masked
	Secrets []string // scrubbed from every error (Fail)
	Now     func() time.Time
	closed  atomic.Bool
	// metaGen counts this process's commits that changed meta values (and
	// Resets): see store.MetaGenerations.
	metaGen atomic.Uint64
}

// Dialect is the few ways in which the databases differ to a transaction.
type Dialect struct {
	Name string // "SQLite", "Postgres": in messages
	// NoRows is the driver's error for a QueryRow that found nothing.
	NoRows error
	// TextKeys: kinds, ids, sequence names and meta keys are TEXT that must be
	// UTF-8 without NUL (Postgres). Keys that are not cannot have been
	// stored, so a lookup of one finds nothing rather than failing.
	TextKeys bool
	// VisibleQuery builds one of scanQueries' queries: the records of f's
	// kind that f's customer sees, meeting cond (whose arguments are args),
	// ordered by order (which a dialect may replace by an equivalent).
	VisibleQuery func(f store.Filter, cond string, args []any, order string) Query
	// Bytes is how data, internal and meta values are passed as arguments.
	Bytes func([]byte) any
	// Uncached: transactions offer no meta generation
	// (store.MetaGenerations reports ok=false), so meta values are read
	// in every transaction that needs them. For a database other
	// processes write without this one counting their commits, where a
	// read costs less than proving a remembered value current (SQLite:
	// a seek in a local file; Postgres keeps the generation and a bound
	// on how long a value is trusted, engine.Key).
	Uncached bool
}

// storable reports whether key fits the dialect's key columns.
func (d *Dialect) storable(key string) bool {
	return !d.TextKeys || utf8.ValidString(key) && !strings.ContainsRune(key, 0)
}

// textKeysError is the error of a write whose key is not storable.
func (d *Dialect) textKeysError(op, what string) error {
	return errors.New("store: " + op + ": " + d.Name + " keeps " + what + " as text: they must be UTF-8 without NUL")
}

// Usable fails when the store is closed or ctx is done.
func (s *Store) Usable(ctx context.Context) error {
	if s.closed.Load() {
		return store.ErrClosed
	}
	return ctx.Err()
}

// MarkClosed makes every later operation fail with store.ErrClosed and
// reports whether the store was closed already.
func (s *Store) MarkClosed() (already bool) { return s.closed.Swap(true) }

// Closed reports whether MarkClosed was called.
func (s *Store) Closed() bool { return s.closed.Load() }

// Fail wraps a database error, naming the database (without a password)
// and scrubbing any secret from the cause's text should a driver quote
// it. errors.Is/As still reach the cause (context errors, driver errors).
func (s *Store) Fail(op string, err error) error {
	return &redactedError{
		msg: "store: " + s.Name + " " + op + " (" + s.Target + "): " + Scrub(err.Error(), s.Secrets),
		err: err,
	}
}

// RedactedPassword replaces a password wherever one would be shown.
const RedactedPassword = "xxxxx"

// Scrub replaces every secret in msg by RedactedPassword.
func Scrub(msg string, secrets []string) string {
	for _, s := range secrets {
		msg = strings.ReplaceAll(msg, s, RedactedPassword)
	}
	return msg
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// Conn is an open transaction of one database. QueryRow and Exec take
// portable SQL ('?' placeholders).
type Conn interface {
	QueryRow(ctx context.Context, text string, args ...any) RowScanner
	// Exec returns the number of rows affected.
	Exec(ctx context.Context, text string, args ...any) (int64, error)
	// Scan runs a query of RecordColumns (limit is its LIMIT, 0 for none),
	// passing the records to fn until it returns false, and checking ctx
	// before each so that a cancelled request stops at the next record.
	// stopped reports that fn asked to stop. Errors of the database go
	// through s.Fail.
	Scan(ctx context.Context, s *Store, text string, args []any, kind string, limit int, fn func(store.Record) bool) (visited int, stopped bool, err error)
	Commit(ctx context.Context) error
}

// RowScanner is one row of a result.
type RowScanner interface{ Scan(dest ...any) error }

// Run calls fn in a transaction over c. A writable one is committed when fn
// succeeded and ctx is still live; the caller rolls back what is not.
func (s *Store) Run(ctx context.Context, c Conn, writable bool, fn func(store.Tx) error) error {
	// The generation is read before fn's first statement, so before the
	// transaction's snapshot: a meta commit it misses is one the snapshot
	// may already show, never the other way round.
	t := &sqlTx{s: s, c: c, writable: writable, gen: s.metaGen.Load()}
	defer func() { t.done = true }()
	err := fn(t)
	t.done = true
	if err != nil || !writable {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := c.Commit(ctx); err != nil {
		if t.wroteMeta {
			s.metaGen.Add(1) // a failed commit may still have landed
		}
		return s.Fail("commit", err)
	}
	if t.wroteMeta {
		s.metaGen.Add(1)
	}
	return nil
}

// Reset deletes every record, sequence and meta value in one Update of st
// (the SQL store whose Store is s).
func (s *Store) Reset(ctx context.Context, st store.Store) error {
	return st.Update(ctx, func(t store.Tx) error {
		t.(*sqlTx).wroteMeta = true
		if b := t.(*sqlTx).batch; b != nil {
			b.wroteAll = true
		}
		c := t.(*sqlTx).c
		for _, table := range []string{"records", "sequences", "meta"} {
			if _, err := c.Exec(ctx, "DELETE FROM "+table); err != nil {
				return s.Fail("reset", err)
			}
		}
		return nil
	})
}

// schemaVersion is the schema this code writes; CreateSchema migrates older
// databases up to it and refuses newer ones. Raise it with any change to
// Schema (a table, a column, an index): a store that finds its version
// current skips CreateSchema (SchemaCurrent).
const schemaVersion = 1

// Schema is the whole schema, kept to portable SQL: plain tables,
// BIGINT and the given types, explicit ORDER BY everywhere. keyType is
// that of records.kind and records.id, valueType (padded to 5 characters)
// that of the stored bytes (records.data, records.internal, meta.value);
// indexes follow records_scan.
//
// records.id_num is the id's integer value, NULL for other ids: scans
// order integer ids by it and the rest by id. store_info holds the schema
// version apart from meta, so neither Reset nor the engine's settings can
// touch it.
func Schema(keyType, valueType string, indexes ...string) []string {
	value := strings.TrimSpace(valueType)
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS store_info (
		name  TEXT PRIMARY KEY,
		value TEXT NOT NULL
	)`,
		`CREATE TABLE IF NOT EXISTS records (
		customer BIGINT NOT NULL,
		kind     ` + keyType + ` NOT NULL,
		id       ` + keyType + ` NOT NULL,
		id_num   BIGINT,
		data     ` + valueType + `  NOT NULL,
		internal ` + value + `,
		created  BIGINT NOT NULL,
		updated  BIGINT NOT NULL,
		PRIMARY KEY (customer, kind, id)
	)`,
		`CREATE INDEX IF NOT EXISTS records_scan ON records (customer, kind, id_num, id)`,
	}
	stmts = append(stmts, indexes...)
	return append(stmts,
		`CREATE TABLE IF NOT EXISTS sequences (
		name       TEXT PRIMARY KEY,
		last_value BIGINT NOT NULL
	)`,
		`CREATE TABLE IF NOT EXISTS meta (
		name  TEXT PRIMARY KEY,
		value `+value+` NOT NULL
	)`)
}

// CreateSchema runs the schema's statements in c and checks the stored
// version, recording it in a new database. Version 1 is the first, so
// there is nothing to migrate from yet; a later version adds its steps
// here, keyed by the version found.
func (s *Store) CreateSchema(ctx context.Context, c Conn, schema []string) error {
	for _, stmt := range schema {
		if _, err := c.Exec(ctx, stmt); err != nil {
			return err
		}
	}
	var stored string
	err := c.QueryRow(ctx, `SELECT value FROM store_info WHERE name = 'schema_version'`).Scan(&stored)
	switch {
	case errors.Is(err, s.NoRows):
		_, err = c.Exec(ctx, `INSERT INTO store_info (name, value) VALUES ('schema_version', ?)`,
			strconv.Itoa(schemaVersion))
		return err
	case err != nil:
		return err
	}
	v, err := strconv.Atoi(stored)
	if err != nil {
		return fmt.Errorf("schema_version %q is not a number", stored)
	}
	if v > schemaVersion {
		return fmt.Errorf("schema version %d is newer than this program's %d; upgrade mixcoatl", v, schemaVersion)
	}
	return nil
}

// SchemaCurrent reports whether q's database holds this program's schema
// version (CreateSchema writes the version row in the transaction that
// creates the schema). Any failure (no such table, not a database) says
// no: CreateSchema then reports what is wrong.
func (s *Store) SchemaCurrent(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}) bool {
	var stored string
	err := q.QueryRowContext(ctx, `SELECT value FROM store_info WHERE name = 'schema_version'`).Scan(&stored)
	return err == nil && stored == strconv.Itoa(schemaVersion)
}

// sqlTx is one transaction of a SQL store.
type sqlTx struct {
	s        *Store
	c        Conn
	writable bool
	done     bool
	// gen is the store's meta generation when the transaction started;
	// wroteMeta is set by a meta write (and Reset).
	gen       uint64
	wroteMeta bool
	// batch is the group commit this Update shares (batch.go), nil
	// otherwise; written counts the bytes of its Puts and PutMetas, which
	// bound the batch.
	batch   *batchState
	written int
	// gens are the batch's kind generations, if its Batcher keeps them,
	// and records the Batcher's remembered Gets (reccache.go).
	gens    *kindGens
	records *recordCache
	// usedSeq: NextID ran (seqcache.go).
	usedSeq bool
}

// MetaGeneration implements store.MetaGenerations. In a batch, an earlier
// Update's meta write is not committed yet either: what this one reads
// may be it, so it is not to be cached. Nor is anything of a store that
// keeps nothing remembered (Uncached).
func (t *sqlTx) MetaGeneration() (uint64, bool) {
	return t.gen, !t.wroteMeta && !t.s.Uncached && (t.batch == nil || !t.batch.wroteMeta)
}

// Snapshot implements store.Snapshots for a read-only transaction whose
// Conn names its snapshot (SQLite's readers); other Conns name none.
func (t *sqlTx) Snapshot(ctx context.Context) (any, bool) {
	c, ok := t.c.(store.Snapshots)
	if !ok || t.writable || t.check(ctx, false) != nil {
		return nil, false
	}
	return c.Snapshot(ctx)
}

func (t *sqlTx) check(ctx context.Context, write bool) error {
	switch {
	case t.done:
		return store.ErrTxDone
	case write && !t.writable:
		return store.ErrReadOnly
	}
	return t.s.Usable(ctx)
}

// RecordColumns are the columns ScanRecord reads.
const RecordColumns = `customer, id, id_num, data, internal, created, updated`

// ScanRecord reads one row of RecordColumns.
func ScanRecord(row RowScanner, kind string) (store.Record, error) {
	r := store.Record{Kind: kind}
	var idNum *int64
	var created, updated int64
	if err := row.Scan(&r.Customer, &r.ID, &idNum, &r.Data, &r.Internal, &created, &updated); err != nil {
		return store.Record{}, err
	}
	if len(r.Internal) == 0 {
		r.Internal = nil
	}
	r.Created, r.Updated = time.Unix(0, created).UTC(), time.Unix(0, updated).UTC()
	return r, nil
}

func (t *sqlTx) Get(ctx context.Context, customer int64, kind, id string) (store.Record, error) {
	if err := t.check(ctx, false); err != nil {
		return store.Record{}, err
	}
	if err := base.CheckKey("get", customer, kind, id); err != nil {
		return store.Record{}, err
	}
	if !t.s.storable(kind) || !t.s.storable(id) {
		return store.Record{}, store.ErrNotFound
	}
	key := recordKey{customer, kind, id}
	if r, found, ok := t.cachedGet(key); ok {
		if !found {
			return store.Record{}, store.ErrNotFound
		}
		return r, nil
	}
	// The customer's own record wins over a global one with the same id:
	// two primary-key seeks merged in customer order. (The shorter
	// `customer IN (?, 0)` makes SQLite build an ephemeral table for the
	// IN list, a pager and a b-tree opened and closed per Get, which cost
	// more than the seeks themselves.)
	var row RowScanner
	if customer == 0 {
		row = t.c.QueryRow(ctx, `SELECT `+RecordColumns+` FROM records
			WHERE customer = 0 AND kind = ? AND id = ?`, kind, id)
	} else {
		row = t.c.QueryRow(ctx, `SELECT `+RecordColumns+` FROM records WHERE customer = ? AND kind = ? AND id = ?
			UNION ALL SELECT `+RecordColumns+` FROM records WHERE customer = 0 AND kind = ? AND id = ?
			ORDER BY customer DESC LIMIT 1`, customer, kind, id, kind, id)
	}
	r, err := ScanRecord(row, kind)
	if errors.Is(err, t.s.NoRows) {
		t.remember(key, store.Record{}, false)
		return store.Record{}, store.ErrNotFound
	}
	if err != nil {
		return store.Record{}, t.s.Fail("get", err)
	}
	t.remember(key, r, true)
	return r, nil
}

func (t *sqlTx) Scan(ctx context.Context, f store.Filter, fn func(store.Record) bool) error {
	if err := t.check(ctx, false); err != nil {
		return err
	}
	if err := base.CheckFilter("scan", f.Customer, f.Kind, f.Limit); err != nil {
		return err
	}
	if !t.s.storable(f.Kind) {
		return nil
	}
	// Integer ids first, then the others: two index-ordered queries instead
	// of one ORDER BY over a NULL-or-not expression, which would sort.
	remaining := f.Limit
	for _, q := range t.s.scanQueries(f) {
		text, args := q.Text, q.Args
		if remaining > 0 {
			text += " LIMIT ?"
			args = append(args, remaining)
		}
		visited, stopped, err := t.c.Scan(ctx, t.s, text, args, f.Kind, remaining, fn)
		if err != nil || stopped {
			return err
		}
		if f.Limit > 0 {
			if remaining -= visited; remaining == 0 {
				return nil
			}
		}
	}
	return nil
}

// Query is one statement and its arguments.
type Query struct {
	Text string
	Args []any
}

// scanQueries returns the queries visiting f's records in order: integer
// ids (skipped when AfterID is not an integer, as they all come before
// it), then the other ids, each built by the dialect's VisibleQuery with
// its ORDER BY for SQLite.
func (d *Dialect) scanQueries(f store.Filter) []Query {
	after := base.OrderOf(f.AfterID)
	var qs []Query
	if f.AfterID == "" || after.Class == base.ClassNumeric {
		cond, args := "id_num IS NOT NULL", []any(nil)
		if f.AfterID != "" {
			cond, args = "(id_num, id) > (?, ?)", []any{after.Num, after.ID}
		}
		qs = append(qs, d.VisibleQuery(f, cond, args, "id_num, id, customer"))
	}
	cond, args := "id_num IS NULL", []any(nil)
	if f.AfterID != "" && after.Class == base.ClassText {
		cond, args = "id_num IS NULL AND id > ?", []any{after.ID}
	}
	return append(qs, d.VisibleQuery(f, cond, args, "id, customer"))
}

func (t *sqlTx) Count(ctx context.Context, f store.Filter) (int, error) {
	if err := t.check(ctx, false); err != nil {
		return 0, err
	}
	if err := base.CheckFilter("count", f.Customer, f.Kind, f.Limit); err != nil {
		return 0, err
	}
	if !t.s.storable(f.Kind) {
		return 0, nil
	}
	text := `SELECT COUNT(*) FROM records WHERE customer IN (?, 0) AND kind = ?`
	args := []any{f.Customer, f.Kind}
	if f.AfterID != "" {
		switch after := base.OrderOf(f.AfterID); after.Class {
		case base.ClassNumeric:
			text += ` AND (id_num IS NULL OR (id_num, id) > (?, ?))`
			args = append(args, after.Num, after.ID)
		default:
			text += ` AND id_num IS NULL AND id > ?`
			args = append(args, after.ID)
		}
	}
	var n int
	if err := t.c.QueryRow(ctx, text, args...).Scan(&n); err != nil {
		return 0, t.s.Fail("count", err)
	}
	if f.Limit > 0 {
		n = min(n, f.Limit)
	}
	return n, nil
}

func (t *sqlTx) Put(ctx context.Context, r store.Record) error {
	if err := t.check(ctx, true); err != nil {
		return err
	}
	if err := base.CheckRecord(r.Customer, r.Kind, r.ID, r.Data, r.Internal); err != nil {
		return err
	}
	if !t.s.storable(r.Kind) || !t.s.storable(r.ID) {
		return t.s.textKeysError("put", "kinds and ids")
	}
	r.Created, r.Updated = base.Stamp(r.Created, r.Updated, time.Time{}, t.s.Now)
	t.written += len(r.Data) + len(r.Internal)
	t.wroteKind(r.Kind)
	var idNum any
	if n, ok := base.IntegerID(r.ID); ok {
		idNum = n
	}
	var internal any
	if len(r.Internal) > 0 {
		internal = t.s.Bytes(r.Internal)
	}
	// created is left alone on conflict: a replace keeps the original.
	_, err := t.c.Exec(ctx, `INSERT INTO records
		(customer, kind, id, id_num, data, internal, created, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (customer, kind, id) DO UPDATE SET
		data = excluded.data, internal = excluded.internal, updated = excluded.updated`,
		r.Customer, r.Kind, r.ID, idNum, t.s.Bytes(r.Data), internal, r.Created.UnixNano(), r.Updated.UnixNano())
	if err != nil {
		return t.s.Fail("put "+r.Kind+" "+strconv.Quote(r.ID), err)
	}
	return nil
}

func (t *sqlTx) Delete(ctx context.Context, customer int64, kind, id string) error {
	if err := t.check(ctx, true); err != nil {
		return err
	}
	if err := base.CheckKey("delete", customer, kind, id); err != nil {
		return err
	}
	if !t.s.storable(kind) || !t.s.storable(id) {
		return store.ErrNotFound
	}
	t.wroteKind(kind)
	n, err := t.c.Exec(ctx, `DELETE FROM records WHERE customer = ? AND kind = ? AND id = ?`, customer, kind, id)
	if err != nil {
		return t.s.Fail("delete", err)
	}
	if n == 0 {
		return store.ErrNotFound
	}
	return nil
}

func (t *sqlTx) NextID(ctx context.Context, sequence string, floor int64) (int64, error) {
	if err := t.check(ctx, true); err != nil {
		return 0, err
	}
	if sequence == "" {
		return 0, base.ErrEmptySequence
	}
	if !t.s.storable(sequence) {
		return 0, t.s.textKeysError("next id", "sequence names")
	}
	// One statement reads and moves the counter (Updates are serialised
	// besides, see sqlite.Store, postgres.Store): base.NextSequence's rule,
	// max(last+1, floor), with a new sequence's last value 0. An exhausted
	// one (last at the largest BIGINT) is left alone and returns no row.
	if next, ok, err := t.cachedNextID(ctx, sequence, floor); ok {
		return next, err
	}
	var next int64
	err := t.c.QueryRow(ctx, `INSERT INTO sequences (name, last_value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET last_value =
			CASE WHEN sequences.last_value < ? THEN ? ELSE sequences.last_value + 1 END
		WHERE sequences.last_value < 9223372036854775807
		RETURNING last_value`, sequence, max(1, floor), floor, floor).Scan(&next)
	if errors.Is(err, t.s.NoRows) {
		_, err = base.NextSequence(1<<63-1, floor) // the rule's own error
		return 0, err
	}
	if err != nil {
		return 0, t.s.Fail("next id", err)
	}
	t.rememberSeq(sequence, next)
	return next, nil
}
