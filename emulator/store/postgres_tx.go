package store

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// pgTx is one Postgres transaction. The statements are SQLite's (sqlTx),
// with '?' turned into Postgres's numbered parameters by pgBind; only the
// scan queries differ (pgScanQueries).
type pgTx struct {
	p        *Postgres
	tx       pgx.Tx
	writable bool
	done     bool
	cursors  int // cursors declared so far, to name the next one
}

// pgBind numbers the '?' placeholders of portable SQL ($1, $2, …). The
// store's statements have no '?' inside literals.
func pgBind(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pgStorable reports whether s fits a Postgres TEXT column (UTF-8, no
// NUL). Keys that do not cannot have been stored, so a lookup of one finds
// nothing rather than failing.
func pgStorable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

func (t *pgTx) check(ctx context.Context, write bool) error {
	switch {
	case t.done:
		return ErrTxDone
	case write && !t.writable:
		return ErrReadOnly
	}
	return t.p.usable(ctx)
}

// scanPgRecord reads one row of recordColumns.
func scanPgRecord(row pgx.Row, kind string) (Record, error) {
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

func (t *pgTx) Get(ctx context.Context, customer int64, kind, id string) (Record, error) {
	if err := t.check(ctx, false); err != nil {
		return Record{}, err
	}
	if err := checkKey("get", customer, kind, id); err != nil {
		return Record{}, err
	}
	if !pgStorable(kind) || !pgStorable(id) {
		return Record{}, ErrNotFound
	}
	// The customer's own record wins over a global one with the same id.
	row := t.tx.QueryRow(ctx, pgBind(`SELECT `+recordColumns+` FROM records
		WHERE customer IN (?, 0) AND kind = ? AND id = ?
		ORDER BY customer DESC LIMIT 1`), customer, kind, id)
	r, err := scanPgRecord(row, kind)
	if errors.Is(err, pgx.ErrNoRows) {
		return Record{}, ErrNotFound
	}
	if err != nil {
		return Record{}, t.p.fail("get", err)
	}
	return r, nil
}

func (t *pgTx) Scan(ctx context.Context, f Filter, fn func(Record) bool) error {
	if err := t.check(ctx, false); err != nil {
		return err
	}
	if err := checkFilter("scan", f); err != nil {
		return err
	}
	if !pgStorable(f.Kind) {
		return nil
	}
	// As in SQLite: integer ids, then the others, each index-ordered.
	remaining := f.Limit
	for _, q := range pgScanQueries(f) {
		visited, stopped, err := t.scanQuery(ctx, q, f.Kind, remaining, fn)
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

// pgScanQueries is scanQueries for Postgres, which does not merge SQLite's
// UNION ALL of the customer's and the global records from two index scans:
// it sorts every row of the kind, 30ms for a 50-record page of 100k. So a
// customer's scan is one pass over records_kind_scan, in index order,
// filtering the customer and 0 (rows of other customers of the kind are
// read and skipped: the emulator has few customers); customer 0's uses
// records_scan. Both order by id_num first even among text ids (all NULL)
// so that the order is the index's and no sort is needed.
func pgScanQueries(f Filter) []query {
	after := orderOf(f.AfterID)
	var qs []query
	if f.AfterID == "" || after.class == idNumeric {
		cond, args := "id_num IS NOT NULL", []any(nil)
		if f.AfterID != "" {
			cond, args = "(id_num, id) > (?, ?)", []any{after.num, after.id}
		}
		qs = append(qs, pgVisibleQuery(f, cond, args))
	}
	cond, args := "id_num IS NULL", []any(nil)
	if f.AfterID != "" && after.class == idText {
		cond, args = "id_num IS NULL AND id > ?", []any{after.id}
	}
	return append(qs, pgVisibleQuery(f, cond, args))
}

func pgVisibleQuery(f Filter, cond string, args []any) query {
	if f.Customer == 0 {
		return query{`SELECT ` + recordColumns + ` FROM records WHERE customer = 0 AND kind = ? AND ` + cond +
			` ORDER BY id_num, id`, append([]any{f.Kind}, args...)}
	}
	return query{`SELECT ` + recordColumns + ` FROM records WHERE kind = ? AND customer IN (?, 0) AND ` + cond +
		` ORDER BY id_num, id, customer`, append([]any{f.Kind, f.Customer}, args...)}
}

// Scan batches. A scan whose limit fits one batch runs as one query;
// longer ones read through a cursor in batches growing to maxScanBatch,
// so a scan stopped early costs little and a long one few round trips.
// Each batch is read completely before fn sees its records, which leaves
// the connection free: fn may use the transaction (Get inside a Scan).
const (
	firstScanBatch = 64
	maxScanBatch   = 1024
)

// scanQuery runs one of scanQueries, passing records to fn. stopped
// reports that fn asked to stop.
func (t *pgTx) scanQuery(ctx context.Context, q query, kind string, limit int, fn func(Record) bool) (visited int, stopped bool, err error) {
	text, args := q.text, q.args
	if limit > 0 {
		text += " LIMIT ?"
		args = append(args, limit)
	}
	text = pgBind(text)
	if limit > 0 && limit <= maxScanBatch {
		batch, err := t.readBatch(ctx, text, args, kind)
		if err != nil {
			return 0, false, err
		}
		return deliver(ctx, batch, fn)
	}
	t.cursors++
	cursor := "mixcoatl_scan_" + strconv.Itoa(t.cursors)
	if _, err := t.tx.Exec(ctx, "DECLARE "+cursor+" NO SCROLL CURSOR FOR "+text, args...); err != nil {
		return 0, false, t.p.fail("scan", err)
	}
	for size := firstScanBatch; ; size = min(2*size, maxScanBatch) {
		batch, err := t.readBatch(ctx, "FETCH "+strconv.Itoa(size)+" FROM "+cursor, nil, kind)
		if err != nil {
			return visited, false, err
		}
		n, stopped, err := deliver(ctx, batch, fn)
		visited += n
		if err != nil || stopped {
			// Close the cursor now rather than at the end of the
			// transaction; after an error the transaction is done anyway.
			if err == nil {
				if _, err := t.tx.Exec(ctx, "CLOSE "+cursor); err != nil {
					return visited, stopped, t.p.fail("scan", err)
				}
			}
			return visited, stopped, err
		}
		if len(batch) < size {
			return visited, false, nil // exhausted; the cursor ends with the transaction
		}
	}
}

// readBatch runs one statement and reads all its rows as records.
func (t *pgTx) readBatch(ctx context.Context, text string, args []any, kind string) ([]Record, error) {
	rows, err := t.tx.Query(ctx, text, args...)
	if err != nil {
		return nil, t.p.fail("scan", err)
	}
	defer rows.Close()
	var batch []Record
	for rows.Next() {
		r, err := scanPgRecord(rows, kind)
		if err != nil {
			return nil, t.p.fail("scan", err)
		}
		batch = append(batch, r)
	}
	if err := rows.Err(); err != nil {
		return nil, t.p.fail("scan", err)
	}
	return batch, nil
}

// deliver calls fn for each record until it returns false, checking ctx
// before each so that a cancelled request stops at the next record, as in
// the other stores.
func deliver(ctx context.Context, batch []Record, fn func(Record) bool) (visited int, stopped bool, err error) {
	for _, r := range batch {
		if err := ctx.Err(); err != nil {
			return visited, false, err
		}
		visited++
		if !fn(r) {
			return visited, true, nil
		}
	}
	return visited, false, nil
}

func (t *pgTx) Count(ctx context.Context, f Filter) (int, error) {
	if err := t.check(ctx, false); err != nil {
		return 0, err
	}
	if err := checkFilter("count", f); err != nil {
		return 0, err
	}
	if !pgStorable(f.Kind) {
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
	if err := t.tx.QueryRow(ctx, pgBind(text), args...).Scan(&n); err != nil {
		return 0, t.p.fail("count", err)
	}
	if f.Limit > 0 {
		n = min(n, f.Limit)
	}
	return n, nil
}

func (t *pgTx) Put(ctx context.Context, r Record) error {
	if err := t.check(ctx, true); err != nil {
		return err
	}
	if err := checkRecord(r); err != nil {
		return err
	}
	if !pgStorable(r.Kind) || !pgStorable(r.ID) {
		return errors.New("store: put: Postgres keeps kinds and ids as text: they must be UTF-8 without NUL")
	}
	r = stamp(r, time.Time{}, t.p.now)
	var idNum *int64
	if n, ok := integerID(r.ID); ok {
		idNum = &n
	}
	var internal []byte
	if len(r.Internal) > 0 {
		internal = r.Internal
	}
	// created is left alone on conflict: a replace keeps the original.
	_, err := t.tx.Exec(ctx, pgBind(`INSERT INTO records
		(customer, kind, id, id_num, data, internal, created, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (customer, kind, id) DO UPDATE SET
		data = excluded.data, internal = excluded.internal, updated = excluded.updated`),
		r.Customer, r.Kind, r.ID, idNum, r.Data, internal, r.Created.UnixNano(), r.Updated.UnixNano())
	if err != nil {
		return t.p.fail("put "+r.Kind+" "+strconv.Quote(r.ID), err)
	}
	return nil
}

func (t *pgTx) Delete(ctx context.Context, customer int64, kind, id string) error {
	if err := t.check(ctx, true); err != nil {
		return err
	}
	if err := checkKey("delete", customer, kind, id); err != nil {
		return err
	}
	if !pgStorable(kind) || !pgStorable(id) {
		return ErrNotFound
	}
	tag, err := t.tx.Exec(ctx, pgBind(`DELETE FROM records WHERE customer = ? AND kind = ? AND id = ?`), customer, kind, id)
	if err != nil {
		return t.p.fail("delete", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

func (t *pgTx) NextID(ctx context.Context, sequence string, floor int64) (int64, error) {
	if err := t.check(ctx, true); err != nil {
		return 0, err
	}
	if sequence == "" {
		return 0, errEmptySequence
	}
	if !pgStorable(sequence) {
		return 0, errors.New("store: next id: Postgres keeps sequence names as text: they must be UTF-8 without NUL")
	}
	// Read then write is safe: Updates hold the store's lock (see Postgres).
	var last int64
	err := t.tx.QueryRow(ctx, pgBind(`SELECT last_value FROM sequences WHERE name = ?`), sequence).Scan(&last)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, t.p.fail("next id", err)
	}
	next, err := nextSequence(last, floor)
	if err != nil {
		return 0, err
	}
	_, err = t.tx.Exec(ctx, pgBind(`INSERT INTO sequences (name, last_value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET last_value = excluded.last_value`), sequence, next)
	if err != nil {
		return 0, t.p.fail("next id", err)
	}
	return next, nil
}

func (t *pgTx) GetMeta(ctx context.Context, key string) ([]byte, bool, error) {
	if err := t.check(ctx, false); err != nil {
		return nil, false, err
	}
	if key == "" {
		return nil, false, errEmptyMetaKey
	}
	if !pgStorable(key) {
		return nil, false, nil
	}
	var v []byte
	err := t.tx.QueryRow(ctx, pgBind(`SELECT value FROM meta WHERE name = ?`), key).Scan(&v)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, false, nil
	case err != nil:
		return nil, false, t.p.fail("get meta", err)
	}
	if v == nil {
		v = []byte{}
	}
	return v, true, nil
}

func (t *pgTx) PutMeta(ctx context.Context, key string, value []byte) error {
	if err := t.check(ctx, true); err != nil {
		return err
	}
	if key == "" {
		return errEmptyMetaKey
	}
	if !pgStorable(key) {
		return errors.New("store: meta: Postgres keeps keys as text: they must be UTF-8 without NUL")
	}
	if value == nil {
		value = []byte{} // NOT NULL: an empty value is still a value
	}
	_, err := t.tx.Exec(ctx, pgBind(`INSERT INTO meta (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`), key, value)
	if err != nil {
		return t.p.fail("put meta "+strings.TrimSpace(key), err)
	}
	return nil
}
