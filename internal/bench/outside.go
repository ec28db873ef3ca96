package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/bench/loadgen"
	"github.com/mixcoatl/mixcoatl/wire"
)

// Out-of-process measurement: the server under test (`mixcoatl emulator`,
// or the bare server returning the same bytes) and the load generator
// (loadgen, signing, or wrk, unsigned) are separate processes, so neither
// one's scheduler, allocator or garbage collector is the other's, as they
// were when the harness served and requested in one process.

// Daemon is a server process the measurements started.
type Daemon struct {
	cmd    *exec.Cmd
	Addr   string // host:port it listens on
	stderr *bytes.Buffer
	done   chan struct{}
	mu     sync.Mutex
}

// startDaemon runs bin and waits for the "listening on http://ADDR" its
// first line of output announces.
func startDaemon(ctx context.Context, home, bin string, env []string, args ...string) (*Daemon, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "XDG_DATA_HOME=" + home, "PATH=" + os.Getenv("PATH")}, env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	d := &Daemon{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan struct{})}
	cmd.Stderr = &lockedWriter{mu: &d.mu, w: d.stderr}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = cmd.Wait(); close(d.done) }()
	lines := bufio.NewReader(out)
	addr := make(chan string, 1)
	go func() {
		defer close(addr)
		for {
			line, err := lines.ReadString('\n')
			if _, rest, ok := strings.Cut(line, "listening on http://"); ok {
				addr <- strings.FieldsFunc(rest, func(r rune) bool { return r == '/' || r == ' ' || r == '\n' })[0]
				_, _ = io.Copy(io.Discard, lines)
				return
			}
			if err != nil {
				return
			}
		}
	}()
	select {
	case a, ok := <-addr:
		if ok {
			d.Addr = a
			return d, nil
		}
	case <-time.After(2 * time.Minute):
	case <-ctx.Done():
	}
	d.Stop()
	return nil, fmt.Errorf("bench: %s did not announce its address: %s", filepath.Base(bin), d.Stderr())
}

// Stderr is what the process wrote to stderr so far.
func (d *Daemon) Stderr() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stderr.String()
}

// Pid is the process id.
func (d *Daemon) Pid() int { return d.cmd.Process.Pid }

// Stop ends the process with SIGTERM (SIGKILL after 15 s) and waits.
func (d *Daemon) Stop() {
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.done:
	case <-time.After(15 * time.Second):
		_ = d.cmd.Process.Kill()
		<-d.done
	}
}

// Kill ends the process with SIGKILL (no shutdown at all) and waits.
func (d *Daemon) Kill() {
	_ = d.cmd.Process.Kill()
	<-d.done
}

