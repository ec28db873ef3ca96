package dcm

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/mixcoatl/mixcoatl/wire"
)

// scripted is a fake transport answering from a script, one step per
// attempt, and recording what each attempt carried.
type scripted struct {
	mu      sync.Mutex
	steps   []func() (*http.Response, error)
	seen    []http.Header
	times   []time.Time
	body    []string
	methods []string
	paths   []string
}

func (s *scripted) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
	}
	s.seen = append(s.seen, r.Header.Clone())
	s.times = append(s.times, time.Now())
	s.body = append(s.body, string(body))
	s.methods = append(s.methods, r.Method)
	s.paths = append(s.paths, r.URL.EscapedPath())
	i := len(s.seen) - 1
	if i >= len(s.steps) {
		i = len(s.steps) - 1
	}
	return s.steps[i]()
}

func (s *scripted) attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.seen)
}

func status(code int, header ...string) func() (*http.Response, error) {
	return func() (*http.Response, error) {
		h := http.Header{}
		for i := 0; i+1 < len(header); i += 2 {
			h.Set(header[i], header[i+1])
		}
		return answer(code, h, `{"error":{"message":"status `+http.StatusText(code)+`"}}`), nil
	}
}

func failWith(err error) func() (*http.Response, error) {
	return func() (*http.Response, error) { return nil, err }
}

var (
	dialErr  = &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	resetErr = &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
)

func testClient(t *testing.T, rt http.RoundTripper, opts ...Option) *Client {
	t.Helper()
	cfg := Config{AccessKey: "ACCESS", SecretKey: testSecret, Endpoint: "http://dcm.test:15000/api/enstratus/2015-05-25"}
	c, err := New(cfg, append([]Option{WithTransport(rt)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRetry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		method       string
		steps        []func() (*http.Response, error)
		policy       RetryPolicy
		timeout      time.Duration
		wantAttempts int
		wantStatus   int // 0 = want success
		wantNetwork  bool
		minElapsed   time.Duration
		maxElapsed   time.Duration
	}{
		{name: "GET retries 5xx with backoff", method: "GET", steps: []func() (*http.Response, error){status(503), status(500), status(200)},
			wantAttempts: 3, minElapsed: 300 * time.Millisecond, maxElapsed: 600 * time.Millisecond},
		{name: "GET retries connection errors", method: "GET", steps: []func() (*http.Response, error){failWith(resetErr), status(200)},
			wantAttempts: 2, minElapsed: 100 * time.Millisecond, maxElapsed: 200 * time.Millisecond},
		{name: "HEAD retries 429", method: "HEAD", steps: []func() (*http.Response, error){status(429), status(200)},
			wantAttempts: 2, minElapsed: 100 * time.Millisecond, maxElapsed: 200 * time.Millisecond},
		{name: "GET gives up after MaxAttempts", method: "GET", steps: []func() (*http.Response, error){status(500)},
			wantAttempts: 4, wantStatus: 500, minElapsed: 700 * time.Millisecond, maxElapsed: 1400 * time.Millisecond},
		{name: "backoff is capped", method: "GET", steps: []func() (*http.Response, error){status(502)},
			policy:       RetryPolicy{MaxAttempts: 5, BaseDelay: time.Second, MaxDelay: 2 * time.Second},
			wantAttempts: 5, wantStatus: 502, minElapsed: (500 + 1000 + 1000 + 1000) * time.Millisecond, maxElapsed: 7 * time.Second},
		{name: "GET 404 is final", method: "GET", steps: []func() (*http.Response, error){status(404)},
			wantAttempts: 1, wantStatus: 404},
		{name: "POST 500 is not retried", method: "POST", steps: []func() (*http.Response, error){status(500), status(201)},
			wantAttempts: 1, wantStatus: 500},
		{name: "POST 503 is not retried", method: "POST", steps: []func() (*http.Response, error){status(503, "Retry-After", "1"), status(201)},
			wantAttempts: 1, wantStatus: 503},
		{name: "POST after a reset is not retried", method: "POST", steps: []func() (*http.Response, error){failWith(resetErr), status(201)},
			wantAttempts: 1, wantNetwork: true},
		{name: "POST after a dial error is retried", method: "POST", steps: []func() (*http.Response, error){failWith(dialErr), status(202)},
			wantAttempts: 2, minElapsed: 100 * time.Millisecond, maxElapsed: 200 * time.Millisecond},
		{name: "DELETE honours Retry-After seconds on 429", method: "DELETE", steps: []func() (*http.Response, error){status(429, "Retry-After", "3"), status(204)},
			wantAttempts: 2, minElapsed: 3 * time.Second, maxElapsed: 3 * time.Second},
		{name: "GET honours Retry-After date on 503", method: "GET",
			steps: []func() (*http.Response, error){func() (*http.Response, error) {
				return status(503, "Retry-After", time.Now().Add(5*time.Second).UTC().Format(http.TimeFormat))()
			}, status(200)},
			wantAttempts: 2, minElapsed: 5 * time.Second, maxElapsed: 5 * time.Second},
		{name: "Retry-After beyond MaxRetryAfter ends the call", method: "GET", steps: []func() (*http.Response, error){status(429, "Retry-After", "600"), status(200)},
			wantAttempts: 1, wantStatus: 429},
		{name: "no sleep past the deadline", method: "GET", timeout: 2 * time.Second,
			steps:        []func() (*http.Response, error){status(429, "Retry-After", "10"), status(200)},
			wantAttempts: 1, wantStatus: 429, maxElapsed: 0},
		{name: "MaxAttempts 1 disables retries", method: "GET", policy: RetryPolicy{MaxAttempts: 1},
			steps: []func() (*http.Response, error){status(503), status(200)}, wantAttempts: 1, wantStatus: 503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				rt := &scripted{steps: tt.steps}
				c := testClient(t, rt, WithRetry(tt.policy), WithTimeout(tt.timeout))
				req := &Request{Method: tt.method, Path: "infrastructure/Server"}
				if tt.method == "POST" {
					req.Body = []byte(`{"launch":[{}]}`)
				}
				start := time.Now()
				resp, err := c.Do(t.Context(), req)
				elapsed := time.Since(start)
				if got := rt.attempts(); got != tt.wantAttempts {
					t.Errorf("attempts = %d, want %d", got, tt.wantAttempts)
				}
				switch {
				case tt.wantNetwork:
					if !IsNetworkError(err) {
						t.Errorf("error = %v, want a network error", err)
					}
				case tt.wantStatus != 0:
					if StatusCode(err) != tt.wantStatus {
						t.Errorf("error = %v, want status %d", err, tt.wantStatus)
					}
				case err != nil:
					t.Errorf("Do: %v", err)
				case resp == nil:
					t.Error("Do returned neither response nor error")
				}
				if elapsed < tt.minElapsed || elapsed > tt.maxElapsed {
					t.Errorf("elapsed %v, want within [%v, %v]", elapsed, tt.minElapsed, tt.maxElapsed)
				}
				checkResigned(t, rt)
			})
		})
	}
}

