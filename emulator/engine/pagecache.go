package engine

import (
	"bytes"
	"context"
	"sync"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// pageCache remembers the pages WireList assembled, so that a list read
// again from an unchanged store is one copy of its bytes onto the wire.
//
// The rule: a page is remembered with the store snapshot it was read from
// (store.Snapshots) and served again only to a transaction whose store
// names the same snapshot, for the same request: customer, resource, API
// version, query (filters), cursor and limit (pageKey) — everything a page
// is computed from besides the stored state, which the snapshot stands
// for. Nothing else goes in: filters and rendering read no clock, no user
// and no setting that changes while the engine runs. The memory store's
// snapshot is its committed version, which every Update and Reset
// replaces; SQLite's is the reader connection with its PRAGMA
// data_version, which SQLite moves whenever any connection commits, also
// another process's (another emulator, `mixcoatl --local`). So a write
// anywhere is seen by the next list; a page is never served from a state
// other than the one the reading transaction sees. Transactions that name
// no snapshot (writable ones, Postgres) assemble every page.
//
// A key keeps the pages of its last pageSnapshots snapshots: SQLite's
// reader connections each name their own snapshot of one state, and the
// same page read through each is kept once (the bytes are shared).
//
// It is bounded by size; when full, arbitrary keys make room, and a page
// too large for a quarter of it is not remembered.
type pageCache struct {
	mu      sync.Mutex
	max     int
	size    int
	entries map[pageKey][]pageEntry // oldest first
}

// pageCacheBytes bounds the remembered pages of each engine: a few dozen
// lists of a thousand servers, as the render cache bounds its renderings.
const pageCacheBytes = 32 << 20

// pageSnapshots bounds the snapshots a key keeps pages of: more than the
// SQLite store's reader connections on common machines (max(4, GOMAXPROCS)).
const pageSnapshots = 8

// pageKey is what a page depends on besides the store's state.
type pageKey struct {
	customer      int64
	kind, version string
	query         string // the filters as url.Values.Encode writes them (sorted)
	from          Cursor
	limit         int
}

func pageKeyOf(req *Request) pageKey {
	return pageKey{customer: req.Customer, kind: req.Resource.Name, version: req.Version,
		query: req.Query.Encode(), from: req.Cursor, limit: req.Limit}
}

// cost is what the entries of a key cost the cache (a body shared by
// several counts each time: an over-estimate is safe).
func (k pageKey) cost(ens []pageEntry) int {
	n := len(k.kind) + len(k.version) + len(k.query) + 64
	for _, en := range ens {
		n += len(en.page.Body) + len(en.page.Next.After) + 64
	}
	return n
}

type pageEntry struct {
	snap any // the store snapshot the page was read from
	page WirePage
}

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, entries: map[pageKey][]pageEntry{}}
}

// snapshotOf names the state tx reads, when its store can.
func snapshotOf(ctx context.Context, tx store.Tx) (any, bool) {
	s, ok := tx.(store.Snapshots)
	if !ok {
		return nil, false
	}
	return s.Snapshot(ctx)
}

func (c *pageCache) get(k pageKey, snap any) (WirePage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, en := range c.entries[k] {
		if en.snap == snap {
			return en.page, true
		}
	}
	return WirePage{}, false
}

func (c *pageCache) put(k pageKey, snap any, p WirePage) {
	if k.cost([]pageEntry{{page: p}}) > c.max/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	old, had := c.entries[k]
	ens := make([]pageEntry, 0, pageSnapshots)
	for _, en := range old[max(0, len(old)-pageSnapshots+1):] {
		if en.snap == snap {
			continue
		}
		if bytes.Equal(en.page.Body, p.Body) {
			p.Body = en.page.Body
		}
		ens = append(ens, en)
	}
	ens = append(ens, pageEntry{snap: snap, page: p})
	if had {
		delete(c.entries, k)
		c.size -= k.cost(old)
	}
	n := k.cost(ens)
	for victim, vs := range c.entries {
		if c.size+n <= c.max {
			break
		}
		delete(c.entries, victim)
		c.size -= victim.cost(vs)
	}
	c.entries[k] = ens
	c.size += n
}
