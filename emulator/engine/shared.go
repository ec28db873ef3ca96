package engine

import (
	"sync"
	"unsafe"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/internal/sizedmap"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// sharedAnswers remembers wireRecord's answers for records a
// store.ItemReader hands out as shared bytes that no one modifies (the
// memory store's nodes, SQLite's kept answers): while the store hands out
// the same bytes, at the same address, the answer is the same, so it is
// found by that address instead of by wireRecord's scans of the bytes
// (plainAt's, canonicalData's, and the render cache's comparison of every
// byte). The entry holds the bytes it is keyed by, so their address
// cannot be reused for other bytes while it exists; a record written
// again is stored in new bytes, at another address, and so misses.
//
// What it keeps alive is bounded in bytes; a record the memory store
// bulk-loaded into a chunk (store/arena.go) keeps its chunk alive, which
// the store's other records of the chunk mostly do anyway.
type sharedAnswers struct {
	mu sync.RWMutex
	// entries are the answers, sized by their bytes and the bytes of
	// the records they keep alive.
	entries *sizedmap.Map[sharedKey, []byte]
}

// sharedAnswersBytes bounds what sharedAnswers keeps alive.
const sharedAnswersBytes = 8 << 20

// sharedKey is what wireRecord's answer depends on: the record's bytes
// (by address and length), its customer, the caller and the version.
type sharedKey struct {
	data, internal       *byte
	dataLen, internalLen int
	owner, caller        int64
	version              string
}

func newSharedAnswers(max int) *sharedAnswers {
	return &sharedAnswers{entries: sizedmap.New[sharedKey, []byte](max)}
}

// wireShared is wireRecord for a record whose bytes the store shares and
// never modifies (store.ItemReader's results).
func (e *Engine) wireShared(res *catalog.Resource, rec store.Record, customer int64, v string) ([]byte, bool) {
	if len(rec.Data) == 0 {
		return e.wireRecord(res, rec, customer, v)
	}
	k := sharedKey{data: unsafe.SliceData(rec.Data), dataLen: len(rec.Data), owner: rec.Customer, caller: customer, version: v}
	if len(rec.Internal) > 0 {
		k.internal, k.internalLen = unsafe.SliceData(rec.Internal), len(rec.Internal)
	}
	c := e.shared
	c.mu.RLock()
	wire, hit := c.entries.Get(k)
	c.mu.RUnlock()
	if hit {
		return wire, true
	}
	wire, ok := e.wireRecord(res, rec, customer, v)
	if !ok {
		return nil, false
	}
	n := len(rec.Data) + len(rec.Internal) + len(v) + 96
	if unsafe.SliceData(wire) != k.data {
		n += len(wire)
	}
	c.mu.Lock()
	c.entries.Put(k, wire, n)
	c.mu.Unlock()
	return wire, true
}