// checkResigned verifies that every attempt carried a valid signature over
// its own time as timestamp, the same body, and a new signature when time
// moved between attempts.
func checkResigned(t *testing.T, rt *scripted) {
	t.Helper()
	rt.mu.Lock()
	defer rt.mu.Unlock()
	for i, h := range rt.seen {
		ms := rt.times[i].UnixMilli()
		if got := h.Get(HeaderTimestamp); got != strconv.FormatInt(ms, 10) {
			t.Errorf("attempt %d timestamp %s, want the attempt's own time %d", i, got, ms)
		}
		sts := wire.StringToSign("ACCESS", rt.methods[i], rt.paths[i], ms, h.Get("User-Agent"))
		if !wire.Verify(testSecret, sts, h.Get(HeaderSignature)) {
			t.Errorf("attempt %d signature does not verify over %q", i, sts)
		}
		if i > 0 && rt.body[i] != rt.body[0] {
			t.Errorf("attempt %d sent body %q, first attempt %q", i, rt.body[i], rt.body[0])
		}
		if i > 0 && rt.times[i].UnixMilli() != rt.times[i-1].UnixMilli() && h.Get(HeaderSignature) == rt.seen[i-1].Get(HeaderSignature) {
			t.Errorf("attempt %d reused the previous signature", i)
		}
	}
}

func TestRetryCancelledWhileWaiting(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		rt := &scripted{steps: []func() (*http.Response, error){status(503)}}
		c := testClient(t, rt)
		ctx, cancel := context.WithCancel(t.Context())
		go func() {
			time.Sleep(50 * time.Millisecond)
			cancel()
		}()
		_, err := c.Get(ctx, "geography/Cloud", nil)
		if !errors.Is(err, context.Canceled) || StatusCode(err) != 503 {
			t.Errorf("error = %v, want the 503 and context.Canceled", err)
		}
		if rt.attempts() != 1 {
			t.Errorf("attempts = %d, want 1", rt.attempts())
		}
	})
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2015, 7, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{" 120 ", 2 * time.Minute, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"", 0, false},
		{"-5", 0, false},
		{"soon", 0, false},
		{"99999999999999999999", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
