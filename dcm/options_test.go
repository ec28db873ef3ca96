package dcm

import (
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestConveniencesAndOptions(t *testing.T) {
	t.Parallel()
	fixed := time.UnixMilli(1436000000000)
	var seen []*http.Request
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r)
		return answer(204, nil, ""), nil
	})
	c, err := New(Config{AccessKey: "A", SecretKey: testSecret, Endpoint: "http://h.test/api/enstratus/2015-05-25"},
		WithHTTPClient(&http.Client{Transport: rt}), WithClock(func() time.Time { return fixed }))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	calls := []func() (*Response, error){
		func() (*Response, error) { return c.Head(ctx, "infrastructure/Server", nil) },
		func() (*Response, error) { return c.Post(ctx, "infrastructure/Volume", []byte(`{"addVolume":[{}]}`)) },
		func() (*Response, error) { return c.Put(ctx, "infrastructure/Volume/9", []byte(`{"detach":[{}]}`)) },
		func() (*Response, error) {
			return c.Delete(ctx, "infrastructure/Volume/9", map[string][]string{"reason": {"done"}})
		},
	}
	for _, call := range calls {
		if _, err := call(); err != nil {
			t.Fatal(err)
		}
	}
	wantMethods := []string{"HEAD", "POST", "PUT", "DELETE"}
	for i, r := range seen {
		if r.Method != wantMethods[i] || r.Header.Get(HeaderTimestamp) != strconv.FormatInt(fixed.UnixMilli(), 10) {
			t.Errorf("request %d: %s with timestamp %s", i, r.Method, r.Header.Get(HeaderTimestamp))
		}
		if hasBody := r.Header.Get("Content-Type") != ""; hasBody != (i == 1 || i == 2) {
			t.Errorf("request %d: Content-Type %q", i, r.Header.Get("Content-Type"))
		}
	}
	if seen[3].URL.RawQuery != "reason=done" {
		t.Errorf("DELETE query %q", seen[3].URL.RawQuery)
	}
	if got := c.Endpoint(); got.Path() != "/api/enstratus/2015-05-25" || got.DiscoveryURL() != "http://h.test/api/enstratus" {
		t.Errorf("Endpoint() = %+v", got)
	}
}

func TestSSLVerifyOffSkipsVerificationOnlyForTheDefaultTransport(t *testing.T) {
	t.Parallel()
	c, err := New(Config{Endpoint: DefaultEndpoint, InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := c.httpClient.Transport.(*http.Transport)
	if !ok || tr.TLSClientConfig == nil || !tr.TLSClientConfig.InsecureSkipVerify {
		t.Errorf("ssl_verify=false: transport %#v does not skip verification", c.httpClient.Transport)
	}
	if http.DefaultTransport.(*http.Transport).TLSClientConfig != nil && http.DefaultTransport.(*http.Transport).TLSClientConfig.InsecureSkipVerify {
		t.Error("http.DefaultTransport was modified")
	}
	c, err = New(Config{Endpoint: DefaultEndpoint})
	if err != nil {
		t.Fatal(err)
	}
	if tr, ok := c.httpClient.Transport.(*http.Transport); !ok || tr.TLSClientConfig != nil && tr.TLSClientConfig.InsecureSkipVerify {
		t.Errorf("ssl_verify=true: transport %#v skips verification", c.httpClient.Transport)
	}
}

// TestZeroConfigVerifiesTLS talks to a server with a self-signed
// certificate: a Config built by hand (zero InsecureSkipVerify) must refuse
// it, and only InsecureSkipVerify may accept it.
func TestZeroConfigVerifiesTLS(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"clouds":[]}`))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	cfg := Config{AccessKey: "A", SecretKey: testSecret, Endpoint: srv.URL + "/api/enstratus/2015-05-25"}

	c, err := New(cfg, WithRetry(RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Get(t.Context(), "geography/Cloud", nil)
	if _, ok := errors.AsType[*tls.CertificateVerificationError](err); !ok {
		t.Fatalf("zero Config accepted a self-signed certificate: err = %v", err)
	}

	cfg.InsecureSkipVerify = true
	c, err = New(cfg, WithRetry(RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(t.Context(), "geography/Cloud", nil); err != nil {
		t.Fatalf("InsecureSkipVerify: %v", err)
	}
}

func TestNetworkErrorMessage(t *testing.T) {
	t.Parallel()
	err := &NetworkError{Method: "GET", Path: "geography/Cloud", Err: dialErr}
	if got := err.Error(); !strings.HasPrefix(got, "GET geography/Cloud: network error: dial tcp") {
		t.Errorf("Error() = %q", got)
	}
}
