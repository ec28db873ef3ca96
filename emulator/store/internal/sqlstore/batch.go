package sqlstore

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// Group commit.
//
// A Batcher lets concurrent Updates of a store share one transaction and
// one COMMIT. The rule:
//
//   - One Update at a time holds the writer connection. The first to find
//     it free begins a transaction (BEGIN IMMEDIATE in SQLite: the write
//     lock first) and runs its fn (in no savepoint: if it fails, the whole
//     transaction, which holds nothing else, is rolled back, and the next
//     queued Update begins anew). When its fn returns,
//     if other Updates are already queued and the batch is within its
//     Limits, the next queued one runs its fn in the same transaction,
//     inside a savepoint of its own; and so on. Nobody waits for company:
//     an Update that finds nobody queued behind it commits at once.
//   - A fn that fails, panics, or whose ctx is dead when it returns is
//     rolled back to its savepoint (ROLLBACK TO, RELEASE): it leaves
//     nothing, the Updates before and after it in the batch are not
//     disturbed, and its caller gets its error (or its panic) at once.
//   - fns run one at a time, in queue order, each on its caller's
//     goroutine, in the one transaction: each sees the effects of those
//     kept before it, as with one transaction per Update.
//   - The Update whose fn is the batch's last commits it. Each kept Update
//     returns only then: nil when the COMMIT succeeded (so an acknowledged
//     write is as durable as before), the COMMIT's error otherwise, which
//     every kept Update of the batch gets — none of them is committed.
//   - A ctx is checked when its fn returns (a dead one rolls back, as
//     before); once kept, its Update waits for the batch's COMMIT whatever
//     its ctx does, since the write may already be durable. A ctx that
//     ends while its Update is queued takes it out of the queue.
//   - Should a savepoint statement fail (the connection or the database
//     broke, or SQLite rolled the transaction back by itself after an I/O
//     error) the whole batch is rolled back and every Update in it fails.
//
// Other processes sharing the database are unaffected: a batch is one
// ordinary write transaction, holding the write lock for at most
// Limits.Time plus one fn.
type Batcher struct {
	s      *Store
	c      WriteConn
	limits Limits

	mu      sync.Mutex
	busy    bool     // an Update holds the writer connection
	queue   []*write // Updates waiting for it, in order
	closed  bool
	stopped chan struct{} // closed when a closed Batcher's last holder leaves

	// The holder's: the open batch, if any.
	open  bool
	start time.Time
	n     int // Updates the batch has run
	st    batchState
	kept  []*write
	// gens are the kind generations (kindgen.go), nil when c cannot see
	// other connections' commits; records are the Gets remembered by them
	// (reccache.go).
	gens    *kindGens
	records *recordCache
}

// WriteConn is the connection a Batcher writes through, one transaction at
// a time; its Exec also runs the savepoint statements.
type WriteConn interface {
	Conn
	// Begin starts a write transaction, taking the database's write lock
	// first where the database has one (SQLite's BEGIN IMMEDIATE, the
	// Postgres store's advisory lock). Its ctx is the first Update's.
	Begin(ctx context.Context) error
	// Rollback abandons the open transaction, if any.
	Rollback(ctx context.Context) error
}

// Limits bound a batch: no more Updates join it once it ran Writes of
// them, its kept fns wrote Bytes of data (records and meta values), or it
// has been open for Time. They keep the first caller's latency and the
// write lock's hold short under load; a lone Update is never held back.
type Limits struct {
	Writes int
	Bytes  int
	Time   time.Duration
}

// DefaultLimits are the batch limits of the SQL stores: a launch's fn
// takes a fraction of a millisecond, so under load a batch closes after a
// few milliseconds, which is also the most its first Update waits for the
// others.
func DefaultLimits() Limits { return Limits{Writes: 64, Bytes: 4 << 20, Time: 5 * time.Millisecond} }

// write is one Update.
type write struct {
	ctx  context.Context
	fn   func(store.Tx) error
	turn chan struct{} // the writer connection is this Update's now
	done chan error    // the Update's result; buffered, so no sender waits
}

