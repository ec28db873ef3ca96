package emulator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// seededEnv is the default seed in a store of that kind, served with the
// given clock.
func seededEnv(t *testing.T, kind string, clock func() time.Time) *testEnv {
	t.Helper()
	st := openStore(t, kind, filepath.Join(t.TempDir(), "emu.db"))
	if err := seed.Load(context.Background(), st, seed.Default(), nil); err != nil {
		t.Fatal(err)
	}
	return envOver(t, st, emulator.Options{Clock: clock})
}

// A GET by id of a server whose job has become due answers the server as
// the finished job left it, on every store: the one-read path (serveItem)
// sees the due job and lets an Update settle it first.
func TestItemReadSettlesDueJobs(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"memory", "sqlite"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			var now atomic.Int64
			now.Store(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).UnixNano())
			e := seededEnv(t, kind, func() time.Time { return time.Unix(0, now.Load()) })
			status := func(id string) string {
				t.Helper()
				rec := e.do(t, http.MethodGet, "infrastructure/Server/"+id, "", map[string]string{"Accept": "application/json"})
				wantStatus(t, rec, http.StatusOK)
				return fmt.Sprint(envelope(t, rec, "servers")[0]["status"])
			}
			var running string
			for _, s := range envelope(t, e.do(t, http.MethodGet, "infrastructure/Server", "", nil), "servers") {
				if s["status"] == "RUNNING" {
					running = fmt.Sprint(s["serverId"])
					break
				}
			}
			if running == "" {
				t.Fatal("no running server in the seed")
			}
			if s := status(running); s != "RUNNING" {
				t.Fatalf("server is %s", s)
			}
			wantStatus(t, e.do(t, http.MethodPut, "infrastructure/Server/"+running, `{"stop":[{}]}`, nil), http.StatusAccepted)
			before := status(running) // the key is known: the one-read path answers
			if before == "PAUSED" {
				t.Fatalf("server stopped before its job was due")
			}
			now.Add(int64(11 * time.Second)) // the default job takes 10 s
			if s := status(running); s != "PAUSED" {
				t.Fatalf("after the job was due: server is %s (was %s), want PAUSED", s, before)
			}
		})
	}
}

// A key revoked through one store is refused at once through another
// store on the same SQLite file (another process, as `mixcoatl --local`
// beside the emulator), on the one-read path and on the transactional
// ones: nothing remembered in the second store may hide the commit.
func TestRevokedKeyRefusedAtOnceAcrossStores(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "shared.db")
	a := envOver(t, openStore(t, "sqlite", path), emulator.Options{})
	if err := seed.Load(context.Background(), a.srv.Store(), seed.Default(), nil); err != nil {
		t.Fatal(err)
	}
	b := envOver(t, openStore(t, "sqlite", path), emulator.Options{})
	server := firstID(t, b, "infrastructure/Server", "servers", "serverId")
	for range 2 { // the second read is answered by the one-read path
		wantStatus(t, b.do(t, http.MethodGet, "infrastructure/Server/"+server, "", nil), http.StatusOK)
	}
	wantStatus(t, a.do(t, http.MethodDelete, "admin/ApiKey/"+a.key.AccessKey, "", nil), http.StatusNoContent)
	// No clock moves: b must see the revocation with its very next read.
	wantError(t, b.do(t, http.MethodGet, "infrastructure/Server/"+server, "", nil), http.StatusForbidden, "not active")
	wantError(t, b.do(t, http.MethodGet, "infrastructure/Server", "", nil), http.StatusForbidden, "not active")
	wantError(t, b.do(t, http.MethodPut, "infrastructure/Server/"+server, `{"stop":[{}]}`, nil), http.StatusForbidden, "not active")
	// And a key made active again is accepted at once.
	ctx := context.Background()
	err := a.srv.Store().Update(ctx, func(tx store.Tx) error {
		k, ok, err := engine.LookupKey(ctx, tx, a.key.AccessKey)
		if err != nil || !ok {
			return fmt.Errorf("key %v: %v", ok, err)
		}
		k.Active = true
		return engine.PutKey(ctx, tx, k)
	})
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, b.do(t, http.MethodGet, "infrastructure/Server/"+server, "", nil), http.StatusOK)
}

// A record written again is answered as written, though the answer before
// was remembered (by the address of the bytes the store shared): here it
// is written straight into the store, as another process would.
func TestItemReadAnswersRewrittenRecord(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"memory", "sqlite"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			e := seededEnv(t, kind, nil)
			ctx := context.Background()
			customer := seed.Default().Customers[0].CustomerID
			id := fmt.Sprint(envelope(t, e.do(t, http.MethodGet, "infrastructure/Server", "", nil), "servers")[0]["serverId"])
			name := func() string {
				t.Helper()
				rec := e.do(t, http.MethodGet, "infrastructure/Server/"+id, "", map[string]string{"Accept": "application/json"})
				wantStatus(t, rec, http.StatusOK)
				return fmt.Sprint(envelope(t, rec, "servers")[0]["name"])
			}
			for _, want := range []string{"renamed-1", "renamed-2", "renamed-3"} {
				name() // remembered
				name()
				err := e.srv.Store().Update(ctx, func(tx store.Tx) error {
					r, err := tx.Get(ctx, customer, "Server", id)
					if err != nil {
						return err
					}
					var data map[string]any
					if err := json.Unmarshal(r.Data, &data); err != nil {
						return err
					}
					data["name"] = want
					if r.Data, err = json.Marshal(data); err != nil {
						return err
					}
					return tx.Put(ctx, r)
				})
				if err != nil {
					t.Fatal(err)
				}
				if got := name(); got != want {
					t.Fatalf("name %q after rewriting it, want %q", got, want)
				}
			}
		})
	}
}
