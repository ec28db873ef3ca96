package emulator_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator"
)

// Request details are kept only while someone watches the log, and then
// with credentials and secret members redacted; watchers get each new
// entry with its customer.
func TestWatchingTheRequestLog(t *testing.T) {
	t.Parallel()
	srv := newEnv(t, func(o *emulator.Options) { o.Auth = emulator.AuthOff }).srv
	send := func(method, path, body string) string {
		r := httptest.NewRequest(method, "http://127.0.0.1"+path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer a-credential")
		r.Header.Set("X-Esauth-Signature", "a-signature")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w.Header().Get("X-Es-Request")
	}
	unwatched := send(http.MethodGet, "/api/enstratus/2015-05-25/geography/Region", "")
	if _, ok := srv.RequestDetail(unwatched); ok {
		t.Fatal("a request served while nobody watched has a detail")
	}

	ctx, cancel := context.WithCancel(context.Background())
	ch := srv.WatchRequests(ctx)
	id := send(http.MethodPost, "/api/enstratus/2015-05-25/admin/ApiKey", `{"generateApiKey":[{"name":"watched","description":"its secret is redacted"}]}`)
	e := <-ch
	if e.RequestID != id || e.Status != http.StatusCreated || e.Customer == 0 {
		t.Fatalf("watched entry %+v, want request %s, 201, a customer", e, id)
	}
	d, ok := srv.RequestDetail(id)
	if !ok {
		t.Fatal("a watched request has no detail")
	}
	body := string(d.Body)
	if !strings.Contains(body, `"secretKey": "REDACTED"`) || !strings.Contains(body, `"accessKey"`) {
		t.Errorf("the kept body does not redact the secret key:\n%s", body)
	}
	for _, h := range []string{"Authorization", "X-Esauth-Signature"} {
		if got := d.RequestHeader.Get(h); got != "REDACTED" {
			t.Errorf("header %s kept as %q", h, got)
		}
	}
	if d.RequestHeader.Get("Content-Type") != "application/json" || d.ResponseHeader.Get("Content-Type") == "" {
		t.Errorf("ordinary headers not kept: %v %v", d.RequestHeader, d.ResponseHeader)
	}

	cancel()
	for range ch { // closed once the watcher is gone
	}
	after := send(http.MethodGet, "/api/enstratus/2015-05-25/geography/Region", "")
	if _, ok := srv.RequestDetail(after); ok {
		t.Fatal("a request served after the watcher left has a detail")
	}
}

// A fault rule can be removed by id, leaving the others.
func TestRemoveFault(t *testing.T) {
	t.Parallel()
	srv := newEnv(t, func(o *emulator.Options) { o.Auth = emulator.AuthOff }).srv
	a, _ := srv.AddFault(emulator.FaultRule{Status: 503})
	b, _ := srv.AddFault(emulator.FaultRule{Status: 500})
	if !srv.RemoveFault(a.ID) || srv.RemoveFault(a.ID) {
		t.Fatal("RemoveFault: want true once, then false")
	}
	if f := srv.Faults(); len(f) != 1 || f[0].ID != b.ID {
		t.Fatalf("faults left: %+v", f)
	}
}