// batchState is what the Updates of one batch share.
type batchState struct {
	wroteMeta bool // a kept Update wrote meta (store.MetaGenerations)
	written   int  // bytes the kept Updates wrote
	// wrote are the kinds whose records an Update of the batch wrote,
	// kept or not; wroteAll, a Reset (kindgen.go).
	wrote    map[string]bool
	wroteAll bool
	// touchedMeta: an Update of the batch wrote meta, kept or not.
	touchedMeta bool
}

// savepoint names every fn's savepoint; there is one at a time.
const savepoint = "mixcoatl_update"

// NewBatcher returns the Batcher of a store whose Updates go through c,
// which is the Batcher's alone from now on. Its transactions offer kind
// generations when c is a CommitWatcher.
func (s *Store) NewBatcher(c WriteConn, l Limits) *Batcher {
	b := &Batcher{s: s, c: c, limits: l}
	if _, ok := c.(CommitWatcher); ok {
		b.gens, b.records = newKindGens(), newRecordCache()
	}
	return b
}

// Update runs fn in the batch transaction (the rule above) and returns
// once that is committed or fn's effects are undone.
func (b *Batcher) Update(ctx context.Context, fn func(store.Tx) error) error {
	if err := b.s.Usable(ctx); err != nil {
		return err
	}
	w := &write{ctx: ctx, fn: fn, turn: make(chan struct{}, 1), done: make(chan error, 1)}
	b.mu.Lock()
	switch {
	case b.closed:
		b.mu.Unlock()
		return store.ErrClosed
	case !b.busy:
		b.busy = true
		b.mu.Unlock()
	default:
		b.queue = append(b.queue, w)
		b.mu.Unlock()
		select {
		case <-w.turn:
		case <-ctx.Done():
			b.mu.Lock()
			if i := slices.Index(b.queue, w); i >= 0 {
				b.queue = slices.Delete(b.queue, i, i+1)
				b.mu.Unlock()
				return ctx.Err()
			}
			b.mu.Unlock()
			<-w.turn // handed over meanwhile: take the turn (one sees the dead ctx)
		}
	}
	b.hold(w)
	return <-w.done
}

// hold is the turn of w, which holds the writer connection: it begins a
// batch if none is open, runs w's fn, then hands the connection on.
func (b *Batcher) hold(w *write) {
	ctx := context.WithoutCancel(w.ctx) // the batch's statements are no one caller's to cancel
	if !b.open {
		if err := w.ctx.Err(); err != nil {
			w.done <- err
			b.handOver()
			return
		}
		// Begin may wait for the write lock: on w's behalf, so with w's
		// cancellation (the next queued Update begins anew if w gives up).
		if err := b.c.Begin(w.ctx); err != nil {
			_ = b.c.Rollback(ctx)
			w.done <- b.s.Fail("begin update", err)
			b.handOver()
			return
		}
		b.open, b.start, b.n, b.st, b.kept = true, time.Now(), 0, batchState{}, b.kept[:0]
		b.gens.begun(ctx, b.c)
	}
	b.n++
	b.one(ctx, w)
}

// one runs w's fn in a savepoint of the open transaction, then ends w's
// turn (after), also when fn panics or exits its goroutine.
func (b *Batcher) one(ctx context.Context, w *write) {
	if err := w.ctx.Err(); err != nil {
		b.after(ctx, w, err, false, nil)
		return
	}
	// The batch's first fn needs no savepoint: should it fail, the
	// transaction holds nothing else, and rolling all of it back undoes
	// it. A lone Update so runs exactly BEGIN, fn, COMMIT.
	bare := b.n == 1
	if !bare {
		if _, err := b.c.Exec(ctx, "SAVEPOINT "+savepoint); err != nil {
			b.after(ctx, w, nil, false, err)
			return
		}
	}
	t := &sqlTx{s: b.s, c: b.c, writable: true, gen: b.s.metaGen.Load(), batch: &b.st, gens: b.gens, records: b.records}
	var err error
	returned := false
	defer func() {
		t.done = true
		if !returned {
			// fn panicked or called runtime.Goexit: undo it, pass the
			// connection on, and let the panic go on up its caller's stack.
			err = errAborted
		} else if err == nil {
			err = w.ctx.Err()
		}
		if err != nil && t.usedSeq {
			b.gens.moveSeqs() // the ids it took are undone below
		}
		switch {
		case err == nil:
			if !bare {
				if _, rerr := b.c.Exec(ctx, "RELEASE SAVEPOINT "+savepoint); rerr != nil {
					b.after(ctx, w, nil, true, rerr)
					return
				}
			}
			b.st.wroteMeta = b.st.wroteMeta || t.wroteMeta
			b.st.written += t.written
			b.after(ctx, w, nil, true, nil)
		case bare:
			_ = b.c.Rollback(ctx)
			w.done <- err
			b.finish(nil) // nothing was kept: the next queued Update begins anew
		default:
			_, rerr := b.c.Exec(ctx, "ROLLBACK TO SAVEPOINT "+savepoint)
			if rerr == nil {
				_, rerr = b.c.Exec(ctx, "RELEASE SAVEPOINT "+savepoint)
			}
			b.after(ctx, w, err, false, rerr)
		}
	}()
	err = w.fn(t)
	returned = true
}

