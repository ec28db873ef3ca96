package engine

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine/codec"
	"github.com/mixcoatl/mixcoatl/emulator/internal/sizedmap"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// WireItem is the fast path of the commonest read: GET of one item at
// basic detail, answered in JSON. It returns the item's rendered JSON
// object, the bytes Handle and Render followed by codec.AppendJSON (the
// HTTP layer's encoder) produce for it, without decoding the record when its Data is in
// canonical form (canon.go). ok is false when the request is not such a
// read (a flat resource, a read the catalogue marks Mutates — a job's GET
// counts a poll —, a resource derived rather than stored, another
// operation) or the record cannot be decoded; the caller then takes the
// slow path. A record answered as stored (plainAt) in canonical form is
// copied; any other is rendered for the version (and, if shared, the
// caller) and remembered.
// Errors are the ones Handle would return (400 bad id, 404, store faults).
//
// A record stored in another form (seeded, or written before canonical
// storage) is rendered once and remembered by its exact Data bytes, so
// another process's write to it is never missed: a changed record does not
// match its remembered bytes.
func (e *Engine) WireItem(ctx context.Context, tx store.Tx, req *Request) (item []byte, ok bool, err error) {
	res := req.Resource
	if !e.wireable(req) {
		return nil, false, nil
	}
	if e := checkID(res, req.ID); e != nil {
		return nil, false, e
	}
	id := storedID(res, req.ID)
	rec, found, err := loadRecord(ctx, tx, req.Customer, res.Name, id)
	if err != nil {
		return nil, false, err
	}
	if !found {
		return nil, false, notFound(res.Name, id)
	}
	wire, ok := e.wireRecord(res, rec, req.Customer, req.Version)
	return wire, ok, nil
}

// wireable reports whether req is a read WireItem answers.
func (e *Engine) wireable(req *Request) bool {
	res := req.Resource
	return res != nil && req.Op != nil && req.Op.Kind == catalog.KindGet && !req.Op.Mutates && !res.Flat && res.Key != "" &&
		e.cat != nil && !derived(res)
}

// storedID is a checked id as the store keys it (integers without
// leading zeros).
func storedID(res *catalog.Resource, id string) string {
	if res.KeyType == catalog.TypeInt && !canonicalInt(id) {
		n, _ := strconv.ParseInt(id, 10, 64)
		return strconv.FormatInt(n, 10)
	}
	return id
}

// canonicalInt reports whether id is an integer as FormatInt writes it
// (no sign but a minus, no leading zeros): then storedID is id itself,
// with nothing to allocate.
func canonicalInt(id string) bool {
	digits := strings.TrimPrefix(id, "-")
	if digits == "" || digits[0] == '0' && (len(digits) > 1 || len(id) > 1) || len(digits) > 18 {
		return false // "", "-", "007", "-0"; 19 digits may overflow, FormatInt decides
	}
	for i := range len(digits) {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
	}
	return true
}

// wireRecord is rec's basic JSON answer to the customer at version v: Data
// itself when it is canonical and answered as stored, otherwise the
// remembered or freshly rendered form. ok is false when rec cannot be
// decoded (the slow path then reports it).
func (e *Engine) wireRecord(res *catalog.Resource, rec store.Record, customer int64, v string) ([]byte, bool) {
	key := renderKey{customer: rec.Customer, kind: rec.Kind, id: rec.ID}
	if !e.plainAt(res, v, rec.Customer, rec.Data) {
		// The version or the caller changes the answer: it is remembered
		// per version (and per caller for a shared record).
		key.version = v
		if rec.Customer == 0 {
			key.caller = customer
		}
	} else if e.canonicalData(rec.Data, rec.Internal) {
		return rec.Data, true
	}
	if wire, hit := e.raw.get(key, rec.Data); hit {
		return wire, true
	}
	data, err := decodeObject(rec.Data)
	if err != nil {
		return nil, false
	}
	if _, err := decodeObject(rec.Internal); err != nil {
		return nil, false
	}
	// The slow path writes RenderAt's basic form with the same encoder.
	wire, err := codec.AppendJSON(make([]byte, 0, len(rec.Data)+64), e.answer(res, data, customer, v), codec.Of(e.cat, res))
	if err != nil {
		return nil, false
	}
	e.raw.put(key, bytes.Clone(rec.Data), wire)
	return wire, true
}

// loadRecord fetches a record visible to the customer (own or global)
// without decoding it.
func loadRecord(ctx context.Context, tx store.Tx, customer int64, kind, id string) (store.Record, bool, error) {
	for _, c := range [2]int64{customer, 0} {
		rec, err := tx.Get(ctx, c, kind, id)
		if errors.Is(err, store.ErrNotFound) {
			if c == 0 {
				break
			}
			continue
		}
		if err != nil {
			return store.Record{}, false, err
		}
		if rec.Customer != customer && rec.Customer != 0 {
			// Defensive: a store that ignored the customer must not leak.
			continue
		}
		return rec, true, nil
	}
	return store.Record{}, false, nil
}

