package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/mixcoatl/mixcoatl/internal/heavy"
)

// The acceptance tests of a client you can trust: each runs the CLI
// in-process against a misbehaving server.

// misbehaving is a server that answers every request with handle and
// records what it received.
type misbehaving struct {
	mu     sync.Mutex
	seen   []*http.Request
	srv    *httptest.Server
	handle func(w http.ResponseWriter, r *http.Request)
}

func newMisbehaving(t *testing.T, handle func(w http.ResponseWriter, r *http.Request)) *misbehaving {
	t.Helper()
	m := &misbehaving{handle: handle}
	m.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.seen = append(m.seen, r.Clone(context.Background()))
		m.mu.Unlock()
		m.handle(w, r)
	}))
	m.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	m.srv.Start()
	t.Cleanup(m.srv.Close)
	return m
}

func (m *misbehaving) requests() []*http.Request {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]*http.Request(nil), m.seen...)
}

// vars is an environment pointing the CLI at m.
func (m *misbehaving) vars() map[string]string {
	return map[string]string{"DCM_ACCESS_KEY": testAccess, "DCM_SECRET_KEY": testSecret, "DCM_ENDPOINT": m.srv.URL + "/api/enstratus/" + testVersion}
}

func TestCrossOriginRedirectCarriesNoCredentials(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"get", "infrastructure/Server"},
		{"post", "infrastructure/Server", "--data", `{"launch":[{"name":"web"}]}`},
		{"group", "create", "--name", "ops", "--description", "Ops"},
	} {
		t.Run(args[0]+" "+args[1], func(t *testing.T) {
			t.Parallel()
			other := newMisbehaving(t, func(w http.ResponseWriter, _ *http.Request) {
				writeJSON(w, http.StatusOK, `{"servers":[{"serverId":1,"name":"launched elsewhere"}]}`)
			})
			api := newMisbehaving(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.srv.URL+r.URL.Path, http.StatusFound)
			})
			got := runCLI(t, api.vars(), "", args...)
			if got.code != ExitAPI || !strings.Contains(got.stderr, "redirected to "+other.srv.URL) || strings.Contains(got.stdout, "launched elsewhere") {
				t.Errorf("exit %d, want %d naming the target\nstdout: %s\nstderr: %s", got.code, ExitAPI, got.stdout, got.stderr)
			}
			for _, r := range other.requests() {
				for k := range r.Header {
					if strings.HasPrefix(strings.ToLower(k), "x-esauth-") {
						t.Errorf("the other origin received %s", k)
					}
				}
			}
			if n := len(other.requests()); n != 0 {
				t.Errorf("the other origin received %d request(s)", n)
			}
			if seen := api.requests(); len(seen) != 1 || seen[0].Method != map[bool]string{true: "GET", false: "POST"}[args[0] == "get"] {
				t.Errorf("the endpoint saw %d request(s); a write must never be resent or turned into a GET", len(seen))
			}
		})
	}
}

func TestWriteAnsweredWithNothingUsable(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		contentType, body, want string
	}{
		"empty 200":              {"application/json", "", "an empty body"},
		"HTML with a password":   {"text/html", "<html><body>login: password=hunter2 please</body></html>", "text/html (56 bytes): <html><body>login: password=[REDACTED] please</body></html>"},
		"wrong envelope, secret": {"application/json", `{"user":{"password":"hunter2"}}`, `{"user":{"password":"[REDACTED]"}}`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			api := newMisbehaving(t, func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				fmt.Fprint(w, tc.body)
			})
			got := runCLI(t, api.vars(), "", "group", "create", "--name", "ops", "--description", "Ops")
			if got.code != ExitAPI || !strings.Contains(got.stderr, tc.want) || strings.Count(got.stderr, "\n") != 1 || got.stdout != "" {
				t.Errorf("exit %d, want %d quoting %q\nstdout: %s\nstderr: %s", got.code, ExitAPI, tc.want, got.stdout, got.stderr)
			}
			if strings.Contains(got.stdout+got.stderr, "hunter2") {
				t.Error("a secret of the answer is shown")
			}
		})
	}
}

func TestRawGetOfSomethingElse(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct{ contentType, body string }{
		"HTML":           {"text/html; charset=utf-8", "<!DOCTYPE html>\n<html><body>Proxy login</body></html>\n"},
		"truncated JSON": {"application/json", `{"servers":[{"serverId":1},{"serv`},
		"XML for JSON":   {"application/xml", `<servers><server serverId="1"/></servers>`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			api := newMisbehaving(t, func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				fmt.Fprint(w, tc.body)
			})
			got := runCLI(t, api.vars(), "", "get", "infrastructure/Server")
			if got.code != ExitAPI || strings.TrimSuffix(got.stdout, "\n") != strings.TrimSuffix(tc.body, "\n") {
				t.Errorf("exit %d, want %d with the bytes printed as received\nstdout: %q\nstderr: %s", got.code, ExitAPI, got.stdout, got.stderr)
			}
		})
	}
}

