package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/open"
)

// startEmulatorProcess runs `mixcoatl emulator` (the test binary, as
// TestMain puts it on PATH) with args and returns the endpoint it printed,
// every line it printed up to there, and the process.
func startEmulatorProcess(t *testing.T, stderr *bytes.Buffer, args ...string) (string, []string, *exec.Cmd) {
	t.Helper()
	bin, err := exec.LookPath("mixcoatl")
	if err != nil {
		t.Fatalf("the test binary is not on PATH as mixcoatl: %v", err)
	}
	cmd := exec.Command(bin, append([]string{"emulator", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	sc := bufio.NewScanner(out)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if ep, ok := strings.CutPrefix(sc.Text(), "DCM_ENDPOINT="); ok {
			go func() { // keep the pipe drained
				for sc.Scan() {
				}
			}()
			return ep, lines, cmd
		}
	}
	t.Fatalf("the emulator printed no endpoint: %q\nstderr: %s", lines, stderr)
	return "", nil, nil
}

// SIGTERM during a load of writes: the emulator stops accepting, finishes
// what is in flight, closes the state and exits 0, and every write it
// acknowledged is in the state file.
func TestEmulatorStopsGracefullyOnSIGTERM(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	data := filepath.Join(t.TempDir(), "state.db")
	var stderr bytes.Buffer
	endpoint, _, cmd := startEmulatorProcess(t, &stderr, "--data", data, "--auth", "off", "--log-format", "json")
	var (
		mu      sync.Mutex
		acked   []string
		n       atomic.Int64
		signal  sync.Once
		workers sync.WaitGroup
	)
	client := &http.Client{}
	for range 8 {
		workers.Go(func() {
			for {
				i := n.Add(1)
				body := fmt.Sprintf(`{"addGroup":{"group":{"name":"load-%d","description":"x"}}}`, i)
				req, _ := http.NewRequest(http.MethodPost, endpoint+"/admin/Group", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				var doc struct {
					Groups []struct{ GroupID json.Number } `json:"groups"`
				}
				derr := json.NewDecoder(resp.Body).Decode(&doc)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					if resp.StatusCode == http.StatusServiceUnavailable {
						continue
					}
					t.Errorf("write %d: %s", i, resp.Status)
					return
				}
				if derr != nil || len(doc.Groups) != 1 {
					t.Errorf("write %d acknowledged without its group: %v", i, derr)
					return
				}
				mu.Lock()
				acked = append(acked, doc.Groups[0].GroupID.String())
				if len(acked) == 100 {
					signal.Do(func() { _ = cmd.Process.Signal(syscall.SIGTERM) })
				}
				mu.Unlock()
			}
		})
	}
	workers.Wait()
	err := cmd.Wait()
	if err != nil {
		t.Fatalf("the emulator exited with %v after SIGTERM\nstderr: %s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), `"msg":"emulator stopped"`) {
		t.Errorf("no stop line on stderr:\n%s", stderr.String())
	}
	st, err := open.Store(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	missing := 0
	err = st.View(context.Background(), func(tx store.Tx) error {
		for _, id := range acked {
			if _, err := tx.Get(context.Background(), 10001, "Group", id); errors.Is(err, store.ErrNotFound) {
				missing++
			} else if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d writes acknowledged, SIGTERM after the 100th", len(acked))
	if len(acked) < 100 || missing > 0 {
		t.Fatalf("%d of %d acknowledged writes are missing", missing, len(acked))
	}
}

// `emulator keys` lists the pairs a first start printed, from the state
// file, and says clearly when there is nothing to list.
func TestEmulatorKeysCommand(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "state.db")
	var stderr bytes.Buffer
	_, lines, cmd := startEmulatorProcess(t, &stderr, "--data", data)
	var printed []string
	for _, l := range lines {
		if s, ok := strings.CutPrefix(l, "DCM_SECRET_KEY="); ok {
			printed = append(printed, s)
		}
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("emulator: %v\n%s", err, stderr.String())
	}
	var out, errOut bytes.Buffer
	code := Run(context.Background(), Env{Args: []string{"emulator", "keys", "--data", data}, Stdout: &out, Stderr: &errOut})
	if code != 0 {
		t.Fatalf("emulator keys: exit %d: %s", code, errOut.String())
	}
	rows := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(rows) < 3 || !strings.HasPrefix(rows[0], "CUSTOMER") {
		t.Fatalf("emulator keys printed:\n%s", out.String())
	}
	for _, s := range printed {
		if !strings.Contains(out.String(), s) {
			t.Errorf("the printed secret %s is not listed:\n%s", s, out.String())
		}
	}
	for _, c := range []int{10001, 10002} {
		if !strings.Contains(out.String(), "\n"+strconv.Itoa(c)+" ") {
			t.Errorf("customer %d is not listed:\n%s", c, out.String())
		}
	}
	missing := filepath.Join(t.TempDir(), "typo.db")
	errOut.Reset()
	if code := Run(context.Background(), Env{Args: []string{"emulator", "keys", "--data", missing}, Stdout: &out, Stderr: &errOut}); code == 0 ||
		!strings.Contains(errOut.String(), "no state file") {
		t.Errorf("keys of a missing file: exit %d: %s", code, errOut.String())
	}
	if code := Run(context.Background(), Env{Args: []string{"emulator", "keys"}, Stdout: &out, Stderr: &errOut}); code != ExitUsage {
		t.Errorf("keys without --data: exit %d, want %d", code, ExitUsage)
	}
}

// --log-requests prints one line per request on stderr, and an internal
// error (here a corrupted record in the state file) is logged with the
// request id the client got and the stack.
func TestEmulatorLogs(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	data := filepath.Join(t.TempDir(), "state.db")
	st, err := open.Store(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	// The first start seeds the file; then a record is corrupted in it.
	var first bytes.Buffer
	_, _, cmd := startEmulatorProcess(t, &first, "--data", data)
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("first start: %v\n%s", err, first.String())
	}
	err = st.Update(context.Background(), func(tx store.Tx) error {
		return tx.Put(context.Background(), store.Record{Customer: 10001, Kind: "Server", ID: "424242", Data: []byte(`"not an object"`)})
	})
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	endpoint, _, cmd := startEmulatorProcess(t, &stderr, "--data", data, "--auth", "off", "--log-requests", "--log-format", "json")
	ids := map[string]int{}
	for _, rel := range []string{"geography/Cloud", "infrastructure/Server/424242", "geography/Region"} {
		resp, err := http.Get(endpoint + "/" + rel)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		ids[resp.Header.Get("x-es-request")] = resp.StatusCode
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("emulator: %v\n%s", err, stderr.String())
	}
	requests, stacks := map[string]bool{}, map[string]bool{}
	for l := range strings.Lines(stderr.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q is not JSON: %v", l, err)
		}
		id, _ := m["request"].(string)
		if m["msg"] == "request" {
			if requests[id] {
				t.Errorf("two access lines for request %s", id)
			}
			requests[id] = true
		}
		if stack, _ := m["stack"].(string); m["level"] == "ERROR" && strings.Contains(stack, "goroutine") {
			stacks[id] = true
		}
	}
	for id, status := range ids {
		if !requests[id] {
			t.Errorf("no access line for request %s (%d)", id, status)
		}
		if status == http.StatusInternalServerError && !stacks[id] {
			t.Errorf("the internal error of request %s is not logged with its stack", id)
		}
	}
	if len(requests) != 3 || len(stacks) != 1 {
		t.Errorf("%d access lines and %d stacks for 3 requests, one failing:\n%s", len(requests), len(stacks), stderr.String())
	}
}
