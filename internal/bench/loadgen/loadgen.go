// Package loadgen is the load generator of the out-of-process benchmarks:
// a fixed number of keep-alive HTTP/1.1 connections, each sending its next
// request as soon as the previous answer is read, for a fixed time.
// Requests are signed as the enStratus API wants (wire.Sign, a fresh
// timestamp per request) when a key is given, which stock wrk cannot do.
//
// It speaks HTTP/1.1 over raw connections instead of net/http's client so
// that its own cost per request stays small next to the server's: on a
// small machine the client shares the cores with the server it measures,
// and what it spends is taken from the server under test and the baseline
// alike.
package loadgen

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/mixcoatl/mixcoatl/wire"
)

// Request is one request a connection sends.
type Request struct {
	Method string `json:"method"` // GET when empty
	Path   string `json:"path"`   // escaped path and query, e.g. /api/enstratus/2015-05-25/infrastructure/Server/1
	Body   string `json:"body,omitempty"`
}

// Options say what to send where, for how long.
type Options struct {
	Addr     string        // host:port
	Requests []Request     // each connection cycles through them from its own offset
	Conns    int           // concurrent connections
	Duration time.Duration // how long to send
	// AccessKey and SecretKey sign every request when both are set.
	AccessKey, SecretKey string
	UserAgent            string
}

// Result sums a run.
type Result struct {
	Requests int            `json:"requests"`
	Statuses map[int]int    `json:"statuses"` // answers by status
	Bytes    int64          `json:"bytes"`    // answer bodies
	Elapsed  time.Duration  `json:"elapsed"`
	PerSec   float64        `json:"perSec"`
	BytesSec float64        `json:"bytesPerSec"`
	P50      time.Duration  `json:"p50"`
	P99      time.Duration  `json:"p99"`
	Errors   map[string]int `json:"errors,omitempty"` // transport errors by message (each reconnects)
}

// Run sends requests until o.Duration has passed or ctx ends.
func Run(ctx context.Context, o Options) (Result, error) {
	if len(o.Requests) == 0 || o.Conns < 1 || o.Duration <= 0 {
		return Result{}, errors.New("loadgen: need requests, connections and a duration")
	}
	if o.UserAgent == "" {
		o.UserAgent = "mixcoatl-loadgen"
	}
	ctx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	workers := make([]*worker, o.Conns)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range workers {
		w := &worker{o: &o, next: i * 7, statuses: map[int]int{}, errs: map[string]int{}}
		workers[i] = w
		wg.Go(func() { w.run(ctx) })
	}
	wg.Wait()
	res := Result{Elapsed: time.Since(start), Statuses: map[int]int{}}
	var lats []time.Duration
	for _, w := range workers {
		res.Requests += len(w.lats)
		res.Bytes += w.bytes
		lats = append(lats, w.lats...)
		for s, n := range w.statuses {
			res.Statuses[s] += n
		}
		for e, n := range w.errs {
			if res.Errors == nil {
				res.Errors = map[string]int{}
			}
			res.Errors[e] += n
		}
	}
	slices.Sort(lats)
	if len(lats) > 0 {
		res.P50, res.P99 = lats[len(lats)*50/100], lats[min(len(lats)-1, len(lats)*99/100)]
	}
	res.PerSec = float64(res.Requests) / res.Elapsed.Seconds()
	res.BytesSec = float64(res.Bytes) / res.Elapsed.Seconds()
	return res, nil
}

// worker is one connection's loop.
type worker struct {
	o    *Options
	next int
	// conn is written by the worker's goroutine only, under mu, so that
	// run's AfterFunc (another goroutine) may read it.
	mu       sync.Mutex
	conn     net.Conn
	r        *bufio.Reader
	w        *bufio.Writer
	lats     []time.Duration
	bytes    int64
	statuses map[int]int
	errs     map[string]int
}

