package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Two --local commands in a row share state through the state file in the
// data directory, as two invocations on a fresh machine would.
func TestLocalCommandsShareState(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	vars := map[string]string{"XDG_DATA_HOME": data}

	created := runCLI(t, vars, "", "--local", "post", "admin/Group",
		"--data", `{"addGroup":{"group":{"name":"local-team","description":"made by one command"}}}`)
	if created.code != ExitOK {
		t.Fatalf("post: exit %d\n%s%s", created.code, created.stdout, created.stderr)
	}
	var body struct {
		Groups []struct {
			GroupID json.Number `json:"groupId"`
			Name    string      `json:"name"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(created.stdout), &body); err != nil || len(body.Groups) != 1 {
		t.Fatalf("post printed %q (%v)", created.stdout, err)
	}
	id := body.Groups[0].GroupID.String()

	got := runCLI(t, vars, "", "--local", "get", "admin/Group/"+id)
	if got.code != ExitOK || !strings.Contains(got.stdout, `"name": "local-team"`) {
		t.Fatalf("second command does not see the group: exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
}

// A read-only command on a prepared state file leaves the file as it
// was: no write transaction (the memo), no writer connection, no frame
// appended to the write-ahead log; the next write still lands.
func TestLocalReadLeavesStateFileUntouched(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"HOME": t.TempDir()}
	state := filepath.Join(vars["HOME"], ".local", "share", "mixcoatl", "local.db")
	list := func() string {
		t.Helper()
		res := runCLI(t, vars, "", "--local", "server", "list", "-o", "json")
		if res.code != ExitOK {
			t.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
		return res.stdout
	}
	first := list() // prepares the state file
	before, err := os.Stat(state)
	if err != nil {
		t.Fatal(err)
	}
	old := before.ModTime().Add(-time.Hour)
	if err := os.Chtimes(state, old, old); err != nil {
		t.Fatal(err)
	}
	if again := list(); again != first {
		t.Errorf("second list differs:\n%s\nfirst:\n%s", again, first)
	}
	after, err := os.Stat(state)
	if err != nil {
		t.Fatal(err)
	}
	if after.Size() != before.Size() || !after.ModTime().Equal(old) {
		t.Errorf("a read-only command changed the state file: size %d → %d, modified %v → %v", before.Size(), after.Size(), old, after.ModTime())
	}
	if fi, err := os.Stat(state + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("a read-only command left %d bytes of write-ahead log", fi.Size())
	}
	res := runCLI(t, vars, "", "--local", "server", "rename", "web-01", "web-01b")
	if res.code != ExitOK {
		t.Fatalf("rename: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if got := list(); !strings.Contains(got, `"web-01b"`) {
		t.Errorf("the write after read-only commands did not land:\n%s", got)
	}
}

func TestLocalShowsSeededData(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"HOME": t.TempDir()}
	res := runCLI(t, vars, "", "--local", "get", "geography/DataCenter", "{'regionId':19344}")
	if res.code != ExitOK || !strings.Contains(res.stdout, `"dataCenters": [`) || !strings.Contains(res.stdout, "us-west-2a") {
		t.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}

func TestLocalRejectsEndpointFlags(t *testing.T) {
	t.Parallel()
	res := runCLI(t, map[string]string{"HOME": t.TempDir()}, "", "--local", "--endpoint", "http://x/api/enstratus/2012-06-15", "get", "geography/Cloud")
	if res.code != ExitUsage || !strings.Contains(res.stderr, "--local cannot be combined") {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
}

// startEmulatorCommand runs `mixcoatl emulator --auth off` with args and
// returns the state it announces, its API endpoint and a stop function
// returning its exit code.
func startEmulatorCommand(t *testing.T, args ...string) (state, endpoint string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	code := make(chan int, 1)
	go func() {
		c := Run(ctx, Env{Args: append([]string{"emulator", "--listen", "127.0.0.1:0", "--auth", "off"}, args...), Stdout: pw, Stderr: pw})
		pw.Close()
		code <- c
	}()
	stop = func() int { cancel(); return <-code }
	listening := regexp.MustCompile(`listening on .*\(auth off, state (.*)\)$`)
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if m := listening.FindStringSubmatch(sc.Text()); m != nil {
			state = m[1]
		}
		if strings.HasPrefix(sc.Text(), "DCM_ENDPOINT=") {
			endpoint = strings.TrimPrefix(sc.Text(), "DCM_ENDPOINT=")
			break
		}
		t.Log(sc.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if endpoint == "" || state == "" {
		t.Fatalf("the emulator announced no endpoint (exit %d)", stop())
	}
	return state, endpoint, stop
}

// The emulator command serves in memory, and from a SQLite file that keeps
// what it was told across restarts.
func TestEmulatorCommandStores(t *testing.T) {
	t.Parallel()
	count := func(endpoint string) string {
		t.Helper()
		resp, err := http.Head(endpoint + "/admin/Group")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("x-es-count")
	}
	state, endpoint, stop := startEmulatorCommand(t)
	if state != "in memory" || count(endpoint) == "" {
		t.Errorf("no --data: state %q, groups %q", state, count(endpoint))
	}
	if code := stop(); code != ExitOK {
		t.Errorf("exit %d after cancel", code)
	}

	data := filepath.Join(t.TempDir(), "state.db")
	state, endpoint, stop = startEmulatorCommand(t, "--data", data)
	if state != data {
		t.Errorf("--data %s: state %q", data, state)
	}
	before := count(endpoint)
	resp, err := http.Post(endpoint+"/admin/Group", "application/json",
		strings.NewReader(`{"addGroup":{"group":{"name":"kept","description":"across restarts"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %s", resp.Status)
	}
	after := count(endpoint)
	if code := stop(); code != ExitOK {
		t.Errorf("exit %d after cancel", code)
	}
	if _, err := os.Stat(data); err != nil {
		t.Fatalf("no state file: %v", err)
	}
	_, endpoint, stop = startEmulatorCommand(t, "--data", data)
	defer stop()
	if got := count(endpoint); got != after || got == before {
		t.Errorf("after a restart %s groups, want %s (was %s before the create)", got, after, before)
	}
}

func TestEmulatorCommandRejectsBadFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"emulator", "--auth", "maybe"},
		{"emulator", "--job-mode", "polls:0"},
		{"emulator", "--page-size", "-1"},
		{"emulator", "--default-details", "extended"},
		{"emulator", "--access-key", "ABCDEFGHIJKLMNOPQRST"},
		{"emulator", "extra"},
	} {
		res := runCLI(t, nil, "", args...)
		if res.code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, res.code, ExitUsage, res.stderr)
		}
	}
}

