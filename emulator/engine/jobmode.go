package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// JobMode says how jobs of a resource type or operation progress.
//
// With nothing configured a job is COMPLETE on its 2nd poll or 10 s after
// it started, whichever comes first: quick for a client polling every few
// seconds, and still finishing for one that never polls. "immediate"
// finishes the job before the 202 is sent; "polls" on the Nth poll;
// "duration" once Duration has passed; "fail" ends in ERROR with Message —
// on the Polls-th poll or after Duration when one of them is set, else at
// once.
type JobMode struct {
	Mode     string        `json:"mode"`               // "immediate", "polls", "duration", "fail"
	Polls    int           `json:"polls,omitempty"`    // polls: COMPLETE on the Nth poll of the job
	Duration time.Duration `json:"duration,omitempty"` // duration: COMPLETE after this long
	Message  string        `json:"message,omitempty"`  // fail: ERROR with this message
}

// Default progression when no mode is set.
const (
	defaultJobPolls    = 2
	defaultJobDuration = 10 * time.Second
	defaultFailMessage = "Job failed"
)

// jobModesMeta holds every configured scope in one meta value, so a reset
// of the modes is a single write.
const jobModesMeta = "engine:jobmodes"

// SetJobMode stores the mode for a scope: "" (default for all), a resource
// name ("Server") or "Resource.verb" ("Server.launch", "Server.delete").
// It is persisted (store meta) so it holds across restarts and processes.
// A zero JobMode (Mode "") removes the scope's setting.
func SetJobMode(ctx context.Context, tx store.Tx, scope string, m JobMode) error {
	if err := m.check(); err != nil {
		return err
	}
	modes, err := JobModes(ctx, tx)
	if err != nil {
		return err
	}
	if m.Mode == "" {
		delete(modes, scope)
	} else {
		modes[scope] = m
	}
	b, err := json.Marshal(modes)
	if err != nil {
		return err
	}
	return tx.PutMeta(ctx, jobModesMeta, b)
}

// JobModes returns every configured scope's mode.
func JobModes(ctx context.Context, tx store.Tx) (map[string]JobMode, error) {
	modes := map[string]JobMode{}
	b, ok, err := tx.GetMeta(ctx, jobModesMeta)
	if err != nil || !ok || len(b) == 0 {
		return modes, err
	}
	if err := json.Unmarshal(b, &modes); err != nil {
		return nil, fmt.Errorf("engine: stored job modes are corrupt: %w", err)
	}
	return modes, nil
}

// ResetJobModes forgets every configured mode (back to the default).
func ResetJobModes(ctx context.Context, tx store.Tx) error {
	return tx.PutMeta(ctx, jobModesMeta, []byte("{}"))
}

func (m JobMode) check() error {
	switch m.Mode {
	case "", "immediate":
	case "polls":
		if m.Polls < 1 {
			return Errorf(http.StatusBadRequest, "job mode polls: want polls >= 1, got %d", m.Polls)
		}
	case "duration":
		if m.Duration <= 0 {
			return Errorf(http.StatusBadRequest, "job mode duration: want a positive duration, got %s", m.Duration)
		}
	case "fail":
		if m.Polls < 0 || m.Duration < 0 {
			return Errorf(http.StatusBadRequest, "job mode fail: polls and duration must not be negative")
		}
	default:
		return Errorf(http.StatusBadRequest, "unknown job mode %q: want immediate, polls, duration or fail", m.Mode)
	}
	return nil
}

// resolveJobMode looks the mode up most specific first.
func resolveJobMode(ctx context.Context, tx store.Tx, resource, verb string) (JobMode, error) {
	modes, err := JobModes(ctx, tx)
	if err != nil {
		return JobMode{}, err
	}
	for _, scope := range []string{resource + "." + verb, resource, ""} {
		if m, ok := modes[scope]; ok {
			return m, nil
		}
	}
	return JobMode{}, nil
}

// decide reports whether a job with this state is finished at now, and
// whether it failed.
func (st *jobState) decide(now time.Time) (done, failed bool) {
	elapsed := now.Sub(time.UnixMilli(st.Started))
	m := st.Mode
	switch m.Mode {
	case "immediate":
		return true, false
	case "polls":
		return st.Polls >= max(1, m.Polls), false
	case "duration":
		return elapsed >= m.Duration, false
	case "fail":
		switch {
		case m.Polls > 0:
			return st.Polls >= m.Polls, true
		case m.Duration > 0:
			return elapsed >= m.Duration, true
		}
		return true, true
	}
	return st.Polls >= defaultJobPolls || elapsed >= defaultJobDuration, false
}

// due is when the job finishes by time alone (0 when only polls finish it).
func (st *jobState) due() int64 {
	m := st.Mode
	switch {
	case m.Mode == "duration", m.Mode == "fail" && m.Polls == 0 && m.Duration > 0:
		return st.Started + ceilMillis(m.Duration)
	case m.Mode == "":
		return st.Started + ceilMillis(defaultJobDuration)
	}
	return 0
}

// ceilMillis rounds up, so a job is never due before decide agrees.
func ceilMillis(d time.Duration) int64 { return (d + time.Millisecond - 1).Milliseconds() }