func (w *worker) run(ctx context.Context) {
	defer w.close()
	stop := context.AfterFunc(ctx, func() {
		// Unblock a read in flight; its request is not counted.
		w.mu.Lock()
		defer w.mu.Unlock()
		if c := w.conn; c != nil {
			_ = c.SetDeadline(time.Now())
		}
	})
	defer stop()
	for ctx.Err() == nil {
		if w.conn == nil {
			c, err := (&net.Dialer{}).DialContext(ctx, "tcp", w.o.Addr)
			if err != nil {
				if ctx.Err() == nil {
					w.errs[err.Error()]++
				}
				return
			}
			w.mu.Lock()
			w.conn = c
			w.mu.Unlock()
			w.r, w.w = bufio.NewReaderSize(c, 64<<10), bufio.NewWriterSize(c, 16<<10)
			if ctx.Err() != nil {
				return
			}
		}
		req := w.o.Requests[w.next%len(w.o.Requests)]
		w.next++
		t0 := time.Now()
		status, n, keep, err := w.roundTrip(req)
		if err != nil {
			if ctx.Err() == nil {
				w.errs[err.Error()]++
			}
			w.close()
			continue
		}
		w.lats = append(w.lats, time.Since(t0))
		w.bytes += n
		w.statuses[status]++
		if !keep {
			w.close()
		}
	}
}

func (w *worker) close() {
	if w.conn != nil {
		_ = w.conn.Close()
		w.mu.Lock()
		w.conn = nil
		w.mu.Unlock()
	}
}

// roundTrip writes one request and reads its answer, discarding the body.
func (w *worker) roundTrip(req Request) (status int, bodyBytes int64, keepAlive bool, err error) {
	method := req.Method
	if method == "" {
		method = "GET"
	}
	b := w.w
	b.WriteString(method + " " + req.Path + " HTTP/1.1\r\nHost: " + w.o.Addr + "\r\nUser-Agent: " + w.o.UserAgent + "\r\nAccept: application/json\r\n")
	if w.o.AccessKey != "" && w.o.SecretKey != "" {
		ts := time.Now().UnixMilli()
		path, _, _ := bytes.Cut([]byte(req.Path), []byte("?"))
		sig := wire.Sign(w.o.SecretKey, wire.StringToSign(w.o.AccessKey, method, string(path), ts, w.o.UserAgent))
		b.WriteString(wire.HeaderAccess + ": " + w.o.AccessKey + "\r\n" + wire.HeaderTimestamp + ": " + strconv.FormatInt(ts, 10) +
			"\r\n" + wire.HeaderSignature + ": " + sig + "\r\n")
	}
	if req.Body != "" || method == "POST" || method == "PUT" {
		b.WriteString("Content-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(req.Body)) + "\r\n")
	}
	b.WriteString("\r\n")
	b.WriteString(req.Body)
	if err := b.Flush(); err != nil {
		return 0, 0, false, err
	}
	return readResponse(w.r, method == "HEAD")
}

// readResponse reads one HTTP/1.1 answer: status line, headers, and a body
// framed by Content-Length or chunked encoding.
func readResponse(r *bufio.Reader, head bool) (status int, bodyBytes int64, keepAlive bool, err error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return 0, 0, false, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, 0, false, fmt.Errorf("loadgen: bad status line %q", line)
	}
	if status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return 0, 0, false, fmt.Errorf("loadgen: bad status line %q", line)
	}
	length, chunked, keepAlive := int64(-1), false, true
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return 0, 0, false, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		v = bytes.TrimSpace(v)
		switch {
		case bytes.EqualFold(k, []byte("Content-Length")):
			if length, err = strconv.ParseInt(string(v), 10, 64); err != nil {
				return 0, 0, false, fmt.Errorf("loadgen: bad Content-Length %q", v)
			}
		case bytes.EqualFold(k, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(v, []byte("chunked"))
		case bytes.EqualFold(k, []byte("Connection")):
			keepAlive = !bytes.EqualFold(v, []byte("close"))
		}
	}
	switch {
	case head || status == 204 || status == 304:
		return status, 0, keepAlive, nil
	case chunked:
		n, err := readChunked(r)
		return status, n, keepAlive, err
	case length >= 0:
		n, err := r.Discard(int(length))
		return status, int64(n), keepAlive, err
	}
	n, err := io.Copy(io.Discard, r) // body to the end of the connection
	return status, n, false, err
}

func readChunked(r *bufio.Reader) (int64, error) {
	var total int64
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return total, err
		}
		size, _, _ := bytes.Cut(bytes.TrimSpace(line), []byte(";"))
		n, err := strconv.ParseInt(string(size), 16, 64)
		if err != nil {
			return total, fmt.Errorf("loadgen: bad chunk size %q", line)
		}
		if n == 0 {
			for { // trailers up to the empty line
				line, err := r.ReadSlice('\n')
				if err != nil {
					return total, err
				}
				if len(bytes.TrimSpace(line)) == 0 {
					return total, nil
				}
			}
		}
		if _, err := r.Discard(int(n) + 2); err != nil {
			return total, err
		}
		total += n
	}
}
