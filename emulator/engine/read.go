package engine

import (
	"context"
	"net/http"
	"strconv"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// get returns one record. A flat resource (License) has no id and answers
// with its single record. A read the catalogue marks Mutates may write:
// getting a running job (GET admin/Job/<id>) counts as a poll and may
// complete it, so the HTTP layer runs it in a writable transaction.
func (c *call) get(ctx context.Context) ([]map[string]any, error) {
	if items, ok, err := c.derivedRead(ctx); ok {
		return items, err
	}
	if c.res.Flat || c.res.Key == "" {
		return c.getFlat(ctx)
	}
	it, err := mustLoad(ctx, c.tx, c.req.Customer, c.res, c.req.ID)
	if err != nil {
		return nil, err
	}
	if c.op.Mutates && c.res.Name == jobKind && statusOf(it.data) == jobRunning {
		if it, err = c.e.pollJob(ctx, c.tx, it); err != nil {
			return nil, err
		}
	}
	return []map[string]any{c.e.public(it.data)}, nil
}

func (c *call) getFlat(ctx context.Context) ([]map[string]any, error) {
	var found map[string]any
	var decodeErr error
	err := c.tx.Scan(ctx, store.Filter{Customer: c.req.Customer, Kind: c.res.Name, Limit: 1}, func(rec store.Record) bool {
		found, decodeErr = decodeObject(rec.Data)
		return false
	})
	if err == nil {
		err = decodeErr
	}
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, Errorf(http.StatusNotFound, "No %s is installed", c.res.Name)
	}
	return []map[string]any{c.e.public(found)}, nil
}

// idKey renders an integer id the way the store keys records.
func idKey(n int64) string { return strconv.FormatInt(n, 10) }
