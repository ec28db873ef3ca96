package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
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

// bulkRecord is the i-th record of the bulk tests: enough of them in one
// Update make the memory store carve nodes and bytes out of chunks.
func bulkRecord(i int, version string) store.Record {
	return store.Record{Customer: 3, Kind: "Server", ID: strconv.Itoa(i),
		Data:     fmt.Appendf(nil, `{"serverId":%d,"v":%q,"pad":%q}`, i, version, strings.Repeat("p", i%300)),
		Internal: fmt.Appendf(nil, `{"n":%d}`, i)}
}

// A bulk Update (past the thresholds where the memory store allocates in
// chunks) stores what a record-by-record one would: replaced and deleted
// records included, every id in order, bytes that are each record's own.
// A failed bulk Update leaves nothing behind.
func TestMemoryBulkUpdate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m := store.NewMemory()
	const n = 6000
	want := map[string]string{}
	err := m.Update(ctx, func(tx store.Tx) error {
		for i := range n {
			r := bulkRecord(i, "first")
			if i%7 == 0 { // replaced in the same Update
				if err := tx.Put(ctx, r); err != nil {
					return err
				}
				r = bulkRecord(i, "second")
			}
			if err := tx.Put(ctx, r); err != nil {
				return err
			}
			want[r.ID] = string(r.Data)
		}
		for i := 5; i < n; i += 11 {
			id := strconv.Itoa(i)
			if err := tx.Delete(ctx, 3, "Server", id); err != nil {
				return err
			}
			delete(want, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		var ids []string
		err := m.View(ctx, func(tx store.Tx) error {
			if c, err := tx.Count(ctx, store.Filter{Customer: 3, Kind: "Server"}); err != nil || c != len(want) {
				t.Errorf("%s: count %d (%v), want %d", when, c, err, len(want))
			}
			var prev []byte
			return tx.(store.SharedScanner).ScanShared(ctx, store.Filter{Customer: 3, Kind: "Server"}, func(r store.Record) bool {
				ids = append(ids, r.ID)
				if string(r.Data) != want[r.ID] || string(r.Internal) != fmt.Sprintf(`{"n":%s}`, r.ID) {
					t.Errorf("%s: record %s = %s %s, want %s", when, r.ID, r.Data, r.Internal, want[r.ID])
				}
				if cap(r.Data) != len(r.Data) {
					t.Errorf("%s: record %s: an append to its data could overwrite a neighbour (cap %d, len %d)", when, r.ID, cap(r.Data), len(r.Data))
				}
				if prev != nil && string(prev) == string(r.Data) {
					t.Errorf("%s: record %s repeats its predecessor", when, r.ID)
				}
				prev = r.Data
				return true
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != len(want) || !slices.IsSortedFunc(ids, func(a, b string) int {
			x, _ := strconv.Atoi(a)
			y, _ := strconv.Atoi(b)
			return x - y
		}) {
			t.Errorf("%s: scanned %d ids (want %d), in order: %v", when, len(ids), len(want), ids[:min(len(ids), 20)])
		}
	}
	check("after the bulk Update")
	failed := errors.New("rolled back")
	err = m.Update(ctx, func(tx store.Tx) error {
		for i := range n {
			if err := tx.Put(ctx, bulkRecord(i+n/2, "rolled back")); err != nil {
				return err
			}
			if i%3 == 0 {
				_ = tx.Delete(ctx, 3, "Server", strconv.Itoa(i))
			}
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("failed Update returned %v", err)
	}
	check("after a failed bulk Update")
}

// A Put from inside a Scan of the same Update changes nothing the Scan
// visits: it walks the records as they were when it started.
func TestMemoryPutDuringScan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m := store.NewMemory()
	const n = 3000 // past the bulk thresholds: the Update's own nodes are changed in place
	err := m.Update(ctx, func(tx store.Tx) error {
		for i := range n {
			if err := tx.Put(ctx, bulkRecord(i*2, "first")); err != nil {
				return err
			}
		}
		seen := 0
		err := tx.Scan(ctx, store.Filter{Customer: 3, Kind: "Server"}, func(r store.Record) bool {
			id, _ := strconv.Atoi(r.ID)
			if id != seen*2 || !strings.Contains(string(r.Data), `"first"`) {
				t.Errorf("visit %d: record %s %s", seen, r.ID, r.Data)
			}
			seen++
			// Insert ahead of the walk and replace the next record.
			if err := tx.Put(ctx, bulkRecord(id+1001, "inserted")); err != nil {
				t.Error(err)
			}
			if err := tx.Put(ctx, bulkRecord(id+2, "replaced")); err != nil {
				t.Error(err)
			}
			return true
		})
		if seen != n {
			t.Errorf("scan visited %d records, want %d", seen, n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = m.View(ctx, func(tx store.Tx) error {
		c, err := tx.Count(ctx, store.Filter{Customer: 3, Kind: "Server"})
		if c != 2*n+1 {
			t.Errorf("count after the Update = %d, want %d", c, 2*n+1)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
