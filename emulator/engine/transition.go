package engine

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// The state machine of every resource with states, from the catalogue's
// transitions (catalog.Op.State: From, During, To). docs/emulator-behaviour.md
// states the same rules for readers of the emulator rather than of its code.
//
//  1. Acceptance. An operation is refused with 409 when the record is in a
//     final state (the To of any delete in the catalogue: TERMINATED,
//     DELETED); when a delete of the record is under way (nothing supersedes
//     a delete); when the same operation is already under way; when its
//     transition lists starting states (From) and the record is in none; and,
//     for a transition without From and nothing under way, when the record
//     is already in its During or To state.
//  2. Flight. An accepted asynchronous operation with a transition puts the
//     record in its During state and records itself as the record's flight:
//     the job that owns the record's status until it ends.
//  3. Supersession. An accepted operation that finds another one in flight
//     supersedes it: the later operation wins. The earlier job ends at once
//     in ERROR, with a message naming the operation (and job) that
//     superseded it, and has no further effect on the record.
//  4. Completion re-checks. A job ends by applying its To state and effect
//     only while it still owns the record's flight; a job that lost it ends
//     in ERROR without touching the record. So an acknowledged terminate,
//     stop or delete is never undone by an older launch or start finishing
//     later.
//  5. Failure. A job that fails (fail job mode, a forced ERROR, an effect
//     that cannot apply) while it owns the flight puts the record back: a
//     failed create removes the record; any other operation restores the
//     state it started from, which for an operation that superseded another
//     is the superseded operation's To (its work is taken as done
//     underneath, the later operation is what failed).
//  6. Outside changes. A scheduled terminate (terminateAfter) and a status set
//     through the control API supersede the operation in flight the same
//     way; a scheduled pause only pauses a RUNNING server with nothing in
//     flight.
//
// Records from state files written before flights existed have none; their
// jobs apply their effect only while the record is still in the
// operation's During state.

// flight is the asynchronous operation whose job owns a record's status,
// kept in the record's Internal under flightKey.
type flight struct {
	Job      string // job id
	Op       string // verb ("delete" for DELETE)
	Terminal bool   // a delete: nothing supersedes it
}

const flightKey = "flight"

func flightOf(it *item) (flight, bool) {
	m, ok := it.internal[flightKey].(map[string]any)
	if !ok {
		return flight{}, false
	}
	f := flight{Job: idString(m["job"]), Op: strField(m, "op")}
	f.Terminal, _ = m["terminal"].(bool)
	return f, f.Job != ""
}

func setFlight(it *item, f flight) {
	it.internal[flightKey] = map[string]any{"job": f.Job, "op": f.Op, "terminal": f.Terminal}
}

func clearFlight(it *item) { delete(it.internal, flightKey) }

// finalStates are the To states of every delete in the catalogue: a record
// in one of them takes no further operation.
func finalStates(cat *catalog.Catalog) map[string]bool {
	out := map[string]bool{}
	for _, res := range cat.Resources {
		for _, op := range res.Ops {
			if op.Kind == catalog.KindDelete && op.State != nil && op.State.To != "" {
				out[strings.ToUpper(op.State.To)] = true
			}
		}
	}
	return out
}

// transitionOf is the catalogue transition of a resource's operation by
// verb ("delete" for DELETE), in any version; nil when it has none.
func (e *Engine) transitionOf(resource, verb string) *catalog.Transition {
	res, ok := e.cat.Resource(resource)
	if !ok {
		return nil
	}
	for _, op := range res.Ops {
		if op.State != nil && (op.Verb == verb || op.Verb == "" && string(op.Kind) == verb) {
			return op.State
		}
	}
	return nil
}

// checkTransition applies the acceptance rule (1) to the operation of c
// on it, answering 409 when the record's state does not allow it.
func (c *call) checkTransition(it *item) error {
	status := statusOf(it.data)
	name := c.res.Name + " " + it.rec.ID
	if c.e.final[status] {
		return c.errorf(http.StatusConflict, "%s is %s", name, status)
	}
	fl, busy := flightOf(it)
	if busy && fl.Terminal {
		return c.errorf(http.StatusConflict, "%s is %s: %s (job %s) is under way and cannot be superseded", name, status, fl.Op, fl.Job)
	}
	st := c.op.State
	if st == nil || status == "" {
		return nil
	}
	if busy && fl.Op == c.verb {
		return c.errorf(http.StatusConflict, "%s is already %s (%s, job %s)", name, status, c.verb, fl.Job)
	}
	if len(st.From) > 0 {
		for _, f := range st.From {
			if strings.EqualFold(f, status) {
				return nil
			}
		}
		return c.errorf(http.StatusConflict, "%s is %s; %s needs it to be %s", name, status, c.verb, strings.Join(st.From, " or "))
	}
	if !busy && (strings.EqualFold(status, st.To) || strings.EqualFold(status, st.During)) {
		return c.errorf(http.StatusConflict, "%s is already %s", name, status)
	}
	return nil
}

