package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// hostile is server text that would act on a terminal: an OSC 52 clipboard
// write ended by BEL, a title change, a screen clear, a forged line after a
// carriage return, and a right-to-left override.
const hostile = `\u001b]52;c;ZXZpbA==\u0007\u001b]0;pwned\u0007\u001b[2J\r\nFAKE: ok\u202etxt.exe`

// hostileAPI answers every read with that text in names, states, job
// messages and errors. It checks no signature: it is the server that
// misbehaves.
func hostileAPI(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		path := r.URL.Path[strings.Index(r.URL.Path, testVersion)+len(testVersion):]
		switch {
		case r.Method == http.MethodGet && path == "/infrastructure/Server":
			w.Write([]byte(`{"servers":[{"serverId":1,"name":"` + hostile + `","status":"` + hostile + `","region":{"regionId":7}}]}`))
		case r.Method == http.MethodGet && path == "/infrastructure/Server/1":
			w.Write([]byte(`{"servers":[{"serverId":1,"name":"` + hostile + `","description":"` + hostile + `","region":{"regionId":7},"` + hostile + `":1}]}`))
		case r.Method == http.MethodGet && strings.HasPrefix(path, "/geography/Region"):
			w.Write([]byte(`{"regions":[{"regionId":7,"name":"` + hostile + `","providerId":"x"}]}`))
		case r.Method == http.MethodPut && path == "/infrastructure/Server/1":
			w.WriteHeader(http.StatusAccepted)
			w.Write([]byte(`{"jobs":[{"jobId":9,"status":"RUNNING","description":"` + hostile + `"}]}`))
		case r.Method == http.MethodGet && path == "/admin/Job/9":
			w.Write([]byte(`{"jobs":[{"jobId":9,"status":"ERROR","description":"` + hostile + `","message":"` + hostile + `"}]}`))
		default:
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"error":{"message":"` + hostile + `"}}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// ttyBuffer is a stdout that says it is a terminal.
type ttyBuffer struct{ bytes.Buffer }

func (*ttyBuffer) IsTerminal() bool { return true }

// runOnTerminal runs the CLI with a stdout that is a terminal.
func runOnTerminal(t *testing.T, vars map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out ttyBuffer
	var errs bytes.Buffer
	code = Run(context.Background(), Env{
		Args: args, Stdout: &out, Stderr: &errs, LegacyDir: "-", ConfigDir: t.TempDir(),
		Getenv: func(k string) string { return vars[k] },
	})
	return out.String(), errs.String(), code
}

// Acceptance (issue 11, safe terminal output): no ESC, BEL, CR or bidi
// control byte from the server reaches a table, a detail view, csv on a
// terminal, progress or an error message; csv to a pipe keeps the bytes.
func TestServerTextCannotDriveTheTerminal(t *testing.T) {
	t.Parallel()
	srv := hostileAPI(t)
	vars := envFor(srv, testSecret)
	vars["NO_COLOR"] = "1" // the terminal's colours are escape sequences of our own
	for _, args := range [][]string{
		{"server", "list"},
		{"server", "list", "-o", "wide"},
		{"server", "list", "-o", "csv"},
		{"server", "list", "-o", "tsv"},
		{"server", "get", "1"},
		{"server", "get", "2"},
		{"server", "stop", "1", "--yes", "--wait", "--wait-interval", "1ms"},
		{"job", "wait", "9"},
	} {
		stdout, stderr, code := runOnTerminal(t, vars, args...)
		out := stdout + stderr
		if strings.ContainsAny(out, "\x1b\x07\r\u202e") {
			t.Errorf("%v (exit %d): a control byte got through:\n%q", args, code, out)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "FAKE") {
				t.Errorf("%v: a forged line: %q", args, line)
			}
		}
		if !strings.Contains(out, `\x1b]52;c;`) {
			t.Errorf("%v: the text is not shown escaped:\n%s", args, out)
		}
	}
	piped := runCLI(t, vars, "", "server", "list", "-o", "csv", "--columns", "name")
	if !strings.Contains(piped.stdout, "\x1b]52;c;ZXZpbA==\x07") {
		t.Errorf("csv to a pipe changed the bytes: %q", piped.stdout)
	}
}

// Documents printed as the server sent them (raw verbs, the old tools'
// tables) are escaped line by line on a terminal and kept byte for byte
// in a pipe.
func TestDocumentsAreEscapedOnATerminalOnly(t *testing.T) {
	t.Parallel()
	raw := "\x1b]52;c;ZXZpbA==\x07\r\nFAKE: ok\u202e"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Header.Get("Accept"), "xml") {
			w.Header().Set("Content-Type", "application/xml")
			w.Write([]byte("<servers><server><serverId>1</serverId><name>" + raw + "</name></server></servers>"))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"servers":[{"serverId":1,"name":"` + hostile + `","status":"RUNNING"}]}`))
	}))
	t.Cleanup(srv.Close)
	vars := envFor(srv, testSecret)
	for _, args := range [][]string{
		{"get", "infrastructure/Server/1", "--xml"},
		{"dcm", "dcm-list-servers"},
	} {
		stdout, stderr, code := runOnTerminal(t, vars, args...)
		out := stdout + stderr
		// A raw document keeps its own line breaks; a table cell may not
		// start a line of its own.
		if strings.ContainsAny(out, "\x1b\x07\r\u202e") || (args[0] == "dcm" && strings.Contains(out, "\nFAKE")) {
			t.Errorf("%v (exit %d) on a terminal: a control byte got through:\n%q", args, code, out)
		}
		if !strings.Contains(stdout, `\x1b]52;c;`) {
			t.Errorf("%v (exit %d): the text is not shown escaped:\n%q", args, code, out)
		}
		piped := runCLI(t, vars, "", args...)
		if !strings.Contains(piped.stdout, "\x1b]52;c;ZXZpbA==\x07") {
			t.Errorf("%v to a pipe changed the bytes: %q", args, piped.stdout)
		}
	}
}
