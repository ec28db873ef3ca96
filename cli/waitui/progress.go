package waitui

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/internal/safetext"
)

// spinnerPeriod is how often the terminal line is redrawn between polls, so
// the spinner turns and the elapsed time counts while a poll is pending.
const spinnerPeriod = 200 * time.Millisecond

// maxLineWidth keeps the spinner line from wrapping on a standard terminal;
// a wrapped line cannot be redrawn in place with \r.
const maxLineWidth = 79

// spinnerFrames are the spinner's ASCII frames (safe on any terminal font).
const spinnerFrames = `|/-\`

// reporter shows the progress of one Wait. Its methods are called from the
// polling goroutines and the spinner's ticker, hence the mutex.
type reporter struct {
	mu       sync.Mutex
	w        io.Writer // nil = silent
	terminal bool
	now      func() time.Time
	started  time.Time
	order    []int64           // job ids in the order given
	jobs     map[int64]dcm.Job // as last seen
	polled   map[int64]bool    // seen at least once by a poll
	frame    int
	drawn    bool // a spinner line is on screen
}

func newReporter(opts Options, jobs []dcm.Job) *reporter {
	r := &reporter{
		w: opts.Progress, terminal: opts.Terminal, now: opts.Now, started: opts.Now(),
		jobs: make(map[int64]dcm.Job, len(jobs)), polled: make(map[int64]bool, len(jobs)),
	}
	for _, j := range jobs {
		if _, dup := r.jobs[j.JobID]; !dup {
			r.order = append(r.order, j.JobID)
		}
		r.jobs[j.JobID] = j
	}
	return r
}

// start draws the first spinner line and keeps redrawing it until the
// returned stop function is called, which also clears the line. Without a
// terminal it does nothing.
func (r *reporter) start() (stop func()) {
	if r.w == nil || !r.terminal {
		return func() {}
	}
	r.mu.Lock()
	r.draw()
	r.mu.Unlock()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(spinnerPeriod)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				r.mu.Lock()
				r.frame++
				r.draw()
				r.mu.Unlock()
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.drawn {
			fmt.Fprint(r.w, "\r\x1b[K")
			r.drawn = false
		}
	}
}

// update records a polled job: the terminal line is redrawn; otherwise a
// line is written when the job's status is new or changed.
func (r *reporter) update(j dcm.Job) {
	r.mu.Lock()
	defer r.mu.Unlock()
	prev, known := r.jobs[j.JobID]
	if !known {
		r.order = append(r.order, j.JobID)
	}
	firstPoll := !r.polled[j.JobID]
	r.jobs[j.JobID], r.polled[j.JobID] = j, true
	if r.w == nil {
		return
	}
	if r.terminal {
		r.draw()
		return
	}
	if firstPoll || prev.Status != j.Status {
		line := describeJob(j) + ": " + safetext.Escape(j.Status)
		if j.Status != dcm.JobStatusRunning {
			line += " after " + r.elapsed()
			if j.Status == dcm.JobStatusError && j.Message != "" {
				line += ": " + safetext.Escape(j.Message)
			}
		}
		fmt.Fprintln(r.w, line)
	}
}

// draw rewrites the spinner line in place; r.mu is held.
func (r *reporter) draw() {
	line := string(spinnerFrames[r.frame%len(spinnerFrames)]) + " " + r.summary() + " " + r.elapsed()
	if runes := []rune(line); len(runes) > maxLineWidth {
		line = string(runes[:maxLineWidth-1]) + "…"
	}
	fmt.Fprint(r.w, "\r"+line+"\x1b[K")
	r.drawn = true
}

// summary describes the job that is still running (the first of several),
// with counts when there are several jobs.
func (r *reporter) summary() string {
	var current *dcm.Job
	counts := map[string]int{}
	for _, id := range r.order {
		j := r.jobs[id]
		status := j.Status
		if status == "" {
			status = dcm.JobStatusRunning
		}
		counts[status]++
		if current == nil && status == dcm.JobStatusRunning {
			current = &j
		}
	}
	if current == nil {
		j := r.jobs[r.order[len(r.order)-1]]
		current = &j
	}
	status := current.Status
	if status == "" {
		status = dcm.JobStatusRunning
	}
	s := describeJob(*current) + ": " + safetext.Escape(status)
	if len(r.order) > 1 {
		var parts []string
		for _, st := range []string{dcm.JobStatusRunning, dcm.JobStatusComplete, dcm.JobStatusError} {
			if counts[st] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", counts[st], strings.ToLower(st)))
			}
		}
		s = fmt.Sprintf("%d jobs (%s), %s", len(r.order), strings.Join(parts, ", "), s)
	}
	return s
}

func (r *reporter) elapsed() string {
	return r.now().Sub(r.started).Round(time.Second).String()
}
