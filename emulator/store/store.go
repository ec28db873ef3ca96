// Package store is the emulator's persistence: a small document store keyed
// by (customer, kind, id) holding each resource's wire JSON verbatim, plus
// per-kind id sequences and a key/value area for emulator settings.
//
// Every request of the emulator runs in exactly one transaction (Update for
// writes, View for reads): a rejected request changes nothing, an
// acknowledged one is durable. Do not open a transaction from inside
// another's fn: Updates are serialised, so a nested Update waits for
// itself until ctx ends.
//
// # Implementations
//
// This package holds the interface and NewMemory; the persistent stores
// are sub-packages, so that importing this one (as the emulator and
// dcmtest do) links no database driver:
//
//   - NewMemory keeps everything in one persistent (path-copying) treap: a
//     View reads the committed version it started on without locking, an
//     Update builds the next version beside it and publishes it with one
//     pointer swap, so a failed Update costs nothing to undo. Operations
//     are O(log n); Scan walks in order from a seek, never re-sorting.
//   - sqlite.Open stores in one SQLite file through modernc.org/sqlite
//     (pure Go), which several processes may share: WAL, BEGIN IMMEDIATE
//     writers, an acknowledged commit survives kill -9 of the process.
//   - postgres.Open stores in a Postgres database (pgx) that several
//     emulator replicas share.
//   - open.Store opens whichever a --data value names (a file path or a
//     postgres:// URL); it is what links both drivers.
//
// # Group commit
//
// The SQL stores let concurrent Updates of one process share one
// transaction and one COMMIT (sqlstore.Batcher in
// emulator/store/internal/sqlstore has the rule): their fns run one at a
// time, in queue order, each after the batch's first in a savepoint of its
// own; a failing or panicking fn is undone alone (rolled back to its
// savepoint, or the first one with the whole transaction); every Update of
// a batch returns only after the batch's COMMIT, with its error if that
// failed. What a caller sees is what this interface promises of any Update
// (serialised, a failed fn leaves nothing, an acknowledged one is
// durable); only the cost of a commit is shared. A lone Update never waits
// for company, and a batch is bounded in Updates, bytes and time.
//
// The two SQL stores share their transaction code and a portable schema
// (plain tables, TEXT/BIGINT, no JSON functions, ON CONFLICT upserts,
// explicit ORDER BY); the schema version lives in its own table,
// store_info, so Reset and meta writes cannot touch it.
//
// # Order and visibility
//
// Ids that parse as 64-bit integers sort first, numerically (ties such as
// "7" and "07" by text); all other ids follow, bytewise. The SQL stores
// keep the integer value in a nullable id_num column and scan integer and
// other ids with two index-ordered queries. A Filter for customer C sees
// C's records and the global ones (customer 0), merged in id order; Get
// falls back to the global record, Put and Delete address exactly one key.
//
// The behaviour every implementation shares is one suite, storetest.Run;
// a new implementation passes it before anything uses it.
package store

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by Get and Delete for a missing record.
var ErrNotFound = errors.New("store: not found")

// ErrReadOnly is returned by a write in a View transaction.
var ErrReadOnly = errors.New("store: write in a read-only transaction")

// ErrTxDone is returned by a Tx used after its View/Update returned.
var ErrTxDone = errors.New("store: transaction already finished")

// ErrClosed is returned by a store used after Close.
var ErrClosed = errors.New("store: closed")

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

// Tx is one transaction. It is used by one goroutine and only until the
// View/Update that opened it returns (afterwards every call fails with
// ErrTxDone). Every call checks ctx first.
type Tx interface {
	// Get returns the customer's record; when the customer has none and is
	// not 0 it returns the global (Customer 0) record with that id, so a
	// caller reads what the customer sees. The returned Record's Customer
	// tells which one it is. Missing: ErrNotFound.
	Get(ctx context.Context, customer int64, kind, id string) (Record, error)
	// Scan calls fn for each matching record in ascending id order until fn
	// returns false. Ids that are 64-bit integers come first, numerically;
	// other ids follow, bytewise. A customer's record and a global one with
	// the same id are both visited, the global one first.
	Scan(ctx context.Context, f Filter, fn func(Record) bool) error
	// Count returns how many records Scan would visit (AfterID and Limit
	// apply).
	Count(ctx context.Context, f Filter) (int, error)
	// Put inserts or replaces the record at exactly (Customer, Kind, ID).
	// Data must be valid JSON; Internal empty or valid JSON. On replace the
	// stored Created is kept; on insert a zero Created becomes now. A zero
	// Updated becomes now. Times are stored with nanosecond precision, UTC.
	Put(ctx context.Context, r Record) error
	// Delete removes the record at exactly (customer, kind, id) (no global
	// fallback). Missing: ErrNotFound.
	Delete(ctx context.Context, customer int64, kind, id string) error
	// NextID returns an integer greater than every value it returned before
	// for the sequence and at least floor. The engine calls it with floor 1
	// for new ids; the seed loader calls it with max(seed id)+1 to move a
	// sequence past seeded ids. Like everything else it is transactional: a
	// value handed out by an Update that did not commit may come again.
	// Sequences are named freely (one per kind, by convention the kind).
	NextID(ctx context.Context, sequence string, floor int64) (int64, error)
	// GetMeta returns the value stored under key; ok is false when there is
	// none.
	GetMeta(ctx context.Context, key string) (value []byte, ok bool, err error)
	// PutMeta stores value (any bytes, empty included) under key.
	PutMeta(ctx context.Context, key string, value []byte) error
}

