package emulator_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

func TestAuthAcceptsCorrectSignature(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	rec := e.do(t, http.MethodGet, "geography/Cloud?status=ACTIVE", "", nil)
	wantStatus(t, rec, http.StatusOK)
	if len(envelope(t, rec, "clouds")) == 0 {
		t.Fatal("no clouds")
	}
	if got := rec.Header().Get("x-es-version"); got != e.version {
		t.Errorf("x-es-version = %q, want %q", got, e.version)
	}
}

func TestAuthFailures(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	target := e.url("geography/Cloud")
	cases := []struct {
		name   string
		mutate func(*http.Request)
		want   string
	}{
		{"no headers", func(r *http.Request) {
			for _, h := range []string{"x-esauth-access", "x-esauth-timestamp", "x-esauth-signature"} {
				r.Header.Del(h)
			}
		}, "Missing authentication headers"},
		{"unknown access key", func(r *http.Request) {
			signHeaders(r, seed.APIKey{AccessKey: "NOSUCHKEYNOSUCHKEYXX", SecretKey: e.key.SecretKey}, e.now(), testAgent)
		}, "Invalid access keys"},
		{"wrong secret", func(r *http.Request) {
			signHeaders(r, seed.APIKey{AccessKey: e.key.AccessKey, SecretKey: "not-the-secret"}, e.now(), testAgent)
		}, "Invalid signature"},
		{"timestamp 10 minutes old beyond a 5 minute window", nil, "outside the allowed window"},
		{"timestamp 20 minutes old", func(r *http.Request) {
			signHeaders(r, e.key, e.now().Add(-20*time.Minute), testAgent)
		}, "outside the allowed window"},
		{"timestamp 20 minutes ahead", func(r *http.Request) {
			signHeaders(r, e.key, e.now().Add(20*time.Minute), testAgent)
		}, "outside the allowed window"},
		{"timestamp not a number", func(r *http.Request) { r.Header.Set("x-esauth-timestamp", "yesterday") }, "x-esauth-timestamp"},
		{"user agent differs from the signed one", func(r *http.Request) { r.Header.Set("User-Agent", "other-agent") }, "Invalid signature"},
		{"query string signed", func(r *http.Request) {
			r2 := newRequest(http.MethodGet, target+"?status=ACTIVE", "", nil)
			ms := r.Header.Get("x-esauth-timestamp")
			r.Header.Set("x-esauth-signature", hmacSign(e.key.SecretKey,
				e.key.AccessKey+":GET:"+r2.URL.RequestURI()+":"+ms+":"+testAgent))
			r.URL = r2.URL
		}, "Invalid signature"},
		{"method signed differs", func(r *http.Request) {
			ms := r.Header.Get("x-esauth-timestamp")
			r.Header.Set("x-esauth-signature", hmacSign(e.key.SecretKey,
				e.key.AccessKey+":POST:"+r.URL.Path+":"+ms+":"+testAgent))
		}, "Invalid signature"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := e
			if tc.mutate == nil { // the 10-minute case needs a tighter window than the default
				env = newEnv(t, func(o *emulator.Options) { o.Skew = 5 * time.Minute })
				tc.mutate = func(r *http.Request) { signHeaders(r, env.key, env.now().Add(-10*time.Minute), testAgent) }
			}
			req := newRequest(http.MethodGet, target, "", nil)
			signHeaders(req, env.key, env.now(), testAgent)
			tc.mutate(req)
			rec := env.serve(req)
			wantError(t, rec, http.StatusForbidden, tc.want)
			body := rec.Body.String()
			if strings.Contains(body, env.key.SecretKey) {
				t.Error("error body contains the secret key")
			}
			if sig := req.Header.Get("x-esauth-signature"); sig != "" && strings.Contains(body, sig) {
				t.Error("error body echoes the signature")
			}
		})
	}
}

func TestAuthSkewWindowBothWays(t *testing.T) {
	t.Parallel()
	now := time.Date(2015, 6, 29, 12, 0, 0, 0, time.UTC)
	e := newEnv(t, func(o *emulator.Options) { o.Clock = func() time.Time { return now } })
	for _, off := range []time.Duration{-emulator.DefaultSkew + time.Second, emulator.DefaultSkew - time.Second, 0} {
		req := newRequest(http.MethodGet, e.url("geography/Cloud"), "", nil)
		signHeaders(req, e.key, now.Add(off), testAgent)
		wantStatus(t, e.serve(req), http.StatusOK)
	}
	for _, off := range []time.Duration{-emulator.DefaultSkew - time.Second, emulator.DefaultSkew + time.Second, -10 * time.Minute} {
		req := newRequest(http.MethodGet, e.url("geography/Cloud"), "", nil)
		signHeaders(req, e.key, now.Add(off), testAgent)
		wantError(t, e.serve(req), http.StatusForbidden, "outside the allowed window")
	}
}

