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
// with a *signalError as its cause. After that first signal the default
// handling is back, so a second Ctrl-C ends a command that is slow to
// clean up at once. stop releases the signals.
func withSignals(parent context.Context) (ctx context.Context, stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	return notifyContext(parent, ch, func() { signal.Stop(ch) })
}

// notifyContext cancels ctx with the first signal received on ch, then calls
// release; stop releases without a signal. Split from withSignals so that a
// test can deliver a signal without sending one to its own process.
func notifyContext(parent context.Context, ch <-chan os.Signal, release func()) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	done := make(chan struct{})
	var once sync.Once
	releaseOnce := func() { once.Do(release) }
	go func() {
		select {
		case sig := <-ch:
			releaseOnce()
			cancel(&signalError{sig: sig})
		case <-done:
		}
	}()
	var stopOnce sync.Once
	return ctx, func() {
		stopOnce.Do(func() {
			close(done)
			releaseOnce()
			cancel(nil)
		})
	}
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