// startTransition starts the job of an accepted asynchronous operation on
// an existing record: it supersedes the operation in flight, if any (rule
// 3), puts the record in the op's During state and makes the new job its
// flight (rule 2).
func (c *call) startTransition(ctx context.Context, it *item, vals, jobArgs map[string]any) (*Response, error) {
	n, err := c.tx.NextID(ctx, jobKind, 1)
	if err != nil {
		return nil, err
	}
	prev := statusOf(it.data)
	if st := c.op.State; st != nil {
		if fl, busy := flightOf(it); busy {
			if err := c.env.supersede(ctx, c.res.Name, it.rec.ID, fl, c.verb+" (job "+idKey(n)+")"); err != nil {
				return nil, err
			}
			if t := c.e.transitionOf(c.res.Name, fl.Op); t != nil && t.To != "" {
				prev = t.To
			}
		}
		if st.During != "" {
			it.data["status"] = st.During
		}
		setFlight(it, flight{Job: idKey(n), Op: c.verb, Terminal: c.op.Kind == catalog.KindDelete})
	}
	c.touch(it)
	if err := c.e.save(ctx, c.tx, it); err != nil {
		return nil, err
	}
	if jobArgs == nil {
		jobArgs = map[string]any{}
	}
	if prev != "" {
		jobArgs["prevStatus"] = prev
	}
	job, err := c.startJob(ctx, n, it, vals, jobArgs)
	if err != nil {
		return nil, err
	}
	return &Response{Status: http.StatusAccepted, Jobs: []map[string]any{job}}, nil
}

// supersede ends the job of fl, still running, in ERROR: its operation on
// kind id lost to by (rule 3). The caller replaces or clears the record's
// flight.
func (ev *env) supersede(ctx context.Context, kind, id string, fl flight, by string) error {
	job, found, err := loadOwn(ctx, ev.tx, ev.customer, jobKind, fl.Job)
	if err != nil || !found || statusOf(job.data) != jobRunning {
		return err
	}
	return ev.endJob(ctx, job, jobError, fl.Op+" of "+kind+" "+id+" superseded by "+by)
}

// supersedeFlight supersedes whatever is in flight on it (rule 6) and
// clears the flight; the caller saves it.
func (ev *env) supersedeFlight(ctx context.Context, it *item, by string) error {
	fl, busy := flightOf(it)
	if !busy {
		return nil
	}
	clearFlight(it)
	return ev.supersede(ctx, it.rec.Kind, it.rec.ID, fl, by)
}

// errSuperseded is why a job that lost its record's flight ends in ERROR
// without a revert (rule 4).
type errSuperseded struct{ msg string }

func (e *errSuperseded) Error() string { return e.msg }

// owns applies rule 4: whether the job (of st, id jobID) may still apply
// its effect to target, and if not, an *errSuperseded saying why.
func (ev *env) owns(target *item, st *jobState, jobID string) error {
	if st.To == "" {
		return nil // an operation without a transition owns nothing
	}
	if fl, busy := flightOf(target); busy {
		if fl.Job == jobID {
			return nil
		}
		return &errSuperseded{st.Op + " of " + st.Kind + " " + st.ID + " superseded by " + fl.Op + " (job " + fl.Job + ")"}
	}
	t := ev.e.transitionOf(st.Kind, st.Op)
	if t == nil || t.During == "" || strings.EqualFold(statusOf(target.data), t.During) {
		return nil
	}
	return &errSuperseded{st.Op + " of " + st.Kind + " " + st.ID + " superseded: it is " + statusOf(target.data) + " now"}
}

// isSuperseded reports whether err says the job lost its record.
func isSuperseded(err error) (string, bool) {
	var s *errSuperseded
	if errors.As(err, &s) {
		return s.msg, true
	}
	return "", false
}
