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
//
// Meta values (GetMeta) are remembered the same way, under the meta
// generation (kindGens.metaOf): the API key an Update authenticates with,
// the job mode settings and the legacy pending list a launch checks are
// three more statements per write request otherwise. The SQLite store
// reads meta in every transaction (Dialect.Uncached) so that a key
// another process revokes is refused at once; here that still holds, as
// a commit by any other connection, seen when the batch begins, moves
// every generation, the meta one included.
type recordCache struct {
	entries map[recordKey]cachedRecord
	meta    map[string]cachedMeta
	seqs    map[string]cachedSeq // seqcache.go
	bytes   int
}

// cachedMeta is what GetMeta answered: the value, or that there is none.
type cachedMeta struct {
	gen   uint64
	value []byte
	found bool
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

func newRecordCache() *recordCache {
	return &recordCache{entries: map[recordKey]cachedRecord{}, meta: map[string]cachedMeta{}, seqs: map[string]cachedSeq{}}
}

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
	c.make(n)
	if old, ok := c.entries[k]; ok {
		c.bytes -= len(k.kind) + len(k.id) + len(old.rec.Data) + len(old.rec.Internal) + 64
	}
	r.Data, r.Internal = bytes.Clone(r.Data), bytes.Clone(r.Internal)
	c.entries[k] = cachedRecord{gen: t.gens.of(k.kind), rec: r, found: found}
	c.bytes += n
}

// make makes room for an entry of n bytes, forgetting everything when the
// bounds would be passed.
func (c *recordCache) make(n int) {
	if len(c.entries)+len(c.meta) >= recordCacheEntries || c.bytes+n > recordCacheBytes {
		clear(c.entries)
		clear(c.meta)
		c.bytes = 0
	}
}

// metaCacheable reports whether t may use and fill the remembered meta
// values: not once its batch wrote meta (which may be undone, or never
// committed) or was Reset.
func (t *sqlTx) metaCacheable() bool {
	return t.records != nil && !t.batch.wroteAll && !t.batch.touchedMeta
}

// cachedGetMeta returns a copy of the remembered answer to a GetMeta of
// key, if t may trust it.
func (t *sqlTx) cachedGetMeta(key string) (value []byte, found, ok bool) {
	if !t.metaCacheable() {
		return nil, false, false
	}
	en, ok := t.records.meta[key]
	if !ok || en.gen != t.gens.metaOf() {
		return nil, false, false
	}
	return bytes.Clone(en.value), en.found, true
}

// rememberMeta keeps the answer to a GetMeta of key read from the
// database.
func (t *sqlTx) rememberMeta(key string, value []byte, found bool) {
	if !t.metaCacheable() {
		return
	}
	c := t.records
	n := len(key) + len(value) + 64
	c.make(n)
	if old, ok := c.meta[key]; ok {
		c.bytes -= len(key) + len(old.value) + 64
	}
	c.meta[key] = cachedMeta{gen: t.gens.metaOf(), value: bytes.Clone(value), found: found}
	c.bytes += n
}
