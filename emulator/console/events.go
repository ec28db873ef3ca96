package console

import (
	"bufio"
	"bytes"
	"net/http"
	"time"
)

// stream writes server-sent events.
type stream struct {
	w   *bufio.Writer
	rc  *http.ResponseController
	err error
}

// startStream answers a request for an event stream. The write deadline
// of the emulator's HTTP server is lifted: a stream lasts as long as the
// page is open (and ends when the server stops, emulator.Server.Stopping).
func (c *Console) startStream(w http.ResponseWriter, r *http.Request) (*stream, bool) {
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	s := &stream{w: bufio.NewWriter(w), rc: rc}
	// A comment first, so the browser sees the stream open at once.
	_, s.err = s.w.WriteString(": mixcoatl emulator console\nretry: 2000\n\n")
	return s, s.flush()
}

// send writes one event; each line of data becomes a data: line.
func (s *stream) send(event string, data []byte) {
	if s.err != nil {
		return
	}
	s.w.WriteString("event: " + event + "\n")
	for _, line := range bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n")) {
		s.w.WriteString("data: ")
		s.w.Write(line)
		s.w.WriteByte('\n')
	}
	_, s.err = s.w.WriteString("\n")
}

// flush sends what was written; false when the browser has gone.
func (s *stream) flush() bool {
	if s.err == nil {
		s.err = s.w.Flush()
	}
	if s.err == nil {
		s.err = s.rc.Flush()
	}
	return s.err == nil
}
