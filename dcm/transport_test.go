package dcm

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/wire"
)

// roundTripFunc is a fake http.RoundTripper (no sockets).
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func answer(status int, header http.Header, body string) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{StatusCode: status, Header: header, Body: io.NopCloser(strings.NewReader(body))}
}

func newTestRequest(t *testing.T, method, path string) *http.Request {
	t.Helper()
	ctx := context.WithValue(context.Background(), callKey{}, &call{path: path})
	r, err := http.NewRequestWithContext(ctx, strings.ToUpper(method), "http://h.example/api/enstratus/2015-05-25/"+path+"?regionId=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSendReadsResponse(t *testing.T) {
	t.Parallel()
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return answer(200, http.Header{"X-Es-Request": {"r-1"}, "X-Es-Version": {"2015-05-25"}}, `{"clouds":[]}`), nil
	})}
	resp, err := send(hc, Timeouts{}, false)(newTestRequest(t, "GET", "geography/Cloud"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || string(resp.Body) != `{"clouds":[]}` || resp.RequestID != "r-1" || resp.Version != "2015-05-25" {
		t.Errorf("send = %+v", resp)
	}
}

func TestSendClassifiesNetworkErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		err         error
		wantNotSent bool
	}{
		{"dial refused", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, true},
		{"dns", &net.DNSError{Err: "no such host", Name: "h.example"}, true},
		{"reset after write", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}, false},
		{"eof", io.ErrUnexpectedEOF, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, tt.err })}
			_, err := send(hc, Timeouts{}, false)(newTestRequest(t, "POST", "infrastructure/Server"))
			ne, ok := errors.AsType[*NetworkError](err)
			if !ok {
				t.Fatalf("error %v is not a *NetworkError", err)
			}
			if ne.NotSent != tt.wantNotSent || ne.Method != "POST" || ne.Path != "infrastructure/Server" {
				t.Errorf("NetworkError = %+v, want NotSent %v", ne, tt.wantNotSent)
			}
			if !IsNetworkError(err) || IsAPIError(err) || StatusCode(err) != 0 {
				t.Errorf("classification helpers disagree for %v", err)
			}
		})
	}
}

func TestSignRequestsHeaders(t *testing.T) {
	t.Parallel()
	ts := time.UnixMilli(1436000000000)
	var calls int
	now := func() time.Time { calls++; return ts.Add(time.Duration(calls) * time.Millisecond) }
	var seen []http.Header
	h := signRequests("ABC", testSecret, "ua/1", now)(func(r *http.Request) (*Response, error) {
		seen = append(seen, r.Header.Clone())
		return &Response{StatusCode: 200}, nil
	})
	for range 2 {
		if _, err := h(newTestRequest(t, "get", "geography/Cloud")); err != nil {
			t.Fatal(err)
		}
	}
	for i, hdr := range seen {
		wantTS := strconv.FormatInt(ts.UnixMilli()+int64(i+1), 10)
		if hdr.Get(HeaderTimestamp) != wantTS || hdr.Get(HeaderAccess) != "ABC" || hdr.Get("User-Agent") != "ua/1" {
			t.Errorf("attempt %d headers %v, want timestamp %s", i, hdr, wantTS)
		}
		ms, _ := strconv.ParseInt(hdr.Get(HeaderTimestamp), 10, 64)
		sts := wire.StringToSign("ABC", "GET", "/api/enstratus/2015-05-25/geography/Cloud", ms, hdr.Get("User-Agent"))
		if !wire.Verify(testSecret, sts, hdr.Get(HeaderSignature)) {
			t.Errorf("attempt %d: signature does not verify over %q", i, sts)
		}
	}
	if seen[0].Get(HeaderSignature) == seen[1].Get(HeaderSignature) {
		t.Error("two calls with different timestamps got the same signature")
	}
	_, err := signRequests("", "", "ua", time.Now)(nil)(newTestRequest(t, "GET", "x/Y"))
	if !IsConfigError(err) || !strings.Contains(err.Error(), "DCM_ACCESS_KEY") {
		t.Errorf("signing without keys = %v, want a *ConfigError naming the variables", err)
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 2000)
	tests := []struct {
		name, body string
		status     int
		wantMsg    string
		wantError  string
	}{
		{"json envelope", `{"error":{"message":"Invalid access keys"}}`, 403, "Invalid access keys",
			"GET geography/DataCenter: 403 Forbidden: Invalid access keys (request r-123)"},
		{"xml envelope", `<error><message>No such job ID: 5</message></error>`, 404, "No such job ID: 5", ""},
		{"plain text", "  Service\nUnavailable  \n", 503, "Service Unavailable", ""},
		{"raw json redacted", `{"oops":{"password":"hunter2"}}`, 500, `{"oops":{"password":"[REDACTED]"}}`, ""},
		{"bounded", long, 500, long[:maxQuoted] + "…", ""},
		{"empty", "", 409, "", "GET geography/DataCenter: 409 Conflict (request r-123)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := decodeErrors(func(*http.Request) (*Response, error) {
				return &Response{StatusCode: tt.status, Body: []byte(tt.body), RequestID: "r-123", Header: http.Header{}}, nil
			})
			resp, err := h(newTestRequest(t, "GET", "geography/DataCenter"))
			if resp != nil {
				t.Errorf("response %+v returned with the error", resp)
			}
			ae, ok := errors.AsType[*APIError](err)
			if !ok {
				t.Fatalf("error %v is not an *APIError", err)
			}
			if ae.Message != tt.wantMsg || ae.StatusCode != tt.status || ae.Method != "GET" || ae.Path != "geography/DataCenter" {
				t.Errorf("APIError = %+v, want message %q", ae, tt.wantMsg)
			}
			if tt.wantError != "" && err.Error() != tt.wantError {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.wantError)
			}
		})
	}
	ok := decodeErrors(func(*http.Request) (*Response, error) { return &Response{StatusCode: 202}, nil })
	if resp, err := ok(newTestRequest(t, "POST", "x/Y")); err != nil || resp.StatusCode != 202 {
		t.Errorf("202 passed through as %v, %v", resp, err)
	}
}

func TestErrorHelpersThroughWrapping(t *testing.T) {
	t.Parallel()
	for status, is := range map[int]func(error) bool{
		400: IsBadRequest, 403: IsForbidden, 404: IsNotFound, 409: IsConflict, 429: IsRateLimited,
	} {
		err := errors.Join(errors.New("context"), &APIError{StatusCode: status})
		wrapped := errors.New("outer: " + err.Error())
		if !is(err) || StatusCode(err) != status || !IsAPIError(err) {
			t.Errorf("helpers do not see status %d through errors.Join", status)
		}
		if is(wrapped) || StatusCode(wrapped) != 0 {
			t.Errorf("helpers see status %d in a non-wrapping error", status)
		}
		for other, otherIs := range map[int]func(error) bool{400: IsBadRequest, 404: IsNotFound} {
			if other != status && otherIs(err) {
				t.Errorf("status %d also matches the %d helper", status, other)
			}
		}
	}
	if IsNetworkError(&APIError{StatusCode: 500}) || IsConfigError(&APIError{StatusCode: 500}) {
		t.Error("an APIError classified as network or config error")
	}
}
