package dcm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/mixcoatl/mixcoatl/wire"
)

// verifyingServer checks every versioned request's signature the way the
// emulator does (spec §3) and records the requests it accepted.
type verifyingServer struct {
	t       *testing.T
	secret  string
	mu      sync.Mutex
	reqs    []*http.Request
	bodies  []string
	handler func(w http.ResponseWriter, r *http.Request)
}

func (s *verifyingServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.reqs = append(s.reqs, r)
	s.bodies = append(s.bodies, string(body))
	s.mu.Unlock()
	if strings.HasSuffix(r.URL.Path, APIBasePath) {
		s.handler(w, r)
		return
	}
	ms, err := strconv.ParseInt(r.Header.Get(HeaderTimestamp), 10, 64)
	sts := wire.StringToSign(r.Header.Get(HeaderAccess), r.Method, r.URL.EscapedPath(), ms, r.UserAgent())
	if err != nil || !wire.Verify(s.secret, sts, r.Header.Get(HeaderSignature)) {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"error":{"message":"Invalid access keys"}}`)
		return
	}
	s.handler(w, r)
}

func newVerifyingServer(t *testing.T, basePath string, h func(w http.ResponseWriter, r *http.Request)) (*Client, *verifyingServer) {
	t.Helper()
	vs := &verifyingServer{t: t, secret: testSecret, handler: h}
	srv := httptest.NewServer(vs)
	t.Cleanup(srv.Close)
	cfg := Config{AccessKey: "ACCESS", SecretKey: testSecret, Endpoint: srv.URL + basePath + "/api/enstratus/2015-05-25"}
	c, err := New(cfg, WithRetry(RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return c, vs
}

func TestClientDoSignedRequests(t *testing.T) {
	t.Parallel()
	c, vs := newVerifyingServer(t, "/base", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(HeaderRequestID, "r-7")
		w.Header().Set(HeaderVersion, "2015-05-25")
		switch r.Method {
		case http.MethodPost:
			w.WriteHeader(http.StatusAccepted)
			fmt.Fprint(w, `{"jobs":[{"jobId":84322,"status":"RUNNING"}]}`)
		default:
			fmt.Fprint(w, `{"dataCenters":[]}`)
		}
	})
	resp, err := c.Get(t.Context(), "/geography/DataCenter?regionId=19344", url.Values{"active": {"true"}})
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	if resp.StatusCode != 200 || resp.RequestID != "r-7" || resp.Version != "2015-05-25" || string(resp.Body) != `{"dataCenters":[]}` {
		t.Errorf("GET response %+v", resp)
	}
	resp, err = c.Do(t.Context(), &Request{Method: "post", Path: "infrastructure/Server", Body: []byte(`<launch/>`), Format: FormatXML, Details: "EXTENDED"})
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	jobs, err := DecodeJobs(resp.Body, FormatJSON)
	if err != nil || len(jobs) != 1 || jobs[0].JobID != 84322 {
		t.Errorf("jobs %+v, %v", jobs, err)
	}
	get, post := vs.reqs[0], vs.reqs[1]
	if get.URL.Path != "/base/api/enstratus/2015-05-25/geography/DataCenter" || get.URL.Query().Get("regionId") != "19344" || get.URL.Query().Get("active") != "true" {
		t.Errorf("GET went to %s", get.URL)
	}
	checks := []struct{ got, want string }{
		{get.Header.Get("Accept"), "application/json"},
		{get.Header.Get(HeaderDetails), "basic"},
		{get.Header.Get("Content-Type"), ""},
		{get.UserAgent(), DefaultUserAgent},
		{post.Header.Get("Accept"), "application/xml"},
		{post.Header.Get("Content-Type"), "application/xml"},
		{post.Header.Get(HeaderDetails), "extended"},
		{vs.bodies[1], `<launch/>`},
	}
	for i, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("check %d: got %q, want %q", i, ch.got, ch.want)
		}
	}
}

func TestClientRejectedSignature(t *testing.T) {
	t.Parallel()
	c, vs := newVerifyingServer(t, "", func(w http.ResponseWriter, r *http.Request) {})
	vs.secret = "another-secret"
	_, err := c.Get(t.Context(), "geography/Cloud", nil)
	if !IsForbidden(err) || !strings.Contains(err.Error(), "GET geography/Cloud: 403 Forbidden: Invalid access keys") {
		t.Errorf("error = %v, want a 403 APIError", err)
	}
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	bad := []struct {
		name string
		cfg  Config
		opts []Option
	}{
		{"bad endpoint", Config{Endpoint: "https://h/api/enstratus"}, nil},
		{"version mismatch", Config{Endpoint: DefaultEndpoint, APIVersion: "2015-05-25"}, nil},
		{"bad details", Config{}, []Option{WithDetails("full")}},
		{"bad format", Config{}, []Option{WithFormat("yaml")}},
		{"bad user agent", Config{}, []Option{WithUserAgent("a:b")}},
	}
	for _, tt := range bad {
		if _, err := New(tt.cfg, tt.opts...); !IsConfigError(err) {
			t.Errorf("%s: New = %v, want a *ConfigError", tt.name, err)
		}
	}
	c, err := New(Config{}, WithUserAgent("tool/2"), WithDetails(DetailsNone), WithFormat(FormatXML))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != DefaultBaseURL || c.Config().Endpoint != DefaultEndpoint || c.Config().UserAgent != "tool/2" {
		t.Errorf("defaults: base %q config %+v", c.BaseURL(), c.Config())
	}
	if _, err := c.Get(t.Context(), "geography/Cloud", nil); !IsConfigError(err) {
		t.Errorf("a key-less client signed a request: %v", err)
	}
	for _, req := range []*Request{nil, {Method: "GET"}, {Method: "GET", Path: "https://evil/x"}, {Method: "G ET", Path: "a/B"}, {Path: "a/B", Details: "lots"}} {
		if _, err := c.Do(t.Context(), req); err == nil {
			t.Errorf("Do(%+v) succeeded, want an error", req)
		}
	}
}

func TestPages(t *testing.T) {
	t.Parallel()
	c, vs := newVerifyingServer(t, "", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		page := q.Get(QueryPage)
		if page == "" {
			page = "1"
		} else if q.Get(QueryPaginationID) != "pg-1" {
			http.Error(w, `{"error":{"message":"bad pagination id"}}`, http.StatusBadRequest)
			return
		}
		if page == "4" {
			http.Error(w, `{"error":{"message":"boom"}}`, http.StatusInternalServerError)
			return
		}
		w.Header().Set(HeaderPagination, "pg-1")
		w.Header().Set(HeaderLastPage, strconv.FormatBool(page == q.Get("last")))
		fmt.Fprintf(w, `{"servers":[{"serverId":%s}]}`, page)
	})
	collect := func(last string) ([]string, error) {
		var bodies []string
		for resp, err := range c.Pages(t.Context(), &Request{Method: "GET", Path: "infrastructure/Server", Query: url.Values{"last": {last}}}) {
			if err != nil {
				return bodies, err
			}
			bodies = append(bodies, string(resp.Body))
		}
		return bodies, nil
	}
	bodies, err := collect("3")
	if err != nil || len(bodies) != 3 || bodies[2] != `{"servers":[{"serverId":3}]}` {
		t.Fatalf("pages = %v, %v; want 3 pages", bodies, err)
	}
	for i, r := range vs.reqs {
		q := r.URL.Query()
		if q.Get("last") != "3" || (i > 0 && (q.Get(QueryPage) != strconv.Itoa(i+1) || q.Get(QueryPaginationID) != "pg-1")) || (i == 0 && q.Has(QueryPage)) {
			t.Errorf("request %d query %v", i, q)
		}
	}
	bodies, err = collect("9")
	if StatusCode(err) != 500 || len(bodies) != 3 {
		t.Errorf("error mid-way: %d pages, %v; want 3 then the 500", len(bodies), err)
	}
	// Stopping early sends no further request.
	before := len(vs.reqs)
	for range c.Pages(t.Context(), &Request{Method: "GET", Path: "infrastructure/Server", Query: url.Values{"last": {"3"}}}) {
		break
	}
	if len(vs.reqs) != before+1 {
		t.Errorf("breaking after page 1 made %d requests", len(vs.reqs)-before)
	}
}

func TestPagesRespectsContext(t *testing.T) {
	t.Parallel()
	c, _ := newVerifyingServer(t, "", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(HeaderPagination, "p")
		w.Header().Set(HeaderLastPage, "false")
		fmt.Fprintf(w, `{"servers":[{"serverId":%q}]}`, r.URL.Query().Get(QueryPage)) // pages differ: no paging guard
	})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	n := 0
	var last error
	for _, err := range c.Pages(ctx, &Request{Path: "infrastructure/Server"}) {
		n++
		last = err
		if n == 2 {
			cancel()
		}
		if n > 5 {
			break
		}
	}
	if n != 3 || last == nil {
		t.Errorf("after cancel: %d yields, last error %v; want 3 yields ending in the context error", n, last)
	}
}

func TestCountAndVersions(t *testing.T) {
	t.Parallel()
	c, vs := newVerifyingServer(t, "/p", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, APIBasePath):
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"current":{"versionId":"2015-05-25"},"supported":[{"versionId":"2015-05-25"},{"versionId":"2014-07-30"}]}`)
		case r.Method == http.MethodHead && strings.HasSuffix(r.URL.Path, "/Server"):
			w.Header().Set(HeaderCount, "42")
		case r.Method == http.MethodHead:
			w.Header().Set(HeaderCount, "many")
		}
	})
	if n, err := c.Count(t.Context(), "infrastructure/Server", nil); err != nil || n != 42 {
		t.Errorf("Count = %d, %v; want 42", n, err)
	}
	if _, err := c.Count(t.Context(), "infrastructure/Volume", nil); err == nil || !strings.Contains(err.Error(), `"many"`) {
		t.Errorf("Count with a bad header = %v", err)
	}
	v, err := c.APIVersions(t.Context())
	if err != nil || v.Current != "2015-05-25" || strings.Join(v.Supported, ",") != "2015-05-25,2014-07-30" {
		t.Errorf("APIVersions = %+v, %v", v, err)
	}
	disc := vs.reqs[len(vs.reqs)-1]
	if disc.URL.Path != "/p/api/enstratus" || disc.Header.Get(HeaderSignature) != "" || disc.Header.Get(HeaderAccess) != "" || disc.Header.Get("Accept") != "application/json" {
		t.Errorf("discovery request %s %v", disc.URL, disc.Header)
	}
}

