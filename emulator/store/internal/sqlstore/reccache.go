package sqlstore

import (
	"bytes"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// The records Gets read in a Batcher's transactions, remembered with
// their kind's generation (kindgen.go): a Get of the same key answers
// from memory while that generation stands, which by its rule means no
// record of the kind was written since, by this process or another. The
// reference data a write request reads (images, data centres, regions,
// billing codes, products) changes rarely; a launch reads half a dozen
// such records, each a statement on the store's critical path. Kinds the
// open batch wrote are read from the database, as are records of any kind
// when the Batcher keeps no generations.
type recordCache struct {
	entries map[recordKey]cachedRecord
	bytes   int
}

type recordKey struct {
	customer int64
	kind, id string
}

// cachedRecord is what Get answered: the record, or store.ErrNotFound.
type cachedRecord struct {
	gen   uint64
	rec   store.Record
	found bool
}

// Bounds of a Batcher's remembered records; when either is passed, all
// are forgotten.
const (
	recordCacheEntries = 4096
	recordCacheBytes   = 16 << 20
)

func newRecordCache() *recordCache { return &recordCache{entries: map[recordKey]cachedRecord{}} }

// cachedGet returns a copy of the remembered answer to a Get of k, if t may
// trust it.
func (t *sqlTx) cachedGet(k recordKey) (store.Record, bool, bool) {
	if t.records == nil || t.batch.wroteAll || t.batch.wrote[k.kind] {
		return store.Record{}, false, false
	}
	en, ok := t.records.entries[k]
	if !ok || en.gen != t.gens.of(k.kind) {
		return store.Record{}, false, false
	}
	r := en.rec
	r.Data, r.Internal = bytes.Clone(r.Data), bytes.Clone(r.Internal)
	return r, en.found, true
}

// remember keeps the answer to a Get of k read from the database.
func (t *sqlTx) remember(k recordKey, r store.Record, found bool) {
	if t.records == nil || t.batch.wroteAll || t.batch.wrote[k.kind] {
		return
	}
	c := t.records
	n := len(k.kind) + len(k.id) + len(r.Data) + len(r.Internal) + 64
	if len(c.entries) >= recordCacheEntries || c.bytes+n > recordCacheBytes {
		clear(c.entries)
		c.bytes = 0
	}
	if old, ok := c.entries[k]; ok {
		c.bytes -= len(k.kind) + len(k.id) + len(old.rec.Data) + len(old.rec.Internal) + 64
	}
	r.Data, r.Internal = bytes.Clone(r.Data), bytes.Clone(r.Internal)
	c.entries[k] = cachedRecord{gen: t.gens.of(k.kind), rec: r, found: found}
	c.bytes += n
}
