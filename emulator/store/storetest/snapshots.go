package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// Snapshots checks store.Snapshots on st, whose Views must name their
// snapshots: a View names one snapshot however often it asks, an
// unchanged store names one again (through at least one of several
// Views, whatever connection each gets), and after a committed write,
// a Reset, or a commit through other (a second handle on the same data,
// as another process would hold; nil for a store that has none) no View
// names any snapshot named before. Writable transactions name none; a
// rolled-back Update may leave the snapshot as it was.
func Snapshots(t *testing.T, st, other store.Store) {
	t.Helper()
	ctx := context.Background()
	seen := []any{}
	view := func() any {
		t.Helper()
		var snap any
		err := st.View(ctx, func(tx store.Tx) error {
			s, ok := tx.(store.Snapshots)
			if !ok {
				return errors.New("a View's transaction is not a store.Snapshots")
			}
			first, ok := s.Snapshot(ctx)
			if !ok {
				return errors.New("a View names no snapshot")
			}
			if _, err := tx.Count(ctx, store.Filter{Customer: 1, Kind: "Server"}); err != nil {
				return err
			}
			again, ok := s.Snapshot(ctx)
			if !ok || again != first {
				return errors.New("a View names two snapshots")
			}
			snap = first
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return snap
	}
	// views takes several Views of an unchanged store: they name a
	// snapshot named before none of the earlier stages did, and one of
	// them again.
	views := func(stage string) {
		t.Helper()
		var now []any
		repeated := false
		for range 9 {
			s := view()
			for _, old := range seen {
				if s == old {
					t.Fatalf("%s: a View names a snapshot named before it", stage)
				}
			}
			for _, n := range now {
				repeated = repeated || n == s
			}
			now = append(now, s)
		}
		if !repeated {
			t.Fatalf("%s: 9 Views of an unchanged store name 9 snapshots", stage)
		}
		seen = append(seen, now...)
	}
	put := func(s store.Store, id string) {
		t.Helper()
		err := s.Update(ctx, func(tx store.Tx) error {
			if sn, ok := tx.(store.Snapshots); ok {
				if _, ok := sn.Snapshot(ctx); ok {
					t.Error("a writable transaction names a snapshot")
				}
			}
			return tx.Put(ctx, store.Record{Customer: 1, Kind: "Server", ID: id, Data: []byte(`{"id":` + id + `}`)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	views("empty")
	put(st, "1")
	views("after a write")
	if err := st.Update(ctx, func(tx store.Tx) error {
		_ = tx.Put(ctx, store.Record{Customer: 1, Kind: "Server", ID: "2", Data: []byte(`{}`)})
		return errors.New("rolled back")
	}); err == nil {
		t.Fatal("a failing Update committed")
	}
	put(st, "1")
	views("after a rewrite of the same record")
	if err := st.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	views("after a reset")
	if other != nil {
		put(other, "3")
		views("after another handle's write")
	}
}
