package store

import (
	"context"
	"maps"
	"sync/atomic"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store/internal/base"
)

// Memory is the in-memory Store: full transactional semantics, nothing
// persisted. Readers never block: a View works on the committed version it
// started with. Writers (Update, Reset) are serialised by a one-slot
// semaphore that honours ctx.
//
// A record costs its bytes plus one 120-byte node (treap.go); an Update
// that stores many records packs them into chunks (arena.go), so that a
// bulk load leaves no half-empty memory behind.
type Memory struct {
	writer  chan struct{}
	current atomic.Pointer[memState]
	closed  atomic.Bool
	now     func() time.Time
	// gens numbers the Updates' builders (treap.go): a generation is used
	// by one Update only, and never after it.
	gens atomic.Uint64
}

// memState is one committed version. It is never modified once published:
// an Update copies what it changes.
type memState struct {
	records   *node
	sequences map[string]int64
	meta      map[string][]byte
	// version numbers the committed versions (Snapshot): each one
	// published is one more than the version it replaced.
	version uint64
}

var _ Store = (*Memory)(nil)

// NewMemory returns an empty in-memory store. Of the options only WithClock
// applies.
func NewMemory(opts ...Option) *Memory {
	cfg := base.NewConfig(opts)
	m := &Memory{writer: make(chan struct{}, 1), now: cfg.Now}
	m.current.Store(emptyState())
	return m
}

func emptyState() *memState {
	return &memState{sequences: map[string]int64{}, meta: map[string][]byte{}}
}

// View runs fn on the current committed version.
func (m *Memory) View(ctx context.Context, fn func(Tx) error) error {
	if err := m.usable(ctx); err != nil {
		return err
	}
	tx := &memTx{m: m, state: *m.current.Load()}
	defer func() { tx.done = true }()
	return fn(tx)
}

// Update runs fn on a private copy of the committed version and publishes
// it if fn succeeds.
func (m *Memory) Update(ctx context.Context, fn func(Tx) error) error {
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.unlock()
	tx := &memTx{m: m, state: *m.current.Load(), writable: true}
	tx.build.gen = m.gens.Add(1)
	err := fn(tx)
	tx.done = true
	if err != nil {
		return err
	}
	if err := m.usable(ctx); err != nil {
		return err
	}
	tx.state.version = m.current.Load().version + 1
	m.current.Store(&tx.state)
	return nil
}

// Reset replaces everything with an empty store.
func (m *Memory) Reset(ctx context.Context) error {
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.unlock()
	next := emptyState()
	next.version = m.current.Load().version + 1
	m.current.Store(next)
	return nil
}

// Close makes every later call fail with ErrClosed and drops the data.
func (m *Memory) Close() error {
	if m.closed.Swap(true) {
		return nil
	}
	m.current.Store(emptyState())
	return nil
}

func (m *Memory) usable(ctx context.Context) error {
	if m.closed.Load() {
		return ErrClosed
	}
	return ctx.Err()
}