func TestDecodeVersionsAndJobs(t *testing.T) {
	t.Parallel()
	if _, err := decodeVersions([]byte(`<html/>`)); err == nil {
		t.Error("decodeVersions accepted HTML")
	}
	if _, err := decodeVersions([]byte(`{}`)); err == nil {
		t.Error("decodeVersions accepted an empty object")
	}
	xmlJobs := `<jobs><job jobId="7"><status>COMPLETE</status><description>Launch Server x</description><message>339452</message></job></jobs>`
	for _, tt := range []struct {
		body string
		f    Format
	}{{xmlJobs, FormatXML}, {xmlJobs, ""}, {`{"jobs":[{"jobId":7,"status":"COMPLETE","description":"Launch Server x","message":"339452"}]}`, FormatJSON}} {
		jobs, err := DecodeJobs([]byte(tt.body), tt.f)
		want := Job{JobID: 7, Status: "COMPLETE", Description: "Launch Server x", Message: "339452"}
		if err != nil || len(jobs) != 1 || jobs[0] != want {
			t.Errorf("DecodeJobs(%s) = %+v, %v", tt.body, jobs, err)
		}
	}
	if jobs, err := DecodeJobs([]byte(`{"jobs":[]}`), FormatJSON); err != nil || len(jobs) != 0 {
		t.Errorf("empty jobs list = %v, %v", jobs, err)
	}
	for _, bad := range []string{``, `{"servers":[]}`, `{"jobs":`, `<servers/>`} {
		if _, err := DecodeJobs([]byte(bad), ""); err == nil {
			t.Errorf("DecodeJobs(%q) succeeded", bad)
		}
	}
	if _, err := DecodeJobs([]byte(`{}`), "csv"); err == nil {
		t.Error("DecodeJobs accepted format csv")
	}
}

func TestConfigJSONRedacted(t *testing.T) {
	t.Parallel()
	var m map[string]any
	js, _ := json.Marshal(Config{AccessKey: "A", SecretKey: "S3CRET"})
	if err := json.Unmarshal(js, &m); err != nil || m["secret_key"] != redacted || m["access_key"] != "A" {
		t.Errorf("Config JSON = %s", js)
	}
}

func TestTimeoutBoundsTheCall(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		hang := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			<-r.Context().Done()
			return nil, r.Context().Err()
		})
		c := testClient(t, hang, WithTimeout(3*time.Second))
		start := time.Now()
		_, err := c.Get(t.Context(), "geography/Cloud", nil)
		if !IsNetworkError(err) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("timed-out call = %v, want a network error wrapping the deadline", err)
		}
		if elapsed := time.Since(start); elapsed != 3*time.Second {
			t.Errorf("the call took %v, want exactly the 3s timeout", elapsed)
		}
	})
}
