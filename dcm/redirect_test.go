package dcm

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// otherOrigin is a server on another port (so another origin) that records
// every request it receives.
type otherOrigin struct {
	mu   sync.Mutex
	seen []*http.Request
	srv  *httptest.Server
}

func newOtherOrigin(t *testing.T) *otherOrigin {
	t.Helper()
	o := &otherOrigin{}
	o.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		o.seen = append(o.seen, r)
		o.mu.Unlock()
		fmt.Fprint(w, `{"servers":[{"serverId":1}]}`)
	}))
	t.Cleanup(o.srv.Close)
	return o
}

func (o *otherOrigin) requests() []*http.Request {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]*http.Request(nil), o.seen...)
}

func TestCrossOriginRedirectIsNeverFollowed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method string
		status int
	}{
		{http.MethodGet, http.StatusFound},
		{http.MethodHead, http.StatusMovedPermanently},
		{http.MethodPost, http.StatusFound},
		{http.MethodPost, http.StatusSeeOther},
		{http.MethodPut, http.StatusTemporaryRedirect},
		{http.MethodDelete, http.StatusPermanentRedirect},
	} {
		t.Run(fmt.Sprintf("%s %d", tc.method, tc.status), func(t *testing.T) {
			t.Parallel()
			other := newOtherOrigin(t)
			target := other.srv.URL + "/api/enstratus/2015-05-25/infrastructure/Server"
			c, vs := newVerifyingServer(t, "", func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, target, tc.status)
			})
			req := &Request{Method: tc.method, Path: "infrastructure/Server"}
			if tc.method == http.MethodPost || tc.method == http.MethodPut {
				req.Body = []byte(`{"launch":[{"name":"web"}]}`)
			}
			_, err := c.Do(t.Context(), req)
			ae, ok := errors.AsType[*APIError](err)
			if !ok || ae.Problem != ProblemRedirect || ae.StatusCode != tc.status || ae.Location != target {
				t.Fatalf("err = %#v, want an *APIError for the refused redirect to %s", err, target)
			}
			if !strings.Contains(err.Error(), target) || !IsUnusableAnswer(err) {
				t.Errorf("Error() = %q does not name the target", err)
			}
			if got := other.requests(); len(got) != 0 {
				t.Errorf("the other origin received %d request(s), first with headers %v", len(got), got[0].Header)
			}
			if n := len(vs.reqs); n != 1 || vs.reqs[0].Method != tc.method {
				t.Errorf("the endpoint saw %d request(s), want the one %s (never resent, never turned into a GET)", n, tc.method)
			}
		})
	}
}

func TestSameOriginRedirectOfAReadIsSignedForTheNewPath(t *testing.T) {
	t.Parallel()
	c, vs := newVerifyingServer(t, "", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/geography/OldRegion") {
			http.Redirect(w, r, "/api/enstratus/2015-05-25/geography/Region?moved=1", http.StatusMovedPermanently)
			return
		}
		fmt.Fprintf(w, `{"regions":[{"regionId":1,"query":%q}]}`, r.URL.RawQuery)
	})
	resp, err := c.Get(t.Context(), "geography/OldRegion", nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"regions":[{"regionId":1,"query":"moved=1"}]}`; string(resp.Body) != want {
		t.Errorf("body = %s, want %s", resp.Body, want)
	}
	// The verifying server answers 403 to a signature that does not match
	// the path it arrived on, so a 200 proves the re-signing; check the
	// second request was signed afresh anyway.
	if len(vs.reqs) != 2 || vs.reqs[0].Header.Get(HeaderSignature) == vs.reqs[1].Header.Get(HeaderSignature) {
		t.Errorf("requests %d; the redirected one must carry its own signature", len(vs.reqs))
	}
}

func TestRedirectsThatAreNotFollowed(t *testing.T) {
	t.Parallel()
	for name, h := range map[string]func(w http.ResponseWriter, r *http.Request){
		"loop": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.Path, http.StatusFound)
		},
		"no location": func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusFound) },
		"not modified": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", r.URL.Path)
			w.WriteHeader(http.StatusNotModified)
		},
		"scheme change": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://"+r.Host+r.URL.Path, http.StatusMovedPermanently)
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, vs := newVerifyingServer(t, "", h)
			_, err := c.Get(t.Context(), "geography/Region", nil)
			if ae, ok := errors.AsType[*APIError](err); !ok || ae.Problem != ProblemRedirect {
				t.Fatalf("err = %v, want a refused redirect", err)
			}
			if most := maxRedirects + 1; len(vs.reqs) > most {
				t.Errorf("%d requests, at most %d expected", len(vs.reqs), most)
			}
		})
	}
}

func TestDiscoveryRefusesCrossOriginRedirect(t *testing.T) {
	t.Parallel()
	other := newOtherOrigin(t)
	c, _ := newVerifyingServer(t, "", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.srv.URL+APIBasePath, http.StatusFound)
	})
	if _, err := c.APIVersions(t.Context()); !IsUnusableAnswer(err) {
		t.Fatalf("err = %v, want a refused redirect", err)
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("the other origin received %d request(s)", n)
	}
}

func TestSameOrigin(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"http://h.test/x", "http://H.TEST:80/y", true},
		{"https://h.test/x", "https://h.test:443/y", true},
		{"http://h.test/x", "https://h.test/x", false},
		{"http://h.test:8080/x", "http://h.test:8081/x", false},
		{"http://h.test/x", "http://evil.test/x", false},
		{"http://[::1]:80/x", "http://[::1]/y", true},
	} {
		a, _ := http.NewRequest(http.MethodGet, tc.a, nil)
		b, _ := http.NewRequest(http.MethodGet, tc.b, nil)
		if got := sameOrigin(a.URL, b.URL); got != tc.want {
			t.Errorf("sameOrigin(%s, %s) = %t, want %t", tc.a, tc.b, got, tc.want)
		}
	}
}
