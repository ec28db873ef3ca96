package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
)

// sqlTx is one SQLite transaction.
type sqlTx struct {
	s        *SQLite
	tx       *sql.Tx
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
func scanRecord(rows interface{ Scan(...any) error }, kind string) (Record, error) {
	r := Record{Kind: kind}
	var idNum sql.NullInt64
	var created, updated int64
	if err := rows.Scan(&r.Customer, &r.ID, &idNum, &r.Data, &r.Internal, &created, &updated); err != nil {
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
	// The customer's own record wins over a global one with the same id.
	row := t.tx.QueryRowContext(ctx, `SELECT `+recordColumns+` FROM records
		WHERE customer IN (?, 0) AND kind = ? AND id = ?
		ORDER BY customer DESC LIMIT 1`, customer, kind, id)
	r, err := scanRecord(row, kind)
	if errors.Is(err, sql.ErrNoRows) {
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
	// Integer ids first, then the others: two index-ordered queries instead
	// of one ORDER BY over a NULL-or-not expression, which would sort.
	remaining := f.Limit
	for _, q := range scanQueries(f) {
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

// scanQuery runs one query, streaming rows to fn. stopped reports that fn
// asked to stop.
func (t *sqlTx) scanQuery(ctx context.Context, q query, kind string, limit int, fn func(Record) bool) (visited int, stopped bool, err error) {
	text, args := q.text, q.args
	if limit > 0 {
		text += " LIMIT ?"
		args = append(args, limit)
	}
	rows, err := t.tx.QueryContext(ctx, text, args...)
	if err != nil {
		return 0, false, t.s.fail("scan", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRecord(rows, kind)
		if err != nil {
			return visited, false, t.s.fail("scan", err)
		}
		// The driver notices a cancelled ctx only asynchronously; checking
		// here makes a cancelled request stop at the next record, as in
		// the memory store.
		if err := ctx.Err(); err != nil {
			return visited, false, err
		}
		visited++
		if !fn(r) {
			return visited, true, nil
		}
	}
	if err := rows.Err(); err != nil {
		return visited, false, t.s.fail("scan", err)
	}
	return visited, false, nil
}

type query struct {
	text string
	args []any
}

// scanQueries returns the queries visiting f's records in order: integer
// ids (skipped when AfterID is not an integer, as they all come before
// it), then the other ids. For a customer other than 0 each query is a
// UNION ALL of the customer's and the global records, which SQLite (and
// Postgres) merge from two index-ordered streams.
func scanQueries(f Filter) []query {
	after := orderOf(f.AfterID)
	var qs []query
	if f.AfterID == "" || after.class == idNumeric {
		cond, args := "id_num IS NOT NULL", []any(nil)
		if f.AfterID != "" {
			cond, args = "(id_num, id) > (?, ?)", []any{after.num, after.id}
		}
		qs = append(qs, visibleQuery(f, cond, args, "id_num, id, customer"))
	}
	cond, args := "id_num IS NULL", []any(nil)
	if f.AfterID != "" && after.class == idText {
		cond, args = "id_num IS NULL AND id > ?", []any{after.id}
	}
	return append(qs, visibleQuery(f, cond, args, "id, customer"))
}

func visibleQuery(f Filter, cond string, args []any, order string) query {
	one := `SELECT ` + recordColumns + ` FROM records WHERE customer = ? AND kind = ? AND ` + cond
	if f.Customer == 0 {
		return query{one + " ORDER BY " + order, append([]any{int64(0), f.Kind}, args...)}
	}
	all := append([]any{f.Customer, f.Kind}, args...)
	all = append(all, int64(0), f.Kind)
	all = append(all, args...)
	return query{one + " UNION ALL " + one + " ORDER BY " + order, all}
}

func (t *sqlTx) Count(ctx context.Context, f Filter) (int, error) {
	if err := t.check(ctx, false); err != nil {
		return 0, err
	}
	if err := checkFilter("count", f); err != nil {
		return 0, err
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
	if err := t.tx.QueryRowContext(ctx, text, args...).Scan(&n); err != nil {
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
	r = stamp(r, time.Time{}, t.s.now)
	var idNum any
	if n, ok := integerID(r.ID); ok {
		idNum = n
	}
	var internal any
	if len(r.Internal) > 0 {
		internal = string(r.Internal)
	}
	// created is left alone on conflict: a replace keeps the original.
	_, err := t.tx.ExecContext(ctx, `INSERT INTO records
		(customer, kind, id, id_num, data, internal, created, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (customer, kind, id) DO UPDATE SET
		data = excluded.data, internal = excluded.internal, updated = excluded.updated`,
		r.Customer, r.Kind, r.ID, idNum, string(r.Data), internal, r.Created.UnixNano(), r.Updated.UnixNano())
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
	res, err := t.tx.ExecContext(ctx, `DELETE FROM records WHERE customer = ? AND kind = ? AND id = ?`, customer, kind, id)
	if err != nil {
		return t.s.fail("delete", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return t.s.fail("delete", err)
	} else if n == 0 {
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
	var last int64
	err := t.tx.QueryRowContext(ctx, `SELECT last_value FROM sequences WHERE name = ?`, sequence).Scan(&last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, t.s.fail("next id", err)
	}
	next, err := nextSequence(last, floor)
	if err != nil {
		return 0, err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO sequences (name, last_value) VALUES (?, ?)
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
	var v []byte
	err := t.tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE name = ?`, key).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
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
	_, err := t.tx.ExecContext(ctx, `INSERT INTO meta (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, key, string(value))
	if err != nil {
		return t.s.fail("put meta "+strings.TrimSpace(key), err)
	}
	return nil
}
