package engine

import (
	"bytes"
	"context"
	"sync"

	"github.com/mixcoatl/mixcoatl/emulator/internal/sizedmap"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// refCache remembers the records a write's references named (checkRefs:
// a launch's machine image and data centre, a volume's server…) decoded,
// by their stored bytes. The records are reference data that rarely
// change, and decoding them was a good part of a launch's work inside the
// store's serialised Update. An entry is used only when the record just
// read holds exactly the bytes it was decoded from, so it cannot be
// stale whatever the store or whoever wrote it; what the caller gets is a
// deep copy (cloneValue), which it may change as it likes, as it could a
// decoded record.
type refCache struct {
	mu      sync.Mutex
	entries *sizedmap.Map[refKey, *item]
}

type refKey struct {
	customer int64
	kind, id string
}

// refCacheBytes bounds the stored bytes of the records an engine
// remembers decoded (their decoded forms take a few times as much).
const refCacheBytes = 4 << 20

func newRefCache() *refCache {
	return &refCache{entries: sizedmap.New[refKey, *item](refCacheBytes)}
}

// loadRef is load for a reference: the record decoded, from the cache
// when its bytes are those remembered.
func (e *Engine) loadRef(ctx context.Context, tx store.Tx, customer int64, kind, id string) (*item, bool, error) {
	rec, ok, err := loadRecord(ctx, tx, customer, kind, id)
	if err != nil || !ok {
		return nil, false, err
	}
	k := refKey{rec.Customer, kind, rec.ID}
	c := e.refs
	c.mu.Lock()
	kept, hit := c.entries.Get(k)
	c.mu.Unlock()
	if hit && bytes.Equal(kept.rec.Data, rec.Data) && bytes.Equal(kept.rec.Internal, rec.Internal) {
		return kept.copyAs(rec), true, nil
	}
	it, err := decodeRecord(rec)
	if err != nil {
		return nil, false, err
	}
	kept = it.copyAs(store.Record{Kind: rec.Kind, Data: bytes.Clone(rec.Data), Internal: bytes.Clone(rec.Internal)})
	c.mu.Lock()
	c.entries.Put(k, kept, len(rec.Data)+len(rec.Internal)+len(kind)+len(id))
	c.mu.Unlock()
	return it, true, nil
}

// copyAs is a deep copy of it's decoded state over rec.
func (it *item) copyAs(rec store.Record) *item {
	cp := &item{rec: rec}
	cp.data, _ = cloneValue(it.data).(map[string]any)
	cp.internal, _ = cloneValue(it.internal).(map[string]any)
	return cp
}
