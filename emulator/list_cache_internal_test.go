package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// TestListPagesRememberedPerSnapshot: a list read again from an unchanged
// store is the remembered page (the same bytes, not assembled again), and
// after a write — through this server's store or through another handle on
// the same SQLite file, as another process writes — the next list answers
// the new state, as the slow path does.
func TestListPagesRememberedPerSnapshot(t *testing.T) {
	t.Parallel()
	mem := store.NewMemory()
	t.Cleanup(func() { _ = mem.Close() })
	path := filepath.Join(t.TempDir(), "emu.db")
	open := func() store.Store {
		st, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		return st
	}
	sq := open()
	for _, c := range []struct {
		name      string
		st, other store.Store
	}{{"memory", mem, mem}, {"sqlite, another handle writes", sq, open()}} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			sd := seed.Default()
			if err := seed.Load(ctx, c.st, sd, nil); err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			srv, err := New(Options{Store: c.st, Clock: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			res, _ := srv.Catalog().Resource("Server")
			v := srv.Catalog().DefaultVersion
			op, _ := res.Op(catalog.KindList, "", v)
			req := &engine.Request{Customer: sd.Customers[0].CustomerID, Resource: res, Op: op, Version: v}
			list := func() engine.WirePage {
				t.Helper()
				var p engine.WirePage
				err := c.st.View(ctx, func(tx store.Tx) error {
					compareListPages(t, srv, tx, c.name, req)
					var ok bool
					p, ok, err = srv.eng.WireList(ctx, tx, req)
					if err == nil && !ok {
						t.Fatal("no fast path for the server list")
					}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				return p
			}
			first, again := list(), list()
			if first.Count == 0 || &first.Body[0] != &again.Body[0] {
				t.Fatalf("a list read again from an unchanged store was assembled again (%d items)", first.Count)
			}
			const renamed = "renamed-by-another-writer"
			err = c.other.Update(ctx, func(tx store.Tx) error {
				var rec store.Record
				err := tx.Scan(ctx, store.Filter{Customer: req.Customer, Kind: "Server", Limit: 1}, func(r store.Record) bool {
					rec = r
					return false
				})
				if err != nil {
					return err
				}
				var d map[string]any
				if err := json.Unmarshal(rec.Data, &d); err != nil {
					return err
				}
				d["name"] = renamed
				if rec.Data, err = json.Marshal(d); err != nil {
					return err
				}
				return tx.Put(ctx, rec)
			})
			if err != nil {
				t.Fatal(err)
			}
			after := list()
			if bytes.Equal(after.Body, first.Body) || !bytes.Contains(after.Body, []byte(renamed)) {
				t.Fatalf("the list after a write answers the state before it")
			}
		})
	}
}
