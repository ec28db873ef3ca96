package soak

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/mixcoatl/mixcoatl/admin"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/store/open"
	"github.com/mixcoatl/mixcoatl/infrastructure"
)

// childDataEnv, when set in a test binary's environment, makes it run the
// emulator on that SQLite file instead of the tests (see TestMain).
const childDataEnv = "MIXCOATL_SOAK_EMULATOR_DATA"

// The crash child's key pair: fixed, so every restart accepts the same
// clients. Not a secret: it exists only in temporary test files.
const (
	childAccessKey = "SOAKCRASHTESTACCESSK"
	childSecretKey = "soak-crash-test-secret-0123456789abcdefg"
)

// childLifetime bounds an emulator child that is never killed (a parent
// that died first): it stops by itself.
const childLifetime = 10 * time.Minute

// runChildEmulator serves the emulator on 127.0.0.1 over data until killed
// (or SIGTERM, or childLifetime) and returns the exit code. Jobs complete on
// their second poll, so a verifier polling after the restarts sees them end.
func runChildEmulator(data string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, childLifetime)
	defer cancel()
	st, err := open.Store(ctx, data)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak child:", err)
		return 1
	}
	defer st.Close()
	err = emulator.Run(ctx, emulator.Config{
		Listen: "127.0.0.1:0", Store: st, State: data, AccessKey: childAccessKey, SecretKey: childSecretKey,
		JobMode: "polls:2",
	}, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak child:", err)
		return 1
	}
	return 0
}

// Child is a running emulator process.
type Child struct {
	cmd    *exec.Cmd
	Config dcm.Config
	done   chan struct{}
}

// StartChild runs exe (a test binary of this package) as the emulator on
// data and waits for it to print its endpoint.
func StartChild(ctx context.Context, exe, data string) (*Child, error) {
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), childDataEnv+"="+data)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &Child{cmd: cmd, done: make(chan struct{})}
	endpoint := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "DCM_ENDPOINT="); ok {
				endpoint <- v
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	go func() { _ = cmd.Wait(); close(c.done) }()
	select {
	case ep := <-endpoint:
		c.Config = dcm.Config{Endpoint: ep, AccessKey: childAccessKey, SecretKey: childSecretKey}
		return c, nil
	case <-c.done:
		return nil, errors.New("soak: the emulator child exited before printing its endpoint")
	case <-time.After(30 * time.Second):
		c.Kill()
		return nil, errors.New("soak: the emulator child printed no endpoint within 30s")
	case <-ctx.Done():
		c.Kill()
		return nil, ctx.Err()
	}
}

// Kill sends SIGKILL (kill -9) and waits for the process to be gone.
func (c *Child) Kill() {
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.done
}

// CrashOptions bound a crash run.
type CrashOptions struct {
	Exe, Data string
	Kills     int
	Writers   int
	// MinUp and MaxUp bound how long the emulator serves writes before each
	// kill (drawn uniformly).
	MinUp, MaxUp time.Duration
	Seed         uint64
}

// CrashReport is the outcome of a crash run.
type CrashReport struct {
	Kills                    int
	Acked, Failed            int // writes acknowledged / failed (in flight at a kill)
	Live, Deleted, Launches  int // ledger after the run
	LostWrites               []error
	Elapsed, VerifyDuration  time.Duration
	RestartP50, RestartWorst time.Duration
}

// Crash runs write-heavy traffic against an emulator child on o.Data,
// kills it with SIGKILL at random moments o.Kills times, restarting it on the
// same file each time, then restarts it once more and verifies every
// acknowledged write and that every acknowledged launch job completes.
func Crash(ctx context.Context, o CrashOptions) (CrashReport, error) {
	rng := rand.New(rand.NewPCG(o.Seed, 0x50a4))
	rep := CrashReport{}
	ledger := NewLedger()
	var restarts []time.Duration
	start := time.Now()
	var launch infrastructure.ServerLaunchRequest
	for round := 0; round <= o.Kills; round++ {
		t0 := time.Now()
		child, err := StartChild(ctx, o.Exe, o.Data)
		if err != nil {
			return rep, fmt.Errorf("round %d: %w", round, err)
		}
		restarts = append(restarts, time.Since(t0))
		if round == 0 {
			c, err := dcm.New(child.Config)
			if err == nil {
				launch, err = launchTemplate(ctx, c)
			}
			if err != nil {
				child.Kill()
				return rep, err
			}
		}
		if round == o.Kills {
			c, err := dcm.New(child.Config)
			if err != nil {
				child.Kill()
				return rep, err
			}
			t1 := time.Now()
			rep.LostWrites = ledger.Verify(ctx, c)
			rep.VerifyDuration = time.Since(t1)
			child.Kill()
			break
		}
		up := o.MinUp + time.Duration(rng.Int64N(int64(o.MaxUp-o.MinUp)+1))
		acked, failed, err := writeUntilKilled(ctx, child, ledger, launch, o.Writers, up)
		if err != nil {
			return rep, err
		}
		rep.Acked += acked
		rep.Failed += failed
		rep.Kills++
	}
	rep.Elapsed = time.Since(start)
	rep.Live, rep.Deleted, rep.Launches = ledger.Counts()
	slices.Sort(restarts)
	rep.RestartP50, rep.RestartWorst = percentile(restarts, 50), restarts[len(restarts)-1]
	return rep, nil
}

// writeUntilKilled runs writers against child, kills it after up, and waits
// for the writers to notice. It returns how many writes were acknowledged
// and how many failed.
func writeUntilKilled(ctx context.Context, child *Child, ledger *Ledger, launch infrastructure.ServerLaunchRequest,
	writers int, up time.Duration) (acked, failed int, err error) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	stop := make(chan struct{})
	writeMix := [...]OpKind{OpCreate, OpLaunch, OpUpdate, OpCreate, OpDelete}
	for i := range writers {
		c, err := dcm.New(child.Config, dcm.WithRetry(dcm.RetryPolicy{MaxAttempts: 1}), dcm.WithTimeout(10*time.Second))
		if err != nil {
			return 0, 0, err
		}
		w := &worker{id: i, groups: admin.New(c).Groups, servers: infrastructure.New(c).Servers, launch: launch, ledger: ledger}
		w.seq = int(time.Now().UnixNano() % 1e9) // names stay unique across rounds
		wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				err := w.step(ctx, writeMix[(n+i)%len(writeMix)])
				mu.Lock()
				if err != nil {
					failed++
				} else {
					acked++
				}
				mu.Unlock()
				if err != nil {
					return // the emulator is gone (or broken): this round is over
				}
			}
		})
	}
	select {
	case <-time.After(up):
	case <-ctx.Done():
	}
	child.Kill()
	close(stop)
	wg.Wait()
	return acked, failed, ctx.Err()
}
