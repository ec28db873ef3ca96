package engine

import (
	"context"
	"strconv"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// list returns every record of the kind the customer can see (own and
// global) that passes the query's filters, in id order, without secrets.
func (c *call) list(ctx context.Context) ([]map[string]any, error) {
	preds, empty, err := c.filters(ctx)
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	if empty {
		return out, nil
	}
	var decodeErr error
	err = c.tx.Scan(ctx, store.Filter{Customer: c.req.Customer, Kind: c.res.Name}, func(rec store.Record) bool {
		data, err := decodeObject(rec.Data)
		if err != nil {
			decodeErr = err
			return false
		}
		for _, p := range preds {
			if !p(data) {
				return true
			}
		}
		out = append(out, public(data))
		return true
	})
	if err == nil {
		err = decodeErr
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// get returns one record. A flat resource (License) has no id and answers
// with its single record. Polling a job (GET admin/Job/<id>) counts as a
// poll and may complete it, so the job GET needs a writable transaction.
func (c *call) get(ctx context.Context) ([]map[string]any, error) {
	if c.res.Flat || c.res.Key == "" {
		return c.getFlat(ctx)
	}
	it, err := mustLoad(ctx, c.tx, c.req.Customer, c.res, c.req.ID)
	if err != nil {
		return nil, err
	}
	if c.res.Name == jobKind && statusOf(it.data) == jobRunning {
		if it, err = c.e.pollJob(ctx, c.tx, it); err != nil {
			return nil, err
		}
	}
	return []map[string]any{public(it.data)}, nil
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
		return nil, Errorf(404, "No %s is installed", c.res.Name)
	}
	return []map[string]any{public(found)}, nil
}

// head counts what list would return.
func (c *call) head(ctx context.Context) (int, error) {
	items, err := c.list(ctx)
	if err != nil {
		return 0, err
	}
	return len(items), nil
}

// idKey renders an integer id the way the store keys records.
func idKey(n int64) string { return strconv.FormatInt(n, 10) }