// renderCacheBytes bounds the remembered renderings of each engine.
const renderCacheBytes = 32 << 20

type renderKey struct {
	customer int64
	kind, id string
	// version and caller are set when they change the answer (plainAt).
	version string
	caller  int64
}

// size is what the key costs the cache beside the bytes it keeps.
func (k renderKey) size() int { return len(k.kind) + len(k.id) + len(k.version) + 64 }

type renderEntry struct {
	data, wire []byte
}

// renderCache remembers basic JSON renderings of non-canonical records,
// keyed by record and validated by the record's exact Data bytes. It is
// bounded by size; when full, arbitrary entries make room.
type renderCache struct {
	mu      sync.RWMutex
	entries *sizedmap.Map[renderKey, renderEntry]
}

func newRenderCache(max int) *renderCache {
	return &renderCache{entries: sizedmap.New[renderKey, renderEntry](max)}
}

func (c *renderCache) get(k renderKey, data []byte) ([]byte, bool) {
	c.mu.RLock()
	en, ok := c.entries.Get(k)
	c.mu.RUnlock()
	if !ok || !bytes.Equal(en.data, data) {
		return nil, false
	}
	return en.wire, true
}

func (c *renderCache) put(k renderKey, data, wire []byte) {
	c.mu.Lock()
	c.entries.Put(k, renderEntry{data: data, wire: wire}, len(data)+len(wire)+k.size())
	c.mu.Unlock()
}

// Key is LookupKey remembering decoded keys.
//
// The rule for trusting a remembered key without reading it again (the
// read is a statement of its own in Postgres): the transaction's store
// tells its meta generation (store.MetaGenerations), the entry was read at
// that same generation, and less than keyTTL ago by this process's
// monotonic clock. So a key written or revoked through this process, and
// every Reset, is seen by the next request; one written by another
// emulator replica on the same Postgres within keyTTL. Stores without
// generations are read every time: memory, where a read costs a lookup,
// and SQLite, whose file other processes (`mixcoatl --local`, another
// emulator) write without this one counting their commits, so that only
// a read can see their revocation at once (a seek in a local file, and
// a GET by id reads the key inside its one statement, ReadItem). So are
// transactions that wrote meta themselves. A key read again is still only
// decoded when its stored bytes changed.
func (e *Engine) Key(ctx context.Context, tx store.Tx, accessKey string) (APIKey, bool, error) {
	if accessKey == "" {
		return APIKey{}, false, nil
	}
	gen, versioned := uint64(0), false
	if g, ok := tx.(store.MetaGenerations); ok {
		gen, versioned = g.MetaGeneration()
	}
	en, hit := e.keys.entry(accessKey)
	if hit && versioned && en.versioned && en.gen == gen && e.keys.now().Sub(en.read) < keyTTL {
		return en.key, true, nil
	}
	b, ok, err := tx.GetMeta(ctx, keyMeta(accessKey))
	if err != nil || !ok {
		return APIKey{}, false, err
	}
	k, err := e.keys.remember(accessKey, b, en, hit, gen, versioned)
	return k, err == nil, err
}

// entry returns what is remembered of accessKey's key, however old.
func (c *keyCache) entry(accessKey string) (keyEntry, bool) {
	c.mu.RLock()
	en, hit := c.entries[accessKey]
	c.mu.RUnlock()
	return en, hit
}

// remember decodes b, the stored bytes of accessKey's key just read (only
// when they differ from the entry's, en, which hit says exists), and
// keeps it as read at gen (versioned: see Key).
func (c *keyCache) remember(accessKey string, b []byte, en keyEntry, hit bool, gen uint64, versioned bool) (APIKey, error) {
	k := en.key
	if !hit || en.raw != string(b) {
		var err error
		if k, err = decodeKey(accessKey, b); err != nil {
			return APIKey{}, err
		}
	} else if !versioned && !en.versioned {
		return k, nil // nothing to note: the entry says the same
	}
	c.mu.Lock()
	if len(c.entries) >= keyCacheSize {
		clear(c.entries)
	}
	meta := en.meta
	if meta == "" {
		meta = keyMeta(accessKey)
	}
	c.entries[accessKey] = keyEntry{raw: string(b), key: k, meta: meta, gen: gen, versioned: versioned, read: c.now()}
	c.mu.Unlock()
	return k, nil
}

// keyCacheSize bounds the decoded API keys an engine remembers.
const keyCacheSize = 4096

// keyTTL bounds how long a remembered key is trusted without reading it
// again: how late a change made by another process is noticed (Key).
const keyTTL = time.Second

type keyEntry struct {
	raw  string
	key  APIKey
	meta string // keyMeta of the access key, made once
	// gen and versioned are the meta generation the key was read at; read
	// is when.
	gen       uint64
	versioned bool
	read      time.Time
}

type keyCache struct {
	mu      sync.RWMutex
	entries map[string]keyEntry
	// now is time.Now (its monotonic reading), not the engine's clock: an
	// emulator whose clock is frozen or moved must still notice another
	// process's key change. Tests replace it.
	now func() time.Time
}
