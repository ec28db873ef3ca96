package emulator

import (
	"sync"
	"time"
)

// RequestRecord is one API request as seen by the emulator (control API
// requests are not recorded), so tests can count round trips.
type RequestRecord struct {
	Time      time.Time     `json:"time"`
	Method    string        `json:"method"`
	Path      string        `json:"path"`
	Query     string        `json:"query,omitempty"`
	Status    int           `json:"status"` // 0 = connection dropped by a fault
	Duration  time.Duration `json:"-"`
	RequestID string        `json:"requestId"`
}

// requestLog keeps the newest entries up to a bound, in a ring: once full,
// an entry overwrites the oldest instead of shifting the others.
type requestLog struct {
	mu      sync.Mutex
	limit   int
	entries []RequestRecord // grows to limit, then wraps
	oldest  int             // index of the oldest entry once full
}

func newRequestLog(limit int) *requestLog { return &requestLog{limit: limit} }

func (l *requestLog) add(e RequestRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) < l.limit {
		l.entries = append(l.entries, e)
		return
	}
	l.entries[l.oldest] = e
	l.oldest = (l.oldest + 1) % len(l.entries)
}

func (l *requestLog) list() []RequestRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) == 0 {
		return nil
	}
	out := make([]RequestRecord, 0, len(l.entries))
	out = append(out, l.entries[l.oldest:]...)
	return append(out, l.entries[:l.oldest]...)
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries, l.oldest = nil, 0
}

// Requests returns the recorded API requests, oldest first.
func (s *Server) Requests() []RequestRecord { return s.requests.list() }

// ResetRequests empties the request log.
func (s *Server) ResetRequests() { s.requests.reset() }