// TestRawGetStreamsLargeAnswers prints a 200 MB answer through `mixcoatl
// get` and checks that the heap grew by far less than the body: the
// answer is streamed, never held. Not parallel, so that no other test's
// allocations count.
func TestRawGetStreamsLargeAnswers(t *testing.T) {
	heavy.NotUnderRace(t)
	const size = 200 << 20
	huge := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		h := http.Header{"Content-Type": {"application/json"}}
		return &http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(newServerList(size)), Request: r}, nil
	})
	var out countingWriter
	vars := map[string]string{"DCM_ACCESS_KEY": testAccess, "DCM_SECRET_KEY": testSecret, "DCM_ENDPOINT": "http://dcm.invalid/api/enstratus/" + testVersion}
	var before, after runtimeMem
	before.read()
	code := Run(context.Background(), Env{
		Args: []string{"get", "infrastructure/Server"}, Stdout: &out, Stderr: &out,
		Getenv: func(k string) string { return vars[k] }, ConfigDir: t.TempDir(), LegacyDir: "-", Transport: huge,
	})
	after.read()
	if code != ExitOK || out.n < size {
		t.Fatalf("exit %d after printing %d bytes of a %d-byte answer", code, out.n, size)
	}
	grown := after.totalAlloc - before.totalAlloc
	t.Logf("printed %d MB, allocated %.1f MB in all", out.n>>20, float64(grown)/(1<<20))
	if grown > size/20 {
		t.Errorf("allocated %d MB while printing a %d MB answer: it is being held, not streamed", grown>>20, size>>20)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// serverList generates {"servers":[{…},{…},…]} of about size bytes.
type serverList struct {
	left, i      int
	pending, buf []byte
	closed       bool
}

func newServerList(size int) *serverList {
	return &serverList{left: size, pending: []byte(`{"servers":[`)}
}

func (s *serverList) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(s.pending) == 0 {
			switch {
			case s.closed:
				return n, io.EOF
			case s.left <= 0:
				s.pending, s.closed = []byte("]}"), true
			default:
				b := s.buf[:0] // appended without fmt, so the generator allocates nothing
				if s.i > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendInt(append(b, `{"serverId":`...), int64(s.i), 10)
				b = strconv.AppendInt(append(b, `,"name":"web-`...), int64(s.i), 10)
				b = append(b, `","description":"a server \"quoted\" \u00e9","status":"RUNNING","ip":[1,2.5e3,true,null]}`...)
				s.buf, s.pending = b, b
				s.i++
				s.left -= len(s.pending)
			}
		}
		c := copy(p[n:], s.pending)
		s.pending, n = s.pending[c:], n+c
	}
	return n, nil
}

func TestDefaultTimeoutEndsAHang(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		vars := map[string]string{"DCM_ACCESS_KEY": testAccess, "DCM_SECRET_KEY": testSecret, "DCM_ENDPOINT": "http://dcm.invalid/api/enstratus/" + testVersion}
		start := time.Now()
		got := runEnv(context.Background(), Env{
			Args: []string{"server", "list"}, Getenv: func(k string) string { return vars[k] },
			ConfigDir: t.TempDir(), LegacyDir: "-", Transport: hangingTransport{},
		})
		took := time.Since(start)
		if got.code != ExitNetwork || !strings.Contains(got.stderr, "no response headers within 30s (response header timeout") {
			t.Errorf("exit %d, want %d naming the response header timeout\nstderr: %s", got.code, ExitNetwork, got.stderr)
		}
		if took != 30*time.Second {
			t.Errorf("gave up after %s, want the 30s default", took)
		}
	})
}

func TestConfiguredTimeoutOnARealSocket(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	api := newMisbehaving(t, func(http.ResponseWriter, *http.Request) { <-release })
	t.Cleanup(func() { close(release) })
	for _, args := range [][]string{
		{"get", "geography/Region", "--response-header-timeout", "100ms"},
		{"get", "geography/Region", "--timeout", "100ms"},
	} {
		got := runCLI(t, api.vars(), "", args...)
		if got.code != ExitNetwork || !strings.Contains(got.stderr, "timeout") || !strings.Contains(got.stderr, "100ms") {
			t.Errorf("%v: exit %d, want %d naming the bound\nstderr: %s", args, got.code, ExitNetwork, got.stderr)
		}
	}
	vars := api.vars()
	vars["DCM_RESPONSE_HEADER_TIMEOUT"] = "150ms"
	if got := runCLI(t, vars, "", "get", "geography/Region"); got.code != ExitNetwork || !strings.Contains(got.stderr, "150ms (response header timeout") {
		t.Errorf("DCM_RESPONSE_HEADER_TIMEOUT: exit %d\nstderr: %s", got.code, got.stderr)
	}
	if got := runCLI(t, vars, "", "get", "geography/Region", "--connect-timeout", "-1s"); got.code != ExitUsage {
		t.Errorf("a negative bound: exit %d, want %d\n%s", got.code, ExitUsage, got.stderr)
	}
}

