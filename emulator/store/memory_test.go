package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/storetest"
)

func TestMemoryConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return store.NewMemory() })
}

func BenchmarkMemory(b *testing.B) {
	storetest.Bench(b, func(*testing.B) store.Store { return store.NewMemory() })
}

// ScanShared visits what Scan visits, and the bytes it hands out stay as
// they were after the records are replaced.
func TestMemoryScanSharedIsScanWithoutCopies(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m := store.NewMemory()
	put := func(data string) {
		err := m.Update(ctx, func(tx store.Tx) error {
			for _, id := range []string{"3", "1", "x", "20"} {
				if err := tx.Put(ctx, store.Record{Customer: 7, Kind: "Server", ID: id, Data: []byte(data), Internal: []byte(`{"a":1}`)}); err != nil {
					return err
				}
			}
			return tx.Put(ctx, store.Record{Customer: 0, Kind: "Server", ID: "2", Data: []byte(data)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	put(`{"v":"old"}`)
	var copied, shared []store.Record
	f := store.Filter{Customer: 7, Kind: "Server", AfterID: "1", Limit: 3}
	err := m.View(ctx, func(tx store.Tx) error {
		if err := tx.Scan(ctx, f, func(r store.Record) bool { copied = append(copied, r); return true }); err != nil {
			return err
		}
		return tx.(store.SharedScanner).ScanShared(ctx, f, func(r store.Record) bool { shared = append(shared, r); return true })
	})
	if err != nil {
		t.Fatal(err)
	}
	put(`{"v":"new"}`)
	if len(shared) != 3 || !reflect.DeepEqual(copied, shared) {
		t.Fatalf("ScanShared visited %v, Scan %v", shared, copied)
	}
	for _, r := range shared {
		if string(r.Data) != `{"v":"old"}` {
			t.Errorf("record %s handed out by ScanShared changed to %s", r.ID, r.Data)
		}
	}
}