// errAborted is the result of an Update whose fn panicked; its caller
// never sees it, as the panic goes on.
var errAborted = errors.New("store: update aborted by a panic")

// after ends w's turn: w's fn was kept in the batch, or failed with err
// (and was rolled back to its savepoint); broken is a savepoint
// statement's failure, which ends the batch. The connection goes to the
// next queued Update while the batch is open and within its limits;
// otherwise w commits the batch first.
func (b *Batcher) after(ctx context.Context, w *write, err error, kept bool, broken error) {
	if broken != nil {
		_ = b.c.Rollback(ctx)
		failed := b.s.Fail("update (the transaction shared with concurrent updates broke and was rolled back)", broken)
		if kept || err == nil {
			err = failed
		}
		w.done <- err
		b.finish(failed)
		return
	}
	if kept {
		b.kept = append(b.kept, w)
	} else {
		w.done <- err
	}
	full := b.n >= b.limits.Writes || b.st.written >= b.limits.Bytes || time.Since(b.start) >= b.limits.Time
	b.mu.Lock()
	if !full && len(b.queue) > 0 {
		next := b.queue[0]
		b.queue = b.queue[1:]
		b.mu.Unlock()
		next.turn <- struct{}{}
		return
	}
	b.mu.Unlock()
	if len(b.kept) == 0 {
		// Every fn failed and was undone: nothing to commit.
		_ = b.c.Rollback(ctx)
		b.finish(nil)
		return
	}
	if cerr := b.c.Commit(ctx); cerr != nil {
		_ = b.c.Rollback(ctx)
		b.finish(b.s.Fail("commit", cerr))
		return
	}
	b.finish(nil)
}

// finish answers the kept Updates of the batch, which committed when err
// is nil, closes the batch and hands the connection over. The meta
// generation moves when a kept fn wrote meta, also when the COMMIT failed
// (it may still have landed).
func (b *Batcher) finish(err error) {
	if b.st.wroteMeta {
		b.s.metaGen.Add(1)
	}
	if err != nil {
		b.gens.moveSeqs() // the batch's ids may be undone
	}
	b.gens.ended(&b.st)
	for _, w := range b.kept {
		w.done <- err
	}
	clear(b.kept)
	b.kept = b.kept[:0]
	b.open = false
	b.handOver()
}

// handOver gives the connection, with no batch open, to the first queued
// Update, or frees it.
func (b *Batcher) handOver() {
	b.mu.Lock()
	if len(b.queue) > 0 {
		next := b.queue[0]
		b.queue = b.queue[1:]
		b.mu.Unlock()
		next.turn <- struct{}{}
		return
	}
	b.busy = false
	if b.stopped != nil {
		close(b.stopped)
		b.stopped = nil
	}
	b.mu.Unlock()
}

// Close makes later Updates fail with store.ErrClosed and waits until the
// Updates already running or queued are done, so that the connection can
// be closed. Call it after Store.MarkClosed.
func (b *Batcher) Close() {
	b.mu.Lock()
	b.closed = true
	if !b.busy {
		b.mu.Unlock()
		return
	}
	if b.stopped == nil {
		b.stopped = make(chan struct{})
	}
	stopped := b.stopped
	b.mu.Unlock()
	<-stopped
}
