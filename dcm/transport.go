package dcm

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mixcoatl/mixcoatl/wire"
)

// handler performs one HTTP exchange (or, wrapped by retrying, a whole call).
// The request's context carries cancellation and deadline.
type handler func(*http.Request) (*Response, error)

// middleware wraps a handler with one concern; the chain is assembled in
// Client.buildChains.
type middleware func(handler) handler

func passThrough(next handler) handler { return next }

// maxResponseBody bounds what one response may make us hold in memory.
const maxResponseBody = 256 << 20

// requestPath is the path to show in errors: relative to the versioned
// endpoint when it is under it (set by Client.newHTTPRequest), else the URL path.
func requestPath(r *http.Request) string {
	if cl := callOf(r); cl != nil && cl.path != "" {
		return cl.path
	}
	return r.URL.Path
}

// Canonical forms of the header names read and written on every call, so
// that no per-call canonicalisation (one allocation each) is needed.
const (
	canonAccess    = wire.CanonAccess
	canonTimestamp = wire.CanonTimestamp
	canonSignature = wire.CanonSignature
	canonDetails   = wire.CanonDetails
	canonRequestID = wire.CanonRequestID
	canonVersion   = wire.CanonVersion
	canonUserAgent = "User-Agent"
	canonAccept    = "Accept"
	canonCType     = "Content-Type"
)

// firstValue is h.Get for a key already in canonical form.
func firstValue(h http.Header, canonicalKey string) string {
	if vs := h[canonicalKey]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// send performs the HTTP round trip and reads the whole body (or, for a
// success of Client.Stream, leaves it open in Response.stream). The
// attempt's wait for headers is bounded by its call (see call). Any failure
// to get an answer is a *NetworkError, naming the bound of t that ran out
// when it was a time-out (ownTransport: the client built the transport, so
// its connect and TLS bounds are t's).
func send(hc *http.Client, t Timeouts, ownTransport bool) handler {
	return func(r *http.Request) (*Response, error) {
		cl := callOf(r)
		cl.arm(true)
		resp, err := hc.Do(r)
		cl.arm(false)
		if err != nil {
			return nil, sendError(r, err, t, ownTransport)
		}
		out := &Response{
			StatusCode: resp.StatusCode,
			Header:     resp.Header,
			RequestID:  firstValue(resp.Header, canonRequestID),
			Version:    firstValue(resp.Header, canonVersion),
		}
		if resp.StatusCode < 300 && cl != nil && cl.stream {
			out.stream = resp.Body
			return out, nil
		}
		defer resp.Body.Close()
		body, err := readBody(r.Method, resp)
		if err != nil {
			return nil, sendError(r, fmt.Errorf("reading response body: %w", err), t, ownTransport)
		}
		if len(body) > maxResponseBody {
			return nil, fmt.Errorf("%s %s: response body larger than %d bytes", r.Method, requestPath(r), maxResponseBody)
		}
		out.Body = body
		return out, nil
	}
}

// sendError is the *NetworkError of a failed attempt r, naming the bound
// of t that ran out when it was a time-out.
func sendError(r *http.Request, err error, t Timeouts, ownTransport bool) error {
	if te := timeoutOf(r.Context(), err, t, ownTransport); te != nil {
		err = te
	}
	return &NetworkError{Method: r.Method, Path: requestPath(r), NotSent: notSent(err), Err: err}
}

// readBody reads a response body whole. With a Content-Length it reads into
// one buffer of that size plus a byte, which (from net/http) ends with the
// EOF and no further allocation; a body shorter than announced by a
// RoundTripper that ended it cleanly is returned as read, a longer one is
// read on to the limit. Without one it reads until EOF, at most one byte
// past the limit so that the caller can refuse it. A HEAD answer's
// Content-Length describes a body that is not sent.
func readBody(method string, resp *http.Response) ([]byte, error) {
	n := resp.ContentLength
	if n < 0 || n > maxResponseBody || method == http.MethodHead {
		return io.ReadAll(io.LimitReader(resp.Body, maxResponseBody+1))
	}
	buf := make([]byte, n+1)
	read := 0
	for {
		m, err := resp.Body.Read(buf[read:])
		read += m
		if err == io.EOF { //nolint:errorlint // io.EOF is returned unwrapped by contract
			return buf[:read:read], nil
		}
		if err != nil {
			return nil, err
		}
		if read == len(buf) {
			rest, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody+1-int64(read)))
			if err != nil {
				return nil, err
			}
			return append(buf, rest...), nil
		}
	}
}

