package emulator

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
)

// ErrConnectionDropped is what the in-process transport returns when a fault
// rule drops the connection (a real client would see EOF).
var ErrConnectionDropped = errors.New("emulator: connection dropped by a fault rule")

// RoundTripper returns an http.RoundTripper that calls the handler directly,
// without sockets: for in-process tests and the CLI's --local mode. It is
// safe for concurrent use; the request looks as if it came from loopback.
func (s *Server) RoundTripper() http.RoundTripper { return inProcess{h: s} }

type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(req *http.Request) (resp *http.Response, err error) {
	if req.URL == nil {
		closeBody(req)
		return nil, errors.New("emulator: request has no URL")
	}
	sreq := req.Clone(inProcessContext(req.Context()))
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "127.0.0.1:1"
	if sreq.Host == "" {
		sreq.Host = req.URL.Host
	}
	if sreq.Body == nil {
		sreq.Body = http.NoBody
	}
	if sreq.Header == nil {
		sreq.Header = http.Header{}
	}
	defer closeBody(req)
	rec := httptest.NewRecorder()
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				resp, err = nil, ErrConnectionDropped
				return
			}
			resp, err = nil, fmt.Errorf("emulator: handler panicked: %v", v)
		}
	}()
	t.h.ServeHTTP(rec, sreq)
	resp = rec.Result()
	resp.Request = req
	if req.Method == http.MethodHead {
		resp.Body = http.NoBody
	}
	return resp, nil
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(req.Body, 1<<20))
		_ = req.Body.Close()
	}
}
