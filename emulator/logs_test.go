package emulator_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines decodes the JSON log lines.
func (b *syncBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(b.buf.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func jsonLogger(w *syncBuffer) *slog.Logger { return slog.New(slog.NewJSONHandler(w, nil)) }

// With LogRequests every request gets one line with its method, path,
// redacted query, status, duration, request id and customer; no line ever
// holds a secret value or a signature.
func TestAccessLog(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	e := newEnv(t, func(o *emulator.Options) { o.Logger, o.LogRequests = jsonLogger(&logs), true })
	ok := e.do(t, http.MethodGet, "geography/Cloud?secretKey=hunter2&password=pw&name=x", "", nil)
	wantStatus(t, ok, http.StatusOK)
	denied := e.serve(newRequest(http.MethodGet, e.url("geography/Cloud"), "", nil))
	wantStatus(t, denied, http.StatusForbidden)
	wantStatus(t, e.control(t, http.MethodGet, "health", "", nil), http.StatusOK)
	var requests []map[string]any
	for _, l := range logs.lines(t) {
		if l["msg"] == "request" {
			requests = append(requests, l)
		}
	}
	if len(requests) != 3 {
		t.Fatalf("%d access lines for 3 requests:\n%s", len(requests), logs.String())
	}
	first := requests[0]
	if first["method"] != "GET" || first["path"] != e.url("geography/Cloud") || first["status"] != float64(200) ||
		first["request"] != ok.Header().Get("x-es-request") || first["customer"] != float64(10001) || first["duration"] == nil {
		t.Errorf("access line %v", first)
	}
	if q := first["query"]; q != "secretKey=REDACTED&password=REDACTED&name=x" {
		t.Errorf("logged query %q", q)
	}
	if requests[1]["status"] != float64(403) || requests[1]["customer"] != nil {
		t.Errorf("line of the refused request %v", requests[1])
	}
	text := logs.String()
	for _, secret := range []string{"hunter2", "=pw", e.key.SecretKey, "x-esauth-signature", "X-Esauth-Signature"} {
		if strings.Contains(text, secret) {
			t.Errorf("the log holds %q:\n%s", secret, text)
		}
	}
	quiet := newEnv(t, func(o *emulator.Options) { o.Logger = jsonLogger(&syncBuffer{}) })
	wantStatus(t, quiet.do(t, http.MethodGet, "geography/Cloud", "", nil), http.StatusOK)
}

// panicStore panics when a list of clouds is read: a bug deep in a
// request.
type panicStore struct{ store.Store }

type panicTx struct{ store.Tx }

func (s panicStore) View(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.View(ctx, func(tx store.Tx) error { return fn(panicTx{tx}) })
}

func (s panicStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(panicTx{tx}) })
}

func (tx panicTx) Scan(ctx context.Context, f store.Filter, fn func(store.Record) bool) error {
	if f.Kind == "Cloud" {
		panic("a bug while listing clouds")
	}
	return tx.Tx.Scan(ctx, f, fn)
}

// Internal errors and panics are always logged, with the request id the
// client got and the stack; the client gets a 500 naming the request id
// and nothing else.
func TestInternalErrorsAreLoggedWithRequestIDAndStack(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	e := newEnv(t, func(o *emulator.Options) { o.Logger = jsonLogger(&logs) })
	// A corrupted record: its data is not an object.
	err := e.srv.Store().Update(context.Background(), func(tx store.Tx) error {
		return tx.Put(context.Background(), store.Record{Customer: 10001, Kind: "Server", ID: "999999", Data: []byte(`[1,2]`)})
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := e.do(t, http.MethodGet, "infrastructure/Server/999999", "", nil)
	id := rec.Header().Get("x-es-request")
	wantError(t, rec, http.StatusInternalServerError, id)

	p := newEnv(t, func(o *emulator.Options) {
		o.Logger = jsonLogger(&logs)
		o.Store = panicStore{o.Store}
	})
	rec = p.do(t, http.MethodGet, "geography/Cloud", "", nil)
	pid := rec.Header().Get("x-es-request")
	wantError(t, rec, http.StatusInternalServerError, pid)
	if strings.Contains(rec.Body.String(), "a bug") {
		t.Errorf("the panic's text reached the client: %s", rec.Body)
	}
	found := map[string]bool{}
	for _, l := range logs.lines(t) {
		stack, _ := l["stack"].(string)
		if l["level"] == "ERROR" && strings.Contains(stack, "goroutine") && strings.Contains(stack, "emulator") {
			found[l["request"].(string)] = true
		}
	}
	if !found[id] || !found[pid] {
		t.Fatalf("no error line with the stack for request %s (internal error) and %s (panic):\n%s", id, pid, logs.String())
	}
}

// A 5xx that is no bug (an injected fault) is logged too, without a stack.
func TestInjected5xxIsLogged(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	e := newEnv(t, func(o *emulator.Options) { o.Logger = jsonLogger(&logs) })
	if _, err := e.srv.AddFault(emulator.FaultRule{Status: http.StatusServiceUnavailable}); err != nil {
		t.Fatal(err)
	}
	rec := e.do(t, http.MethodGet, "geography/Cloud", "", nil)
	wantStatus(t, rec, http.StatusServiceUnavailable)
	for _, l := range logs.lines(t) {
		if l["level"] == "ERROR" && l["request"] == rec.Header().Get("x-es-request") && l["msg"] == "answered 503" {
			return
		}
	}
	t.Fatalf("no line for the injected 503:\n%s", logs.String())
}

// The repro: 1,500 unsigned requests with a 1 MB query each. The
// request log keeps a bounded prefix of each (marked truncated), so the
// heap stays small; the entries also stay within the byte bound.
// (Not parallel: it measures the process's heap.)
func TestRequestLogOfHugeQueriesStaysSmall(t *testing.T) {
	e := newEnv(t, nil)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range 1500 {
		// Built by hand: httptest.NewRequest would parse a 1 MB request line.
		req := newRequest(http.MethodGet, e.url("geography/Cloud"), "", nil)
		req.URL.RawQuery = "q=" + strings.Repeat(string(rune('a'+i%26)), 1<<20)
		rec := e.serve(req)
		if rec.Code != http.StatusForbidden {
			t.Fatalf("request %d: %d", i, rec.Code)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("heap after 1,500 requests with 1 MB queries: %+.1f MB (HeapAlloc %.1f MB)", float64(grown)/(1<<20), float64(after.HeapAlloc)/(1<<20))
	if grown > 50<<20 {
		t.Errorf("the heap grew by %d MB", grown>>20)
	}
	recs := e.srv.Requests()
	if len(recs) != 1500 {
		t.Fatalf("%d entries, want 1500", len(recs))
	}
	for _, r := range recs {
		if !r.Truncated || len(r.Query) > 1024 {
			t.Fatalf("entry with a %d-byte query, truncated %v", len(r.Query), r.Truncated)
		}
	}
	runtime.KeepAlive(e)

	small := newEnv(t, func(o *emulator.Options) { o.RequestLogBytes = 64 << 10 })
	for range 500 {
		small.serve(newRequest(http.MethodGet, small.url("geography/Cloud")+"?q="+strings.Repeat("z", 4000), "", nil))
	}
	n := len(small.srv.Requests())
	if n == 0 || n*1024 > 64<<10 {
		t.Fatalf("%d entries of about 1 KB each in a log of 64 KB", n)
	}
}
