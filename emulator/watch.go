package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/mixcoatl/mixcoatl/wire"
)

// Watching the request log (the web console's Requests page) costs the API
// nothing while nobody watches: a request then does one atomic load more
// than before. While someone watches, each new log entry is offered to the
// watchers (dropped for a watcher that is behind), and each request's
// headers and answer are kept, secrets redacted, in a small ring for the
// request's detail view.

// Bounds of what is kept while watched.
const (
	detailRingSize  = 256
	maxCapturedBody = 64 << 10
)

// RequestDetail is what the console shows of one request beyond its log
// entry: the request and response headers and the response body, secrets
// redacted. It exists only for requests served while the log was watched.
type RequestDetail struct {
	RequestID      string
	Status         int
	RequestHeader  http.Header
	ResponseHeader http.Header
	// Body is the response body as sent, with the values of secret members
	// redacted, when it is JSON of at most maxCapturedBody bytes; otherwise
	// empty, and Omitted says why.
	Body    []byte
	Omitted string
}

// capture collects a watched request's response body.
type capture struct {
	body bytes.Buffer
	over bool
}

func (c *capture) write(b []byte) {
	if c.over || c.body.Len()+len(b) > maxCapturedBody {
		c.over = true
		return
	}
	c.body.Write(b)
}

// detailRing keeps the newest details.
type detailRing struct {
	mu      sync.Mutex
	entries [detailRingSize]RequestDetail
	next    int
}

func (d *detailRing) add(e RequestDetail) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.entries[d.next%detailRingSize] = e
	d.next++
}

func (d *detailRing) find(id string) (RequestDetail, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, e := range d.entries {
		if e.RequestID == id && id != "" {
			return e, true
		}
	}
	return RequestDetail{}, false
}

// watch state of the request log: how many watch and their details.
type watchState struct {
	count   atomic.Int32
	details detailRing
}

// WatchRequests returns a channel that receives every request logged from
// now until ctx ends (then it is closed). A watcher that does not keep up
// misses entries. While at least one watcher is registered, requests'
// details are kept for RequestDetail.
func (s *Server) WatchRequests(ctx context.Context) <-chan RequestRecord {
	ch := make(chan RequestRecord, 256)
	l := s.requests
	l.mu.Lock()
	if l.watchers == nil {
		l.watchers = map[chan<- RequestRecord]struct{}{}
	}
	l.watchers[ch] = struct{}{}
	l.mu.Unlock()
	s.watch.count.Add(1)
	context.AfterFunc(ctx, func() {
		s.watch.count.Add(-1)
		l.mu.Lock()
		delete(l.watchers, ch)
		l.mu.Unlock()
		close(ch)
	})
	return ch
}

// RequestDetail returns the kept detail of a request, by request id.
func (s *Server) RequestDetail(id string) (RequestDetail, bool) { return s.watch.details.find(id) }

// startCapture prepares rec to keep the request's detail when someone
// watches the log; it reports whether it did.
func (s *Server) startCapture(rec *statusRecorder) bool {
	if s.watch.count.Load() == 0 {
		return false
	}
	rec.capture = &capture{}
	return true
}

// keepDetail stores the detail of a captured request.
func (s *Server) keepDetail(rec *statusRecorder, r *http.Request) {
	d := RequestDetail{RequestID: rec.id, Status: rec.status,
		RequestHeader: redactHeader(r.Header), ResponseHeader: redactHeader(rec.Header())}
	switch body := rec.capture.body.Bytes(); {
	case rec.capture.over:
		d.Omitted = "the body is longer than the console keeps"
	case len(body) == 0:
	default:
		if red, ok := redactJSON(body); ok {
			d.Body = red
		} else {
			d.Omitted = "the body is not JSON, so its secrets cannot be told apart"
		}
	}
	s.watch.details.add(d)
}

// redactHeader copies h with the values of credentials replaced: the
// signature, cookies, Authorization and any secret-looking name.
func redactHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for name, vals := range h {
		switch http.CanonicalHeaderKey(name) {
		case hdrSignature, "Authorization", "Cookie", "Set-Cookie", "Proxy-Authorization":
			out[name] = []string{"REDACTED"}
			continue
		}
		if wire.IsSecret(name) {
			out[name] = []string{"REDACTED"}
			continue
		}
		out[name] = append([]string(nil), vals...)
	}
	return out
}

// redactJSON re-encodes a JSON document with the value of every member
// whose name is secret (wire.IsSecret) replaced by "REDACTED".
func redactJSON(b []byte) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return nil, false
	}
	out, err := json.MarshalIndent(redactValue(v), "", "  ")
	return out, err == nil
}

func redactValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if wire.IsSecret(k) {
				t[k] = "REDACTED"
			} else {
				t[k] = redactValue(x)
			}
		}
	case []any:
		for i, x := range t {
			t[i] = redactValue(x)
		}
	}
	return v
}
