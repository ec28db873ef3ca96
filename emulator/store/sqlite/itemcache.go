package sqlite

import (
	"sync"

	"github.com/mixcoatl/mixcoatl/emulator/internal/sizedmap"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// itemCache keeps ReadItem's answers while the database stays as they
// were read, so that a GET by id repeated on an unchanged database costs
// one look at the WAL-index header (walIndex; where it cannot be read,
// one PRAGMA data_version) instead of itemQuery.
//
// The header (observeHeader): SQLite rewrites it with every commit before
// the commit returns. Each ReadItem reads it first; the first to see a
// header other than the one kept empties the cache, moves the epoch on and
// keeps the new one. A ReadItem that finds the kept header unchanged after
// a commit C knows that whoever kept it read it after C was written, and
// emptied the cache then: what the cache holds was read in snapshots
// begun after that, so after C. The epoch rule below is the same for both
// ways of noticing, and each "unchanged" rests on an emptying done by the
// same way after the commit, so mixing them (a torn header read falls
// back to data_version) hides nothing either.
//
// data_version, how a change is noticed where the header cannot be read,
// in this process or another: SQLite changes a
// connection's data_version whenever another connection commits, and
// never for the connection's own commits (reader connections make none).
// Every ReadItem first reads its connection's data_version; the first
// connection to read a new value after a commit empties the cache and
// moves its epoch on. An answer is kept only under the epoch read before
// its statement's snapshot began, so an answer that misses a commit is
// either dropped by put (the epoch moved before it was kept) or emptied
// with the rest (the epoch moves after it): a commit, once any ReadItem
// has begun after it, is never hidden by the cache — a key revoked by
// another process is refused on the next request, as without the cache.
//
// Versions of different connections are not comparable (each connection
// counts its own), so one commit empties the cache once per connection
// that notices it; under a steady stream of writes the cache holds little
// and ReadItem pays the PRAGMA on top of itemQuery (about 5 µs).
type itemCache struct {
	mu      sync.RWMutex
	epoch   uint64
	entries *sizedmap.Map[itemKey, itemEntry]
	hdr     walHeader // the WAL-index header seen last (hdrSet: once seen)
	hdrSet  bool
}

// itemCacheBytes bounds the answers kept: GET-by-id answers of a few
// thousand records.
const itemCacheBytes = 8 << 20

// itemKey is what an answer depends on besides the database: every field
// of store.ItemRead but DueBefore (itemEntry keeps the first due id, so
// the answer holds for any bound).
type itemKey struct {
	customer                          int64
	kind, id, meta, dueKind, dueAfter string
}

func itemKeyOf(q store.ItemRead) itemKey {
	return itemKey{q.Customer, q.Kind, q.ID, q.MetaKey, q.DueKind, q.DueAfter}
}

// itemEntry is one answer. Its bytes are shared by every ReadItem that
// answers from it, and never modified.
type itemEntry struct {
	res      store.ItemResult // Due unset
	nextDue  string           // the first id of the due kind after DueAfter
	dueFound bool             // nextDue is set
}

// result is the answer to q (whose key is the entry's).
func (en itemEntry) result(q store.ItemRead) store.ItemResult {
	r := en.res
	r.Due = en.dueFound && en.nextDue < q.DueBefore
	return r
}

func (en itemEntry) size(k itemKey) int {
	const overhead = 256 // the map slot, the key's and the record's fixed parts
	return overhead + len(k.kind) + len(k.id) + len(k.meta) + len(k.dueKind) + len(k.dueAfter) + len(en.nextDue) +
		len(en.res.Meta) + len(en.res.Record.ID) + len(en.res.Record.Data) + len(en.res.Record.Internal)
}

func newItemCache(max int) *itemCache {
	return &itemCache{entries: sizedmap.New[itemKey, itemEntry](max)}
}

// changed empties the cache: a connection saw a commit.
func (c *itemCache) changed() {
	c.mu.Lock()
	c.epoch++
	c.entries.Clear()
	c.mu.Unlock()
}

// observeHeader reads the WAL-index header in w and empties the cache
// when it is not the one seen last. It reports false when the header
// cannot be read (w nil, torn, closed): the caller must then observe the
// connection's data_version instead.
func (c *itemCache) observeHeader(w *walIndex) bool {
	h, ok := w.header()
	if !ok {
		return false
	}
	c.mu.RLock()
	same := c.hdrSet && c.hdr == h
	c.mu.RUnlock()
	if same {
		return true
	}
	c.mu.Lock()
	if !c.hdrSet || c.hdr != h {
		c.hdr, c.hdrSet = h, true
		c.epoch++
		c.entries.Clear()
	}
	c.mu.Unlock()
	return true
}

// current is the epoch an answer about to be read will be kept under.
func (c *itemCache) current() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.epoch
}

func (c *itemCache) get(k itemKey) (itemEntry, bool) {
	c.mu.RLock()
	en, ok := c.entries.Get(k)
	c.mu.RUnlock()
	return en, ok
}

// put keeps en, read in a snapshot that began under epoch, unless the
// epoch has moved since. When full, arbitrary entries make room.
func (c *itemCache) put(k itemKey, epoch uint64, en itemEntry) {
	c.mu.Lock()
	if c.epoch == epoch {
		c.entries.Put(k, en, en.size(k))
	}
	c.mu.Unlock()
}
