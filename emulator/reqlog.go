package emulator

import (
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/mixcoatl/mixcoatl/wire"
)

// RequestRecord is one API request as seen by the emulator (control API
// requests are not recorded), so tests can count round trips.
type RequestRecord struct {
	Time   time.Time `json:"time"`
	Method string    `json:"method"`
	Path   string    `json:"path"`
	// Query is the raw query with the values of secret-looking parameters
	// (wire.IsSecret) replaced by "REDACTED".
	Query     string        `json:"query,omitempty"`
	Status    int           `json:"status"` // 0 = connection dropped by a fault
	Duration  time.Duration `json:"-"`
	RequestID string        `json:"requestId"`
	// Truncated says that Path or Query were longer than
	// maxLoggedPathBytes and are cut there (the log is bounded in bytes).
	Truncated bool `json:"truncated,omitempty"`
	// Customer is whom the request acted as (0: not authenticated).
	Customer int64 `json:"customer,omitempty"`
}

// maxLoggedPathBytes bounds the path and the query kept per entry: no
// client of the API needs more to recognise its request, and a hostile
// one cannot make the log hold megabytes per request.
const maxLoggedPathBytes = 1024

// entryOverhead approximates what an entry costs besides its strings.
const entryOverhead = 160

// newRecord builds the log entry of a request: secret query values
// redacted, path and query truncated. Every string is copied: a substring
// of the request line would keep all of it alive.
func newRecord(started time.Time, method, path, rawQuery, id string, status int) RequestRecord {
	method, _ = truncate(method, 32)
	e := RequestRecord{Time: started, Method: method, Status: status, RequestID: id}
	var cut bool
	e.Path, cut = truncate(path, maxLoggedPathBytes)
	e.Query, e.Truncated = truncate(redactQuery(rawQuery), maxLoggedPathBytes)
	e.Truncated = e.Truncated || cut
	return e
}

func (e *RequestRecord) size() int {
	return entryOverhead + len(e.Method) + len(e.Path) + len(e.Query) + len(e.RequestID)
}

// truncate returns a copy of s cut to at most n bytes, on a UTF-8
// boundary, and whether it was cut.
func truncate(s string, n int) (string, bool) {
	if len(s) <= n {
		return strings.Clone(s), false
	}
	for n > 0 && s[n]&0xc0 == 0x80 {
		n--
	}
	return strings.Clone(s[:n]), true
}

// redactQuery replaces the value of every parameter whose name looks
// secret (wire.IsSecret) by REDACTED, keeping the rest of the raw query as
// sent.
func redactQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var b strings.Builder
	redacted := false
	for i, part := range strings.Split(raw, "&") {
		name, _, hasValue := strings.Cut(part, "=")
		if n, err := url.QueryUnescape(name); err == nil && hasValue && wire.IsSecret(n) {
			part, redacted = name+"=REDACTED", true
		}
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(part)
	}
	if !redacted {
		return raw
	}
	return b.String()
}

// requestLog keeps the newest entries within a count and a byte bound, in
// a ring: the oldest entries go first.
type requestLog struct {
	mu       sync.Mutex
	limit    int // entries
	maxBytes int
	entries  []RequestRecord // ring of capacity up to limit
	start, n int             // oldest entry, number of entries
	bytes    int             // sum of the entries' sizes
	// watchers receive each new entry (the web console's live log); with
	// none, add costs what it did before the console existed.
	watchers map[chan<- RequestRecord]struct{}
}

func newRequestLog(limit, maxBytes int) *requestLog {
	return &requestLog{limit: limit, maxBytes: maxBytes}
}

func (l *requestLog) add(e RequestRecord) {
	size := e.size()
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.n > 0 && (l.n >= l.limit || l.bytes+size > l.maxBytes) {
		l.bytes -= l.entries[l.start].size()
		l.entries[l.start] = RequestRecord{}
		l.start = (l.start + 1) % len(l.entries)
		l.n--
	}
	if l.n == len(l.entries) { // full ring below limit: grow, oldest first
		grown := make([]RequestRecord, 0, min(l.limit, max(16, 2*len(l.entries))))
		grown = append(grown, l.entries[l.start:]...)
		grown = append(grown, l.entries[:l.start]...)
		l.entries, l.start = grown[:cap(grown)], 0
	}
	l.entries[(l.start+l.n)%len(l.entries)] = e
	l.n++
	l.bytes += size
	for ch := range l.watchers {
		select {
		case ch <- e:
		default: // a slow watcher misses entries rather than slowing the API
		}
	}
}

func (l *requestLog) list() []RequestRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n == 0 {
		return nil
	}
	out := make([]RequestRecord, 0, l.n)
	for i := range l.n {
		out = append(out, l.entries[(l.start+i)%len(l.entries)])
	}
	return out
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries, l.start, l.n, l.bytes = nil, 0, 0, 0
}

// Requests returns the recorded API requests, oldest first.
func (s *Server) Requests() []RequestRecord { return s.requests.list() }

// ResetRequests empties the request log.
func (s *Server) ResetRequests() { s.requests.reset() }
