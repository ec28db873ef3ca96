package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// TestMetaGeneration checks store.MetaGenerations on the SQL stores' shared
// transaction: the counter moves with each committed meta write and each
// Reset, not with record writes or rolled-back meta writes, and a
// transaction that wrote meta says its reads are not to be cached. SQLite
// itself offers no generation (Dialect.Uncached), so the counting is
// checked on a store with that switched off, as Postgres has it.
func TestMetaGeneration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := Open(filepath.Join(t.TempDir(), "emulator.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.View(ctx, func(tx store.Tx) error {
		if _, ok := tx.(store.MetaGenerations).MetaGeneration(); ok {
			t.Error("a SQLite transaction offers a meta generation: another process's key change could be missed")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	st.db.Uncached = false
	gen := func() uint64 {
		t.Helper()
		var g uint64
		err := st.View(ctx, func(tx store.Tx) error {
			var ok bool
			g, ok = tx.(store.MetaGenerations).MetaGeneration()
			if !ok {
				t.Error("a read-only transaction reports ok=false")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	update := func(fn func(store.Tx) error) error { return st.Update(ctx, fn) }
	g0 := gen()
	if err := update(func(tx store.Tx) error {
		return tx.Put(ctx, store.Record{Customer: 1, Kind: "Server", ID: "1", Data: []byte(`{}`)})
	}); err != nil {
		t.Fatal(err)
	}
	if g := gen(); g != g0 {
		t.Fatalf("a record write moved the meta generation %d -> %d", g0, g)
	}
	if err := update(func(tx store.Tx) error {
		if err := tx.PutMeta(ctx, "k", []byte("v")); err != nil {
			return err
		}
		if _, ok := tx.(store.MetaGenerations).MetaGeneration(); ok {
			t.Error("a transaction that wrote meta reports ok=true")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	g1 := gen()
	if g1 == g0 {
		t.Fatal("a committed meta write did not move the generation")
	}
	if err := update(func(tx store.Tx) error {
		if err := tx.PutMeta(ctx, "k", []byte("w")); err != nil {
			return err
		}
		return context.Canceled // rolled back
	}); err == nil {
		t.Fatal("the failing update succeeded")
	}
	if g := gen(); g != g1 {
		t.Fatalf("a rolled-back meta write moved the generation %d -> %d", g1, g)
	}
	if err := st.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if g := gen(); g == g1 {
		t.Fatal("Reset did not move the generation")
	}
}
