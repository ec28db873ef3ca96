// Package engine is the emulator's behaviour, independent of HTTP: list
// filtering, get, count, every create/update/action/delete of the catalogue,
// the job engine (progression from stored timestamps and poll counts), state
// transitions, detail-level rendering and API-key lookup. Every call runs
// inside a store transaction opened by the HTTP layer.
//
// Resource data is map[string]any decoded with json.Decoder.UseNumber; key
// order on the wire is derived from the catalogue by the HTTP layer, so maps
// are fine here.
package engine

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
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
}

// Engine holds configuration; all state lives in the store.
type Engine struct {
	cat *catalog.Catalog
	now func() time.Time
}

// New returns an engine. now is the clock (time.Now when nil); tests pass a
// controllable clock.
func New(cat *catalog.Catalog, now func() time.Time) *Engine {
	if now == nil {
		now = time.Now
	}
	return &Engine{cat: cat, now: now}
}

var errTODO = errors.New("engine: not implemented yet")

// Handle performs one operation.
func (e *Engine) Handle(ctx context.Context, tx store.Tx, req *Request) (*Response, error) {
	return nil, errTODO
}

// Settle advances every job of the customer that is due (by time or polls)
// and applies its effects. The HTTP layer calls it at the start of each
// request's transaction, so progress needs no background goroutine and
// survives restarts.
func (e *Engine) Settle(ctx context.Context, tx store.Tx, customer int64) error { return nil }

// Render returns item at the detail level: "none" keeps only the primary key,
// "basic" is the stored form, "extended" replaces each reference with the
// referenced resource's basic form (when it exists).
func (e *Engine) Render(ctx context.Context, tx store.Tx, customer int64, res *catalog.Resource, item map[string]any, details string) map[string]any {
	return item
}

// APIKey is the secret half of a key and what it grants.
type APIKey struct {
	AccessKey string `json:"accessKey"`
	SecretKey string `json:"secretKey"`
	Customer  int64  `json:"customer"`
	UserID    int64  `json:"userId"` // -1 for account-level keys
	Active    bool   `json:"active"`
}

// LookupKey finds an API key by access key (across customers).
func LookupKey(ctx context.Context, tx store.Tx, accessKey string) (APIKey, bool, error) {
	return APIKey{}, false, errTODO
}

// PutKey stores (or replaces) an API key's secret record.
func PutKey(ctx context.Context, tx store.Tx, k APIKey) error { return errTODO }

// JobMode says how jobs of a resource type or operation progress.
type JobMode struct {
	Mode     string        `json:"mode"`               // "immediate", "polls", "duration", "fail"
	Polls    int           `json:"polls,omitempty"`    // polls: COMPLETE on the Nth poll of the job
	Duration time.Duration `json:"duration,omitempty"` // duration: COMPLETE after this long
	Message  string        `json:"message,omitempty"`  // fail: ERROR with this message
}

// SetJobMode stores the mode for a scope: "" (default for all), a resource
// name ("Server") or "Resource.verb" ("Server.launch", "Server.delete").
// It is persisted (store meta) so it holds across restarts and processes.
func SetJobMode(ctx context.Context, tx store.Tx, scope string, m JobMode) error { return errTODO }

func newError(status int, format string, args ...any) *Error {
	return &Error{Status: status, Message: sprintf(format, args...)}
}
