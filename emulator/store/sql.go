package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// sqlStore is what the SQL stores (SQLite, Postgres) share: their state
// apart from connections, their error wrapping and, through sqlTx, every
// operation of a transaction. The statements are portable SQL with '?'
// placeholders; what differs between the databases is in dialect and in
// each one's txConn.
type sqlStore struct {
	dialect
	target  string // the database named in messages: the SQLite path, the Postgres DSN with its password masked
	secrets []string
	now     func() time.Time
	closed  atomic.Bool
}

// dialect is the few ways in which the databases differ to sqlTx.
type dialect struct {
	name string // "SQLite", "Postgres": in messages
	// noRows is the driver's error for a QueryRow that found nothing.
	noRows error
	// textKeys: kinds, ids, sequence names and meta keys are TEXT that must be
	// UTF-8 without NUL (Postgres). Keys that are not cannot have been
	// stored, so a lookup of one finds nothing rather than failing.
	textKeys bool
	// visibleQuery builds one of scanQueries' queries.
	visibleQuery func(f Filter, cond string, args []any, order string) query
	// bytes is how data, internal and meta values are passed as arguments.
	bytes func([]byte) any
}

// storable reports whether key fits the dialect's key columns.
func (d *dialect) storable(key string) bool {
	return !d.textKeys || utf8.ValidString(key) && !strings.ContainsRune(key, 0)
}

// textKeysError is the error of a write whose key is not storable.
func (d *dialect) textKeysError(op, what string) error {
	return errors.New("store: " + op + ": " + d.name + " keeps " + what + " as text: they must be UTF-8 without NUL")
}

func (s *sqlStore) usable(ctx context.Context) error {
	if s.closed.Load() {
		return ErrClosed
	}
	return ctx.Err()
}

