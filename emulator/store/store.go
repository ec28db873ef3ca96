// Package store is the emulator's persistence: a small document store keyed
// by (customer, kind, id) holding each resource's wire JSON verbatim, plus
// per-kind id sequences and a key/value area for emulator settings.
//
// Every request of the emulator runs in exactly one transaction (Update for
// writes, View for reads): a rejected request changes nothing, an
// acknowledged one is durable. SQL in the implementations stays portable
// (SQLite now, Postgres later).
package store

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by Get and Delete for a missing record.
var ErrNotFound = errors.New("store: not found")

// Record is one stored resource.
type Record struct {
	Customer int64  // owning customer (tenant); 0 = global (visible to all, e.g. clouds)
	Kind     string // resource name from the catalogue, e.g. "Server", "Job"
	ID       string // primary key as a string ("331810", or an access key)
	// Data is the resource's wire JSON object, keys in the order they are rendered.
	Data []byte
	// Internal is emulator-private JSON (job progression, scheduled actions); never rendered.
	Internal []byte
	Created  time.Time
	Updated  time.Time
}

// Filter narrows Scan and Count to one kind as seen by one customer: that
// customer's records plus the global (Customer 0) ones.
type Filter struct {
	Customer int64
	Kind     string
	AfterID  string // resume after this id (numeric ids compare numerically)
	Limit    int    // 0 = no limit
}

// Tx is one transaction.
type Tx interface {
	Get(ctx context.Context, customer int64, kind, id string) (Record, error)
	// Scan calls fn for each matching record in ascending id order (numeric ids
	// numerically) until fn returns false.
	Scan(ctx context.Context, f Filter, fn func(Record) bool) error
	Count(ctx context.Context, f Filter) (int, error)
	// Put inserts or replaces the record (Created is kept on replace).
	Put(ctx context.Context, r Record) error
	Delete(ctx context.Context, customer int64, kind, id string) error
	// NextID returns an integer greater than every value it returned before
	// for the sequence and at least floor. The engine calls it with floor 1
	// for new ids; the seed loader calls it with max(seed id)+1 to move a
	// sequence past seeded ids.
	NextID(ctx context.Context, sequence string, floor int64) (int64, error)
	GetMeta(ctx context.Context, key string) ([]byte, bool, error)
	PutMeta(ctx context.Context, key string, value []byte) error
}

// Store opens transactions.
type Store interface {
	// View runs fn in a read-only transaction.
	View(ctx context.Context, fn func(Tx) error) error
	// Update runs fn in a read-write transaction, committed only if fn returns nil.
	Update(ctx context.Context, fn func(Tx) error) error
	// Reset deletes everything (records, sequences, meta).
	Reset(ctx context.Context) error
	Close() error
}