func TestEndlessPagingIsStopped(t *testing.T) {
	t.Parallel()
	api := newMisbehaving(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("x-es-pagination", "the-same-id")
		w.Header().Set("x-es-last-page", "false")
		writeJSON(w, http.StatusOK, `{"servers":[{"serverId":1,"name":"web-1"}]}`)
	})
	got := runCLI(t, api.vars(), "", "server", "list", "-o", "json")
	if got.code != ExitAPI || !strings.Contains(got.stderr, "page 2 repeats page 1") || !strings.Contains(got.stdout, `"web-1"`) {
		t.Errorf("exit %d, want %d after page 1\nstdout: %s\nstderr: %s", got.code, ExitAPI, got.stdout, got.stderr)
	}
	if n := len(api.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	// What was printed stays a valid document, and stderr says it is not
	// the whole list.
	var items []map[string]any
	if err := json.Unmarshal([]byte(got.stdout), &items); err != nil || len(items) != 1 {
		t.Errorf("stdout is not the one item as a JSON array (%v): %s", err, got.stdout)
	}
	if !strings.Contains(got.stderr, "output is incomplete: it holds the 1 items") || !strings.Contains(got.stderr, `"incomplete": true`) {
		t.Errorf("stderr does not say the output is incomplete: %s", got.stderr)
	}
	table := runCLI(t, api.vars(), "", "server", "list")
	if table.code != ExitAPI || !strings.Contains(table.stdout, "web-1") || !strings.Contains(table.stderr, "mixcoatl: page 2 repeats page 1") ||
		!strings.Contains(table.stderr, "output is incomplete") {
		t.Errorf("table: exit %d\nstdout: %s\nstderr: %s", table.code, table.stdout, table.stderr)
	}
}

func TestConfigurationWithoutGuesses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.json")
	shared := filepath.Join(dir, "shared.json")
	for path, content := range map[string]string{
		typo:   `{"endpoint":"https://dcm.example/api/enstratus/2015-05-25","access_key":"K"}`,
		shared: `{"url":"https://dcm.example/api/enstratus/2015-05-25","access_key":"K","secret_key":"file-secret"}`,
	} {
		mode := os.FileMode(0o600)
		if path == shared {
			mode = 0o644
		}
		if err := os.WriteFile(path, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
	}
	keys := map[string]string{"DCM_ACCESS_KEY": "K", "DCM_SECRET_KEY": "S"}
	got := runCLI(t, keys, "", "server", "list", "--endpoint-file", typo)
	if got.code != ExitConfig || !strings.Contains(got.stderr, `unknown key "endpoint"`) || !strings.Contains(got.stderr, "url") {
		t.Errorf("endpoint for url: exit %d, want %d naming the key\n%s", got.code, ExitConfig, got.stderr)
	}
	got = runCLI(t, nil, "", "server", "list", "--endpoint-file", shared)
	if got.code != ExitConfig || !strings.Contains(got.stderr, "chmod 600 "+shared) || strings.Contains(got.stderr, "file-secret") {
		t.Errorf("0644 endpoint file with a secret: exit %d, want %d with the chmod hint\n%s", got.code, ExitConfig, got.stderr)
	}

	keys["DCM_ENDPIONT"] = "https://dcm.example/api/enstratus/2015-05-25" // misspelt
	show := runCLI(t, keys, "", "configure", "show")
	if show.code != ExitOK || !strings.Contains(show.stdout, "built-in default of the old public service") ||
		!strings.Contains(show.stderr, "no endpoint is configured") || !strings.Contains(show.stdout, "timeouts:    connect 10s") {
		t.Errorf("configure show without an endpoint: exit %d\nstdout: %s\nstderr: %s", show.code, show.stdout, show.stderr)
	}
}

// TestShortSecretDoesNotMangleTheDryRun: with the secret "S" the dry run
// redacts the signature by position and leaves every S of the output alone.
func TestShortSecretDoesNotMangleTheDryRun(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DCM_ACCESS_KEY": testAccess, "DCM_SECRET_KEY": "S", "DCM_ENDPOINT": "http://dcm.invalid/api/enstratus/" + testVersion}
	got := runCLI(t, vars, "", "server", "terminate", "331810", "--reason", "Stale Server", "--dry-run")
	if got.code != ExitOK {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	for _, want := range []string{"DELETE http://dcm.invalid/api/enstratus/" + testVersion + "/infrastructure/Server/331810?reason=Stale+Server",
		"X-Esauth-Signature: [REDACTED]", "X-Esauth-Access: " + testAccess} {
		if !strings.Contains(got.stdout, want) {
			t.Errorf("dry run lacks %q:\n%s", want, got.stdout)
		}
	}
	if strings.Count(got.stdout, "[REDACTED]") != 1 {
		t.Errorf("only the signature is a secret here:\n%s", got.stdout)
	}
}

// runtimeMem is the process's allocation counter.
type runtimeMem struct{ totalAlloc uint64 }

func (m *runtimeMem) read() {
	runtime.GC()
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	m.totalAlloc = s.TotalAlloc
}
