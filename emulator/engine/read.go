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

// ItemAnswer is what ReadItem found.
type ItemAnswer struct {
	Key APIKey // the caller's key, read with the record
	// Due says a job or scheduled action of the customer is due: the read
	// must run where Settle can write (the answer is not set).
	Due bool
	// Item is the answer, as WireItem returns it.
	Item []byte
}

// KnownCustomer is the customer of accessKey's key as this engine last
// read it, however long ago: what ReadItem is asked to read for. ok is
// false for a key never read.
func (e *Engine) KnownCustomer(accessKey string) (customer int64, ok bool) {
	en, ok := e.keys.entry(accessKey)
	return en.key.Customer, ok
}

// ReadItem is WireItem, Key and SettleDue in one store read: the record
// req names for req.Customer, the key accessKey, and whether one of
// req.Customer's pending events is due. A store.ItemReader (memory,
// SQLite) reads all three in one snapshot with no transaction around it,
// the key as stored now: reading it in the same snapshot as the record is
// what keeps it exact, a key changed or revoked by any process is seen by
// the next read (SQLite keeps an answer only while the WAL-index header,
// or where it cannot be read PRAGMA data_version, shows no commit since
// it was read), and a remembered key is only spared
// its decoding. Other stores read them in one View, the key by Key's rule.
//
// With accessKey "" no key is read and ans.Key is zero: the caller is
// whom the HTTP layer names without one (auth mode off's anonymous
// customer), and req.Customer is theirs.
//
// ok is false when the read cannot be answered this way, and the caller
// takes the usual path: req is not a WireItem read or its id is invalid
// (the usual path reports that after authenticating), the key is missing
// or belongs to another customer than req.Customer, the record is
// missing (a 404 is also answered after the due check, which the usual
// path makes in a transaction that can settle), or it cannot be decoded.
func (e *Engine) ReadItem(ctx context.Context, st store.Store, accessKey string, req *Request) (ItemAnswer, bool, error) {
	res := req.Resource
	if !e.wireable(req) || checkID(res, req.ID) != nil {
		return ItemAnswer{}, false, nil
	}
	q := store.ItemRead{Customer: req.Customer, Kind: res.Name, ID: storedID(res, req.ID),
		DueKind: pendingKind, DueAfter: pendingScanFrom, DueBefore: e.dueBefore()}
	var en keyEntry
	hit := false
	if accessKey != "" {
		en, hit = e.keys.entry(accessKey)
		if q.MetaKey = en.meta; q.MetaKey == "" {
			q.MetaKey = keyMeta(accessKey)
		}
	}
	var ans ItemAnswer
	var r store.ItemResult
	var err error
	ir, shared := st.(store.ItemReader)
	if shared {
		if r, err = ir.ReadItem(ctx, q); err != nil || accessKey != "" && !r.MetaFound {
			return ItemAnswer{}, false, err
		}
		ans.Key = en.key
		if accessKey != "" && (!hit || en.raw != string(r.Meta)) {
			if ans.Key, err = e.keys.remember(accessKey, r.Meta, en, hit, 0, false); err != nil {
				return ItemAnswer{}, false, err
			}
		}
	} else {
		var found bool
		if ans.Key, r, found, err = e.viewItem(ctx, st, accessKey, q); err != nil || !found {
			return ItemAnswer{}, false, err
		}
	}
	if accessKey != "" && ans.Key.Customer != req.Customer {
		return ItemAnswer{}, false, nil
	}
	if ans.Due = r.Due; ans.Due {
		return ans, true, nil
	}
	if !r.Found || r.Record.Customer != req.Customer && r.Record.Customer != 0 {
		return ItemAnswer{}, false, nil
	}
	var ok bool
	if shared {
		ans.Item, ok = e.wireShared(res, r.Record, req.Customer, req.Version)
	} else {
		ans.Item, ok = e.wireRecord(res, r.Record, req.Customer, req.Version)
	}
	return ans, ok, nil
}

// viewItem is ReadItem's reads for a store that is no ItemReader: one
// View, the key by Key's rule (remembered where the store offers
// generations, Postgres), the rest by the same reads.
func (e *Engine) viewItem(ctx context.Context, st store.Store, accessKey string, q store.ItemRead) (k APIKey, r store.ItemResult, found bool, err error) {
	q.MetaKey = ""
	found = accessKey == "" // no key to read
	err = st.View(ctx, func(tx store.Tx) error {
		if accessKey != "" {
			if k, found, err = e.Key(ctx, tx, accessKey); err != nil || !found {
				return err
			}
		}
		r, err = store.ReadItemIn(ctx, tx, q)
		return err
	})
	return k, r, found, err
}

// dueBefore is the upper bound of dueRange at the engine's now,
// remembered for the millisecond it was made for: under load many reads
// share one, instead of each building the same string.
func (e *Engine) dueBefore() string {
	now := e.now().UnixMilli()
	if b := e.due.Load(); b != nil && b.at == now {
		return b.before
	}
	_, before := dueRange(now)
	e.due.Store(&dueBound{at: now, before: before})
	return before
}

// dueBound is dueRange's bound for one millisecond.
type dueBound struct {
	at     int64
	before string
}
