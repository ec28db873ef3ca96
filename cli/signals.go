package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/mixcoatl/mixcoatl/cli/waitui"
	"github.com/spf13/cobra"
)

// signalError is the cause of a command's context when a signal stopped it:
// SIGINT (Ctrl-C) or SIGTERM (a service manager, kill). The command cleans
// up as for any cancellation (a wait says how to resume, --local closes its
// state file) and the process exits 128 + the signal's number, as shells
// report a process killed by it.
type signalError struct{ sig os.Signal }

func (e *signalError) Error() string { return "interrupted by " + signalName(e.sig) }

// ExitCode is 130 for SIGINT and 143 for SIGTERM.
func (e *signalError) ExitCode() int {
	if e.sig == syscall.SIGTERM {
		return ExitTerminated
	}
	return ExitInterrupted
}

func signalName(sig os.Signal) string {
	switch sig {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return sig.String()
}

// withSignals returns a context that the first SIGINT or SIGTERM cancels,
// with a *signalError as its cause, once arm has been called. After that
// first signal the default handling is back, so a second Ctrl-C ends a
// command that is slow to clean up at once. stop releases the signals.
//
// Arming is left to the moment a command starts running (see
// armSignals): signal.Notify starts the runtime's signal-watching
// goroutine and a thread locked to it, which made up a twentieth of the
// start-up of a command as short as `mixcoatl version` (one or two more
// threads, 0.3-0.5 ms of CPU, 35 page faults). Until then, and for the commands that never arm (they
// only print), a signal has its default effect: the process ends with the
// same status a shell reports as 130 or 143, with nothing to clean up yet.
func withSignals(parent context.Context) (ctx context.Context, arm, stop func()) {
	ch := make(chan os.Signal, 1)
	ctx, watch, stop := notifyContext(parent, ch, func() { signal.Stop(ch) })
	return ctx, sync.OnceFunc(func() {
		signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
		watch()
	}), stop
}

// notifyContext returns a context that watch makes cancel with the first
// signal received on ch, then call release; stop releases without a signal
// (whether or not watch was called). Split from withSignals so that a test
// can deliver a signal without sending one to its own process.
func notifyContext(parent context.Context, ch <-chan os.Signal, release func()) (ctx context.Context, watch, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	done := make(chan struct{})
	var once sync.Once
	releaseOnce := func() { once.Do(release) }
	watch = func() {
		go func() {
			select {
			case sig := <-ch:
				releaseOnce()
				cancel(&signalError{sig: sig})
			case <-done:
			}
		}()
	}
	var stopOnce sync.Once
	return ctx, watch, func() {
		stopOnce.Do(func() {
			close(done)
			releaseOnce()
			cancel(nil)
		})
	}
}

// noSignalsAnnotation marks a command that only prints what the binary
// already knows (version, openapi, completion scripts): it runs with the
// default signal handling, see withSignals. (A process a signal ends that
// way reports it as its wait status rather than as exit code 130/143; a
// shell shows both the same way.)
const noSignalsAnnotation = "mixcoatl:no-signals"

// armSignals is the root's PersistentPreRun: every command that runs arms
// Main's signal handling (Env.armSignals; nil in tests, which deliver
// their own), except those marked with noSignalsAnnotation.
func armSignals(env *Env) func(*cobra.Command, []string) {
	return func(cmd *cobra.Command, _ []string) {
		if env.armSignals != nil && cmd.Annotations[noSignalsAnnotation] == "" {
			env.armSignals()
		}
	}
}

// printOnly marks cmd with noSignalsAnnotation and returns it.
func printOnly(cmd *cobra.Command) *cobra.Command {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[noSignalsAnnotation] = "true"
	return cmd
}

// interruption is how a command stopped by a signal ends: the command's own
// story when it tells one (a wait names the jobs and how to wait again),
// else that the signal stopped it.
func interruption(sig *signalError, err error) error {
	if _, ok := errors.AsType[*waitui.InterruptedError](err); ok {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, sig) {
		return sig
	}
	return fmt.Errorf("%w (%w)", sig, err)
}
