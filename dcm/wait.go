package dcm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Job statuses (spec §7).
const (
	JobStatusRunning  = "RUNNING"
	JobStatusComplete = "COMPLETE"
	JobStatusError    = "ERROR"
)

// WaitOptions tunes Wait. The zero value polls after 1s, doubling up to 30s.
type WaitOptions struct {
	Interval    time.Duration // pause before the second poll (the first is immediate)
	MaxInterval time.Duration // cap on the pause
	Multiplier  float64       // growth of the pause per poll (values <= 1 keep it fixed)
	// Progress, when set, is called with the job after every poll. WaitAll
	// serialises the calls, so it need not be safe for concurrent use.
	Progress func(Job)
}

func (o WaitOptions) withDefaults() WaitOptions {
	if o.Interval <= 0 {
		o.Interval = time.Second
	}
	if o.MaxInterval <= 0 {
		o.MaxInterval = 30 * time.Second
	}
	if o.MaxInterval < o.Interval {
		o.MaxInterval = o.Interval
	}
	if o.Multiplier == 0 {
		o.Multiplier = 2
	}
	return o
}

// next is the pause after d: grown by the multiplier, capped.
func (o WaitOptions) next(d time.Duration) time.Duration {
	if o.Multiplier <= 1 {
		return d
	}
	n := time.Duration(float64(d) * o.Multiplier)
	if n > o.MaxInterval || n < d { // n < d: overflow
		return o.MaxInterval
	}
	return n
}

// JobError is a job that ended in ERROR; Message is the job's message.
type JobError struct {
	Job Job
}

func (e *JobError) Error() string {
	desc := ""
	if e.Job.Description != "" {
		desc = " (" + e.Job.Description + ")"
	}
	return fmt.Sprintf("job %d%s failed: %s", e.Job.JobID, desc, e.Job.Message)
}

// IsJobError reports whether err is (or wraps) a *JobError.
func IsJobError(err error) bool {
	_, ok := errors.AsType[*JobError](err)
	return ok
}

// ResultID is the id of the resource a completed create made: the API puts
// it, as a string, in the job's message.
func (j Job) ResultID() (int64, bool) {
	if j.Status != JobStatusComplete {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(j.Message), 10, 64)
	return n, err == nil
}

// Wait polls admin/Job/<jobID> until the job leaves RUNNING, backing off
// between polls, and returns it. A job ending in ERROR is returned with a
// *JobError carrying its message; the context's end is returned as
// its error (with the last job seen). On COMPLETE, Job.ResultID is the id
// of a created resource.
func Wait(ctx context.Context, d Doer, jobID int64, opts WaitOptions) (Job, error) {
	opts = opts.withDefaults()
	pause := opts.Interval
	var last Job
	for {
		job, err := pollJob(ctx, d, jobID)
		if err != nil {
			if ctx.Err() != nil {
				return last, fmt.Errorf("waiting for job %d: %w", jobID, context.Cause(ctx))
			}
			return last, fmt.Errorf("waiting for job %d: %w", jobID, err)
		}
		last = job
		if opts.Progress != nil {
			opts.Progress(job)
		}
		switch job.Status {
		case JobStatusComplete:
			return job, nil
		case JobStatusError:
			return job, &JobError{Job: job}
		}
		timer := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			timer.Stop()
			return last, fmt.Errorf("waiting for job %d (last status %s): %w", jobID, last.Status, context.Cause(ctx))
		case <-timer.C:
		}
		pause = opts.next(pause)
	}
}

// WaitAll waits for several jobs at once and returns them in the order of
// jobIDs; the error joins every job's failure.
func WaitAll(ctx context.Context, d Doer, jobIDs []int64, opts WaitOptions) ([]Job, error) {
	if opts.Progress != nil {
		var mu sync.Mutex
		progress := opts.Progress
		opts.Progress = func(j Job) {
			mu.Lock()
			defer mu.Unlock()
			progress(j)
		}
	}
	jobs := make([]Job, len(jobIDs))
	errs := make([]error, len(jobIDs))
	var wg sync.WaitGroup
	for i, id := range jobIDs {
		wg.Go(func() { jobs[i], errs[i] = Wait(ctx, d, id, opts) })
	}
	wg.Wait()
	return jobs, errors.Join(errs...)
}

// pollJob reads one job. It asks for JSON whatever the client's format, so
// the waiter depends on one decoding only.
func pollJob(ctx context.Context, d Doer, jobID int64) (Job, error) {
	resp, err := d.Do(ctx, &Request{
		Method: http.MethodGet,
		Path:   "admin/Job/" + strconv.FormatInt(jobID, 10),
		Format: FormatJSON,
	})
	if err != nil {
		return Job{}, err
	}
	var env struct {
		Jobs []Job `json:"jobs"`
	}
	if err := json.Unmarshal(resp.Body, &env); err != nil {
		return Job{}, fmt.Errorf("decode job %d: %w", jobID, err)
	}
	if len(env.Jobs) == 0 {
		return Job{}, fmt.Errorf("job %d: the answer held no job", jobID)
	}
	return env.Jobs[0], nil
}
