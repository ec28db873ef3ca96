package dcm

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// hangingTransport accepts every request and never answers, as a server
// that accepts the connection and then stalls.
var hangingTransport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
	<-r.Context().Done()
	return nil, r.Context().Err()
})

// stalledBody answers at once, then never sends the rest of the body.
var stalledBody = roundTripFunc(func(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: ctxReader{r.Context()}}, nil
})

type ctxReader struct{ ctx context.Context }

func (c ctxReader) Read([]byte) (int, error) { <-c.ctx.Done(); return 0, c.ctx.Err() }
func (c ctxReader) Close() error             { return nil }

// timedOut runs call in a synctest bubble and returns its error and how
// long it took on the fake clock.
func timedOut(t *testing.T, call func(context.Context) error) (took time.Duration, err error) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		err = call(t.Context())
		took = time.Since(start)
	})
	return took, err
}

func wantTimeout(t *testing.T, err error, phase string, after time.Duration) {
	t.Helper()
	te, ok := errors.AsType[*TimeoutError](err)
	if !IsNetworkError(err) || !ok || te.Phase != phase || te.After != after {
		t.Fatalf("err = %v, want a network error naming the %s timeout of %s", err, phase, after)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), phase+" timeout") {
		t.Errorf("Error() = %q", err)
	}
}

// TestBoundsFireOnTheFakeClock: each bound fires exactly when due, names
// itself, and ends the call at the first attempt although the retry policy
// allows four attempts of a GET.
func TestBoundsFireOnTheFakeClock(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		transport roundTripFunc
		opts      []Option
		phase     string
		after     time.Duration
	}{
		{"default response header", hangingTransport, nil, PhaseResponseHeader, DefaultResponseHeaderTimeout},
		{"configured response header", hangingTransport, []Option{WithTimeouts(Timeouts{ResponseHeader: 2 * time.Second})}, PhaseResponseHeader, 2 * time.Second},
		// With 10s of the request bound, an attempt waits 10s, not 30s.
		{"request bound sooner", hangingTransport, []Option{WithTimeout(10 * time.Second)}, PhaseRequest, 10 * time.Second},
		{"default request on a stalled body", stalledBody, nil, PhaseRequest, DefaultRequestTimeout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			attempts := 0
			counting := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				attempts++
				return tc.transport(r)
			})
			took, err := timedOut(t, func(ctx context.Context) error {
				_, err := testClient(t, counting, tc.opts...).Get(ctx, "infrastructure/Server", nil)
				return err
			})
			wantTimeout(t, err, tc.phase, tc.after)
			if took != tc.after || attempts != 1 {
				t.Errorf("gave up after %s and %d attempt(s), want one attempt of %s", took, attempts, tc.after)
			}
		})
	}
}

func TestNoTimeoutTurnsABoundOff(t *testing.T) {
	t.Parallel()
	took, err := timedOut(t, func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, time.Hour)
		defer cancel()
		c := testClient(t, hangingTransport, WithRetry(RetryPolicy{MaxAttempts: 1}),
			WithTimeouts(Timeouts{ResponseHeader: NoTimeout}), WithTimeout(0))
		_, err := c.Get(ctx, "infrastructure/Server", nil)
		return err
	})
	if _, ok := errors.AsType[*TimeoutError](err); ok || took != time.Hour {
		t.Errorf("with both bounds off: err %v after %s, want the caller's own hour", err, took)
	}
}

