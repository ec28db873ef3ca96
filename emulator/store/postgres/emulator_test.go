package postgres_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// TestPostgresEmulatorReplicas runs two emulator servers, each with its own
// store handle on one Postgres schema (two replicas behind a balancer): a
// resource created through one is read, changed and deleted through the
// other.
func TestPostgresEmulatorReplicas(t *testing.T) {
	t.Parallel()
	dsn := postgresSchemaDSN(t)
	sd := seed.Default()
	caller := emulator.Caller{Customer: sd.Customers[0].CustomerID, UserID: sd.Customers[0].APIKey.UserID}
	base := "/api/enstratus/" + catalog.Load().DefaultVersion + "/"
	var replicas []*emulator.Server
	for i := range 2 {
		st := openPostgres(t, dsn)
		t.Cleanup(func() { _ = st.Close() })
		if i == 0 {
			if err := seed.Load(t.Context(), st, sd, nil); err != nil {
				t.Fatalf("seed: %v", err)
			}
		}
		srv, err := emulator.New(emulator.Options{
			Store: st, Auth: emulator.AuthOff, Anonymous: caller,
			Reseed: func(ctx context.Context, st store.Store) error { return seed.Load(ctx, st, sd, nil) },
		})
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		replicas = append(replicas, srv)
	}
	do := func(srv *emulator.Server, method, rel, body string) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequest(method, base+rel, strings.NewReader(body))
		req.RemoteAddr = "127.0.0.1:40000"
		req.Host = "127.0.0.1" // unsigned (--auth off) requests must name a loopback host (emulator/xsite.go)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	groups := func(rec *httptest.ResponseRecorder) []map[string]any {
		t.Helper()
		var doc struct {
			Groups []map[string]any `json:"groups"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || len(doc.Groups) != 1 {
			t.Fatalf("groups envelope (%d): %s (%v)", rec.Code, rec.Body, err)
		}
		return doc.Groups
	}

	rec := do(replicas[0], http.MethodPost, "admin/Group", `{"addGroup":{"group":{"name":"ops","description":"on call"}}}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create through replica 0: %d %s", rec.Code, rec.Body)
	}
	id, _ := json.Marshal(groups(rec)[0]["groupId"])

	rec = do(replicas[1], http.MethodGet, "admin/Group/"+string(id), "")
	if got := groups(rec)[0]["name"]; rec.Code != http.StatusOK || got != "ops" {
		t.Fatalf("read through replica 1: %d, name %v", rec.Code, got)
	}
	rec = do(replicas[1], http.MethodPut, "admin/Group/"+string(id), `{"describeGroup":{"group":{"name":"ops2","description":"x"}}}`)
	if rec.Code != http.StatusNoContent {
		t.Fatalf("update through replica 1: %d %s", rec.Code, rec.Body)
	}
	if got := groups(do(replicas[0], http.MethodGet, "admin/Group/"+string(id), ""))[0]["name"]; got != "ops2" {
		t.Errorf("replica 0 reads name %v after replica 1 renamed it to ops2", got)
	}
	if rec := do(replicas[0], http.MethodDelete, "admin/Group/"+string(id), ""); rec.Code != http.StatusNoContent {
		t.Fatalf("delete through replica 0: %d %s", rec.Code, rec.Body)
	}
	if rec := do(replicas[1], http.MethodGet, "admin/Group/"+string(id), ""); rec.Code != http.StatusNotFound {
		t.Errorf("replica 1 after the delete through replica 0: %d, want 404", rec.Code)
	}
}
