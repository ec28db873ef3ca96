package sqlstore

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// watchingConn is a fakeConn that sees other connections' commits: others
// is what the next OthersCommitted answers.
type watchingConn struct {
	*fakeConn
	others    bool
	othersErr error
}

func (w *watchingConn) OthersCommitted(context.Context) (bool, error) {
	changed := w.others
	w.others = false
	return changed, w.othersErr
}

// generation reads kind's generation in an Update of its own.
func generation(t *testing.T, b *Batcher, kind string) (any, bool) {
	t.Helper()
	var gen any
	var ok bool
	err := b.Update(context.Background(), func(tx store.Tx) error {
		gen, ok = tx.(store.KindGenerations).KindGeneration(kind)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return gen, ok
}

func put(ctx context.Context, kind string) func(store.Tx) error {
	return func(tx store.Tx) error {
		return tx.Put(ctx, store.Record{Customer: 1, Kind: kind, ID: "1", Data: []byte(`{}`)})
	}
}

// TestKindGenerations: a kind's generation stays while nothing writes its
// records and moves when something did: an Update of this process (kept
// or undone), a Reset, or another connection's commit; within a batch, a
// kind written so far has none.
func TestKindGenerations(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w := &watchingConn{fakeConn: &fakeConn{}}
		s := &Store{Dialect: Dialect{Name: "fake", Bytes: func(b []byte) any { return string(b) }}, Now: time.Now}
		b := s.NewBatcher(w, DefaultLimits())
		must := func(what string, moved bool, before any) any {
			t.Helper()
			gen, ok := generation(t, b, "Product")
			if !ok {
				t.Fatalf("%s: no generation", what)
			}
			if (gen != before) != moved {
				t.Errorf("%s: generation %v after %v; want moved = %v", what, gen, before, moved)
			}
			return gen
		}
		gen, ok := generation(t, b, "Product")
		if !ok {
			t.Fatal("no generation in a lone Update")
		}
		gen = must("nothing written", false, gen)
		if err := b.Update(ctx, put(ctx, "Server")); err != nil {
			t.Fatal(err)
		}
		gen = must("another kind written", false, gen)
		if err := b.Update(ctx, put(ctx, "Product")); err != nil {
			t.Fatal(err)
		}
		gen = must("the kind written", true, gen)
		_ = b.Update(ctx, func(tx store.Tx) error {
			_ = tx.Delete(ctx, 1, "Product", "1")
			return errors.New("undo")
		})
		gen = must("the kind written and undone", true, gen)
		w.others = true
		gen = must("another connection committed", true, gen)
		w.othersErr = errors.New("cannot tell")
		gen = must("asking failed", true, gen)
		w.othersErr = nil
		if err := s.Reset(ctx, batchStore{b}); err != nil {
			t.Fatal(err)
		}
		gen = must("a reset", true, gen)

		// In a batch: none for a kind written so far, by this fn or an
		// earlier one; still one for other kinds.
		release, first := holdFirst(ctx, b)
		var got []bool
		check := func(tx store.Tx) error {
			g := tx.(store.KindGenerations)
			_, okP := g.KindGeneration("Product")
			_, okS := g.KindGeneration("Server")
			got = append(got, okP, okS)
			return nil
		}
		rest := queue(ctx, b, []func(store.Tx) error{
			check,
			func(tx store.Tx) error {
				if err := put(ctx, "Product")(tx); err != nil {
					return err
				}
				return check(tx)
			},
			check,
		})
		release()
		wantErrors(t, append([]chan error{first}, rest...), nil, nil, nil, nil)
		want := []bool{true, true, false, true, false, true}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("KindGeneration ok in a batch (Product, Server per fn) = %v, want %v", got, want)
			}
		}
		must("after the batch that wrote it", true, gen)
	})
}

// batchStore is a store.Store of a Batcher's Updates, for Reset.
type batchStore struct{ b *Batcher }

func (s batchStore) View(context.Context, func(store.Tx) error) error { return errors.New("no views") }
func (s batchStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.b.Update(ctx, fn)
}
func (s batchStore) Reset(ctx context.Context) error { return s.b.s.Reset(ctx, s) }
func (s batchStore) Close() error                    { return nil }

// A Batcher whose connection cannot see other connections' commits
// (Postgres) offers no generations.
func TestKindGenerationsNeedAWatcher(t *testing.T) {
	_, _, b := newFake(DefaultLimits())
	if _, ok := generation(t, b, "Product"); ok {
		t.Error("a generation without a CommitWatcher")
	}
}