// Under -o json a failing command's error is a JSON document on stderr, so a
// script parsing the output can parse the failure too.
func TestErrorsAreJSONUnderOutputJSON(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"HOME": t.TempDir()}
	res := runCLI(t, vars, "", "--local", "server", "get", "999999", "-o", "json")
	var doc struct {
		Error struct {
			Message  string `json:"message"`
			ExitCode int    `json:"exitCode"`
			Status   int    `json:"status"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(res.stderr), &doc); err != nil {
		t.Fatalf("stderr is not JSON (%v):\n%s", err, res.stderr)
	}
	if res.code != ExitAPI || res.stdout != "" || doc.Error.Status != 404 || doc.Error.ExitCode != ExitAPI || !strings.Contains(doc.Error.Message, "999999") {
		t.Fatalf("exit %d, stdout %q, error %+v", res.code, res.stdout, doc.Error)
	}
	plain := runCLI(t, vars, "", "--local", "server", "get", "999999")
	if !strings.HasPrefix(plain.stderr, "mixcoatl: ") {
		t.Fatalf("without -o json the error is plain text, got %q", plain.stderr)
	}
}

// Version discovery is unsigned, so it works with an endpoint and no keys;
// a signed command in the same environment still says which keys are missing.
func TestAPIVersionsNeedsNoKeys(t *testing.T) {
	t.Parallel()
	_, srv := newFakeAPI(t)
	vars := map[string]string{"ES_ENDPOINT": srv.URL + "/api/enstratus/" + testVersion}
	if res := runCLI(t, vars, "", "api-versions"); res.code != ExitOK || res.stdout == "" {
		t.Fatalf("api-versions without keys: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	res := runCLI(t, vars, "", "get", "geography/Cloud")
	if res.code != ExitConfig || !strings.Contains(res.stderr, "ES_ACCESS_KEY") {
		t.Fatalf("signed request without keys: exit %d, %s", res.code, res.stderr)
	}
}
