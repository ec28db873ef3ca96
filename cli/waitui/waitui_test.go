package waitui_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/mixcoatl/mixcoatl/cli/waitui"
	"github.com/mixcoatl/mixcoatl/dcm"
)

// fakeJobs answers admin/Job/<id> polls: script[id] gives the job on its
// n-th poll (n from 1); an unknown id is a 404.
type fakeJobs struct {
	mu     sync.Mutex
	script map[int64]func(n int) dcm.Job
	polls  map[int64]int
}

func newFakeJobs(script map[int64]func(n int) dcm.Job) *fakeJobs {
	return &fakeJobs{script: script, polls: map[int64]int{}}
}

func (f *fakeJobs) Do(ctx context.Context, req *dcm.Request) (*dcm.Response, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(req.Path, "admin/Job/"), 10, 64)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	step, ok := f.script[id]
	if !ok {
		return nil, &dcm.APIError{StatusCode: http.StatusNotFound, Message: "no such job", Method: req.Method, Path: req.Path}
	}
	f.polls[id]++
	j := step(f.polls[id])
	j.JobID = id
	body, _ := json.Marshal(map[string][]dcm.Job{"jobs": {j}})
	return &dcm.Response{StatusCode: http.StatusOK, Body: body}, nil
}

// exitCoder is how a caller may classify errors: by an ExitCode method.
type exitCoder interface {
	error
	ExitCode() int
}

// exitCodeOf classifies err as the CLI does: by the first ExitCode method
// in its tree; ok is false when there is none.
func exitCodeOf(err error) (code int, ok bool) {
	if e, found := errors.AsType[exitCoder](err); found {
		return e.ExitCode(), true
	}
	return 0, false
}

func running(desc string) dcm.Job { return dcm.Job{Status: dcm.JobStatusRunning, Description: desc} }

// completesOn is a job that is RUNNING until its n-th poll.
func completesOn(n int, desc string) func(int) dcm.Job {
	return func(p int) dcm.Job {
		if p >= n {
			return dcm.Job{Status: dcm.JobStatusComplete, Description: desc, Message: "4242"}
		}
		return running(desc)
	}
}

func neverEnds(desc string) func(int) dcm.Job { return func(int) dcm.Job { return running(desc) } }

func given(ids ...int64) []dcm.Job {
	jobs := make([]dcm.Job, len(ids))
	for i, id := range ids {
		jobs[i] = dcm.Job{JobID: id, Status: dcm.JobStatusRunning}
	}
	return jobs
}

func TestWaitCompletes(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeJobs(map[int64]func(int) dcm.Job{
			1: completesOn(3, "Launch web-01"),
			2: completesOn(1, "Launch web-02"),
		})
		var progress bytes.Buffer
		start := time.Now()
		jobs, err := waitui.Wait(context.Background(), fake, given(1, 2), waitui.Options{Progress: &progress})
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) != 2 || jobs[0].JobID != 1 || jobs[1].JobID != 2 {
			t.Fatalf("jobs = %+v, want 1 and 2 in order", jobs)
		}
		for _, j := range jobs {
			if j.Status != dcm.JobStatusComplete {
				t.Errorf("job %d: %s, want COMPLETE", j.JobID, j.Status)
			}
		}
		// Default backoff: polls at 0s, 1s, 3s.
		if got := time.Since(start); got != 3*time.Second {
			t.Errorf("waited %s, want 3s", got)
		}
		want := []string{
			"job 1 (Launch web-01): RUNNING",
			"job 1 (Launch web-01): COMPLETE after 3s",
			"job 2 (Launch web-02): COMPLETE after 0s",
		}
		for _, w := range want {
			if !strings.Contains(progress.String(), w+"\n") {
				t.Errorf("progress %q lacks line %q", progress.String(), w)
			}
		}
		if strings.ContainsAny(progress.String(), "\r\x1b") {
			t.Errorf("progress off a terminal holds control characters: %q", progress.String())
		}
		if n := strings.Count(progress.String(), "\n"); n != 3 {
			t.Errorf("progress has %d lines, want one per status change (3)", n)
		}
	})
}

func TestWaitJobErrorExits6(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeJobs(map[int64]func(int) dcm.Job{
			7: func(n int) dcm.Job {
				if n < 2 {
					return running("Attach volume")
				}
				return dcm.Job{Status: dcm.JobStatusError, Description: "Attach volume", Message: "device busy"}
			},
		})
		jobs, err := waitui.Wait(context.Background(), fake, given(7), waitui.Options{})
		var je *dcm.JobError
		if !errors.As(err, &je) || je.Job.JobID != 7 || !strings.Contains(err.Error(), "device busy") {
			t.Fatalf("err = %v, want the JobError of job 7", err)
		}
		if code, ok := exitCodeOf(err); !ok || code != 6 {
			t.Errorf("ExitCode = %d, %v; want 6", code, ok)
		}
		if _, ok := errors.AsType[exitCoder](err); !ok {
			t.Error("the failure has no ExitCode method")
		}
		if jobs[0].Status != dcm.JobStatusError {
			t.Errorf("returned job status %s, want ERROR", jobs[0].Status)
		}
	})
}

