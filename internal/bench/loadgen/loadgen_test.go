package loadgen

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/wire"
)

// TestRunSignsAndReadsAnswers: every request reaches the server signed
// with the key, bodies framed by Content-Length and chunked encoding are
// both read whole, and statuses are counted.
func TestRunSignsAndReadsAnswers(t *testing.T) {
	t.Parallel()
	const access, secret = "ACCESS", "s3cr3t"
	var bad, posts atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts, _ := strconv.ParseInt(r.Header.Get(wire.HeaderTimestamp), 10, 64)
		sts := wire.StringToSign(r.Header.Get(wire.HeaderAccess), r.Method, r.URL.EscapedPath(), ts, r.UserAgent())
		if r.Header.Get(wire.HeaderAccess) != access || !wire.Verify(secret, sts, r.Header.Get(wire.HeaderSignature)) {
			bad.Add(1)
		}
		switch {
		case r.Method == http.MethodPost:
			if b, _ := io.ReadAll(r.Body); string(b) == `{"x":1}` {
				posts.Add(1)
			}
			w.WriteHeader(http.StatusAccepted)
		case strings.HasSuffix(r.URL.Path, "/chunked"):
			w.(http.Flusher).Flush() // no length known: chunked
			_, _ = io.WriteString(w, strings.Repeat("a", 5000))
		default:
			w.Header().Set("Content-Length", "3")
			_, _ = io.WriteString(w, "abc")
		}
	}))
	defer srv.Close()
	res, err := Run(t.Context(), Options{
		Addr: strings.TrimPrefix(srv.URL, "http://"), Conns: 3, Duration: 300 * time.Millisecond,
		AccessKey: access, SecretKey: secret,
		Requests: []Request{{Path: "/a/plain?q=1"}, {Path: "/a/chunked"}, {Method: "POST", Path: "/a", Body: `{"x":1}`}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests < 30 || len(res.Errors) > 0 || bad.Load() > 0 {
		t.Fatalf("%d requests, errors %v, %d badly signed", res.Requests, res.Errors, bad.Load())
	}
	// A request in flight at the deadline may reach the server without its
	// answer being counted: one per connection at most.
	if p := posts.Load(); res.Statuses[200]+res.Statuses[202] != res.Requests || p < int64(res.Statuses[202]) || p > int64(res.Statuses[202]+3) {
		t.Fatalf("statuses %v, %d POSTs with their body", res.Statuses, p)
	}
	// Each connection cycles through the three requests from its own
	// offset, so the kinds' counts differ by up to one per connection.
	perCycle := int64(3 + 5000)
	if cycles := int64(res.Requests / 3); res.Bytes < (cycles-3)*perCycle || res.Bytes > (cycles+3)*perCycle {
		t.Fatalf("%d body bytes for %d requests", res.Bytes, res.Requests)
	}
	if res.P50 <= 0 || res.P99 < res.P50 || res.PerSec <= 0 {
		t.Fatalf("latencies %v %v, %v/s", res.P50, res.P99, res.PerSec)
	}
}
