package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// fakeConn is a WriteConn that logs the statements a Batcher runs, so the
// tests see how Updates were grouped; commitErr makes COMMIT fail.
type fakeConn struct {
	mu        sync.Mutex
	log       []string
	commitErr error
}

func (f *fakeConn) note(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.log = append(f.log, s)
}

func (f *fakeConn) statements() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.log, "; ")
}

func (f *fakeConn) QueryRow(context.Context, string, ...any) RowScanner { return errRow{} }

type errRow struct{}

func (errRow) Scan(...any) error { return errors.New("fake: no rows") }

// Exec logs savepoint statements by their verb and a meta write by its key.
func (f *fakeConn) Exec(_ context.Context, text string, args ...any) (int64, error) {
	switch {
	case strings.HasPrefix(text, "INSERT INTO meta"):
		f.note("put " + args[0].(string))
	default:
		f.note(strings.TrimSuffix(strings.TrimSuffix(text, " "+savepoint), " SAVEPOINT"))
	}
	return 1, nil
}

func (f *fakeConn) Scan(context.Context, *Store, string, []any, string, int, func(store.Record) bool) (int, bool, error) {
	return 0, false, nil
}

func (f *fakeConn) Begin(context.Context) error    { f.note("BEGIN"); return nil }
func (f *fakeConn) Rollback(context.Context) error { f.note("ROLLBACK"); return nil }
func (f *fakeConn) Commit(context.Context) error {
	f.note("COMMIT")
	return f.commitErr
}

func newFake(l Limits) (*fakeConn, *Store, *Batcher) {
	f := &fakeConn{}
	s := &Store{Dialect: Dialect{Name: "fake", Bytes: func(b []byte) any { return string(b) }}, Now: time.Now}
	return f, s, s.NewBatcher(f, l)
}

// gate holds the first Update inside its fn until the test has queued
// the others behind it.
type gate struct{ entered, release chan struct{} }

func newGate() gate { return gate{make(chan struct{}), make(chan struct{})} }

func (g gate) fn(ctx context.Context, key string) func(store.Tx) error {
	return func(tx store.Tx) error {
		close(g.entered)
		<-g.release
		return tx.PutMeta(ctx, key, []byte("v"))
	}
}

// holdFirst starts an Update that writes meta "a" and stays in its fn
// until release is called, so that the test can queue others behind it.
func holdFirst(ctx context.Context, b *Batcher) (release func(), first chan error) {
	g := newGate()
	first = make(chan error, 1)
	go func() { first <- b.Update(ctx, g.fn(ctx, "a")) }()
	<-g.entered
	return func() { close(g.release) }, first
}

// wantStatements compares the statements the fake connection ran.
func wantStatements(t *testing.T, f *fakeConn, want string) {
	t.Helper()
	if got := f.statements(); got != want {
		t.Errorf("statements:\n got %s\nwant %s", got, want)
	}
}

// wantErrors checks the Updates' results in order: nil, or an error
// matching want.
func wantErrors(t *testing.T, results []chan error, want ...error) {
	t.Helper()
	for i, c := range results {
		if err := <-c; (want[i] == nil) != (err == nil) || !errors.Is(err, want[i]) {
			t.Errorf("update %d = %v, want %v", i+1, err, want[i])
		}
	}
}

// queue starts Updates one after the other, each queued (blocked) before
// the next starts, so their order is known; results come back by index.
func queue(ctx context.Context, b *Batcher, fns []func(store.Tx) error) []chan error {
	out := make([]chan error, len(fns))
	for i, fn := range fns {
		out[i] = make(chan error, 1)
		go func() { out[i] <- b.Update(ctx, fn) }()
		synctest.Wait()
	}
	return out
}

func putMeta(ctx context.Context, key string) func(store.Tx) error {
	return func(tx store.Tx) error { return tx.PutMeta(ctx, key, []byte("v")) }
}

func TestBatchSharesOneCommit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		f, _, b := newFake(DefaultLimits())
		release, first := holdFirst(ctx, b)
		errBoom := errors.New("boom")
		rest := queue(ctx, b, []func(store.Tx) error{
			putMeta(ctx, "b"),
			func(tx store.Tx) error { // fails after writing: undone, the others kept
				if err := tx.PutMeta(ctx, "c", []byte("v")); err != nil {
					return err
				}
				return errBoom
			},
			putMeta(ctx, "d"),
		})
		release()
		wantErrors(t, append([]chan error{first}, rest...), nil, nil, errBoom, nil)
		wantStatements(t, f, "BEGIN; put a; SAVEPOINT; put b; RELEASE; SAVEPOINT; put c; ROLLBACK TO; RELEASE; SAVEPOINT; put d; RELEASE; COMMIT")
	})
}

func TestBatchLoneUpdateDoesNotWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		f, _, b := newFake(DefaultLimits())
		start := time.Now()
		for _, k := range []string{"a", "b"} {
			if err := b.Update(ctx, putMeta(ctx, k)); err != nil {
				t.Fatal(err)
			}
		}
		// In the bubble time only moves when every goroutine waits for it:
		// an Update that waited for company would have moved it.
		if d := time.Since(start); d != 0 {
			t.Errorf("two lone updates took %v of waiting", d)
		}
		wantStatements(t, f, "BEGIN; put a; COMMIT; BEGIN; put b; COMMIT")
	})
}

func TestBatchPanicUndoesOnlyItsUpdate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		f, _, b := newFake(DefaultLimits())
		release, first := holdFirst(ctx, b)
		recovered := make(chan any, 1)
		exited := make(chan struct{})
		go func() {
			defer func() { recovered <- recover() }()
			_ = b.Update(ctx, func(tx store.Tx) error {
				_ = tx.PutMeta(ctx, "p", []byte("v"))
				panic("fn panicked")
			})
		}()
		synctest.Wait()
		go func() {
			defer close(exited)
			_ = b.Update(ctx, func(tx store.Tx) error {
				_ = tx.PutMeta(ctx, "x", []byte("v"))
				runtime.Goexit() // as t.FailNow does
				return nil
			})
		}()
		synctest.Wait()
		last := queue(ctx, b, []func(store.Tx) error{putMeta(ctx, "d")})
		release()
		if v := <-recovered; v != "fn panicked" {
			t.Errorf("the caller recovered %v, want fn's panic", v)
		}
		<-exited
		wantErrors(t, append([]chan error{first}, last...), nil, nil)
		wantStatements(t, f, "BEGIN; put a; SAVEPOINT; put p; ROLLBACK TO; RELEASE; SAVEPOINT; put x; ROLLBACK TO; RELEASE; SAVEPOINT; put d; RELEASE; COMMIT")
	})
}

// The first fn of a batch runs without a savepoint: when it fails or
// panics, the whole transaction is rolled back and the Updates queued
// behind it begin a new one.
func TestBatchFirstUpdateFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		f, _, b := newFake(DefaultLimits())
		entered, release := make(chan struct{}), make(chan struct{})
		errBoom := errors.New("boom")
		first := make(chan error, 1)
		go func() {
			first <- b.Update(ctx, func(tx store.Tx) error {
				_ = tx.PutMeta(ctx, "a", []byte("v"))
				close(entered)
				<-release
				return errBoom
			})
		}()
		<-entered
		recovered := make(chan any, 1)
		rest := queue(ctx, b, []func(store.Tx) error{putMeta(ctx, "b")})
		go func() {
			defer func() { recovered <- recover() }()
			_ = b.Update(ctx, func(tx store.Tx) error { panic("after b") })
		}()
		synctest.Wait()
		rest = append(rest, queue(ctx, b, []func(store.Tx) error{putMeta(ctx, "c")})...)
		close(release)
		if v := <-recovered; v != "after b" {
			t.Errorf("recovered %v", v)
		}
		wantErrors(t, append([]chan error{first}, rest...), errBoom, nil, nil)
		wantStatements(t, f, "BEGIN; put a; ROLLBACK; BEGIN; put b; SAVEPOINT; ROLLBACK TO; RELEASE; SAVEPOINT; put c; RELEASE; COMMIT")
	})
}

func TestBatchContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		f, _, b := newFake(DefaultLimits())
		release, first := holdFirst(ctx, b)
		queued, cancelQueued := context.WithCancel(ctx)
		during, cancelDuring := context.WithCancel(ctx)
		ran := false
		rest := queue(ctx, b, []func(store.Tx) error{func(tx store.Tx) error { ran = true; return nil }})
		// ctx ends while fn runs: undone though fn succeeds.
		rest = append(rest, queue(during, b, []func(store.Tx) error{func(tx store.Tx) error {
			_ = tx.PutMeta(ctx, "c", []byte("v"))
			cancelDuring()
			return nil
		}})...)
		rest = append(rest, queue(ctx, b, []func(store.Tx) error{putMeta(ctx, "d")})...)
		// One more waits with queued, whose ctx ends before its turn.
		qran := false
		qres := make(chan error, 1)
		go func() { qres <- b.Update(queued, func(store.Tx) error { qran = true; return nil }) }()
		synctest.Wait()
		cancelQueued()
		if err := <-qres; !errors.Is(err, context.Canceled) {
			t.Errorf("update cancelled while queued = %v, want context.Canceled", err)
		}
		release()
		wantErrors(t, append([]chan error{first}, rest...), nil, nil, context.Canceled, nil)
		if !ran || qran {
			t.Errorf("fn of the second update ran: %v (want true); of the cancelled one: %v (want false)", ran, qran)
		}
		wantStatements(t, f, "BEGIN; put a; SAVEPOINT; RELEASE; SAVEPOINT; put c; ROLLBACK TO; RELEASE; SAVEPOINT; put d; RELEASE; COMMIT")
	})
}

func TestBatchCommitFailureFailsAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		f, s, b := newFake(DefaultLimits())
		errDisk := errors.New("disk I/O error")
		f.commitErr = errDisk
		gen := s.metaGen.Load()
		release, first := holdFirst(ctx, b)
		errBoom := errors.New("boom")
		rest := queue(ctx, b, []func(store.Tx) error{
			putMeta(ctx, "b"),
			func(store.Tx) error { return errBoom },
		})
		release()
		for i, err := range []error{<-first, <-rest[0]} {
			if !errors.Is(err, errDisk) || !strings.Contains(err.Error(), "commit") {
				t.Errorf("update %d of a batch whose COMMIT failed = %v, want the commit's error", i+1, err)
			}
		}
		if err := <-rest[1]; !errors.Is(err, errBoom) {
			t.Errorf("the failed fn's update = %v, want its own error", err)
		}
		if !strings.HasSuffix(f.statements(), "COMMIT; ROLLBACK") {
			t.Errorf("statements %s: want the failed COMMIT rolled back", f.statements())
		}
		// The commit may have landed: meta caches must not trust it.
		if s.metaGen.Load() == gen {
			t.Error("a failed commit of meta writes left the meta generation as it was")
		}
		// The next Update starts a new batch.
		f.commitErr = nil
		if err := b.Update(ctx, putMeta(ctx, "e")); err != nil {
			t.Errorf("update after the failed batch: %v", err)
		}
	})
}

func TestBatchLimits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		f, _, b := newFake(Limits{Writes: 2, Bytes: 1 << 20, Time: time.Hour})
		release, first := holdFirst(ctx, b)
		var fns []func(store.Tx) error
		for i := range 4 {
			fns = append(fns, putMeta(ctx, fmt.Sprint(i)))
		}
		rest := queue(ctx, b, fns)
		release()
		for _, c := range append(rest, first) {
			if err := <-c; err != nil {
				t.Fatal(err)
			}
		}
		if n := strings.Count(f.statements(), "COMMIT"); n != 3 {
			t.Errorf("5 updates in batches of at most 2 made %d commits, want 3: %s", n, f.statements())
		}

		// Time: a batch open longer than Limits.Time takes nobody more.
		f.log = nil
		b.limits = Limits{Writes: 64, Bytes: 1 << 20, Time: time.Millisecond}
		slow := func(tx store.Tx) error {
			time.Sleep(2 * time.Millisecond) // the bubble's clock: no real wait
			return nil
		}
		release, first = holdFirst(ctx, b)
		rest = queue(ctx, b, []func(store.Tx) error{slow, slow, slow})
		release()
		for _, c := range append(rest, first) {
			if err := <-c; err != nil {
				t.Fatal(err)
			}
		}
		// a and the first slow one share a batch (a took no time); each
		// slow one fills its batch's time.
		if n := strings.Count(f.statements(), "COMMIT"); n != 3 {
			t.Errorf("batches over their time limit: %d commits, want 3: %s", n, f.statements())
		}
	})
}

// A fn after a kept meta write of its batch must not cache what it reads:
// that write is not committed yet.
func TestBatchMetaGeneration(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		_, s, b := newFake(DefaultLimits())
		gen := s.metaGen.Load()
		release, first := holdFirst(ctx, b)
		var oks []bool
		check := func(tx store.Tx) error {
			_, ok := tx.(store.MetaGenerations).MetaGeneration()
			oks = append(oks, ok)
			return nil
		}
		rest := queue(ctx, b, []func(store.Tx) error{check})
		release()
		if err := errors.Join(<-first, <-rest[0]); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(oks, []bool{false}) {
			t.Errorf("MetaGeneration ok after a kept meta write in the batch = %v, want false", oks)
		}
		if got := s.metaGen.Load(); got != gen+1 {
			t.Errorf("a batch with meta writes moved the generation by %d, want 1", got-gen)
		}
		// A batch whose only meta write was undone does not move it.
		_ = b.Update(ctx, func(tx store.Tx) error {
			_ = tx.PutMeta(ctx, "k", []byte("v"))
			return errors.New("undo")
		})
		if got := s.metaGen.Load(); got != gen+1 {
			t.Errorf("an undone meta write moved the generation to %d", got)
		}
		oks = nil
		if err := b.Update(ctx, check); err != nil || !slices.Equal(oks, []bool{true}) {
			t.Errorf("a lone update without meta writes: ok %v, err %v; want true", oks, err)
		}
	})
}

func TestBatchClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		_, s, b := newFake(DefaultLimits())
		release, first := holdFirst(ctx, b)
		closed := make(chan struct{})
		go func() {
			s.MarkClosed()
			b.Close()
			close(closed)
		}()
		synctest.Wait()
		select {
		case <-closed:
			t.Fatal("Close returned while an update was running")
		default:
		}
		release()
		<-closed
		if err := <-first; !errors.Is(err, store.ErrClosed) {
			t.Errorf("update running at Close = %v, want store.ErrClosed (its PutMeta fails)", err)
		}
		if err := b.Update(ctx, putMeta(ctx, "b")); !errors.Is(err, store.ErrClosed) {
			t.Errorf("update after Close = %v, want store.ErrClosed", err)
		}
	})
}
