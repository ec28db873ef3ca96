package engine

import (
	"context"
	"errors"
	"sync"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// productCache remembers which ServerProduct a launch's provider product
// id ("m1.large") resolved to, so that the next launch naming it reads
// that one product instead of scanning them all (a hundred in the seed,
// the largest part of a launch's work in the SQL stores).
//
// The rule for trusting an entry: the resolution depends on the products
// and the region the customer sees, nothing else, so an entry is used
// only in a transaction whose store reports the generations of both kinds
// (store.KindGenerations) equal to those the entry was resolved under:
// no record of either kind was written since, by this process or another.
// A store that cannot tell (memory, Postgres), or a transaction that wrote
// either kind itself, scans as before. The entry names the record found
// (its customer, the global area or the customer's own, and id); should
// that read fail to find it, the scan decides.
type productCache struct {
	mu      sync.Mutex
	entries map[productQuery]productEntry
}

// productQuery is one resolution by provider product id, and the kinds'
// generations it is asked under.
type productQuery struct {
	customer  int64
	want      string
	region    string // the region reference's id, as read by findProduct
	regionNum int64
	hasRegion bool
	products  any
	regions   any
}

// productEntry is the product a query found.
type productEntry struct {
	customer int64
	id       string
}

// productCacheSize bounds the remembered resolutions of each engine.
const productCacheSize = 1024

func newProductCache() *productCache {
	return &productCache{entries: map[productQuery]productEntry{}}
}

// query is the resolution of want in the region as tx's store sees it
// now; remembered is false when tx tells no generations.
func (pc *productCache) query(tx store.Tx, customer int64, want string, regionID any) (q productQuery, remembered bool) {
	g, ok := tx.(store.KindGenerations)
	if !ok {
		return productQuery{}, false
	}
	q = productQuery{customer: customer, want: want, hasRegion: regionID != nil}
	if q.hasRegion {
		q.region = idString(regionID)
		q.regionNum, _ = asInt(regionID)
	}
	var okP, okR bool
	q.products, okP = g.KindGeneration("ServerProduct")
	q.regions, okR = g.KindGeneration("Region")
	return q, okP && okR
}

// lookup reads the record of the product remembered for q; ok is false
// when there is none (or it is gone after all).
func (pc *productCache) lookup(ctx context.Context, tx store.Tx, q productQuery) (store.Record, bool, error) {
	pc.mu.Lock()
	en, hit := pc.entries[q]
	pc.mu.Unlock()
	if !hit {
		return store.Record{}, false, nil
	}
	rec, err := tx.Get(ctx, en.customer, "ServerProduct", en.id)
	if errors.Is(err, store.ErrNotFound) || err == nil && rec.Customer != en.customer {
		return store.Record{}, false, nil
	}
	if err != nil {
		return store.Record{}, false, err
	}
	return rec, true, nil
}

// put remembers the product q found.
func (pc *productCache) put(q productQuery, found store.Record) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if len(pc.entries) >= productCacheSize {
		clear(pc.entries)
	}
	pc.entries[q] = productEntry{customer: found.Customer, id: found.ID}
}
