package emulator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// bulkServerBase numbers the bulk copies of the seed's first server.
const bulkServerBase = 7_000_000

// newScaleEnv is the default seed over a memory or SQLite store whose first
// customer also owns n copies of its first server, and a server over it.
// It returns the ids of all the customer's servers in id order.
func newScaleEnv(tb testing.TB, kind string, n, pageSize int) (*testEnv, []string) {
	tb.Helper()
	st := openStore(tb, kind, filepath.Join(tb.TempDir(), "emu.db"))
	ids := fillServers(tb, st, n)
	return envOver(tb, st, emulator.Options{PageSize: pageSize}), ids
}

func openStore(tb testing.TB, kind, path string) store.Store {
	tb.Helper()
	var st store.Store
	switch kind {
	case "memory":
		st = store.NewMemory()
	case "sqlite":
		sq, err := sqlite.Open(path)
		if err != nil {
			tb.Fatal(err)
		}
		st = sq
	default:
		tb.Fatalf("unknown store %q", kind)
	}
	tb.Cleanup(func() { _ = st.Close() })
	return st
}

// envOver is a server over st, signing as the seed's first customer.
func envOver(tb testing.TB, st store.Store, opts emulator.Options) *testEnv {
	tb.Helper()
	sd := seed.Default()
	opts.Store = st
	srv, err := emulator.New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	now := opts.Clock
	if now == nil {
		now = timeNow
	}
	return &testEnv{srv: srv, key: sd.Customers[0].APIKey, other: sd.Customers[1].APIKey,
		version: srv.Catalog().DefaultVersion, now: now}
}

// fillServers loads the default seed and puts n copies of the first
// customer's first server straight into the store, in batches (much faster
// than launching them). It returns the customer's server ids in id order.
func fillServers(tb testing.TB, st store.Store, n int) []string {
	tb.Helper()
	ctx := context.Background()
	sd := seed.Default()
	if err := seed.Load(ctx, st, sd, nil); err != nil {
		tb.Fatal(err)
	}
	customer := sd.Customers[0].CustomerID
	var first store.Record
	err := st.View(ctx, func(tx store.Tx) error {
		return tx.Scan(ctx, store.Filter{Customer: customer, Kind: "Server", Limit: 1}, func(r store.Record) bool {
			first = r
			return false
		})
	})
	if err != nil || first.ID == "" {
		tb.Fatalf("no seeded server: %v", err)
	}
	var tmpl map[string]any
	if err := json.Unmarshal(first.Data, &tmpl); err != nil {
		tb.Fatal(err)
	}
	const batch = 5000
	for lo := 0; lo < n; lo += batch {
		err := st.Update(ctx, func(tx store.Tx) error {
			for i := lo; i < min(lo+batch, n); i++ {
				id := bulkServerBase + i
				tmpl["serverId"] = id
				tmpl["name"] = fmt.Sprintf("bulk-%07d", i)
				data, err := json.Marshal(tmpl)
				if err != nil {
					return err
				}
				rec := store.Record{Customer: customer, Kind: "Server", ID: strconv.Itoa(id), Data: data, Internal: first.Internal}
				if err := tx.Put(ctx, rec); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	var ids []string
	err = st.View(ctx, func(tx store.Tx) error {
		return tx.Scan(ctx, store.Filter{Customer: customer, Kind: "Server"}, func(r store.Record) bool {
			ids = append(ids, r.ID)
			return true
		})
	})
	if err != nil {
		tb.Fatal(err)
	}
	return ids
}

// BenchmarkListPages serves one page per op, walking the server list
// page after page the way the SDK does (each request carries the
// x-es-pagination id of the previous answer) and starting over after the
// last page: the cost of serving a page of a large list.
func BenchmarkListPages(b *testing.B) {
	const pageSize = 250
	for _, kind := range []string{"memory", "sqlite"} {
		for _, n := range []int{10_000, 100_000} {
			b.Run(fmt.Sprintf("%s/%dk", kind, n/1000), func(b *testing.B) {
				e, ids := newScaleEnv(b, kind, n, pageSize)
				pid, page := "", 1
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					rel := "infrastructure/Server"
					if page > 1 {
						rel += "?" + url.Values{"requestPaginationId": {pid}, "requestPage": {strconv.Itoa(page)}}.Encode()
					}
					req := newRequest(http.MethodGet, e.url(rel), "", nil)
					signHeaders(req, e.key, e.now(), testAgent)
					rec := e.serve(req)
					if rec.Code != http.StatusOK {
						b.Fatalf("page %d: status %d: %s", page, rec.Code, rec.Body)
					}
					if rec.Header().Get("x-es-last-page") == "true" {
						pid, page = "", 1
						continue
					}
					pid, page = rec.Header().Get("x-es-pagination"), page+1
				}
				b.StopTimer()
				if len(ids) < n {
					b.Fatalf("%d servers, want at least %d", len(ids), n)
				}
			})
		}
	}
}

// BenchmarkGetByID is concurrent signed GETs of single servers through the
// handler: the per-request overhead (transaction, auth, settle, render).
func BenchmarkGetByID(b *testing.B) {
	for _, kind := range []string{"memory", "sqlite"} {
		b.Run(kind, func(b *testing.B) {
			e, ids := newScaleEnv(b, kind, 1000, 0)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for i := 0; pb.Next(); i++ {
					req := newRequest(http.MethodGet, e.url("infrastructure/Server/"+ids[i%len(ids)]), "", nil)
					signHeaders(req, e.key, e.now(), testAgent)
					if rec := e.serve(req); rec.Code != http.StatusOK {
						b.Errorf("status %d: %s", rec.Code, rec.Body)
						return
					}
				}
			})
		})
	}
}

// BenchmarkHeadCount is HEAD infrastructure/Server (x-es-count) over 10k servers.
func BenchmarkHeadCount(b *testing.B) {
	for _, kind := range []string{"memory", "sqlite"} {
		b.Run(kind, func(b *testing.B) {
			e, _ := newScaleEnv(b, kind, 10_000, 0)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				req := newRequest(http.MethodHead, e.url("infrastructure/Server"), "", nil)
				signHeaders(req, e.key, e.now(), testAgent)
				if rec := e.serve(req); rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}
