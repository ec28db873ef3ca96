package engine

import (
	"encoding/json"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// JobInfo is what a job acts on, read from its record for an observer (the
// web console) without polling it: reading it changes nothing.
type JobInfo struct {
	Kind    string    // target resource name
	ID      string    // target id
	Op      string    // verb ("delete" for DELETE)
	Mode    string    // how it progresses (JobMode.Mode)
	Started time.Time // when it started
	Polls   int       // how often a client polled it so far
}

// ReadJobInfo decodes a Job record's progression; ok is false for a record
// that has none (a seeded job).
func ReadJobInfo(rec store.Record) (JobInfo, bool) {
	var in struct {
		Job *jobState `json:"job"`
	}
	if len(rec.Internal) == 0 || json.Unmarshal(rec.Internal, &in) != nil || in.Job == nil || in.Job.Kind == "" {
		return JobInfo{}, false
	}
	st := in.Job
	return JobInfo{Kind: st.Kind, ID: st.ID, Op: st.Op, Mode: st.Mode.Mode, Started: time.UnixMilli(st.Started).UTC(), Polls: st.Polls}, true
}
