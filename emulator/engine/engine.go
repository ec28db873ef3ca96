// Package engine is the emulator's behaviour, independent of HTTP: list
// filtering, get, count, every create/update/action/delete of the catalogue,
// the job engine (progression from stored timestamps and poll counts), state
// transitions, detail-level rendering and API-key lookup. Every call runs
// inside a store transaction opened by the HTTP layer.
//
// Resources with states follow one state machine, built from the
// catalogue's transitions (catalog.Op.State) and described in
// transition.go and, for readers of the emulator rather than of its code,
// in docs/emulator-behaviour.md: an operation is accepted only from the
// states its transition allows, a later operation supersedes the one in
// flight, and a job applies its effect only while it still owns its
// record, so an acknowledged terminate or delete is never undone.
//
// Resource data is map[string]any decoded with json.Decoder.UseNumber; key
// order on the wire is derived from the catalogue by codec, the one JSON
// encoder (the engine's canonical stored form and the HTTP layer's answers),
// so maps are fine here.
package engine

import (
	"context"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// Error is a client-visible failure: HTTP status and the message that goes
// into {"error":{"message":…}}.
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf builds an *Error.
func Errorf(status int, format string, args ...any) *Error { return newError(status, format, args...) }

// Request is one resource operation, already routed and authenticated.
type Request struct {
	Customer int64             // the caller's customer (from the API key)
	UserID   int64             // the caller's user (-1 for account-level keys)
	Resource *catalog.Resource // target resource
	Op       *catalog.Op       // selected for Version; nil only for unknown verbs (engine answers 400)
	ID       string            // item id for get/update/action/delete ("" for list/head/create)
	Query    url.Values        // query string (filters, reason, terminateAfter…)
	Version  string            // API version of the URL
	// Cursor and Limit select one page of a list: up to Limit matches from
	// Cursor (Limit 0: the whole list from Cursor).
	Cursor Cursor
	Limit  int
	// Body is the decoded value under the verb key ({"launch":[{…}]} → []any{map…};
	// {"addGroup":{"group":{…}}} → map{"group":…}); nil for reads and deletes.
	Body any
}

// Response is the outcome the HTTP layer renders.
type Response struct {
	Status int              // 200, 201, 202, 204
	Items  []map[string]any // list/get (already filtered, in id order) and 201 bodies, in basic form
	Jobs   []map[string]any // 202 bodies
	Count  int              // head
	// More reports that a list has matches after Items (only with a
	// Request.Limit); Next is where they start.
	More bool
	Next Cursor
	// Version is the API version the items are answered in (RenderAt).
	Version string
}

// Engine holds configuration; all state lives in the store.
type Engine struct {
	cat  *catalog.Catalog
	now  func() time.Time
	fp   uint32       // catalogue fingerprint in canonical-form markers
	crc  *checksum    // the markers' checksum (CRC-32C)
	raw  *renderCache // basic JSON forms of records stored in another form
	keys *keyCache    // decoded API keys by their stored bytes
	// secrets are the member names no answer may hold, from cat.
	secrets wire.Secrets
	// final are the states no operation leaves (finalStates).
	final map[string]bool
	// versioned are the fields that depend on the API version, by
	// resource (view.go).
	versioned map[string][]*catalog.Field
	// pages are the list pages WireList assembled, by store snapshot.
	pages *pageCache
	// products are launches' products by provider product id, by kind
	// generations (products.go).
	products *productCache
	// due is the due bound of the millisecond ReadItem read last.
	due atomic.Pointer[dueBound]
	// shared are ReadItem's answers by the address of the shared record
	// bytes they answer.
	shared *sharedAnswers
	// refs are the records writes referenced, decoded (refcache.go).
	refs *refCache
}

// New returns an engine. now is the clock (time.Now when nil); tests pass a
// controllable clock.
func New(cat *catalog.Catalog, now func() time.Time) *Engine {
	if now == nil {
		now = time.Now
	}
	crc := newChecksum()
	return &Engine{cat: cat, now: now, fp: catalogFingerprint(cat, crc), crc: crc, raw: newRenderCache(renderCacheBytes),
		keys: &keyCache{entries: map[string]keyEntry{}, now: time.Now}, secrets: wire.SecretsOf(cat), final: finalStates(cat),
		versioned: versionedFields(cat), pages: newPageCache(pageCacheBytes), products: newProductCache(),
		shared: newSharedAnswers(sharedAnswersBytes), refs: newRefCache()}
}

// Handle performs one operation. Reads return 200 with the items (basic
// form, secrets removed); writes validate the payload against the
// catalogue, apply the change and answer 201 (sync create), 202 (async, with
// the job) or 204. Every failure the client caused is an *Error.
func (e *Engine) Handle(ctx context.Context, tx store.Tx, req *Request) (*Response, error) {
	if req == nil || req.Resource == nil {
		return nil, Errorf(http.StatusBadRequest, "no resource given")
	}
	if req.Op == nil {
		return nil, Errorf(http.StatusBadRequest, "%s does not support this operation in API version %s", req.Resource.Path, req.Version)
	}
	resp, err := e.newCall(tx, req).run(ctx)
	if resp != nil {
		resp.Version = req.Version
	}
	return resp, err
}

// newCall starts a call of req (whose Resource and Op are set) at the
// clock's current reading.
func (e *Engine) newCall(tx store.Tx, req *Request) *call {
	c := &call{env: env{e: e, tx: tx, customer: req.Customer, user: req.UserID, now: e.now()}, req: req, res: req.Resource, op: req.Op}
	c.verb = req.Op.Verb
	if c.verb == "" {
		c.verb = string(req.Op.Kind)
	}
	return c
}

// run performs the call's operation.
func (c *call) run(ctx context.Context) (*Response, error) {
	req := c.req
	switch req.Op.Kind {
	case catalog.KindList:
		items, next, more, err := c.list(ctx, req.Cursor, req.Limit)
		if err != nil {
			return nil, err
		}
		return &Response{Status: http.StatusOK, Items: items, More: more, Next: next}, nil
	case catalog.KindGet:
		items, err := c.get(ctx)
		if err != nil {
			return nil, err
		}
		return &Response{Status: http.StatusOK, Items: items}, nil
	case catalog.KindHead:
		n, err := c.head(ctx)
		if err != nil {
			return nil, err
		}
		return &Response{Status: http.StatusOK, Count: n}, nil
	case catalog.KindCreate:
		return c.create(ctx)
	case catalog.KindUpdate, catalog.KindAction:
		return c.change(ctx)
	case catalog.KindDelete:
		return c.remove(ctx)
	}
	return nil, Errorf(http.StatusBadRequest, "unknown operation kind %q", req.Op.Kind)
}

// env is what every behaviour needs: the transaction, the clock reading of
// this request and the caller.
type env struct {
	e        *Engine
	tx       store.Tx
	customer int64
	user     int64
	now      time.Time
	// unindexed are pending events (pendingByID) known to have no entry in
	// the index: those settle took out in this pass and did not put back,
	// and a job started just now. Ending their jobs needs no lookup there.
	unindexed map[string]bool
}

// call is one Handle invocation.
type call struct {
	env
	req  *Request
	res  *catalog.Resource
	op   *catalog.Op
	verb string
	// refs holds the records the payload references, by payload field.
	refs map[string][]*item
	// caller is the caller's User record once callerUser loaded it (nil
	// when there is none): a create reads it for its account and groups.
	caller       *item
	callerLoaded bool
}

// errorf builds an *Error prefixed with the operation's verb, so messages
// read "launch: field \"dataCenter\": required".
func (c *call) errorf(status int, format string, args ...any) *Error {
	return Errorf(status, "%s: %s", c.verb, sprintf(format, args...))
}

// Settle advances every job of the customer that is due by time and fires
// due scheduled server actions. The HTTP layer calls it at the start of
// each request's (writable) transaction, so progress needs no background
// goroutine and survives restarts. When nothing is due it costs one seek
// in the store's pending index (settle.go), however many events wait.
func (e *Engine) Settle(ctx context.Context, tx store.Tx, customer int64) error {
	return e.settle(ctx, tx, customer)
}

// SettleDue reports whether Settle would change anything for the customer
// now: some job or scheduled action is due. When it is not, a read may run
// in a read-only transaction and still see what a Settle would have shown.
func (e *Engine) SettleDue(ctx context.Context, tx store.Tx, customer int64) (bool, error) {
	after, before := dueRange(e.now().UnixMilli())
	return store.HasInRange(ctx, tx, customer, pendingKind, after, before)
}

func newError(status int, format string, args ...any) *Error {
	return &Error{Status: status, Message: sprintf(format, args...)}
}