func TestConnectTimeoutOfTheOwnTransport(t *testing.T) {
	t.Parallel()
	blackhole := func(ctx context.Context, _, _ string) (net.Conn, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	took, err := timedOut(t, func(ctx context.Context) error {
		c, err := New(Config{AccessKey: "A", SecretKey: testSecret, Endpoint: "http://192.0.2.1/api/enstratus/2015-05-25"},
			func(c *Client) { c.dial = blackhole }, WithRetry(RetryPolicy{MaxAttempts: 1}))
		if err != nil {
			return err
		}
		_, err = c.Get(ctx, "infrastructure/Server", nil)
		return err
	})
	wantTimeout(t, err, PhaseConnect, DefaultConnectTimeout)
	if took != DefaultConnectTimeout {
		t.Errorf("gave up after %s, want the default %s", took, DefaultConnectTimeout)
	}
	if ne, _ := errors.AsType[*NetworkError](err); !ne.NotSent {
		t.Error("a connect timeout must count as not sent (a write may be retried)")
	}
}

// TestTLSHandshakeTimeout uses a real socket that accepts and never
// speaks, with a short configured bound.
func TestTLSHandshakeTimeout(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { conn.Close() })
		}
	}()
	c, err := New(Config{AccessKey: "A", SecretKey: testSecret, Endpoint: "https://" + ln.Addr().String() + "/api/enstratus/2015-05-25",
		Timeouts: Timeouts{TLSHandshake: 50 * time.Millisecond}}, WithRetry(RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Get(t.Context(), "infrastructure/Server", nil)
	wantTimeout(t, err, PhaseTLSHandshake, 50*time.Millisecond)
}

// TestResponseHeaderTimeoutOnARealSocket: a server that reads the request
// and never answers, with a short configured bound.
func TestResponseHeaderTimeoutOnARealSocket(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(func() { close(release); srv.Close() })
	c, err := New(Config{AccessKey: "A", SecretKey: testSecret, Endpoint: srv.URL + "/api/enstratus/2015-05-25"},
		WithTimeouts(Timeouts{ResponseHeader: 50 * time.Millisecond}), WithRetry(RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Get(t.Context(), "infrastructure/Server", nil)
	wantTimeout(t, err, PhaseResponseHeader, 50*time.Millisecond)
}

func TestParseTimeout(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{
		"30s": 30 * time.Second, " 2m ": 2 * time.Minute, "45": 45 * time.Second,
		"0": NoTimeout, "none": NoTimeout, "OFF": NoTimeout, "0s": NoTimeout,
	} {
		if got, err := ParseTimeout(in); err != nil || got != want {
			t.Errorf("ParseTimeout(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1s", "soon", "30 s"} {
		if _, err := ParseTimeout(in); err == nil {
			t.Errorf("ParseTimeout(%q) accepted", in)
		}
	}
}

func TestTimeoutsResolve(t *testing.T) {
	t.Parallel()
	c, err := New(Config{Endpoint: DefaultEndpoint, Timeouts: Timeouts{Connect: 3 * time.Second, Request: time.Minute}},
		WithTimeout(0), WithTimeouts(Timeouts{ResponseHeader: 5 * time.Second}))
	if err != nil {
		t.Fatal(err)
	}
	want := Timeouts{Connect: 3 * time.Second, TLSHandshake: DefaultTLSHandshakeTimeout, ResponseHeader: 5 * time.Second, Request: NoTimeout}
	if got := c.Config().Timeouts; got != want {
		t.Errorf("Timeouts = %v, want %v", got, want)
	}
	if s := want.String(); s != "connect 3s, TLS handshake 10s, response header 5s, request none" {
		t.Errorf("String() = %q", s)
	}
}

func TestStreamLeavesTheBodyOpenUnderTheRequestTimeout(t *testing.T) {
	t.Parallel()
	took, err := timedOut(t, func(ctx context.Context) error {
		c := testClient(t, stalledBody, WithTimeout(time.Minute))
		resp, body, err := c.Stream(ctx, &Request{Path: "infrastructure/Server"})
		if err != nil {
			return err
		}
		defer body.Close()
		if resp.StatusCode != 200 || resp.Body != nil {
			t.Errorf("response %+v: want 200 and no Body read", resp)
		}
		_, err = io.ReadAll(body)
		return err
	})
	if te, ok := errors.AsType[*TimeoutError](err); !ok || te.Phase != PhaseRequest || took != time.Minute {
		t.Errorf("reading a stalled stream: %v after %s, want the request timeout of 1m", err, took)
	}
}
