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

// requestLog keeps the newest entries up to a bound.
type requestLog struct {
	mu      sync.Mutex
	limit   int
	entries []RequestRecord
}

func newRequestLog(limit int) *requestLog { return &requestLog{limit: limit} }

func (l *requestLog) add(e RequestRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) >= l.limit {
		n := copy(l.entries, l.entries[len(l.entries)-l.limit+1:])
		l.entries = l.entries[:n]
	}
	l.entries = append(l.entries, e)
}

func (l *requestLog) list() []RequestRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]RequestRecord(nil), l.entries...)
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = nil
}

// Requests returns the recorded API requests, oldest first.
func (s *Server) Requests() []RequestRecord { return s.requests.list() }

// ResetRequests empties the request log.
func (s *Server) ResetRequests() { s.requests.reset() }