func (m *Memory) lock(ctx context.Context) error {
	if err := m.usable(ctx); err != nil {
		return err
	}
	select {
	case m.writer <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	if m.closed.Load() {
		<-m.writer
		return ErrClosed
	}
	return nil
}

func (m *Memory) unlock() { <-m.writer }

// memTx is a transaction on its own copy of memState. The maps are shared
// with the committed version until the first write copies them; the treap
// shares every node it has not changed.
type memTx struct {
	m                *Memory
	state            memState
	writable         bool
	build            builder // an Update's: makes and changes its nodes
	ownSeqs, ownMeta bool
	done             bool
}

func (tx *memTx) check(ctx context.Context, write bool) error {
	switch {
	case tx.done:
		return ErrTxDone
	case write && !tx.writable:
		return ErrReadOnly
	}
	return tx.m.usable(ctx)
}

func (tx *memTx) Get(ctx context.Context, customer int64, kind, id string) (Record, error) {
	if err := tx.check(ctx, false); err != nil {
		return Record{}, err
	}
	if err := base.CheckKey("get", customer, kind, id); err != nil {
		return Record{}, err
	}
	order := base.OrderOf(id)
	n := find(tx.state.records, recordKey{customer, kind, order})
	if n == nil && customer != 0 {
		n = find(tx.state.records, recordKey{0, kind, order})
	}
	if n == nil {
		return Record{}, ErrNotFound
	}
	return copyRecord(n), nil
}

func (tx *memTx) Scan(ctx context.Context, f Filter, fn func(Record) bool) error {
	return tx.scan(ctx, f, fn, copyRecord)
}

// ScanShared is Scan handing out the records' own bytes (SharedScanner):
// a stored record's bytes are never modified, so they stay valid and
// unchanged.
func (tx *memTx) ScanShared(ctx context.Context, f Filter, fn func(Record) bool) error {
	return tx.scan(ctx, f, fn, (*node).record)
}

// memSnapshot names one committed version of one Memory.
type memSnapshot struct {
	m       *Memory
	version uint64
}

// Snapshot implements Snapshots: the committed version a View reads.
func (tx *memTx) Snapshot(context.Context) (any, bool) {
	if tx.writable || tx.done {
		return nil, false
	}
	return memSnapshot{tx.m, tx.state.version}, true
}

func (tx *memTx) scan(ctx context.Context, f Filter, fn func(Record) bool, out func(*node) Record) error {
	if err := tx.check(ctx, false); err != nil {
		return err
	}
	if tx.writable {
		// The walk holds nodes this Update may still change in place, and
		// fn may Put: freeze them by moving on to a new generation.
		tx.build.gen = tx.m.gens.Add(1)
	}
	if err := base.CheckFilter("scan", f.Customer, f.Kind, f.Limit); err != nil {
		return err
	}
	own := newKindRange(tx.state.records, f.Customer, f.Kind, f.AfterID)
	var global *kindRange
	if f.Customer != 0 {
		global = newKindRange(tx.state.records, 0, f.Kind, f.AfterID)
	}
	for visited := 0; f.Limit == 0 || visited < f.Limit; visited++ {
		// fn may run long (rendering, nested reads): a cancelled request
		// stops at the next record.
		if err := ctx.Err(); err != nil {
			return err
		}
		n := nextOf(own, global)
		if n == nil || !fn(out(n)) {
			return nil
		}
	}
	return nil
}

// kindRange walks the records of one (customer, kind) in id order.
type kindRange struct {
	cur      *cursor
	customer int64
	kind     string
}

// newKindRange starts after afterID ("" = from the first record).
func newKindRange(t *node, customer int64, kind, afterID string) *kindRange {
	r := &kindRange{customer: customer, kind: kind}
	if afterID == "" {
		r.cur = seek(t, recordKey{customer, kind, base.Order{Class: base.ClassStart}}, false)
	} else {
		r.cur = seek(t, recordKey{customer, kind, base.OrderOf(afterID)}, true)
	}
	return r
}

// head is the next record of the range, nil at its end.
func (r *kindRange) head() *node {
	if r == nil {
		return nil
	}
	n := r.cur.peek()
	if n == nil || n.customer != r.customer || n.kind != r.kind {
		return nil
	}
	return n
}

// nextOf pops the lower head of two ranges; on equal ids the global
// record (global is customer 0) goes first.
func nextOf(own, global *kindRange) *node {
	a, b := own.head(), global.head()
	switch {
	case a == nil && b == nil:
		return nil
	case b == nil || a != nil && a.order().Compare(b.order()) < 0:
		own.cur.advance()
		return a
	default:
		global.cur.advance()
		return b
	}
}

func (tx *memTx) Count(ctx context.Context, f Filter) (int, error) {
	if err := tx.check(ctx, false); err != nil {
		return 0, err
	}
	if err := base.CheckFilter("count", f.Customer, f.Kind, f.Limit); err != nil {
		return 0, err
	}
	n := countRange(tx.state.records, f.Customer, f.Kind, f.AfterID)
	if f.Customer != 0 {
		n += countRange(tx.state.records, 0, f.Kind, f.AfterID)
	}
	if f.Limit > 0 {
		n = min(n, f.Limit)
	}
	return n, nil
}

// countRange counts the records of (customer, kind) after afterID.
func countRange(t *node, customer int64, kind, afterID string) int {
	end := countBelow(t, recordKey{customer, kind, base.Order{Class: base.ClassEnd}}, false)
	if afterID == "" {
		return end - countBelow(t, recordKey{customer, kind, base.Order{Class: base.ClassStart}}, false)
	}
	return end - countBelow(t, recordKey{customer, kind, base.OrderOf(afterID)}, true)
}

func (tx *memTx) Put(ctx context.Context, r Record) error {
	if err := tx.check(ctx, true); err != nil {
		return err
	}
	if err := base.CheckRecord(r.Customer, r.Kind, r.ID, r.Data, r.Internal); err != nil {
		return err
	}
	k := recordKey{r.Customer, r.Kind, base.OrderOf(r.ID)}
	if old := find(tx.state.records, k); old != nil {
		r.Created, r.Updated = base.Stamp(r.Created, r.Updated, time.Unix(0, old.created), tx.m.now)
		tx.state.records = tx.build.replace(tx.state.records, k, tx.newNode(k, r))
	} else {
		r.Created, r.Updated = base.Stamp(r.Created, r.Updated, time.Time{}, tx.m.now)
		tx.state.records = tx.build.insert(tx.state.records, k, tx.newNode(k, r))
	}
	return nil
}

// newNode returns a node of tx's generation holding a copy of r.
func (tx *memTx) newNode(k recordKey, r Record) *node {
	a := &tx.build.arena
	n := a.node()
	n.buf = a.alloc(len(r.ID) + len(r.Data) + len(r.Internal))
	copy(n.buf, r.ID)
	copy(n.buf[len(r.ID):], r.Data)
	copy(n.buf[len(r.ID)+len(r.Data):], r.Internal)
	n.kind, n.customer, n.class, n.num = r.Kind, r.Customer, k.order.Class, k.order.Num
	n.idLen, n.dataLen = uint32(len(r.ID)), uint32(len(r.Data))
	n.created, n.updated = r.Created.UnixNano(), r.Updated.UnixNano()
	n.prio, n.size, n.gen = priority(k), 1, tx.build.gen
	return n
}

func (tx *memTx) Delete(ctx context.Context, customer int64, kind, id string) error {
	if err := tx.check(ctx, true); err != nil {
		return err
	}
	if err := base.CheckKey("delete", customer, kind, id); err != nil {
		return err
	}
	k := recordKey{customer, kind, base.OrderOf(id)}
	if find(tx.state.records, k) == nil {
		return ErrNotFound
	}
	tx.state.records = tx.build.remove(tx.state.records, k)
	return nil
}

func (tx *memTx) NextID(ctx context.Context, sequence string, floor int64) (int64, error) {
	if err := tx.check(ctx, true); err != nil {
		return 0, err
	}
	if sequence == "" {
		return 0, base.ErrEmptySequence
	}
	next, err := base.NextSequence(tx.state.sequences[sequence], floor)
	if err != nil {
		return 0, err
	}
	if !tx.ownSeqs {
		tx.state.sequences, tx.ownSeqs = maps.Clone(tx.state.sequences), true
	}
	tx.state.sequences[sequence] = next
	return next, nil
}

func (tx *memTx) GetMeta(ctx context.Context, key string) ([]byte, bool, error) {
	if err := tx.check(ctx, false); err != nil {
		return nil, false, err
	}
	if key == "" {
		return nil, false, base.ErrEmptyMetaKey
	}
	v, ok := tx.state.meta[key]
	if !ok {
		return nil, false, nil
	}
	return append([]byte{}, v...), true, nil
}

func (tx *memTx) PutMeta(ctx context.Context, key string, value []byte) error {
	if err := tx.check(ctx, true); err != nil {
		return err
	}
	if key == "" {
		return base.ErrEmptyMetaKey
	}
	if !tx.ownMeta {
		tx.state.meta, tx.ownMeta = maps.Clone(tx.state.meta), true
	}
	tx.state.meta[key] = append([]byte{}, value...)
	return nil
}

// copyRecord is n's record with bytes of its own (the id string shares the
// node's bytes, which never change).
func copyRecord(n *node) Record {
	r := n.record()
	r.Data, r.Internal = cloneBytes(r.Data), cloneBytes(r.Internal)
	return r
}

func cloneBytes(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}
