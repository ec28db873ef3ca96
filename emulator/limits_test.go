package emulator_test

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator"
)

// serveRun starts Run with cfg on a free port and returns host:port.
func serveRun(t *testing.T, cfg emulator.Config) string {
	t.Helper()
	cfg.Listen = "127.0.0.1:0"
	out, stop := startRun(t, cfg)
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	u, err := url.Parse(out["DCM_ENDPOINT"])
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// rawConn dials addr; reads on it give up after a generous deadline, so a
// server that never closes fails the test instead of hanging it.
func rawConn(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	return c
}

// readEnvelope reads one answer and checks it is the error envelope with
// the status and a message containing want.
func readEnvelope(t *testing.T, r *bufio.Reader, status int, want string) *http.Response {
	t.Helper()
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	defer resp.Body.Close()
	var doc struct {
		Error struct{ Message string } `json:"error"`
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
		json.Unmarshal(b, &doc) != nil || !strings.Contains(doc.Error.Message, want) {
		t.Fatalf("answer %s %s: %s, want %d with an envelope mentioning %q", resp.Status, resp.Header.Get("Content-Type"), b, status, want)
	}
	if resp.Header.Get("x-es-request") == "" {
		t.Error("the refusal has no request id")
	}
	return resp
}

// waitClosed reads until the server closes the connection and returns how
// long that took.
func waitClosed(t *testing.T, c net.Conn, r io.Reader) time.Duration {
	t.Helper()
	start := time.Now()
	_, err := io.Copy(io.Discard, r)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server kept the connection open for %s", time.Since(start))
	}
	return time.Since(start)
}

// net/http's own refusals (before any handler) carry the error envelope:
// headers over the limit (431) and a malformed request (400).
func TestRefusalsBeforeRoutingUseTheEnvelope(t *testing.T) {
	t.Parallel()
	addr := serveRun(t, emulator.Config{MaxHeaderBytes: 4096})
	c := rawConn(t, addr)
	big := strings.Repeat("a", 16<<10)
	if _, err := io.WriteString(c, "GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "+big+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	readEnvelope(t, bufio.NewReader(c), http.StatusRequestHeaderFieldsTooLarge, "exceed the limit of 4096 bytes")

	c = rawConn(t, addr)
	if _, err := io.WriteString(c, "GARBAGE\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	readEnvelope(t, bufio.NewReader(c), http.StatusBadRequest, "Malformed HTTP request")
}

// A client sending its body slowly is cut off after --read-timeout.
func TestSlowBodyIsClosedAfterReadTimeout(t *testing.T) {
	t.Parallel()
	const timeout = 300 * time.Millisecond
	addr := serveRun(t, emulator.Config{ReadTimeout: timeout, Auth: emulator.AuthOff})
	c := rawConn(t, addr)
	_, err := io.WriteString(c, "POST /api/enstratus/2015-05-25/admin/Group HTTP/1.1\r\nHost: 127.0.0.1\r\n"+
		"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"addGroup\":")
	if err != nil {
		t.Fatal(err)
	}
	if took := waitClosed(t, c, c); took < timeout/2 {
		t.Fatalf("closed after %s, before the read timeout of %s", took, timeout)
	}
}

// With signatures checked, a body is read only for a signed request: an
// unsigned one announcing a body it never sends is refused at once, not
// after the read timeout.
func TestBodyIsNotReadBeforeAuthentication(t *testing.T) {
	t.Parallel()
	addr := serveRun(t, emulator.Config{ReadTimeout: time.Hour})
	c := rawConn(t, addr)
	_, err := io.WriteString(c, "POST /api/enstratus/2015-05-25/admin/Group HTTP/1.1\r\nHost: 127.0.0.1\r\n"+
		"Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n")
	if err != nil {
		t.Fatal(err)
	}
	readEnvelope(t, bufio.NewReader(c), http.StatusForbidden, "Missing authentication headers")
}

// An idle keep-alive connection is closed after --idle-timeout.
func TestIdleConnectionIsClosedAfterIdleTimeout(t *testing.T) {
	t.Parallel()
	const timeout = 300 * time.Millisecond
	addr := serveRun(t, emulator.Config{IdleTimeout: timeout})
	c := rawConn(t, addr)
	if _, err := io.WriteString(c, "GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	resp, err := http.ReadResponse(r, nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("health: %v %v", resp, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if took := waitClosed(t, c, r); took < timeout/2 {
		t.Fatalf("closed after %s, before the idle timeout of %s", took, timeout)
	}
}

// Connections beyond --max-conns are answered 503 at once; a freed slot
// serves again.
func TestConnectionCap(t *testing.T) {
	t.Parallel()
	addr := serveRun(t, emulator.Config{MaxConns: 2})
	held := []net.Conn{rawConn(t, addr), rawConn(t, addr)}
	over := rawConn(t, addr)
	readEnvelope(t, bufio.NewReader(over), http.StatusServiceUnavailable, "limit is 2")
	held[0].Close()
	// The slot is free once the server has seen the close: retry until it
	// has (each try is a complete request, no sleeping).
	deadline := time.Now().Add(10 * time.Second)
	for {
		c := rawConn(t, addr)
		if _, err := io.WriteString(c, "GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err == nil && resp.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no slot freed after a connection closed: %v %v", resp, err)
		}
	}
}

// Bodies nesting deeper than the limit are refused with 400, JSON and XML
// alike, before anything is stored; the limit leaves room for every
// payload of the API.
func TestDeepBodiesAreRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	deep := `{"addGroup":{"group":{"name":"deep","description":"x","label":` + strings.Repeat(`[`, 10000) + strings.Repeat(`]`, 10000) + `}}}`
	wantError(t, e.do(t, http.MethodPost, "admin/Group", deep, nil), http.StatusBadRequest, "deeper than 64 levels")
	xml := `<addGroup><group><name>deep</name>` + strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100) + `</group></addGroup>`
	wantError(t, e.do(t, http.MethodPost, "admin/Group", xml, map[string]string{"Content-Type": "application/xml"}), http.StatusBadRequest, "deep")
	shallow := `{"launch":[{"name":"web","description":"x","budget":1,"userData":` + strings.Repeat(`[`, 50) + strings.Repeat(`]`, 50) + `}]}`
	rec := e.do(t, http.MethodPost, "infrastructure/Server", shallow, nil)
	if rec.Code == http.StatusBadRequest && strings.Contains(rec.Body.String(), "deeper") {
		t.Fatalf("a body 53 levels deep was refused: %s", rec.Body)
	}
	huge := `{"seed":` + strings.Repeat(`[`, 100) + strings.Repeat(`]`, 100) + `}`
	wantError(t, e.control(t, http.MethodPost, "seed", huge, nil), http.StatusBadRequest, "deeper")
}