// SharedScanner is implemented by the transactions of stores whose
// records never change once stored (Memory's, which copies on write):
// ScanShared is Scan without copying each record's bytes. The Data and
// Internal fn receives are the store's own: they must never be modified,
// and they may be kept after the transaction (they stay as they are).
// Reads of many records (a list) use it where a store offers it.
type SharedScanner interface {
	ScanShared(ctx context.Context, f Filter, fn func(Record) bool) error
}

// Store opens transactions.
type Store interface {
	// View runs fn in a read-only transaction that sees one consistent
	// snapshot; writes fail with ErrReadOnly. It returns fn's error.
	View(ctx context.Context, fn func(Tx) error) error
	// Update runs fn in a read-write transaction, committed only if fn
	// returns nil and ctx is still live when it does; otherwise nothing of
	// it remains. Updates are serialised; their changes are invisible to
	// other transactions until committed, and durable once Update returns
	// nil. A store may commit concurrent Updates together (see Group
	// commit): Update then returns once the shared COMMIT did.
	Update(ctx context.Context, fn func(Tx) error) error
	// Reset deletes everything (records, sequences, meta) in one
	// transaction.
	Reset(ctx context.Context) error
	// Close releases the store; later calls fail with ErrClosed. Closing
	// twice is harmless.
	Close() error
}

// MetaGenerations is implemented by the transactions of stores whose meta
// values a caller may cache in process (Postgres, where every GetMeta is
// a statement; SQLite's report ok=false: other processes on its file
// must be seen at once, and a read there is a local seek). MetaGeneration returns a counter of this
// process's commits that changed meta values, read when the transaction
// started (before its snapshot); a value read in a transaction whose
// counter is still current when the cache is consulted has not been
// changed by this process since. ok is false once the transaction itself
// wrote meta (its reads may never be committed).
//
// Other processes' writes (another emulator replica, `mixcoatl --local`)
// do not move the counter: a cache must bound how long it trusts a value
// without re-reading it (engine.Key: keyTTL).
type MetaGenerations interface {
	MetaGeneration() (gen uint64, ok bool)
}

// Snapshots is implemented by the transactions of stores that can name the
// committed state a transaction reads, so that a caller may remember what
// it derived from that state (engine.WireList remembers whole list pages).
// Snapshot returns a comparable value: two transactions of the store given
// equal values (==) read the same records, sequences and meta, whichever
// process wrote them. ok is false when the transaction cannot tell (it is
// writable, or asking failed); the caller then reads as usual.
//
// The memory store names its committed version (every Update and Reset
// publishes a new one). SQLite names the reader connection with its
// PRAGMA data_version, which SQLite changes on that connection whenever any
// other connection, in this process or another, commits (the readers
// never commit): it is what SQLite itself trusts its page cache by.
// Postgres names none.
type Snapshots interface {
	Snapshot(ctx context.Context) (snap any, ok bool)
}

// KindGenerations is implemented by the writable transactions of stores
// that can tell whether the records of a kind changed between two
// Updates, so that a caller may remember what it derived from them (the
// engine remembers which product a launch's provider product id named).
// KindGeneration returns a comparable value: two transactions of the
// store given equal values for a kind read the same records of that kind,
// of every customer, whichever process wrote them. ok is false when the
// transaction cannot tell: it, or an Update sharing its commit (see Group
// commit), wrote records of that kind, or the store cannot see every
// writer (SQLite's writer connection sees other processes' commits by its
// PRAGMA data_version; Postgres replicas see none of each other's, and
// the memory store offers none).
type KindGenerations interface {
	KindGeneration(kind string) (gen any, ok bool)
}
