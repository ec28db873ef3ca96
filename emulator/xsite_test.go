package emulator_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator"
)

// A web page cannot drive the control API: not by forging a request from
// another site (Origin, Sec-Fetch-Site, a body type a form can send), nor
// by rebinding its own name to the loopback address (Host). The issue's
// repro first: a reset with Origin and Host of evil.example, and one with
// a text/plain body.
func TestControlRefusesCrossSiteUse(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *emulator.Options) { o.AllowedHosts = []string{"emu.internal"} })
	reset := func(hdr map[string]string) *http.Request {
		req := newRequest(http.MethodPost, "/_emulator/reset", "", nil)
		req.Header.Set("Content-Type", "application/json")
		for k, v := range hdr {
			if k == "Host" {
				req.Host = v
				continue
			}
			if v == "" {
				req.Header.Del(k)
				continue
			}
			req.Header.Set(k, v)
		}
		return req
	}
	for _, tc := range []struct {
		name   string
		hdr    map[string]string
		status int
		want   string
	}{
		{"rebinding and forged origin", map[string]string{"Origin": "http://evil.example", "Host": "evil.example"}, 403, `host "evil.example"`},
		{"rebinding with a port", map[string]string{"Host": "evil.example:15000"}, 403, "evil.example"},
		{"forged origin", map[string]string{"Origin": "http://evil.example"}, 403, "http://evil.example"},
		{"sandboxed page", map[string]string{"Origin": "null"}, 403, "null"},
		{"another port of the same host", map[string]string{"Origin": "http://127.0.0.1:8080"}, 403, "127.0.0.1:8080"},
		{"fetch from another site", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, "cross-site"},
		{"fetch from a sibling site", map[string]string{"Sec-Fetch-Site": "same-site"}, 403, "same-site"},
		{"text/plain body", map[string]string{"Content-Type": "text/plain"}, 415, "application/json"},
		{"form body", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, "application/json"},
		{"no content type", map[string]string{"Content-Type": ""}, 415, "application/json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, e.serve(reset(tc.hdr)), tc.status, tc.want)
		})
	}
	for _, ok := range []map[string]string{
		{"Host": "localhost:15000"},
		{"Host": "api.localhost"},
		{"Host": "[::1]:15000"},
		{"Host": "emu.internal:15000"},
		{"Origin": "http://127.0.0.1:15000", "Sec-Fetch-Site": "same-origin"},
		{"Sec-Fetch-Site": "none"},
		{"Content-Type": "application/json; charset=utf-8"},
	} {
		wantStatus(t, e.serve(reset(ok)), http.StatusOK)
	}
	// Reads need no content type, but still no foreign Host.
	wantStatus(t, e.control(t, http.MethodGet, "health", "", map[string]string{"Content-Type": ""}), http.StatusOK)
	req := newRequest(http.MethodGet, "/_emulator/health", "", nil)
	req.Host = "evil.example"
	wantError(t, e.serve(req), http.StatusForbidden, "evil.example")
}

// Without signatures (auth off or log) the API itself is as exposed as the
// control API, and refuses the same browsers; old clients that send no
// Content-Type still work. With signatures nothing is checked: a page
// cannot sign.
func TestUnsignedAPIRefusesCrossSiteUse(t *testing.T) {
	t.Parallel()
	const body = `{"addGroup":{"group":{"name":"csrf","description":"x"}}}`
	for _, mode := range []emulator.AuthMode{emulator.AuthOff, emulator.AuthLog} {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, func(o *emulator.Options) { o.Auth = mode })
			post := func(hdr map[string]string) *http.Request {
				req := newRequest(http.MethodPost, e.url("admin/Group"), body, nil)
				for k, v := range hdr {
					if k == "Host" {
						req.Host = v
					} else {
						req.Header.Set(k, v)
					}
				}
				return req
			}
			wantError(t, e.serve(post(map[string]string{"Content-Type": "text/plain"})), 415, "text/plain")
			wantError(t, e.serve(post(map[string]string{"Content-Type": "multipart/form-data; boundary=x"})), 415, "multipart")
			wantError(t, e.serve(post(map[string]string{"Host": "evil.example"})), 403, "evil.example")
			wantError(t, e.serve(post(map[string]string{"Origin": "https://evil.example"})), 403, "evil.example")
			wantError(t, e.serve(post(map[string]string{"Sec-Fetch-Site": "cross-site"})), 403, "cross-site")
			get := newRequest(http.MethodGet, e.url("admin/Group"), "", nil)
			get.Host = "evil.example"
			wantError(t, e.serve(get), 403, "evil.example")
			wantStatus(t, e.serve(post(nil)), http.StatusCreated) // no Content-Type: mixcoatl 1.x
			wantStatus(t, e.serve(post(map[string]string{"Content-Type": "application/json"})), http.StatusCreated)
		})
	}
	strict := newEnv(t, nil)
	req := newRequest(http.MethodPost, strict.url("admin/Group"), body, nil)
	req.Host = "dcm.example.com"
	signHeaders(req, strict.key, strict.now(), testAgent)
	wantStatus(t, strict.serve(req), http.StatusCreated)
}

// The in-process transport (dcmtest, --local) is the process talking to
// itself: its made-up host and bodies without a type pass.
func TestInProcessTransportIsNotCrossSite(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *emulator.Options) { o.Auth = emulator.AuthOff })
	req, _ := http.NewRequest(http.MethodPost, "http://mixcoatl.local/_emulator/reset", nil)
	resp, err := e.srv.RoundTripper().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("in-process reset: %s", resp.Status)
	}
	req, _ = http.NewRequest(http.MethodPost, "http://mixcoatl.local"+e.url("admin/Group"),
		strings.NewReader(`{"addGroup":{"group":{"name":"local","description":"x"}}}`))
	req.Header.Set("Content-Type", "text/plain")
	if resp, err = e.srv.RoundTripper().RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("in-process create: %s", resp.Status)
	}
}