// CPU is the processor time (user and system) the process has used so
// far, from /proc/PID/stat, in clock ticks of 1/100 s (Linux's USER_HZ).
func (d *Daemon) CPU() (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", d.Pid()))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces:
	// fields are counted after its closing one; utime and stime are
	// fields 14 and 15.
	i := bytes.LastIndexByte(b, ')')
	f := strings.Fields(string(b[i+1:]))
	if i < 0 || len(f) < 13 {
		return 0, fmt.Errorf("bench: unexpected /proc/%d/stat", d.Pid())
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

// RSS is the process's resident memory now and its peak, from
// /proc/PID/status.
func (d *Daemon) RSS() (now, peak int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", d.Pid()))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(line, ":")
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		n, _ := strconv.ParseInt(f[0], 10, 64)
		switch k {
		case "VmRSS":
			now = n * 1024
		case "VmHWM":
			peak = n * 1024
		}
	}
	return now, peak, nil
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// EmulatorProcess says how to start `mixcoatl emulator`.
type EmulatorProcess struct {
	Data    string // --data ("" = memory)
	Auth    string // --auth (strict when empty)
	JobMode string // --job-mode ("" = the default)
	Seed    string // --seed file
	Access  string // the first customer's key pair (--access-key and the environment)
	Secret  string
	Extra   []string
}

// StartEmulatorProcess starts `mixcoatl emulator` on a free loopback port.
func StartEmulatorProcess(ctx context.Context, bins Binaries, home string, p EmulatorProcess) (*Daemon, error) {
	args := []string{"emulator", "--listen", "127.0.0.1:0", "--max-conns", "4096"}
	if p.Data != "" {
		args = append(args, "--data", p.Data)
	}
	if p.Auth != "" {
		args = append(args, "--auth", p.Auth)
	}
	if p.JobMode != "" {
		args = append(args, "--job-mode", p.JobMode)
	}
	if p.Seed != "" {
		args = append(args, "--seed", p.Seed)
	}
	var env []string
	if p.Access != "" {
		args = append(args, "--access-key", p.Access)
		env = append(env, "MIXCOATL_EMULATOR_SECRET_KEY="+p.Secret)
	}
	return startDaemon(ctx, home, bins.Mixcoatl, env, append(args, p.Extra...)...)
}

// StartBareServer starts the bare server answering every request with a;
// with shell, through the emulator's own server and limits (bareserver
// -shell), the plain net/http server otherwise.
func StartBareServer(ctx context.Context, bins Binaries, home string, a RecordedAnswer, shell bool) (*Daemon, error) {
	f, err := os.CreateTemp(home, "answer-*.json")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := json.NewEncoder(f).Encode(a); err != nil {
		return nil, err
	}
	args := []string{"-listen", "127.0.0.1:0", "-answer", f.Name()}
	if shell {
		args = append(args, "-shell")
	}
	return startDaemon(ctx, home, bins.BareServer, nil, args...)
}

// RecordedAnswer is one HTTP answer of the emulator kept verbatim, to be
// served by the bare server (FixedHandler; as JSON, the answer file of
// cmd/bareserver).
type RecordedAnswer struct {
	Status int                 `json:"status"`
	Header map[string][]string `json:"header"`
	Body   []byte              `json:"body"`
}

// Signer signs requests with one key pair, as loadgen does.
type Signer struct{ Access, Secret string }

// Do sends one request to addr (signed when the signer has a key) and
// returns the answer, without the headers that differ per answer (Date,
// Content-Length, the request id).
func (s Signer) Do(ctx context.Context, addr, method, path, body string) (RecordedAnswer, error) {
	req, err := http.NewRequestWithContext(ctx, method, "http://"+addr+path, strings.NewReader(body))
	if err != nil {
		return RecordedAnswer{}, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "mixcoatl-loadgen")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if s.Access != "" {
		ts := time.Now().UnixMilli()
		p, _, _ := strings.Cut(path, "?")
		req.Header.Set(wire.HeaderAccess, s.Access)
		req.Header.Set(wire.HeaderTimestamp, strconv.FormatInt(ts, 10))
		req.Header.Set(wire.HeaderSignature, wire.Sign(s.Secret, wire.StringToSign(s.Access, method, p, ts, "mixcoatl-loadgen")))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return RecordedAnswer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return RecordedAnswer{}, err
	}
	h := resp.Header.Clone()
	for _, k := range []string{"Date", "Content-Length", wire.HeaderRequestID} {
		h.Del(k)
	}
	return RecordedAnswer{Status: resp.StatusCode, Header: h, Body: b}, nil
}

// Load runs the loadgen process against addr with the requests.
func Load(ctx context.Context, bins Binaries, home, addr string, s Signer, conns int, d time.Duration, reqs []loadgen.Request) (loadgen.Result, error) {
	f, err := os.CreateTemp(home, "requests-*.jsonl")
	if err != nil {
		return loadgen.Result{}, err
	}
	defer os.Remove(f.Name())
	enc := json.NewEncoder(f)
	for _, r := range reqs {
		if err := enc.Encode(r); err != nil {
			f.Close()
			return loadgen.Result{}, err
		}
	}
	if err := f.Close(); err != nil {
		return loadgen.Result{}, err
	}
	args := []string{"-addr", addr, "-requests", f.Name(), "-conns", strconv.Itoa(conns), "-duration", d.String()}
	var env []string
	if s.Access != "" {
		args = append(args, "-access-key", s.Access)
		env = append(env, "LOADGEN_SECRET_KEY="+s.Secret)
	}
	cmd := exec.CommandContext(ctx, bins.Loadgen, args...)
	cmd.Env = append([]string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}, env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return loadgen.Result{}, fmt.Errorf("bench: loadgen: %v: %s", err, stderr.Bytes())
	}
	var res loadgen.Result
	if err := json.Unmarshal(out, &res); err != nil {
		return loadgen.Result{}, fmt.Errorf("bench: loadgen printed %q: %w", out, err)
	}
	return res, nil
}

// WrkResult is what wrk reports.
type WrkResult struct {
	PerSec, BytesSec float64
	Requests         int
	Non2xx           int
	P50, P99         time.Duration
}

// Wrk runs wrk (unsigned GETs of one path) against addr; it reports
// ErrNoWrk when wrk is not installed.
func Wrk(ctx context.Context, addr, path string, conns int, d time.Duration) (WrkResult, error) {
	bin, err := exec.LookPath("wrk")
	if err != nil {
		return WrkResult{}, ErrNoWrk
	}
	out, err := exec.CommandContext(ctx, bin, "-t", "1", "-c", strconv.Itoa(conns), "-d", fmt.Sprintf("%ds", max(1, int(d.Seconds()))),
		"--latency", "-H", "Accept: application/json", "http://"+addr+path).CombinedOutput()
	if err != nil {
		return WrkResult{}, fmt.Errorf("bench: wrk: %v: %s", err, out)
	}
	return parseWrk(string(out))
}

// ErrNoWrk says wrk is not installed (apt-get install wrk).
var ErrNoWrk = errors.New("bench: wrk is not installed")

// parseWrk reads wrk's text report.
func parseWrk(out string) (WrkResult, error) {
	var r WrkResult
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 2 && f[0] == "Requests/sec:":
			r.PerSec, _ = strconv.ParseFloat(f[1], 64)
		case len(f) >= 2 && f[0] == "Transfer/sec:":
			r.BytesSec = parseSize(f[1])
		case len(f) >= 2 && f[0] == "50%":
			r.P50 = parseWrkDuration(f[1])
		case len(f) >= 2 && f[0] == "99%":
			r.P99 = parseWrkDuration(f[1])
		case len(f) >= 4 && f[1] == "requests" && f[2] == "in":
			r.Requests, _ = strconv.Atoi(f[0])
		case len(f) >= 4 && f[0] == "Non-2xx":
			r.Non2xx, _ = strconv.Atoi(f[len(f)-1])
		}
	}
	if r.PerSec == 0 {
		return r, fmt.Errorf("bench: no Requests/sec in wrk's report: %s", out)
	}
	return r, nil
}

// parseSize reads wrk's "23.45MB".
func parseSize(s string) float64 {
	mult := 1.0
	for _, u := range []struct {
		suffix string
		m      float64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.m
			break
		}
	}
	v, _ := strconv.ParseFloat(s, 64)
	return v * mult
}

// parseWrkDuration reads wrk's "1.23ms", "456.00us", "2.00s".
func parseWrkDuration(s string) time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0
	}
	return d
}

// apiPath is the request path of rel at the catalogue's default version.
func apiPath(rel string) string {
	return wire.BasePath + "/" + catalog.Load().DefaultVersion + "/" + rel
}