func TestWaitTimeoutExits7Promptly(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeJobs(map[int64]func(int) dcm.Job{
			41: neverEnds("Launch db-01"),
			42: completesOn(1, "Launch web-01"),
			43: neverEnds(""),
		})
		start := time.Now()
		jobs, err := waitui.Wait(context.Background(), fake, given(41, 42, 43), waitui.Options{Timeout: 45 * time.Second})
		if got := time.Since(start); got != 45*time.Second {
			t.Errorf("gave up after %s, want exactly the 45s timeout", got)
		}
		var te *waitui.TimeoutError
		if !errors.As(err, &te) {
			t.Fatalf("err = %v, want a TimeoutError", err)
		}
		if code, ok := exitCodeOf(err); !ok || code != 7 {
			t.Errorf("ExitCode = %d, %v; want 7", code, ok)
		}
		if len(te.Running) != 2 || te.Running[0].JobID != 41 || te.Running[1].JobID != 43 {
			t.Errorf("still running = %+v, want 41 and 43", te.Running)
		}
		for _, w := range []string{"45s", "job 41 (Launch db-01), still RUNNING", "'mixcoatl job wait 41 43'"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("message %q lacks %q", err, w)
			}
		}
		if jobs[1].Status != dcm.JobStatusComplete {
			t.Errorf("the finished job is %+v, want COMPLETE", jobs[1])
		}
	})
}

func TestWaitFailureOutranksTimeout(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeJobs(map[int64]func(int) dcm.Job{
			1: neverEnds("slow"),
			2: func(int) dcm.Job { return dcm.Job{Status: dcm.JobStatusError, Message: "quota"} },
		})
		_, err := waitui.Wait(context.Background(), fake, given(1, 2), waitui.Options{Timeout: time.Minute})
		if code, _ := exitCodeOf(err); code != 6 {
			t.Errorf("ExitCode = %d, want 6 for a failed job next to a timed-out one", code)
		}
		// A caller classifying by ExitCode methods finds the same answer.
		if e, ok := errors.AsType[exitCoder](err); !ok || e.ExitCode() != 6 {
			t.Errorf("first ExitCode method of %v: %v, want 6", err, e)
		}
		if _, ok := errors.AsType[*waitui.TimeoutError](err); !ok {
			t.Errorf("err = %v, want the timeout reported too", err)
		}
	})
}

func TestWaitInterruptedLeavesJobsRunning(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeJobs(map[int64]func(int) dcm.Job{5: neverEnds("Launch")})
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			time.Sleep(10 * time.Second)
			cancel()
		}()
		start := time.Now()
		_, err := waitui.Wait(ctx, fake, given(5), waitui.Options{Timeout: time.Hour})
		if got := time.Since(start); got != 10*time.Second {
			t.Errorf("stopped after %s, want at the interrupt (10s)", got)
		}
		var ie *waitui.InterruptedError
		if !errors.As(err, &ie) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want an InterruptedError wrapping context.Canceled", err)
		}
		if _, ok := exitCodeOf(err); ok {
			t.Error("an interrupted wait mapped to a wait exit code")
		}
		for _, w := range []string{"nothing was cancelled", "'mixcoatl job wait 5'"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("message %q lacks %q", err, w)
			}
		}
	})
}

func TestWaitPollErrorIsNotAJobExit(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		_, err := waitui.Wait(context.Background(), newFakeJobs(nil), given(99), waitui.Options{})
		if !dcm.IsNotFound(err) {
			t.Fatalf("err = %v, want the 404", err)
		}
		if _, ok := exitCodeOf(err); ok {
			t.Error("a 404 mapped to a wait exit code")
		}
	})
}

func TestWaitSpinnerOnlyOnTerminal(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeJobs(map[int64]func(int) dcm.Job{
			1: completesOn(4, "Launch web-01"),
			2: completesOn(2, "Launch web-02"),
		})
		var progress bytes.Buffer
		_, err := waitui.Wait(context.Background(), fake, given(1, 2), waitui.Options{Progress: &progress, Terminal: true})
		if err != nil {
			t.Fatal(err)
		}
		out := progress.String()
		if strings.Contains(out, "\n") {
			t.Errorf("the spinner wrote a newline: %q", out)
		}
		if !strings.HasSuffix(out, "\r\x1b[K") {
			t.Errorf("the spinner line was not cleared at the end: %q", out)
		}
		// Polls at 0s, 1s, 3s, 7s: the line redraws in between, counting.
		for _, w := range []string{"2 jobs (2 running), job 1 (Launch web-01): RUNNING 0s", "job 1 (Launch web-01): RUNNING 5s", "1 complete"} {
			if !strings.Contains(out, w) {
				t.Errorf("spinner output lacks %q", w)
			}
		}
		frames := strings.Split(out, "\r")
		for _, f := range frames {
			if len([]rune(strings.TrimSuffix(f, "\x1b[K"))) > 79 {
				t.Errorf("spinner line longer than 79 columns: %q", f)
			}
		}
	})
}

func TestWaitSilentWithoutProgressWriter(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeJobs(map[int64]func(int) dcm.Job{1: completesOn(2, "x")})
		// Terminal without a writer must not panic or write anywhere.
		if _, err := waitui.Wait(context.Background(), fake, given(1), waitui.Options{Terminal: true}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestWaitNoJobs(t *testing.T) {
	t.Parallel()
	jobs, err := waitui.Wait(context.Background(), newFakeJobs(nil), nil, waitui.Options{})
	if err != nil || len(jobs) != 0 {
		t.Errorf("Wait(no jobs) = %v, %v", jobs, err)
	}
}
