package emulator

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/engine/codec"
)

const (
	contentTypeJSON = "application/json;charset=UTF-8"
	contentTypeXML  = "application/xml;charset=UTF-8"
)

// clientError builds the error every bad request ends in.
func clientError(status int, format string, args ...any) *engine.Error {
	return engine.Errorf(status, format, args...)
}

// writeBody writes a complete response body with its length.
func writeBody(w http.ResponseWriter, r *http.Request, status int, f wireFormat, body []byte) {
	writeParts(w, r, status, f, body)
}

// writeParts writes a body made of parts, one after the other, with its
// length: an item goes out as it is stored, inside its envelope, without
// first being joined with it. Parts are gathered into writes of up to
// partsChunk bytes, so many small parts cost a few system calls, not one
// per part (the ResponseWriter's own buffer is 4 KB). A list's page is
// assembled by the engine, once per store state (engine.WireList), and
// goes out in one write.
func writeParts(w http.ResponseWriter, r *http.Request, status int, f wireFormat, parts ...[]byte) {
	if f == formatXML {
		setHeader(w, "Content-Type", contentTypeXML)
	} else {
		setHeader(w, "Content-Type", contentTypeJSON)
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	setHeader(w, "Content-Length", strconv.Itoa(n))
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	if len(parts) == 1 || n <= smallBody {
		for _, p := range parts {
			if _, err := w.Write(p); err != nil {
				return // the client went away
			}
		}
		return
	}
	buf := make([]byte, 0, min(n, partsChunk))
	for _, p := range parts {
		if len(buf)+len(p) > cap(buf) && len(buf) > 0 {
			if _, err := w.Write(buf); err != nil {
				return // the client went away
			}
			buf = buf[:0]
		}
		if len(p) >= cap(buf) {
			if _, err := w.Write(p); err != nil {
				return
			}
			continue
		}
		buf = append(buf, p...)
	}
	if len(buf) > 0 {
		_, _ = w.Write(buf)
	}
}

// partsChunk bounds the writes of writeParts.
const partsChunk = 256 << 10

// smallBody is the largest body writeParts hands over part by part: it
// fits the connection's write buffer (net/http's is 4 KB), so the parts
// go out in one system call anyway and gathering them first would only
// cost a copy (a GET by id is three parts: envelope, item, end).
const smallBody = 4 << 10

// writeError answers {"error":{"message":…}} (or <error><message>…) in the
// format the client asked for. Non-*engine.Error values are internal faults:
// logged, and answered with a generic 500 so no detail leaks.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *engine.Error
	if !errors.As(err, &e) {
		id := w.Header().Get(hdrRequestID)
		s.log.Error("internal error", "request", id, "method", r.Method, "path", loggedPath(r),
			"err", err, "stack", string(debug.Stack()))
		if rec, ok := w.(*statusRecorder); ok {
			rec.reported = true
		}
		e = clientError(http.StatusInternalServerError, "Internal error in the emulator (request %s)", id)
	}
	status := e.Status
	if status < 400 || status > 599 {
		status = http.StatusInternalServerError
	}
	f := responseFormat(header(r.Header, "Accept"))
	doc := map[string]any{"message": e.Message}
	var body []byte
	if f == formatXML {
		var buf bytes.Buffer
		_ = encodeXMLDocument(&buf, "error", doc, codec.Shape{})
		body = buf.Bytes()
	} else {
		body = errorJSON(e.Message)
	}
	writeBody(w, r, status, f, body)
}

// errorJSON is the JSON error envelope {"error":{"message":…}}.
func errorJSON(message string) []byte {
	body, _ := codec.AppendJSON([]byte(`{"error":`), map[string]any{"message": message}, codec.Shape{})
	return append(body, '}')
}

// methodNotAllowed is the 405 for a method the resource does not support.
func methodNotAllowed(w http.ResponseWriter, method, what string, allow []string) error {
	allowList := joinComma(allow)
	w.Header().Set("Allow", allowList)
	if allowList == "" {
		return clientError(http.StatusMethodNotAllowed, "%s is not supported on %s", method, what)
	}
	return clientError(http.StatusMethodNotAllowed, "%s is not supported on %s; allowed: %s", method, what, allowList)
}

func joinComma(xs []string) string {
	var b bytes.Buffer
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(x)
	}
	return b.String()
}

// statusRecorder remembers the status for the request log. log, when
// set (its srv), is written with the status just before the answer's first byte
// goes out, so that a client holding an answer always finds its request
// in the log (an entry written after the answer races with the client's
// next look).
type statusRecorder struct {
	http.ResponseWriter
	status  int
	written bool
	log     requestEntry
	// id is the request id; customer whom the request acts as (0 before
	// authentication); reported that a 5xx was logged with its cause.
	id       string
	customer int64
	reported bool
	capture  *capture // the response body, while the request log is watched
	hdr      headerValues
}

func (r *statusRecorder) start(code int) {
	r.status, r.written = code, true
	if r.log.srv != nil {
		r.log.add(r, code)
	}
}

// requestEntry writes an API request's entry in the request log, once
// (a value in the statusRecorder: nothing to allocate per request).
type requestEntry struct {
	srv     *Server
	r       *http.Request
	started time.Time
	logged  bool
}

func (e *requestEntry) add(rec *statusRecorder, status int) {
	e.logged = true
	rr := newRecord(e.started, e.r.Method, e.r.URL.Path, e.r.URL.RawQuery, rec.id, status)
	rr.Duration = time.Since(e.started)
	rr.Customer = rec.customer
	e.srv.requests.add(rr)
}

// end logs a request that got no answer (a fault dropped or abandoned the
// connection) with the status it had.
func (e *requestEntry) end(rec *statusRecorder) {
	if !e.logged {
		e.add(rec, rec.status)
	}
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.written {
		r.start(code)
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if !r.written {
		r.start(http.StatusOK)
	}
	if r.capture != nil {
		r.capture.write(b)
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Hijack and Flush.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func describeBodyLimit(limit int64) string {
	return fmt.Sprintf("request body exceeds the limit of %d bytes", limit)
}
