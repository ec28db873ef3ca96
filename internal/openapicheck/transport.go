package openapicheck

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
)

// Violation is a request or answer that breaks its version's document.
type Violation struct {
	Method, Path string
	Status       int    // the answer's status; 0 for a request violation
	Problem      string // what the validator found
}

func (v Violation) String() string {
	if v.Status == 0 {
		return fmt.Sprintf("request %s %s: %s", v.Method, v.Path, v.Problem)
	}
	return fmt.Sprintf("answer %d to %s %s: %s", v.Status, v.Method, v.Path, v.Problem)
}

// Exchange checks one API exchange against its version's document: the
// request (body read and put back) and, when resp is not nil, the answer.
// Paths outside the versioned API are not checked; checked reports
// whether this one was.
func (c *Contract) Exchange(r *http.Request, resp *http.Response) (out []Violation, checked bool) {
	v := c.VersionOf(r.URL.Path)
	if v == "" {
		return nil, false
	}
	ch, err := c.Version(v)
	if err != nil {
		return []Violation{{Method: r.Method, Path: r.URL.Path, Problem: err.Error()}}, true
	}
	if resp == nil {
		for _, p := range ch.Request(r) {
			out = append(out, Violation{Method: r.Method, Path: r.URL.Path, Problem: p})
		}
		return out, true
	}
	for _, p := range ch.Response(r, resp) {
		out = append(out, Violation{Method: r.Method, Path: r.URL.Path, Status: resp.StatusCode, Problem: p})
	}
	return out, true
}

// Transport is an http.RoundTripper that checks every API request and
// answer passing through it against the contract and records what
// breaks it.
type Transport struct {
	Base     http.RoundTripper
	Contract *Contract

	mu         sync.Mutex
	checked    int
	violations []Violation
}

// RoundTrip checks the request, sends it, and checks the answer.
func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	req, checked := t.Contract.Exchange(r, nil)
	resp, err := t.Base.RoundTrip(r)
	var ans []Violation
	if err == nil && checked {
		ans, _ = t.Contract.Exchange(r, resp)
	}
	if checked {
		t.mu.Lock()
		t.checked++
		t.violations = append(append(t.violations, req...), ans...)
		t.mu.Unlock()
	}
	return resp, err
}

// Results returns how many exchanges were checked and what broke the
// contract.
func (t *Transport) Results() (checked int, violations []Violation) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.checked, append([]Violation(nil), t.violations...)
}

// Middleware checks every API answer of next against the contract and
// logs each violation (Warn) on log: the emulator's --validate-responses
// mode. Requests are not reported: they are the clients' doing, and a
// request violation's text may quote a value the client sent, a secret
// among them; answers never hold secrets. Answers are buffered whole to
// be checked, so the mode costs memory and time; it changes nothing the
// client sees.
func Middleware(next http.Handler, c *Contract, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c.VersionOf(r.URL.Path) == "" {
			next.ServeHTTP(w, r)
			return
		}
		body, err := readBack(&r.Body)
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		req := r.Clone(r.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		resp := &http.Response{StatusCode: rec.status, Header: w.Header().Clone(),
			Body: io.NopCloser(bytes.NewReader(rec.body.Bytes())), Request: req}
		ans, _ := c.Exchange(req, resp)
		for _, v := range ans {
			log.Warn("the exchange violates the OpenAPI document", "method", v.Method, "path", v.Path,
				"status", strconv.Itoa(v.Status), "request", w.Header().Get("X-Es-Request"), "problem", v.Problem)
		}
	})
}

// recorder passes an answer through and keeps a copy of it.
type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// Flush lets streamed answers through.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