// notSent reports whether err happened before any byte of the request could
// reach the server: a DNS failure or a failed dial.
func notSent(err error) bool {
	if te, ok := errors.AsType[*TimeoutError](err); ok {
		return te.Phase == PhaseConnect
	}
	if _, ok := errors.AsType[*net.DNSError](err); ok {
		return true
	}
	if op, ok := errors.AsType[*net.OpError](err); ok {
		return op.Op == "dial"
	}
	return false
}

// signRequests adds the x-esauth-* headers and the User-Agent (spec §3),
// with a fresh timestamp from now on every call, so each retry is re-signed.
// The signed path is the escaped URL path as sent on the wire, no query.
// Signers are pooled, so that a request costs two allocations (the
// timestamp and signature strings) plus the header values.
func signRequests(access, secret, userAgent string, now func() time.Time) middleware {
	pool := sync.Pool{New: func() any { return wire.NewSigner(secret) }}
	return func(next handler) handler {
		return func(r *http.Request) (*Response, error) {
			if access == "" || secret == "" {
				return nil, &ConfigError{Msg: fmt.Sprintf("cannot sign %s %s: the access key or secret key is not set (DCM_ACCESS_KEY / DCM_SECRET_KEY)", r.Method, requestPath(r))}
			}
			ms := now().UnixMilli()
			s := pool.Get().(*wire.Signer)
			sig := s.Sign(access, r.Method, r.URL.EscapedPath(), ms, userAgent)
			pool.Put(s)
			vals := make([]string, 4)
			vals[0], vals[1], vals[2], vals[3] = access, strconv.FormatInt(ms, 10), sig, userAgent
			h := r.Header
			if h == nil {
				h = http.Header{}
				r.Header = h
			}
			h[canonAccess] = vals[0:1:1]
			h[canonTimestamp] = vals[1:2:2]
			h[canonSignature] = vals[2:3:3]
			if ua := h[canonUserAgent]; len(ua) != 1 || ua[0] != userAgent {
				h[canonUserAgent] = vals[3:4:4]
			}
			return next(r)
		}
	}
}

// decodeErrors turns a status >= 400 into an *APIError.
func decodeErrors(next handler) handler {
	return func(r *http.Request) (*Response, error) {
		resp, err := next(r)
		if err != nil || resp.StatusCode < 400 {
			return resp, err
		}
		msg := errorMessage(resp.Body)
		if sig := r.Header.Get(HeaderSignature); sig != "" {
			msg = strings.ReplaceAll(msg, sig, redacted) // a server echoing our headers
		}
		return nil, &APIError{
			StatusCode: resp.StatusCode,
			Message:    msg,
			RequestID:  resp.RequestID,
			Method:     r.Method,
			Path:       requestPath(r),
			Header:     resp.Header,
		}
	}
}

// errorMessage extracts error.message from a JSON or XML error envelope, or
// falls back to the body itself: redacted, on one line, trimmed and bounded.
func errorMessage(body []byte) string {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return ""
	}
	switch trimmed[0] {
	case '{':
		var env struct {
			Error json.RawMessage `json:"error"`
		}
		if json.Unmarshal(trimmed, &env) == nil && len(env.Error) > 0 {
			var obj struct {
				Message string `json:"message"`
			}
			if json.Unmarshal(env.Error, &obj) == nil && obj.Message != "" {
				return obj.Message
			}
			var s string
			if json.Unmarshal(env.Error, &s) == nil && s != "" {
				return s
			}
		}
	case '<':
		var env struct {
			XMLName xml.Name
			Message string `xml:"message"`
		}
		if xml.Unmarshal(trimmed, &env) == nil && env.XMLName.Local == "error" && env.Message != "" {
			return strings.TrimSpace(env.Message)
		}
	}
	return quoteBody(trimmed)
}
