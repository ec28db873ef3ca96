package dcm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// jobBoard answers GET admin/Job/<id> from a script: job id → the status
// of each successive poll (the last one repeats). It stands in for the
// server until the in-process emulator can be driven from inside a
// synctest bubble; it records when each poll happened.
type jobBoard struct {
	mu      sync.Mutex
	scripts map[int64][]string
	message map[int64]string
	polls   map[int64][]time.Time
}

func newJobBoard() *jobBoard {
	return &jobBoard{scripts: map[int64][]string{}, message: map[int64]string{}, polls: map[int64][]time.Time{}}
}

func (b *jobBoard) Do(ctx context.Context, req *Request) (*Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(req.Path, "admin/Job/"), 10, 64)
	b.mu.Lock()
	defer b.mu.Unlock()
	script, ok := b.scripts[id]
	if err != nil || req.Method != http.MethodGet || !ok {
		return nil, &APIError{StatusCode: http.StatusNotFound, Message: "No such job ID", Method: req.Method, Path: req.Path}
	}
	n := len(b.polls[id])
	b.polls[id] = append(b.polls[id], time.Now())
	status := script[min(n, len(script)-1)]
	msg := ""
	if status != JobStatusRunning {
		msg = b.message[id]
	}
	body := fmt.Sprintf(`{"jobs":[{"jobId":%d,"status":%q,"description":"Launch Server web-1","message":%q}]}`, id, status, msg)
	return &Response{StatusCode: http.StatusOK, Body: []byte(body)}, nil
}

func (b *jobBoard) pollTimes(id int64) []time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]time.Time(nil), b.polls[id]...)
}

func TestWaitCompleteReturnsCreatedID(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		b := newJobBoard()
		b.scripts[7] = []string{JobStatusRunning, JobStatusRunning, JobStatusComplete}
		b.message[7] = "339452"
		var seen []string
		job, err := Wait(t.Context(), b, 7, WaitOptions{Progress: func(j Job) { seen = append(seen, j.Status) }})
		if err != nil {
			t.Fatal(err)
		}
		if id, ok := job.ResultID(); !ok || id != 339452 {
			t.Fatalf("ResultID = %d, %v; want 339452", id, ok)
		}
		if got := strings.Join(seen, ","); got != "RUNNING,RUNNING,COMPLETE" {
			t.Fatalf("progress saw %s", got)
		}
	})
}

func TestWaitErrorCarriesJobMessage(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		b := newJobBoard()
		b.scripts[9] = []string{JobStatusRunning, JobStatusError}
		b.message[9] = "kaboom!"
		job, err := Wait(t.Context(), b, 9, WaitOptions{})
		jerr, ok := errors.AsType[*JobError](err)
		if !ok {
			t.Fatalf("err = %v, want *JobError", err)
		}
		if jerr.Job.Message != "kaboom!" || !strings.Contains(err.Error(), "kaboom!") || job.Status != JobStatusError {
			t.Fatalf("err = %v, job = %+v", err, job)
		}
		if !IsJobError(err) {
			t.Fatal("IsJobError = false")
		}
	})
}

func TestWaitShortDeadlineOnEndlessJobReturnsPromptly(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		b := newJobBoard()
		b.scripts[1] = []string{JobStatusRunning}
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		start := time.Now()
		job, err := Wait(ctx, b, 1, WaitOptions{Interval: 2 * time.Second, MaxInterval: time.Minute})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want deadline exceeded", err)
		}
		if elapsed := time.Since(start); elapsed != 3*time.Second {
			t.Fatalf("returned after %v, want exactly the 3s deadline (the next poll was due at 6s)", elapsed)
		}
		if job.Status != JobStatusRunning {
			t.Fatalf("last job = %+v", job)
		}
	})
}

func TestWaitBackoffGrowsAndCaps(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		b := newJobBoard()
		b.scripts[5] = []string{"RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "COMPLETE"}
		if _, err := Wait(t.Context(), b, 5, WaitOptions{Interval: time.Second, MaxInterval: 5 * time.Second, Multiplier: 2}); err != nil {
			t.Fatal(err)
		}
		polls := b.pollTimes(5)
		var gaps []time.Duration
		for i := 1; i < len(polls); i++ {
			gaps = append(gaps, polls[i].Sub(polls[i-1]))
		}
		want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second, 5 * time.Second}
		if fmt.Sprint(gaps) != fmt.Sprint(want) {
			t.Fatalf("pauses between polls = %v, want %v", gaps, want)
		}
	})
}

func TestWaitAllJoinsFailures(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		b := newJobBoard()
		b.scripts[1] = []string{JobStatusRunning, JobStatusComplete}
		b.message[1] = "11"
		b.scripts[2] = []string{JobStatusRunning, JobStatusRunning, JobStatusError}
		b.message[2] = "quota exceeded"
		calls := 0
		jobs, err := WaitAll(t.Context(), b, []int64{1, 2}, WaitOptions{Progress: func(Job) { calls++ }})
		if len(jobs) != 2 || jobs[0].Status != JobStatusComplete || jobs[1].Status != JobStatusError {
			t.Fatalf("jobs = %+v", jobs)
		}
		jerr, ok := errors.AsType[*JobError](err)
		if !ok || jerr.Job.JobID != 2 || !strings.Contains(err.Error(), "quota exceeded") {
			t.Fatalf("err = %v", err)
		}
		if calls != 5 {
			t.Fatalf("progress called %d times, want 5 (one per poll)", calls)
		}
	})
}

func TestWaitUnknownJobIsAPIError(t *testing.T) {
	t.Parallel()
	_, err := Wait(t.Context(), newJobBoard(), 404, WaitOptions{})
	if !IsNotFound(err) {
		t.Fatalf("err = %v, want a 404 APIError", err)
	}
}

func TestResultIDOnlyForCompletedNumericMessage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		job  Job
		id   int64
		want bool
	}{
		{Job{Status: JobStatusComplete, Message: "42"}, 42, true},
		{Job{Status: JobStatusComplete, Message: ""}, 0, false},
		{Job{Status: JobStatusError, Message: "42"}, 0, false},
		{Job{Status: JobStatusRunning}, 0, false},
	} {
		if id, ok := tc.job.ResultID(); id != tc.id || ok != tc.want {
			t.Errorf("%+v.ResultID() = %d, %v", tc.job, id, ok)
		}
	}
}