// A pagination id is signed: changing the page size in one, or making one
// up (the forged id asked for 2,000 servers in a page of 50), is a
// 400; the genuine id still serves its page.
func TestForgedPaginationIDIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *emulator.Options) { o.PageSize = 5 })
	pid := e.do(t, http.MethodGet, "geography/Region", "", nil).Header().Get("x-es-pagination")
	body, sig, ok := strings.Cut(pid, ".")
	if !ok {
		t.Fatalf("pagination id %q has no signature", pid)
	}
	payload, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || !strings.Contains(string(payload), "s=5") {
		t.Fatalf("pagination id payload %q: %v", payload, err)
	}
	bigger := base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(payload), "s=5", "s=2000", 1))) + "." + sig
	unsigned := base64.RawURLEncoding.EncodeToString([]byte("p2\ns=2000&r=geography%2FRegion&q="))
	for _, forged := range []string{bigger, unsigned, body, pid + "x"} {
		wantError(t, e.do(t, http.MethodGet, "geography/Region?requestPaginationId="+url.QueryEscape(forged)+"&requestPage=1", "", nil),
			http.StatusBadRequest, "not issued by this API")
	}
	rec := e.do(t, http.MethodGet, "geography/Region?requestPaginationId="+url.QueryEscape(pid)+"&requestPage=2", "", nil)
	wantStatus(t, rec, http.StatusOK)
	if n := len(envelope(t, rec, "regions")); n == 0 || n > 5 {
		t.Fatalf("page 2 has %d regions, want 1..5", n)
	}
}
