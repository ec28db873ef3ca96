package engine

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

const (
	jobKind     = "Job"
	jobRunning  = "RUNNING"
	jobComplete = "COMPLETE"
	jobError    = "ERROR"
)

// jobState is a job's progression, kept in the Job record's Internal: what
// it acts on, how it progresses and what it remembers. Everything is stored
// (start time, poll count), so a new Engine on the same store continues it.
type jobState struct {
	Kind    string         `json:"kind"`             // target resource name
	ID      string         `json:"id"`               // target id
	Op      string         `json:"op"`               // verb ("delete" for DELETE)
	Create  bool           `json:"create,omitempty"` // the job finishes a create: message = new id
	Delete  bool           `json:"delete,omitempty"`
	To      string         `json:"to,omitempty"` // status on completion
	Mode    JobMode        `json:"mode"`
	Started int64          `json:"started"` // unix ms
	Polls   int            `json:"polls"`
	Args    map[string]any `json:"args,omitempty"` // op arguments the effect needs; prevStatus
}

func getJobState(job *item) (*jobState, error) {
	b, err := json.Marshal(job.internal["job"])
	if err != nil {
		return nil, err
	}
	var st jobState
	if err := json.Unmarshal(b, &st); err != nil || st.Kind == "" {
		return nil, errors.New("engine: job " + job.rec.ID + " has no progression state")
	}
	return &st, nil
}

func setJobState(job *item, st *jobState) { job.internal["job"] = st }

// startJob records RUNNING job n (from the job sequence) for the op on
// target and returns its wire form. An immediate (or immediately failing)
// mode finishes it at once.
func (c *call) startJob(ctx context.Context, n int64, target *item, vals, args map[string]any) (map[string]any, error) {
	mode, err := resolveJobMode(ctx, c.tx, c.res.Name, c.verb)
	if err != nil {
		return nil, err
	}
	st := &jobState{
		Kind: c.res.Name, ID: target.rec.ID, Op: c.verb, Mode: mode, Started: c.now.UnixMilli(), Args: args,
		Create: c.op.Kind == catalog.KindCreate, Delete: c.op.Kind == catalog.KindDelete,
	}
	if c.op.State != nil {
		st.To = c.op.State.To
	}
	job := newItem(c.customer, jobKind, idKey(n))
	job.data = map[string]any{
		"jobId":       n,
		"status":      jobRunning,
		"description": c.jobDescription(target, vals),
		"startDate":   FormatTime(c.now),
	}
	setJobState(job, st)
	if done, failed := st.decide(c.now); done {
		ev := c.env
		ev.unindexed = map[string]bool{pendingByID("job", job.rec.ID): true} // a new job
		if err := ev.finishJob(ctx, job, st, failed, ""); err != nil {
			return nil, err
		}
		return c.e.public(job.data), nil
	}
	if err := c.e.save(ctx, c.tx, job); err != nil {
		return nil, err
	}
	if st.due() > 0 {
		if err := insertJobPending(ctx, c.tx, c.customer, job.rec.ID, st); err != nil {
			return nil, err
		}
	}
	return c.e.public(job.data), nil
}

// jobDescription fills the op's template: {id} is the target id, {name} the
// name given or stored, any other {field} the payload value (a reference
// shows the referenced record's name, else its id).
func (c *call) jobDescription(target *item, vals map[string]any) string {
	tpl := c.op.Job
	if tpl == "" {
		tpl = c.verb + " " + c.res.Name + " {id}"
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		j := strings.IndexByte(tpl[i+1:], '}')
		if i < 0 || j < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		b.WriteString(tpl[:i])
		b.WriteString(c.placeholder(tpl[i+1:i+1+j], target, vals))
		tpl = tpl[i+j+2:]
	}
}

func (c *call) placeholder(name string, target *item, vals map[string]any) string {
	if name == "id" {
		return target.rec.ID
	}
	v, ok := vals[name]
	if !ok {
		v = target.data[name]
	}
	if refs := c.refs[name]; len(refs) > 0 {
		if s, ok := refs[0].data["name"].(string); ok && s != "" {
			return s
		}
		return refs[0].rec.ID
	}
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case map[string]any:
		for _, id := range t {
			return idString(id)
		}
	}
	return idString(v)
}

