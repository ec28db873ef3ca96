package engine

import (
	"bytes"
	"context"
	"sync"

	"github.com/mixcoatl/mixcoatl/emulator/internal/sizedmap"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// refCache remembers the records a write only reads (its references: a
// launch's machine image, data centre, product and region, the caller's
// user or account) decoded, by their stored bytes. They are reference
// data that rarely change, and decoding them was a good part of a
// launch's work inside the store's serialised Update. A decoded object is
// used only when the record just read holds exactly the bytes it was
// decoded from, so it cannot be stale whatever the store or whoever
// wrote it; what the caller gets is a deep copy (cloneValue), which it
// may change as it likes, as it could a decoded record.
type refCache struct {
	mu      sync.Mutex
	entries *sizedmap.Map[refKey, decodedObject]
}

// refKey names one stored JSON object: a record's Data or its Internal.
type refKey struct {
	customer int64
	kind, id string
	internal bool
}

// decodedObject is an object and the bytes it was decoded from.
type decodedObject struct {
	raw []byte
	obj map[string]any
}

// refCacheBytes bounds the stored bytes of the objects an engine
// remembers decoded (their decoded forms take a few times as much).
const refCacheBytes = 4 << 20

func newRefCache() *refCache {
	return &refCache{entries: sizedmap.New[refKey, decodedObject](refCacheBytes)}
}

// decodeObject is decodeObject(b) for the object k names, from the cache
// when b holds the bytes remembered.
func (c *refCache) decodeObject(k refKey, b []byte) (map[string]any, error) {
	c.mu.Lock()
	kept, hit := c.entries.Get(k)
	c.mu.Unlock()
	if hit && bytes.Equal(kept.raw, b) {
		m, _ := cloneValue(kept.obj).(map[string]any)
		return m, nil
	}
	m, err := decodeObject(b)
	if err != nil {
		return nil, err
	}
	kept = decodedObject{raw: bytes.Clone(b), obj: cloneValue(m).(map[string]any)}
	c.mu.Lock()
	c.entries.Put(k, kept, len(b)+len(k.kind)+len(k.id))
	c.mu.Unlock()
	return m, nil
}

// decodeRef is decodeRecord for a record the caller only reads, through
// the cache.
func (e *Engine) decodeRef(rec store.Record) (*item, error) {
	k := refKey{customer: rec.Customer, kind: rec.Kind, id: rec.ID}
	data, err := e.refs.decodeObject(k, rec.Data)
	if err != nil {
		return nil, err
	}
	k.internal = true
	internal, err := e.refs.decodeObject(k, rec.Internal)
	if err != nil {
		return nil, err
	}
	delete(internal, canonKey) // as decodeRecord
	return &item{rec: rec, data: data, internal: internal}, nil
}

// loadRef is load for a record the caller only reads, through the cache.
func (e *Engine) loadRef(ctx context.Context, tx store.Tx, customer int64, kind, id string) (*item, bool, error) {
	rec, ok, err := loadRecord(ctx, tx, customer, kind, id)
	if err != nil || !ok {
		return nil, false, err
	}
	it, err := e.decodeRef(rec)
	if err != nil {
		return nil, false, err
	}
	return it, true, nil
}
