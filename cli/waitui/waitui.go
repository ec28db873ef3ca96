// Package waitui waits for API jobs on behalf of the CLI (--wait and
// `mixcoatl job wait`): it polls through dcm.Wait, shows progress on stderr,
// and turns the ways waiting can end into errors that say what to do next
// and map to the documented exit codes.
package waitui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/internal/safetext"
)

// Exit codes of waiting, the same numbers as the CLI's ExitJobFailed and
// ExitWaitTimeout (this package cannot import the CLI).
const (
	ExitJobFailed   = 6
	ExitWaitTimeout = 7
)

// Options tunes Wait.
type Options struct {
	// Timeout bounds the whole wait; 0 means no limit.
	Timeout time.Duration
	// Progress receives progress (the CLI passes stderr); nil = silent.
	// Results are never written here, and Wait never writes to stdout.
	Progress io.Writer
	// Terminal selects the live one-line spinner, redrawn in place; without
	// it Progress gets one plain line per job status change, fit for logs.
	Terminal bool
	// Now is the clock for elapsed times; nil means time.Now.
	Now func() time.Time
	// Poll is the polling backoff (dcm.WaitOptions defaults when zero). Its
	// Progress callback, if any, is still called after every poll.
	Poll dcm.WaitOptions
}

// Wait polls every job until it leaves RUNNING and returns the jobs in the
// order given, each as last seen. Errors, joined when there are several (in
// this order, so the first exit code found is the one that matters): a
// *JobFailedError (wrapping the *dcm.JobError) per job that ended in ERROR;
// a *TimeoutError when
// Options.Timeout ran out, or an *InterruptedError when ctx ended (Ctrl-C),
// naming the jobs still running, which go on on the server either way; and
// the polling's own errors (API or network).
func Wait(ctx context.Context, c dcm.Doer, jobs []dcm.Job, opts Options) ([]dcm.Job, error) {
	if len(jobs) == 0 {
		return nil, nil
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	waitCtx := ctx
	timedOut := errors.New("wait timed out") // unique to this call, so only our timer matches
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		waitCtx, cancel = context.WithTimeoutCause(ctx, opts.Timeout, timedOut)
		defer cancel()
	}

	rep := newReporter(opts, jobs)
	stopSpinner := rep.start()
	poll := opts.Poll
	chained := poll.Progress
	poll.Progress = func(j dcm.Job) {
		rep.update(j)
		if chained != nil {
			chained(j)
		}
	}

	out := make([]dcm.Job, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() {
			last, err := dcm.Wait(waitCtx, c, j.JobID, poll)
			if last.JobID == 0 { // never polled successfully: keep what we were given
				last = j
			}
			out[i], errs[i] = last, err
		})
	}
	wg.Wait()
	stopSpinner()

	var failures, running []dcm.Job
	var others []error
	for i, err := range errs {
		switch {
		case err == nil:
		case dcm.IsJobError(err):
			failures = append(failures, out[i])
		case waitCtx.Err() != nil:
			running = append(running, out[i])
		default:
			others = append(others, err)
		}
	}
	var all []error
	for _, j := range failures {
		all = append(all, &JobFailedError{Err: &dcm.JobError{Job: j}})
	}
	all = append(all, others...)
	if len(running) > 0 {
		if context.Cause(waitCtx) == timedOut && ctx.Err() == nil {
			all = append(all, &TimeoutError{Timeout: opts.Timeout, Running: running})
		} else {
			all = append(all, &InterruptedError{Running: running, Cause: context.Cause(ctx)})
		}
	}
	return out, errors.Join(all...)
}

// TimeoutError is a wait that ran out of time while jobs were still running.
type TimeoutError struct {
	Timeout time.Duration
	Running []dcm.Job // as last seen
}

// ExitCode is 7 (ExitWaitTimeout), for callers that classify errors by an
// ExitCode method.
func (e *TimeoutError) ExitCode() int { return ExitWaitTimeout }

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("timed out after %s waiting for %s; %s on the server: continue with '%s'",
		e.Timeout, describeJobs(e.Running), goesOn(e.Running), ContinueCommand(e.Running))
}

// JobFailedError is a job that ended in ERROR. It wraps the *dcm.JobError
// (so dcm.IsJobError holds) and carries its exit code.
type JobFailedError struct {
	Err *dcm.JobError
}

func (e *JobFailedError) Error() string { return e.Err.Error() }
func (e *JobFailedError) Unwrap() error { return e.Err }

// ExitCode is 6 (ExitJobFailed).
func (e *JobFailedError) ExitCode() int { return ExitJobFailed }

// InterruptedError is a wait stopped by its context (Ctrl-C) while jobs were
// still running. The jobs are not cancelled: only the waiting stopped.
type InterruptedError struct {
	Running []dcm.Job
	Cause   error // the context's cause, usually context.Canceled
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("stopped waiting for %s; %s on the server (nothing was cancelled): wait again with '%s'",
		describeJobs(e.Running), goesOn(e.Running), ContinueCommand(e.Running))
}

func (e *InterruptedError) Unwrap() error { return e.Cause }

// ContinueCommand is the command that resumes waiting for jobs.
func ContinueCommand(jobs []dcm.Job) string {
	ids := make([]string, len(jobs))
	for i, j := range jobs {
		ids[i] = strconv.FormatInt(j.JobID, 10)
	}
	return "mixcoatl job wait " + strings.Join(ids, " ")
}

func describeJobs(jobs []dcm.Job) string {
	parts := make([]string, len(jobs))
	for i, j := range jobs {
		parts[i] = describeJob(j)
		if j.Status != "" {
			parts[i] += ", still " + j.Status
		}
	}
	return strings.Join(parts, "; ")
}

// describeJob is "job 123 (Launch web-01)". The description is the
// server's text, so it is escaped (safetext): progress goes to a terminal.
func describeJob(j dcm.Job) string {
	s := "job " + strconv.FormatInt(j.JobID, 10)
	if j.Description != "" {
		s += " (" + safetext.Escape(j.Description) + ")"
	}
	return s
}

func goesOn(jobs []dcm.Job) string {
	if len(jobs) == 1 {
		return "it goes on"
	}
	return "they go on"
}
