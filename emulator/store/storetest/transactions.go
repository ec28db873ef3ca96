package storetest

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

var transactionCases = []suiteCase{
	{"RollbackOnError", func(t *testing.T, s store.Store) {
		put(t, s, rec(1, "Server", "1"))
		errBoom := errors.New("boom")
		err := s.Update(ctxOf(t), func(tx store.Tx) error {
			ctx := ctxOf(t)
			if err := tx.Put(ctx, rec(1, "Server", "2")); err != nil {
				return err
			}
			if err := tx.Delete(ctx, 1, "Server", "1"); err != nil {
				return err
			}
			if err := tx.PutMeta(ctx, "k", []byte("v")); err != nil {
				return err
			}
			// The transaction sees its own writes.
			if _, err := tx.Get(ctx, 1, "Server", "2"); err != nil {
				return err
			}
			if n, err := tx.Count(ctx, store.Filter{Customer: 1, Kind: "Server"}); err != nil || n != 1 {
				t.Errorf("count inside the transaction = %d, %v; want 1", n, err)
			}
			return errBoom
		})
		if !errors.Is(err, errBoom) {
			t.Fatalf("update = %v, want fn's error", err)
		}
		mustGet(t, s, 1, "Server", "1")
		wantNotFound(t, s, 1, "Server", "2")
		_ = s.View(ctxOf(t), func(tx store.Tx) error {
			if _, ok, err := tx.GetMeta(ctxOf(t), "k"); ok || err != nil {
				t.Errorf("meta of a rolled-back update: ok %v err %v", ok, err)
			}
			return nil
		})
	}},
	{"UncommittedInvisibleAndSnapshot", func(t *testing.T, s store.Store) {
		put(t, s, rec(1, "Server", "1"))
		written, checked := make(chan struct{}), make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			err := s.Update(ctxOf(t), func(tx store.Tx) error {
				if err := tx.Put(ctxOf(t), rec(1, "Server", "2")); err != nil {
					return err
				}
				close(written)
				<-checked
				return nil
			})
			if err != nil {
				t.Errorf("update: %v", err)
			}
		})
		<-written
		wantNotFound(t, s, 1, "Server", "2")
		close(checked)
		wg.Wait()
		mustGet(t, s, 1, "Server", "2")

		// A View keeps its snapshot while a later Update commits.
		err := s.View(ctxOf(t), func(tx store.Tx) error {
			before, err := tx.Count(ctxOf(t), store.Filter{Customer: 1, Kind: "Server"})
			if err != nil {
				return err
			}
			done := make(chan struct{})
			go func() {
				defer close(done)
				err := s.Update(ctxOf(t), func(tx store.Tx) error { return tx.Put(ctxOf(t), rec(1, "Server", "3")) })
				if err != nil {
					t.Errorf("update during a view: %v", err)
				}
			}()
			<-done
			after, err := tx.Count(ctxOf(t), store.Filter{Customer: 1, Kind: "Server"})
			if err != nil {
				return err
			}
			if before != 2 || after != 2 {
				t.Errorf("counts in one view around a commit: %d then %d, want 2 and 2", before, after)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, s, store.Filter{Customer: 1, Kind: "Server"}); n != 3 {
			t.Errorf("count after the commit = %d, want 3", n)
		}
	}},
	{"ConcurrentUpdatesLoseNothing", func(t *testing.T, s store.Store) {
		const workers, rounds = 8, 20
		put(t, s, store.Record{Customer: 1, Kind: "Counter", ID: "c", Data: []byte(`0`)})
		var wg sync.WaitGroup
		ids := make(chan int64, workers*rounds)
		for range workers {
			wg.Go(func() {
				for range rounds {
					err := s.Update(ctxOf(t), func(tx store.Tx) error {
						r, err := tx.Get(ctxOf(t), 1, "Counter", "c")
						if err != nil {
							return err
						}
						n, err := strconv.Atoi(string(r.Data))
						if err != nil {
							return err
						}
						r.Data = strconv.AppendInt(nil, int64(n+1), 10)
						id, err := tx.NextID(ctxOf(t), "Counter", 1)
						if err != nil {
							return err
						}
						ids <- id
						return tx.Put(ctxOf(t), r)
					})
					if err != nil {
						t.Errorf("update: %v", err)
						return
					}
				}
			})
		}
		wg.Wait()
		close(ids)
		if r := mustGet(t, s, 1, "Counter", "c"); string(r.Data) != strconv.Itoa(workers*rounds) {
			t.Errorf("counter = %s after %d increments", r.Data, workers*rounds)
		}
		seen := map[int64]bool{}
		for id := range ids {
			if seen[id] {
				t.Errorf("NextID returned %d twice", id)
			}
			seen[id] = true
		}
	}},
	{"Reset", func(t *testing.T, s store.Store) {
		put(t, s, rec(0, "Cloud", "1"), rec(1, "Server", "1"))
		nextID(t, s, "Server", 40)
		err := s.Update(ctxOf(t), func(tx store.Tx) error { return tx.PutMeta(ctxOf(t), "k", []byte("v")) })
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Reset(ctxOf(t)); err != nil {
			t.Fatalf("reset: %v", err)
		}
		wantNotFound(t, s, 0, "Cloud", "1")
		wantNotFound(t, s, 1, "Server", "1")
		if n := nextID(t, s, "Server", 1); n != 1 {
			t.Errorf("NextID after reset = %d, want 1", n)
		}
		_ = s.View(ctxOf(t), func(tx store.Tx) error {
			if _, ok, err := tx.GetMeta(ctxOf(t), "k"); ok || err != nil {
				t.Errorf("meta after reset: ok %v err %v", ok, err)
			}
			return nil
		})
		put(t, s, rec(1, "Server", "1"))
		mustGet(t, s, 1, "Server", "1")
	}},
	{"ContextCancelled", func(t *testing.T, s store.Store) {
		cancelled, cancel := context.WithCancel(ctxOf(t))
		cancel()
		called := false
		fn := func(store.Tx) error { called = true; return nil }
		if err := s.View(cancelled, fn); !errors.Is(err, context.Canceled) || called {
			t.Errorf("view with a cancelled ctx = %v (fn called %v), want context.Canceled", err, called)
		}
		if err := s.Update(cancelled, fn); !errors.Is(err, context.Canceled) || called {
			t.Errorf("update with a cancelled ctx = %v (fn called %v), want context.Canceled", err, called)
		}
		// Cancelled while fn runs: nothing is committed even though fn succeeds.
		ctx, cancel := context.WithCancel(ctxOf(t))
		err := s.Update(ctx, func(tx store.Tx) error {
			if err := tx.Put(ctx, rec(1, "Server", "1")); err != nil {
				return err
			}
			cancel()
			if err := tx.Put(ctx, rec(1, "Server", "2")); !errors.Is(err, context.Canceled) {
				t.Errorf("put with a cancelled ctx = %v, want context.Canceled", err)
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("update cancelled during fn = %v, want context.Canceled", err)
		}
		wantNotFound(t, s, 1, "Server", "1")
	}},
	{"ScanCancelled", func(t *testing.T, s store.Store) {
		var recs []store.Record
		for i := range 50 {
			recs = append(recs, rec(1, "Server", strconv.Itoa(i)))
		}
		put(t, s, recs...)
		ctx, cancel := context.WithCancel(ctxOf(t))
		defer cancel()
		calls := 0
		err := s.View(ctxOf(t), func(tx store.Tx) error {
			return tx.Scan(ctx, store.Filter{Customer: 1, Kind: "Server"}, func(store.Record) bool {
				calls++
				if calls == 5 {
					cancel()
				}
				return true
			})
		})
		if !errors.Is(err, context.Canceled) || calls != 5 {
			t.Errorf("scan cancelled in the 5th call: %d calls, err %v; want 5 and context.Canceled", calls, err)
		}
	}},
	{"Closed", func(t *testing.T, s store.Store) {
		put(t, s, rec(1, "Server", "1"))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		fn := func(store.Tx) error { return nil }
		if err := s.View(ctxOf(t), fn); !errors.Is(err, store.ErrClosed) {
			t.Errorf("view after close = %v, want ErrClosed", err)
		}
		if err := s.Update(ctxOf(t), fn); !errors.Is(err, store.ErrClosed) {
			t.Errorf("update after close = %v, want ErrClosed", err)
		}
		if err := s.Reset(ctxOf(t)); !errors.Is(err, store.ErrClosed) {
			t.Errorf("reset after close = %v, want ErrClosed", err)
		}
	}},
	{"ReadOnlyAndFinishedTx", func(t *testing.T, s store.Store) {
		var kept store.Tx
		err := s.View(ctxOf(t), func(tx store.Tx) error {
			kept = tx
			if err := tx.Put(ctxOf(t), rec(1, "Server", "1")); !errors.Is(err, store.ErrReadOnly) {
				t.Errorf("put in a view = %v, want ErrReadOnly", err)
			}
			if err := tx.Delete(ctxOf(t), 1, "Server", "1"); !errors.Is(err, store.ErrReadOnly) {
				t.Errorf("delete in a view = %v, want ErrReadOnly", err)
			}
			if _, err := tx.NextID(ctxOf(t), "Server", 1); !errors.Is(err, store.ErrReadOnly) {
				t.Errorf("next id in a view = %v, want ErrReadOnly", err)
			}
			if err := tx.PutMeta(ctxOf(t), "k", nil); !errors.Is(err, store.ErrReadOnly) {
				t.Errorf("put meta in a view = %v, want ErrReadOnly", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := kept.Get(ctxOf(t), 1, "Server", "1"); !errors.Is(err, store.ErrTxDone) {
			t.Errorf("get on a finished view = %v, want ErrTxDone", err)
		}
		err = s.Update(ctxOf(t), func(tx store.Tx) error { kept = tx; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if err := kept.Put(ctxOf(t), rec(1, "Server", "1")); !errors.Is(err, store.ErrTxDone) {
			t.Errorf("put on a finished update = %v, want ErrTxDone", err)
		}
		wantNotFound(t, s, 1, "Server", "1")
	}},
}
