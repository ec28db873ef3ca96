package engine

import (
	"context"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// Cursor is where a page of a list starts: after the record with id After
// ("" = at the first record), then past Skip further matches. A page served
// from a cursor costs the records it returns plus those it passes over
// (non-matches and skipped matches), never the whole list. Skip is what
// page n falls back to without a cursor ((n-1)×size), and it also resumes
// between a global record and a customer's record with the same id, which
// After alone cannot tell apart.
type Cursor struct {
	After string
	Skip  int
}

// list returns the page of records of the kind the customer can see (own
// and global) that pass the query's filters, in id order, without secrets:
// up to limit matches from the cursor (limit 0: all of them). more reports
// that matches remain after the page, next where they start. Records are
// decoded only as far as the filters read them; only returned ones fully.
func (c *call) list(ctx context.Context, from Cursor, limit int) (items []map[string]any, next Cursor, more bool, err error) {
	items = []map[string]any{}
	next, more, err = c.page(ctx, from, limit, func(rec store.Record) error {
		data, err := decodeObject(rec.Data)
		if err != nil {
			return err
		}
		items = append(items, c.e.public(data))
		return nil
	})
	if err != nil {
		return nil, Cursor{}, false, err
	}
	return items, next, more, nil
}

// page walks the page list describes and calls emit with each record on
// it, in order; it is the one pagination of list and WireList. A query
// whose filters match nothing emits nothing.
func (c *call) page(ctx context.Context, from Cursor, limit int, emit func(store.Record) error) (next Cursor, more bool, err error) {
	fs, empty, err := c.filters(ctx)
	if err != nil || empty {
		return Cursor{}, false, err
	}
	f := store.Filter{Customer: c.req.Customer, Kind: c.res.Name, AfterID: from.After}
	if fs.none() && limit > 0 {
		f.Limit = from.Skip + limit + 1 // every record matches: one more tells whether there is more
	}
	pos := cursorTracker{at: from.After}
	skip, emitted := from.Skip, 0
	var failed error
	scan := c.tx.Scan
	if s, ok := c.tx.(store.SharedScanner); ok {
		scan = s.ScanShared // the records are only read, and WireList may keep them
	}
	err = scan(ctx, f, func(rec store.Record) bool {
		pos.visit(rec.ID)
		if !fs.none() {
			ok, _, err := fs.match(rec.Data, c.e.canonicalData(rec.Data, rec.Internal))
			if err != nil {
				failed = err
				return false
			}
			if !ok {
				return true
			}
		}
		if skip > 0 {
			skip--
			pos.matched()
			return true
		}
		if limit > 0 && emitted == limit {
			more, next = true, pos.cursor()
			return false
		}
		if failed = emit(rec); failed != nil {
			return false
		}
		emitted++
		pos.matched()
		return true
	})
	if err == nil {
		err = failed
	}
	if err != nil {
		return Cursor{}, false, err
	}
	return next, more, nil
}

// cursorTracker follows a scan and knows the cursor of the position before
// the record being visited.
type cursorTracker struct {
	at      string // the last id before the current id group
	current string // id of the record being visited ("" before the first)
	inGroup int    // matches consumed after at (all with the current id, or skipped before the first)
}

func (t *cursorTracker) visit(id string) {
	if t.current != "" && id != t.current {
		t.at, t.inGroup = t.current, 0
	}
	t.current = id
}

func (t *cursorTracker) matched() { t.inGroup++ }

// cursor is the position just before the record being visited.
func (t *cursorTracker) cursor() Cursor {
	return Cursor{After: t.at, Skip: t.inGroup}
}

// head counts what list would return, decoding records only as far as the
// filters read them (not at all without filters).
func (c *call) head(ctx context.Context) (int, error) {
	fs, empty, err := c.filters(ctx)
	if err != nil || empty {
		return 0, err
	}
	f := store.Filter{Customer: c.req.Customer, Kind: c.res.Name}
	if fs.none() {
		return c.tx.Count(ctx, f)
	}
	n := 0
	var failed error
	err = c.tx.Scan(ctx, f, func(rec store.Record) bool {
		ok, _, err := fs.match(rec.Data, c.e.canonicalData(rec.Data, rec.Internal))
		if err != nil {
			failed = err
			return false
		}
		if ok {
			n++
		}
		return true
	})
	if err == nil {
		err = failed
	}
	return n, err
}
