package emulator_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

const testAgent = "emulator-test/1.0"

// testEnv is a server over a memory store loaded with the default seed. Its
// signer is written here from the spec, independently of package dcm, so a
// bug shared by client and server cannot hide.
type testEnv struct {
	srv     *emulator.Server
	key     seed.APIKey
	other   seed.APIKey // the second customer's key
	version string
	now     func() time.Time
}

func newEnv(t testing.TB, edit func(*emulator.Options)) *testEnv {
	t.Helper()
	sd := seed.Default()
	st := store.NewMemory()
	t.Cleanup(func() { _ = st.Close() })
	if err := seed.Load(context.Background(), st, sd, nil); err != nil {
		t.Fatalf("seed: %v", err)
	}
	opts := emulator.Options{
		Store:     st,
		Anonymous: emulator.Caller{Customer: sd.Customers[0].CustomerID, UserID: sd.Customers[0].APIKey.UserID},
		Reseed:    func(ctx context.Context, st store.Store) error { return seed.Load(ctx, st, sd, nil) },
	}
	if edit != nil {
		edit(&opts)
	}
	srv, err := emulator.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	now := opts.Clock
	if now == nil {
		now = time.Now
	}
	return &testEnv{srv: srv, key: sd.Customers[0].APIKey, other: sd.Customers[1].APIKey,
		version: catalog.Load().DefaultVersion, now: now}
}

func hmacSign(secret, msg string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// url makes the absolute path of a resource path ("geography/Cloud?x=1").
func (e *testEnv) url(rel string) string {
	return "/api/enstratus/" + e.version + "/" + rel
}

// signHeaders signs req as the spec says: access:METHOD:path:ts:UA.
func signHeaders(req *http.Request, key seed.APIKey, ts time.Time, ua string) {
	ms := strconv.FormatInt(ts.UnixMilli(), 10)
	msg := key.AccessKey + ":" + req.Method + ":" + req.URL.EscapedPath() + ":" + ms + ":" + ua
	req.Header.Set("x-esauth-access", key.AccessKey)
	req.Header.Set("x-esauth-timestamp", ms)
	req.Header.Set("x-esauth-signature", hmacSign(key.SecretKey, msg))
	req.Header.Set("User-Agent", ua)
}

func newRequest(method, target, body string, hdr map[string]string) *http.Request {
	var req *http.Request
	if body == "" {
		req = httptest.NewRequest(method, target, nil)
	} else {
		req = httptest.NewRequest(method, target, strings.NewReader(body))
	}
	req.RemoteAddr = "127.0.0.1:40000"
	req.Host = "127.0.0.1:15000" // what a local client sends (httptest's default is example.com)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return req
}

// do sends a signed API request for a resource path.
func (e *testEnv) do(t *testing.T, method, rel, body string, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := newRequest(method, e.url(rel), body, hdr)
	signHeaders(req, e.key, e.now(), testAgent)
	return e.serve(req)
}

func (e *testEnv) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return rec
}

// envelope decodes a JSON collection envelope.
func envelope(t *testing.T, rec *httptest.ResponseRecorder, key string) []map[string]any {
	t.Helper()
	var doc map[string][]map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("body is not a JSON envelope: %v\n%s", err, rec.Body.String())
	}
	items, ok := doc[key]
	if !ok || len(doc) != 1 {
		t.Fatalf("envelope keys = %v, want only %q\n%s", keysOf(doc), key, rec.Body.String())
	}
	return items
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// errorMessage decodes {"error":{"message":…}} and fails on any other shape.
func errorMessage(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var doc struct {
		Error *struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || doc.Error == nil || doc.Error.Message == "" {
		t.Fatalf("status %d body is not an error envelope: %s", rec.Code, rec.Body.String())
	}
	return doc.Error.Message
}

func wantStatus(t *testing.T, rec *httptest.ResponseRecorder, want int) {
	t.Helper()
	if rec.Code != want {
		t.Fatalf("status %d, want %d; body: %s", rec.Code, want, rec.Body.String())
	}
}

func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int, substr string) {
	t.Helper()
	wantStatus(t, rec, status)
	if msg := errorMessage(t, rec); !strings.Contains(msg, substr) {
		t.Fatalf("error message %q does not mention %q", msg, substr)
	}
}

func timeNow() time.Time { return time.Now() }
