package emulator

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"
)

// logRequest writes what the log says about a finished request: the
// access line when Options.LogRequests is set, and always a line for a
// 5xx answer that no other line explained (an injected fault, say; an
// internal error and a panic are logged where they happen, with the stack).
// Paths and queries are cut and secret query values redacted as in the
// request log; no header is ever logged, so neither is a signature.
func (s *Server) logRequest(rec *statusRecorder, r *http.Request, started time.Time) {
	if rec.status >= 500 && !rec.reported {
		s.log.LogAttrs(context.Background(), slog.LevelError, "answered "+strconv.Itoa(rec.status),
			slog.String("request", rec.id), slog.String("method", r.Method), slog.String("path", loggedPath(r)))
	}
	if !s.opts.LogRequests {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method), slog.String("path", loggedPath(r)),
		slog.Int("status", rec.status), slog.Duration("duration", time.Since(started)),
		slog.String("request", rec.id),
	}
	if q, _ := truncate(redactQuery(r.URL.RawQuery), maxLoggedPathBytes); q != "" {
		attrs = append(attrs, slog.String("query", q))
	}
	if rec.customer != 0 {
		attrs = append(attrs, slog.Int64("customer", rec.customer))
	}
	s.log.LogAttrs(context.Background(), slog.LevelInfo, "request", attrs...)
}

// loggedPath is the request's path as logs show it: cut at
// maxLoggedPathBytes.
func loggedPath(r *http.Request) string {
	p, _ := truncate(r.URL.Path, maxLoggedPathBytes)
	return p
}

// noteCustomer records, for the access line, whom the request acts as.
func noteCustomer(w http.ResponseWriter, c Caller) {
	if rec, ok := w.(*statusRecorder); ok {
		rec.customer = c.Customer
	}
}
