package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
)

// jobFailedError is an awaited job that ended in ERROR (exit 6).
type jobFailedError struct{ err error }

func (e *jobFailedError) Error() string { return e.err.Error() }
func (e *jobFailedError) Unwrap() error { return e.err }
func (e *jobFailedError) ExitCode() int { return ExitJobFailed }

// waitTimeoutError is a --wait that ran out of --wait-timeout (exit 7).
type waitTimeoutError struct {
	timeout string
	jobs    []int64
}

func (e *waitTimeoutError) Error() string {
	return fmt.Sprintf("job(s) %v still running after --wait-timeout %s; check later with 'mixcoatl job get %d'",
		e.jobs, e.timeout, e.jobs[0])
}
func (e *waitTimeoutError) ExitCode() int { return ExitWaitTimeout }

// waitForJobs polls the jobs until they all end. It is the one place the
// resource commands wait.
// TODO(cli/waitui): route through the waitui helper (progress on a
// terminal) once it lands; the error types above carry exits 6 and 7.
func waitForJobs(ctx context.Context, d dcm.Doer, jobs []dcm.Job, w waitOptions) ([]dcm.Job, error) {
	ids := make([]int64, len(jobs))
	for i, j := range jobs {
		ids[i] = j.JobID
	}
	wctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	done, err := dcm.WaitAll(wctx, d, ids, dcm.WaitOptions{Interval: w.interval})
	switch {
	case err == nil:
		return done, nil
	case dcm.IsJobError(err):
		return done, &jobFailedError{err: err}
	case ctx.Err() == nil && errors.Is(wctx.Err(), context.DeadlineExceeded):
		return done, &waitTimeoutError{timeout: w.timeout.String(), jobs: ids}
	}
	return done, err
}

// waitAndShow waits for the jobs of an async op, then prints what they
// made or changed: the created resource, the changed resources re-read, or
// (for deletes) a confirmation on stderr.
func (rc *resourceCommand) waitAndShow(ctx context.Context, client *dcm.Client, p itemPrinter, o *writeOptions, ids []string, jobs []dcm.Job) error {
	done, err := waitForJobs(ctx, client, jobs, o.wait)
	if err != nil {
		return err
	}
	switch o.og.kind {
	case catalog.KindDelete:
		for _, id := range ids {
			fmt.Fprintln(rc.env.Stderr, rc.doneMessage(o.og, id))
		}
		return nil
	case catalog.KindCreate:
		ids = ids[:0]
		for _, j := range done {
			id, ok := j.ResultID()
			if !ok {
				return p.Jobs(done) // the job does not say what it made
			}
			ids = append(ids, strconv.FormatInt(id, 10))
		}
	}
	if err := p.Begin(); err != nil {
		return err
	}
	for _, id := range ids {
		if id == "" {
			continue
		}
		raw, err := rc.getOne(ctx, client, id, nil, "")
		if err != nil {
			return err
		}
		if err := p.Item(raw); err != nil {
			return err
		}
	}
	return p.End()
}
