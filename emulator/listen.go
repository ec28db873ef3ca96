package emulator

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// boundedListener is what Run serves on: it caps the open connections
// (one beyond the cap is answered 503 with the error envelope and closed,
// at once, rather than left waiting in the backlog) and wraps each
// connection so that net/http's own refusals carry the envelope too
// (envelopeConn).
type boundedListener struct {
	net.Listener
	srv            *Server
	slots          chan struct{}
	maxHeaderBytes int
	lastWarning    atomic.Int64 // unix ms of the last "over the cap" log line
}

func newBoundedListener(ln net.Listener, srv *Server, maxConns, maxHeaderBytes int) *boundedListener {
	return &boundedListener{Listener: ln, srv: srv, slots: make(chan struct{}, maxConns), maxHeaderBytes: maxHeaderBytes}
}

func (l *boundedListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.slots <- struct{}{}:
			return &envelopeConn{Conn: c, l: l, release: sync.OnceFunc(func() { <-l.slots })}, nil
		default:
			go l.refuse(c)
		}
	}
}

// refuse answers a connection over the cap with 503, then reads what the
// client sent for a moment before closing, so the answer is not lost to a
// reset of a socket with unread data.
func (l *boundedListener) refuse(c net.Conn) {
	defer c.Close()
	now := time.Now()
	if last := l.lastWarning.Load(); now.UnixMilli()-last >= 1000 && l.lastWarning.CompareAndSwap(last, now.UnixMilli()) {
		l.srv.log.Warn("refusing connections over the limit", "maxConns", cap(l.slots), "remote", c.RemoteAddr().String())
	}
	_ = c.SetDeadline(now.Add(time.Second))
	msg := fmt.Sprintf("Too many open connections (the emulator's limit is %d): retry later", cap(l.slots))
	_, _ = c.Write(envelopeResponse(http.StatusServiceUnavailable, l.srv.nextRequestID(), msg, "Retry-After: 1\r\n"))
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.CloseWrite()
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(c, 64<<10))
}

// envelopeConn is a served connection: it frees its slot when closed and
// rewrites the plain-text answers net/http writes itself, before any
// handler runs (431 for oversized headers, 400 for a malformed request,
// 501 for an unknown transfer encoding), into the API's error envelope.
// net/http writes each of them in one Write of a fixed form
// (goRefusalHeaders after the status line), which no handler's answer has:
// those carry a Date header.
type envelopeConn struct {
	net.Conn
	l       *boundedListener
	release func()
}

// goRefusalHeaders are the headers of net/http's own refusals.
const goRefusalHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

func (c *envelopeConn) Write(p []byte) (int, error) {
	status, text, ok := parseGoRefusal(p)
	if !ok {
		return c.Conn.Write(p)
	}
	id := c.l.srv.nextRequestID()
	msg := "Malformed HTTP request: " + text
	if status == http.StatusRequestHeaderFieldsTooLarge {
		msg = fmt.Sprintf("Request line and headers exceed the limit of %d bytes", c.l.maxHeaderBytes)
	}
	c.l.srv.log.Warn("refused a request before reading it", "request", id, "status", status, "reason", text,
		"remote", c.RemoteAddr().String())
	if _, err := c.Conn.Write(envelopeResponse(status, id, msg, "")); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (c *envelopeConn) Close() error {
	c.release()
	return c.Conn.Close()
}

// CloseWrite lets net/http half-close the connection after a refusal (it
// looks for the method), so the client reads the answer before the close.
func (c *envelopeConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// parseGoRefusal recognises "HTTP/1.1 <code> <reason>" + goRefusalHeaders
// + body, and returns the code and the body text.
func parseGoRefusal(p []byte) (int, string, bool) {
	const prefix = "HTTP/1.1 "
	if !bytes.HasPrefix(p, []byte(prefix)) || len(p) < len(prefix)+4 {
		return 0, "", false
	}
	line, rest, ok := bytes.Cut(p[len(prefix):], []byte("\r\n"))
	if !ok || !bytes.HasPrefix(rest, []byte(goRefusalHeaders[2:])) {
		return 0, "", false
	}
	status, err := strconv.Atoi(string(line[:3]))
	if err != nil || status < 400 || status > 599 || len(line) > 3 && line[3] != ' ' {
		return 0, "", false
	}
	return status, string(rest[len(goRefusalHeaders)-2:]), true
}

// envelopeResponse is a complete HTTP/1.1 answer with the error envelope,
// closing the connection.
func envelopeResponse(status int, requestID, message, extraHeaders string) []byte {
	body := errorJSON(message)
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s: %s\r\n%sConnection: close\r\n\r\n",
		status, http.StatusText(status), contentTypeJSON, len(body), hdrRequestID, requestID, extraHeaders)
	b.Write(body)
	return b.Bytes()
}
