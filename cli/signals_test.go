package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
)

// signalOnLine is a stderr that delivers sig once a line containing marker
// has been written: the signal arrives while the command is waiting, with no
// timing guess.
type signalOnLine struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	marker string
	sig    os.Signal
	ch     chan os.Signal
	sent   bool
}

func (w *signalOnLine) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if !w.sent && strings.Contains(w.buf.String(), w.marker) {
		w.sent = true
		w.ch <- w.sig
	}
	return len(p), nil
}

func (w *signalOnLine) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// A signal during --wait stops the wait with 128 + its number, says how to
// resume, and releases the signal handling so a second one acts at once.
func TestSignalsStopAWait(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		sig  os.Signal
		code int
	}{{os.Interrupt, ExitInterrupted}, {syscall.SIGTERM, ExitTerminated}} {
		t.Run(signalName(tc.sig), func(t *testing.T) {
			t.Parallel()
			emu := dcmtest.New(t, dcmtest.WithJobMode("", engine.JobMode{Mode: "polls", Polls: 1000}))
			ch := make(chan os.Signal, 1)
			released := make(chan struct{})
			ctx, watch, stop := notifyContext(context.Background(), ch, func() { close(released) })
			defer stop()
			watch()
			stderr := &signalOnLine{marker: ": RUNNING", sig: tc.sig, ch: ch}
			env := emulatorEnv(emu, "server", "stop", "331810", "--yes", "--wait", "--wait-interval", "1h")
			var stdout bytes.Buffer
			env.Stdout, env.Stderr = &stdout, stderr
			code := Run(ctx, env)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s", code, tc.code, stderr)
			}
			if !strings.Contains(stderr.String(), "mixcoatl job wait ") || strings.Contains(stderr.String(), "for usage") {
				t.Errorf("stderr does not say how to resume:\n%s", stderr)
			}
			select {
			case <-released:
			default:
				t.Error("the signal handling was not released after the first signal")
			}
		})
	}
}

// A signal that stops something other than a wait says so, and still exits
// with the signal's code.
func TestSignalStopsAnyCommand(t *testing.T) {
	t.Parallel()
	ch := make(chan os.Signal, 1)
	ctx, watch, stop := notifyContext(context.Background(), ch, func() {})
	defer stop()
	watch()
	ch <- syscall.SIGTERM
	<-ctx.Done()
	emu := dcmtest.New(t)
	res := runEnv(ctx, emulatorEnv(emu, "server", "list"))
	if res.code != ExitTerminated || !strings.Contains(res.stderr, "mixcoatl: interrupted by SIGTERM") {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
}

// Main's signal handling is armed when a command that does work starts
// running, before its run function, and not for the commands that only
// print (version, openapi, completion) nor for help or a usage error.
func TestSignalsArmedOnlyForCommandsThatRun(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	for _, tc := range []struct {
		args  []string
		armed int
	}{
		{[]string{"server", "list"}, 1},
		{[]string{"get", "geography/Region"}, 1},
		{[]string{"version"}, 0},
		{[]string{"--version"}, 0},
		{[]string{"openapi"}, 0},
		{[]string{"completion", "bash"}, 0},
		{[]string{"server", "list", "--help"}, 0},
		{[]string{"server", "list", "--no-such-flag"}, 0},
	} {
		armed := 0
		env := emulatorEnv(emu, tc.args...)
		env.armSignals = func() { armed++ }
		if res := runEnv(t.Context(), env); armed != tc.armed {
			t.Errorf("%q: armed %d times, want %d (exit %d, %s)", tc.args, armed, tc.armed, res.code, res.stderr)
		}
	}
}

// withSignals' context is cancelled by nothing until armed, and stop
// works whether or not it was.
func TestWithSignalsStopsUnarmed(t *testing.T) {
	t.Parallel()
	ctx, _, stop := withSignals(context.Background())
	if ctx.Err() != nil {
		t.Fatal("cancelled before any signal")
	}
	stop()
	if ctx.Err() == nil || context.Cause(ctx) != context.Canceled {
		t.Fatalf("after stop: %v, cause %v", ctx.Err(), context.Cause(ctx))
	}
}
