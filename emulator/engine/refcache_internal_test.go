package engine

import (
	"context"
	"reflect"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// A remembered reference is handed out as a copy the caller may change,
// and only while the stored record holds the bytes it was decoded from:
// a changed record is decoded afresh, a deleted one is not found.
func TestLoadRefRemembersByBytes(t *testing.T) {
	ctx := context.Background()
	e := New(catalog.Load(), nil)
	st := store.NewMemory()
	defer st.Close()
	put := func(data string) {
		t.Helper()
		if err := st.Update(ctx, func(tx store.Tx) error {
			return tx.Put(ctx, store.Record{Customer: 0, Kind: "MachineImage", ID: "7", Data: []byte(data), Internal: []byte(`{"n":{"m":1}}`)})
		}); err != nil {
			t.Fatal(err)
		}
	}
	load := func() (*item, bool) {
		t.Helper()
		var it *item
		var found bool
		err := st.View(ctx, func(tx store.Tx) error {
			var err error
			it, found, err = e.loadRef(ctx, tx, 5, "MachineImage", "7")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return it, found
	}
	const stored = `{"name":"a","tags":{"k":"v"},"list":[1,2]}`
	put(stored)
	want, err := decodeRecord(store.Record{Data: []byte(stored), Internal: []byte(`{"n":{"m":1}}`)})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // decoded, then remembered
		got, found := load()
		if !found || !reflect.DeepEqual(got.data, want.data) || !reflect.DeepEqual(got.internal, want.internal) {
			t.Fatalf("load = %v %v (found %v), want %v %v", got.data, got.internal, found, want.data, want.internal)
		}
		if got.rec.Customer != 0 || got.rec.ID != "7" || string(got.rec.Data) != stored {
			t.Errorf("loaded record = %+v", got.rec)
		}
		if _, ok := e.refs.entries.Get(refKey{customer: 0, kind: "MachineImage", id: "7"}); !ok {
			t.Fatal("the reference is not remembered")
		}
		// The caller's changes must not reach what the next load gets.
		got.data["name"] = "changed"
		got.data["tags"].(map[string]any)["k"] = "changed"
		got.data["list"].([]any)[0] = "changed"
		got.internal["n"].(map[string]any)["m"] = "changed"
	}
	put(`{"name":"b"}`)
	if third, _ := load(); !reflect.DeepEqual(third.data, map[string]any{"name": "b"}) {
		t.Fatalf("after a change: %v, want the new record", third.data)
	}
	if err := st.Update(ctx, func(tx store.Tx) error { return tx.Delete(ctx, 0, "MachineImage", "7") }); err != nil {
		t.Fatal(err)
	}
	if _, found := load(); found {
		t.Fatal("a deleted record was found")
	}
}