// fail wraps a database error, naming the database (without a password)
// and scrubbing any secret from the cause's text should a driver quote
// it. errors.Is/As still reach the cause (context errors, driver errors).
func (s *sqlStore) fail(op string, err error) error {
	return &redactedError{
		msg: "store: " + s.name + " " + op + " (" + s.target + "): " + scrub(err.Error(), s.secrets),
		err: err,
	}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// txConn is an open transaction of one database. queryRow and exec take
// portable SQL ('?' placeholders).
type txConn interface {
	queryRow(ctx context.Context, text string, args ...any) rowScanner
	// exec returns the number of rows affected.
	exec(ctx context.Context, text string, args ...any) (int64, error)
	// scan runs a query of recordColumns (limit is its LIMIT, 0 for none),
	// passing the records to fn until it returns false, and checking ctx
	// before each so that a cancelled request stops at the next record.
	// stopped reports that fn asked to stop.
	scan(ctx context.Context, t *sqlTx, text string, args []any, kind string, limit int, fn func(Record) bool) (visited int, stopped bool, err error)
	commit(ctx context.Context) error
}

type rowScanner interface{ Scan(dest ...any) error }

// run calls fn in a transaction over c. A writable one is committed when fn
// succeeded and ctx is still live; the caller rolls back what is not.
func (s *sqlStore) run(ctx context.Context, c txConn, writable bool, fn func(Tx) error) error {
	t := &sqlTx{s: s, c: c, writable: writable}
	defer func() { t.done = true }()
	err := fn(t)
	t.done = true
	if err != nil || !writable {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := c.commit(ctx); err != nil {
		return s.fail("commit", err)
	}
	return nil
}

// reset deletes every record, sequence and meta value in t.
func reset(ctx context.Context, t Tx) error {
	st := t.(*sqlTx)
	for _, table := range []string{"records", "sequences", "meta"} {
		if _, err := st.c.exec(ctx, "DELETE FROM "+table); err != nil {
			return st.s.fail("reset", err)
		}
	}
	return nil
}

// schemaVersion is the schema this code writes; open migrates older
// databases up to it and refuses newer ones.
const schemaVersion = 1

// sqlSchema is the whole schema, kept to portable SQL: plain tables,
// BIGINT and the given types, explicit ORDER BY everywhere. keyType is
// that of records.kind and records.id, valueType (padded to 5 characters)
// that of the stored bytes (records.data, records.internal, meta.value);
// indexes follow records_scan.
//
// records.id_num is the id's integer value, NULL for other ids: scans
// order integer ids by it and the rest by id. store_info holds the schema
// version apart from meta, so neither Reset nor the engine's settings can
// touch it.
func sqlSchema(keyType, valueType string, indexes ...string) []string {
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

// createSchema runs the schema's statements in c and checks the stored
// version, recording it in a new database. Version 1 is the first, so
// there is nothing to migrate from yet; a later version adds its steps
// here, keyed by the version found.
func (s *sqlStore) createSchema(ctx context.Context, c txConn, schema []string) error {
	for _, stmt := range schema {
		if _, err := c.exec(ctx, stmt); err != nil {
			return err
		}
	}
	var stored string
	err := c.queryRow(ctx, `SELECT value FROM store_info WHERE name = 'schema_version'`).Scan(&stored)
	switch {
	case errors.Is(err, s.noRows):
		_, err = c.exec(ctx, `INSERT INTO store_info (name, value) VALUES ('schema_version', ?)`,
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

// sqlTx is one transaction of a SQL store.
type sqlTx struct {
	s        *sqlStore
	c        txConn
	writable bool
	done     bool
}

func (t *sqlTx) check(ctx context.Context, write bool) error {
	switch {
	case t.done:
		return ErrTxDone
	case write && !t.writable:
		return ErrReadOnly
	}
	return t.s.usable(ctx)
}

const recordColumns = `customer, id, id_num, data, internal, created, updated`

// scanRecord reads one row of recordColumns.
func scanRecord(row rowScanner, kind string) (Record, error) {
	r := Record{Kind: kind}
	var idNum *int64
	var created, updated int64
	if err := row.Scan(&r.Customer, &r.ID, &idNum, &r.Data, &r.Internal, &created, &updated); err != nil {
		return Record{}, err
	}
	if len(r.Internal) == 0 {
		r.Internal = nil
	}
	r.Created, r.Updated = time.Unix(0, created).UTC(), time.Unix(0, updated).UTC()
	return r, nil
}

func (t *sqlTx) Get(ctx context.Context, customer int64, kind, id string) (Record, error) {
	if err := t.check(ctx, false); err != nil {
		return Record{}, err
	}
	if err := checkKey("get", customer, kind, id); err != nil {
		return Record{}, err
	}
	if !t.s.storable(kind) || !t.s.storable(id) {
		return Record{}, ErrNotFound
	}
	// The customer's own record wins over a global one with the same id.
	row := t.c.queryRow(ctx, `SELECT `+recordColumns+` FROM records
		WHERE customer IN (?, 0) AND kind = ? AND id = ?
		ORDER BY customer DESC LIMIT 1`, customer, kind, id)
	r, err := scanRecord(row, kind)
	if errors.Is(err, t.s.noRows) {
		return Record{}, ErrNotFound
	}
	if err != nil {
		return Record{}, t.s.fail("get", err)
	}
	return r, nil
}

func (t *sqlTx) Scan(ctx context.Context, f Filter, fn func(Record) bool) error {
	if err := t.check(ctx, false); err != nil {
		return err
	}
	if err := checkFilter("scan", f); err != nil {
		return err
	}
	if !t.s.storable(f.Kind) {
		return nil
	}
	// Integer ids first, then the others: two index-ordered queries instead
	// of one ORDER BY over a NULL-or-not expression, which would sort.
	remaining := f.Limit
	for _, q := range t.s.scanQueries(f) {
		text, args := q.text, q.args
		if remaining > 0 {
			text += " LIMIT ?"
			args = append(args, remaining)
		}
		visited, stopped, err := t.c.scan(ctx, t, text, args, f.Kind, remaining, fn)
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

type query struct {
	text string
	args []any
}

// scanQueries returns the queries visiting f's records in order: integer
// ids (skipped when AfterID is not an integer, as they all come before
// it), then the other ids, each built by the dialect's visibleQuery with
// its ORDER BY for SQLite.
func (d *dialect) scanQueries(f Filter) []query {
	after := orderOf(f.AfterID)
	var qs []query
	if f.AfterID == "" || after.class == idNumeric {
		cond, args := "id_num IS NOT NULL", []any(nil)
		if f.AfterID != "" {
			cond, args = "(id_num, id) > (?, ?)", []any{after.num, after.id}
		}
		qs = append(qs, d.visibleQuery(f, cond, args, "id_num, id, customer"))
	}
	cond, args := "id_num IS NULL", []any(nil)
	if f.AfterID != "" && after.class == idText {
		cond, args = "id_num IS NULL AND id > ?", []any{after.id}
	}
	return append(qs, d.visibleQuery(f, cond, args, "id, customer"))
}

func (t *sqlTx) Count(ctx context.Context, f Filter) (int, error) {
	if err := t.check(ctx, false); err != nil {
		return 0, err
	}
	if err := checkFilter("count", f); err != nil {
		return 0, err
	}
	if !t.s.storable(f.Kind) {
		return 0, nil
	}
	text := `SELECT COUNT(*) FROM records WHERE customer IN (?, 0) AND kind = ?`
	args := []any{f.Customer, f.Kind}
	if f.AfterID != "" {
		switch after := orderOf(f.AfterID); after.class {
		case idNumeric:
			text += ` AND (id_num IS NULL OR (id_num, id) > (?, ?))`
			args = append(args, after.num, after.id)
		default:
			text += ` AND id_num IS NULL AND id > ?`
			args = append(args, after.id)
		}
	}
	var n int
	if err := t.c.queryRow(ctx, text, args...).Scan(&n); err != nil {
		return 0, t.s.fail("count", err)
	}
	if f.Limit > 0 {
		n = min(n, f.Limit)
	}
	return n, nil
}

func (t *sqlTx) Put(ctx context.Context, r Record) error {
	if err := t.check(ctx, true); err != nil {
		return err
	}
	if err := checkRecord(r); err != nil {
		return err
	}
	if !t.s.storable(r.Kind) || !t.s.storable(r.ID) {
		return t.s.textKeysError("put", "kinds and ids")
	}
	r = stamp(r, time.Time{}, t.s.now)
	var idNum any
	if n, ok := integerID(r.ID); ok {
		idNum = n
	}
	var internal any
	if len(r.Internal) > 0 {
		internal = t.s.bytes(r.Internal)
	}
	// created is left alone on conflict: a replace keeps the original.
	_, err := t.c.exec(ctx, `INSERT INTO records
		(customer, kind, id, id_num, data, internal, created, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (customer, kind, id) DO UPDATE SET
		data = excluded.data, internal = excluded.internal, updated = excluded.updated`,
		r.Customer, r.Kind, r.ID, idNum, t.s.bytes(r.Data), internal, r.Created.UnixNano(), r.Updated.UnixNano())
	if err != nil {
		return t.s.fail("put "+r.Kind+" "+strconv.Quote(r.ID), err)
	}
	return nil
}

func (t *sqlTx) Delete(ctx context.Context, customer int64, kind, id string) error {
	if err := t.check(ctx, true); err != nil {
		return err
	}
	if err := checkKey("delete", customer, kind, id); err != nil {
		return err
	}
	if !t.s.storable(kind) || !t.s.storable(id) {
		return ErrNotFound
	}
	n, err := t.c.exec(ctx, `DELETE FROM records WHERE customer = ? AND kind = ? AND id = ?`, customer, kind, id)
	if err != nil {
		return t.s.fail("delete", err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

func (t *sqlTx) NextID(ctx context.Context, sequence string, floor int64) (int64, error) {
	if err := t.check(ctx, true); err != nil {
		return 0, err
	}
	if sequence == "" {
		return 0, errEmptySequence
	}
	if !t.s.storable(sequence) {
		return 0, t.s.textKeysError("next id", "sequence names")
	}
	// Read then write is safe: Updates are serialised (see SQLite, Postgres).
	var last int64
	err := t.c.queryRow(ctx, `SELECT last_value FROM sequences WHERE name = ?`, sequence).Scan(&last)
	if err != nil && !errors.Is(err, t.s.noRows) {
		return 0, t.s.fail("next id", err)
	}
	next, err := nextSequence(last, floor)
	if err != nil {
		return 0, err
	}
	_, err = t.c.exec(ctx, `INSERT INTO sequences (name, last_value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET last_value = excluded.last_value`, sequence, next)
	if err != nil {
		return 0, t.s.fail("next id", err)
	}
	return next, nil
}

func (t *sqlTx) GetMeta(ctx context.Context, key string) ([]byte, bool, error) {
	if err := t.check(ctx, false); err != nil {
		return nil, false, err
	}
	if key == "" {
		return nil, false, errEmptyMetaKey
	}
	if !t.s.storable(key) {
		return nil, false, nil
	}
	var v []byte
	err := t.c.queryRow(ctx, `SELECT value FROM meta WHERE name = ?`, key).Scan(&v)
	switch {
	case errors.Is(err, t.s.noRows):
		return nil, false, nil
	case err != nil:
		return nil, false, t.s.fail("get meta", err)
	}
	if v == nil {
		v = []byte{}
	}
	return v, true, nil
}

func (t *sqlTx) PutMeta(ctx context.Context, key string, value []byte) error {
	if err := t.check(ctx, true); err != nil {
		return err
	}
	if key == "" {
		return errEmptyMetaKey
	}
	if !t.s.storable(key) {
		return t.s.textKeysError("meta", "keys")
	}
	_, err := t.c.exec(ctx, `INSERT INTO meta (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, key, t.s.bytes(value))
	if err != nil {
		return t.s.fail("put meta "+strings.TrimSpace(key), err)
	}
	return nil
}