func TestAuthCustomerIsolation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	listIDs := func(key seed.APIKey) map[any]bool {
		req := newRequest(http.MethodGet, e.url("infrastructure/Server"), "", nil)
		signHeaders(req, key, e.now(), testAgent)
		rec := e.serve(req)
		wantStatus(t, rec, http.StatusOK)
		ids := map[any]bool{}
		for _, s := range envelope(t, rec, "servers") {
			ids[s["serverId"]] = true
		}
		return ids
	}
	a, b := listIDs(e.key), listIDs(e.other)
	if len(a) == 0 || len(b) == 0 {
		t.Fatalf("both customers should have servers: %v / %v", a, b)
	}
	for id := range b {
		if a[id] {
			t.Errorf("server %v visible to both customers", id)
		}
	}
}

func TestAuthLogModeAcceptsAndLogs(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	e := newEnv(t, func(o *emulator.Options) {
		o.Auth = emulator.AuthLog
		o.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	req := newRequest(http.MethodGet, e.url("geography/Cloud"), "", nil)
	signHeaders(req, seed.APIKey{AccessKey: e.key.AccessKey, SecretKey: "wrong"}, e.now(), testAgent)
	wantStatus(t, e.serve(req), http.StatusOK)
	if !strings.Contains(logs.String(), "Invalid signature") {
		t.Errorf("log mode did not log the failure: %s", logs.String())
	}
	if strings.Contains(logs.String(), e.key.SecretKey) || strings.Contains(logs.String(), req.Header.Get("x-esauth-signature")) {
		t.Error("log contains the secret or the signature")
	}
}

func TestAuthOffModeUsesAnonymousOrGivenCustomer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *emulator.Options) { o.Auth = emulator.AuthOff })
	count := func(hdr map[string]string) string {
		rec := e.serve(newRequest(http.MethodHead, e.url("infrastructure/Server"), "", hdr))
		wantStatus(t, rec, http.StatusOK)
		return rec.Header().Get("x-es-count")
	}
	first := count(nil)
	second := count(map[string]string{"x-esauth-access": e.other.AccessKey})
	own := count(map[string]string{"x-esauth-access": e.key.AccessKey})
	if first != own {
		t.Errorf("unsigned request counted %s servers, the first customer has %s", first, own)
	}
	if first == second {
		t.Errorf("access key header did not select the second customer (both %s)", first)
	}
}

// In auth mode off, a GET by id without a key is answered by the one-read
// path, as the anonymous customer, with no transaction: what a signed GET
// of the same customer answers, byte for byte, and another customer's item
// not at all; the request log names the anonymous customer.
func TestAuthOffItemWithoutKeyIsTheAnonymousCustomers(t *testing.T) {
	t.Parallel()
	st := &viewCounter{Memory: store.NewMemory()}
	sd := seed.Default()
	if err := seed.Load(context.Background(), st, sd, nil); err != nil {
		t.Fatal(err)
	}
	e := envOver(t, st, emulator.Options{Auth: emulator.AuthOff,
		Anonymous: emulator.Caller{Customer: sd.Customers[0].CustomerID, UserID: sd.Customers[0].APIKey.UserID}})
	idOf := func(hdr map[string]string) string {
		t.Helper()
		rec := e.serve(newRequest(http.MethodGet, e.url("infrastructure/Server"), "", hdr))
		wantStatus(t, rec, http.StatusOK)
		return fmt.Sprint(envelope(t, rec, "servers")[0]["serverId"])
	}
	own, others := idOf(nil), idOf(map[string]string{"x-esauth-access": e.other.AccessKey})
	accept := map[string]string{"Accept": "application/json"}
	for range 2 { // the second answer is a remembered one
		views := st.views.Load()
		anon := e.serve(newRequest(http.MethodGet, e.url("infrastructure/Server/"+own), "", accept))
		wantStatus(t, anon, http.StatusOK)
		if n := st.views.Load() - views; n != 0 {
			t.Fatalf("the GET without a key took %d transactions, not the one-read path", n)
		}
		signed := e.do(t, http.MethodGet, "infrastructure/Server/"+own, "", accept)
		wantStatus(t, signed, http.StatusOK)
		if anon.Body.String() != signed.Body.String() {
			t.Fatalf("without a key:\n%s\nsigned by the anonymous customer's key:\n%s", anon.Body, signed.Body)
		}
		wantStatus(t, e.serve(newRequest(http.MethodGet, e.url("infrastructure/Server/"+others), "", accept)), http.StatusNotFound)
	}
	reqs := e.srv.Requests()
	if last := reqs[len(reqs)-2]; last.Customer != sd.Customers[0].CustomerID || last.Status != http.StatusOK {
		t.Fatalf("request log: %+v", last)
	}
}

// viewCounter is a memory store counting its read transactions.
type viewCounter struct {
	*store.Memory
	views atomic.Int64
}

func (v *viewCounter) View(ctx context.Context, fn func(store.Tx) error) error {
	v.views.Add(1)
	return v.Memory.View(ctx, fn)
}