// finishJob ends a job: on success the effect is applied to the target and
// the job is COMPLETE with message = the new id for creates ("" otherwise,
// or the given message); on failure the job is ERROR with the message and
// the target is put back (transition.go, rule 5). A job that lost its
// target's flight meanwhile, or whose target vanished, ends in ERROR.
func (ev *env) finishJob(ctx context.Context, job *item, st *jobState, failed bool, message string) error {
	if !failed {
		err := ev.complete(ctx, st, job.rec.ID)
		var ee *Error
		if msg, ok := isSuperseded(err); ok {
			failed, message = true, msg
		} else if errors.As(err, &ee) {
			failed, message = true, ee.Message
			if err := ev.revert(ctx, st, job.rec.ID); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
	} else if err := ev.revert(ctx, st, job.rec.ID); err != nil {
		return err
	}
	status := jobComplete
	if failed {
		status = jobError
		if message == "" {
			message = st.Mode.Message
		}
		if message == "" {
			message = defaultFailMessage
		}
	} else if message == "" && st.Create {
		message = st.ID
	}
	return ev.endJob(ctx, job, status, message)
}

// endJob records a job's end: its status, message and end date, and takes
// it off the pending list (unless settle took it off already).
func (ev *env) endJob(ctx context.Context, job *item, status, message string) error {
	job.data["status"] = status
	job.data["message"] = message
	job.data["endDate"] = FormatTime(ev.now)
	if err := ev.e.save(ctx, ev.tx, job); err != nil {
		return err
	}
	if job.rec.Customer == ev.customer && ev.unindexed[pendingByID("job", job.rec.ID)] {
		return nil
	}
	return removeJobPending(ctx, ev.tx, job, job.rec.Customer)
}

// complete applies a finished job's effect to its target, if the job still
// owns the target's flight (transition.go, rule 4).
func (ev *env) complete(ctx context.Context, st *jobState, jobID string) error {
	target, found, err := loadOwn(ctx, ev.tx, ev.customer, st.Kind, st.ID)
	if err != nil {
		return err
	}
	if !found {
		if st.Delete {
			return nil
		}
		return Errorf(http.StatusConflict, "%s %s no longer exists", st.Kind, st.ID)
	}
	if err := ev.owns(target, st, jobID); err != nil {
		return err
	}
	if st.To != "" {
		target.data["status"] = st.To
		clearFlight(target)
	}
	if hk := hooksFor(st.Kind, st.Op); hk.finish != nil {
		if err := hk.finish(ctx, ev, target, st.Args); err != nil {
			return err
		}
	}
	if st.Delete && st.To == "DELETED" {
		return ev.tx.Delete(ctx, target.rec.Customer, target.rec.Kind, target.rec.ID)
	}
	return ev.e.save(ctx, ev.tx, target)
}

// revert undoes what starting the job did: nothing for an operation
// without a transition, nor for a job that no longer owns its target.
func (ev *env) revert(ctx context.Context, st *jobState, jobID string) error {
	if st.To == "" && !st.Create {
		return nil
	}
	target, found, err := loadOwn(ctx, ev.tx, ev.customer, st.Kind, st.ID)
	if err != nil || !found || ev.owns(target, st, jobID) != nil {
		return err
	}
	if st.Create {
		return ev.tx.Delete(ctx, target.rec.Customer, target.rec.Kind, target.rec.ID)
	}
	_, busy := flightOf(target)
	clearFlight(target)
	if prev, ok := st.Args["prevStatus"].(string); ok && prev != "" {
		target.data["status"] = prev
	} else if !busy {
		return nil
	}
	return ev.e.save(ctx, ev.tx, target)
}

// loadOwn loads a record of the customer itself (effects never touch
// global records).
func loadOwn(ctx context.Context, tx store.Tx, customer int64, kind, id string) (*item, bool, error) {
	it, ok, err := load(ctx, tx, customer, kind, id)
	if err != nil || !ok || it.rec.Customer != customer {
		return nil, false, err
	}
	return it, true, nil
}

// pollJob counts a GET of a running job as a poll (before deciding) and
// finishes the job when the poll or the time makes it due.
func (e *Engine) pollJob(ctx context.Context, tx store.Tx, job *item) (*item, error) {
	st, err := getJobState(job)
	if err != nil {
		return nil, err
	}
	ev := &env{e: e, tx: tx, customer: job.rec.Customer, user: -1, now: e.now()}
	st.Polls++
	setJobState(job, st)
	if done, failed := st.decide(ev.now); done {
		err = ev.finishJob(ctx, job, st, failed, "")
	} else {
		err = e.save(ctx, tx, job)
	}
	return job, err
}
