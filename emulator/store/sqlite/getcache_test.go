package sqlite_test

import (
	"context"
	"errors"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// TestSQLiteUpdatesReadEveryWrite: the writer remembers what its Gets read
// (by kind generations), yet every Update reads the latest record: after
// a write of this store (kept, undone, or earlier in the same Update), a
// Reset, and a commit of another store on the same file (another
// process), for a record that exists and for one that does not.
func TestSQLiteUpdatesReadEveryWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := openTwo(t)
	put := func(s *sqlite.Store, data string) {
		t.Helper()
		err := s.Update(ctx, func(tx store.Tx) error {
			return tx.Put(ctx, store.Record{Customer: 0, Kind: "Image", ID: "1", Data: []byte(data)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// read Gets the record twice in an Update of a (as customer 7: the
	// global record), so that the second may answer from memory.
	read := func(what, want string) {
		t.Helper()
		for range 2 {
			err := a.Update(ctx, func(tx store.Tx) error {
				r, err := tx.Get(ctx, 7, "Image", "1")
				got := string(r.Data)
				if errors.Is(err, store.ErrNotFound) {
					got, err = "none", nil
				}
				if got != want {
					t.Errorf("%s: Get read %s, want %s", what, got, want)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	read("nothing written", "none")
	put(b, `{"v":1}`)
	read("written by another process", `{"v":1}`)
	put(a, `{"v":2}`)
	read("written by this store", `{"v":2}`)
	err := a.Update(ctx, func(tx store.Tx) error {
		if err := tx.Put(ctx, store.Record{Customer: 0, Kind: "Image", ID: "1", Data: []byte(`{"v":3}`)}); err != nil {
			return err
		}
		r, err := tx.Get(ctx, 7, "Image", "1")
		if err == nil && string(r.Data) != `{"v":3}` {
			t.Errorf("Get after a Put in the same Update read %s", r.Data)
		}
		return errors.New("undo")
	})
	if err == nil {
		t.Fatal("the failing Update succeeded")
	}
	read("a write undone", `{"v":2}`)
	err = b.Update(ctx, func(tx store.Tx) error {
		return tx.Put(ctx, store.Record{Customer: 7, Kind: "Image", ID: "1", Data: []byte(`{"own":true}`)})
	})
	if err != nil {
		t.Fatal(err)
	}
	read("the customer's own record added by another process", `{"own":true}`)
	err = b.Update(ctx, func(tx store.Tx) error { return tx.Delete(ctx, 7, "Image", "1") })
	if err != nil {
		t.Fatal(err)
	}
	read("that record deleted by another process", `{"v":2}`)
	if err := a.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	read("after a reset", "none")
}
