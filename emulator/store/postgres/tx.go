package postgres

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/internal/sqlstore"
)

// dialect: Postgres numbers its placeholders (conn binds them), keeps
// keys as TEXT and values as BYTEA, and scans a customer's records in one
// pass (visibleQuery).
var dialect = sqlstore.Dialect{
	Name:         "Postgres",
	NoRows:       pgx.ErrNoRows,
	TextKeys:     true,
	VisibleQuery: visibleQuery,
	Bytes: func(b []byte) any {
		if b == nil {
			return []byte{} // NOT NULL: an empty value is still a value
		}
		return b
	},
}

// conn is one Postgres transaction as a sqlstore.Conn. The statements are
// the portable ones of sqlstore, with '?' turned into Postgres's numbered
// parameters by pgBind; only the scan queries differ (visibleQuery).
type conn struct {
	tx      pgx.Tx
	cursors int // cursors declared so far, to name the next one
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

func (c *conn) QueryRow(ctx context.Context, text string, args ...any) sqlstore.RowScanner {
	return c.tx.QueryRow(ctx, pgBind(text), args...)
}

func (c *conn) Exec(ctx context.Context, text string, args ...any) (int64, error) {
	tag, err := c.tx.Exec(ctx, pgBind(text), args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (c *conn) Commit(ctx context.Context) error { return c.tx.Commit(ctx) }

// visibleQuery is sqlstore.Dialect.VisibleQuery for Postgres, which does not merge SQLite's
// UNION ALL of the customer's and the global records from two index scans:
// it sorts every row of the kind, 30ms for a 50-record page of 100k. So a
// customer's scan is one pass over records_kind_scan, in index order,
// filtering the customer and 0 (rows of other customers of the kind are
// read and skipped: the emulator has few customers); customer 0's uses
// records_scan. Both order by id_num first even among text ids (all NULL)
// so that the order is the index's and no sort is needed: SQLite's order
// is not used.
func visibleQuery(f store.Filter, cond string, args []any, _ string) sqlstore.Query {
	if f.Customer == 0 {
		return sqlstore.Query{Text: `SELECT ` + sqlstore.RecordColumns + ` FROM records WHERE customer = 0 AND kind = ? AND ` + cond +
			` ORDER BY id_num, id`, Args: append([]any{f.Kind}, args...)}
	}
	return sqlstore.Query{Text: `SELECT ` + sqlstore.RecordColumns + ` FROM records WHERE kind = ? AND customer IN (?, 0) AND ` + cond +
		` ORDER BY id_num, id, customer`, Args: append([]any{f.Kind, f.Customer}, args...)}
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

// Scan runs one scan query as one batch or through a cursor.
func (c *conn) Scan(ctx context.Context, s *sqlstore.Store, text string, args []any, kind string, limit int, fn func(store.Record) bool) (visited int, stopped bool, err error) {
	text = pgBind(text)
	if limit > 0 && limit <= maxScanBatch {
		batch, err := c.readBatch(ctx, s, text, args, kind)
		if err != nil {
			return 0, false, err
		}
		return deliver(ctx, batch, fn)
	}
	c.cursors++
	cursor := "mixcoatl_scan_" + strconv.Itoa(c.cursors)
	if _, err := c.tx.Exec(ctx, "DECLARE "+cursor+" NO SCROLL CURSOR FOR "+text, args...); err != nil {
		return 0, false, s.Fail("scan", err)
	}
	for size := firstScanBatch; ; size = min(2*size, maxScanBatch) {
		batch, err := c.readBatch(ctx, s, "FETCH "+strconv.Itoa(size)+" FROM "+cursor, nil, kind)
		if err != nil {
			return visited, false, err
		}
		n, stopped, err := deliver(ctx, batch, fn)
		visited += n
		if err != nil || stopped {
			// Close the cursor now rather than at the end of the
			// transaction; after an error the transaction is done anyway.
			if err == nil {
				if _, err := c.tx.Exec(ctx, "CLOSE "+cursor); err != nil {
					return visited, stopped, s.Fail("scan", err)
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
func (c *conn) readBatch(ctx context.Context, s *sqlstore.Store, text string, args []any, kind string) ([]store.Record, error) {
	rows, err := c.tx.Query(ctx, text, args...)
	if err != nil {
		return nil, s.Fail("scan", err)
	}
	defer rows.Close()
	var batch []store.Record
	for rows.Next() {
		r, err := sqlstore.ScanRecord(rows, kind)
		if err != nil {
			return nil, s.Fail("scan", err)
		}
		batch = append(batch, r)
	}
	if err := rows.Err(); err != nil {
		return nil, s.Fail("scan", err)
	}
	return batch, nil
}

// deliver calls fn for each record until it returns false, checking ctx
// before each so that a cancelled request stops at the next record, as in
// the other stores.
func deliver(ctx context.Context, batch []store.Record, fn func(store.Record) bool) (visited int, stopped bool, err error) {
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
