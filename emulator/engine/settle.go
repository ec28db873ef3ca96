package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// pending is something that happens at a known time: a job finishing by
// time, or a scheduled terminate/pause of a server. The list of a
// customer's pending events lives in one meta value so that Settle, which
// runs on every request, costs one read when nothing is due.
type pending struct {
	Type string `json:"type"` // "job", "terminate", "pause"
	ID   string `json:"id"`   // job id or server id
	Due  int64  `json:"due"`  // unix ms
}

func pendingMeta(customer int64) string { return "engine:pending:" + strconv.FormatInt(customer, 10) }

func readPending(ctx context.Context, tx store.Tx, customer int64) ([]pending, error) {
	b, ok, err := tx.GetMeta(ctx, pendingMeta(customer))
	if err != nil || !ok || len(b) == 0 {
		return nil, err
	}
	var list []pending
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("engine: pending list of customer %d is corrupt: %w", customer, err)
	}
	return list, nil
}

func writePending(ctx context.Context, tx store.Tx, customer int64, list []pending) error {
	sort.Slice(list, func(i, j int) bool { return list[i].Due < list[j].Due })
	if list == nil {
		list = []pending{}
	}
	b, err := json.Marshal(list)
	if err != nil {
		return err
	}
	return tx.PutMeta(ctx, pendingMeta(customer), b)
}

// addPending adds (or replaces) the event of that type and id.
func addPending(ctx context.Context, tx store.Tx, customer int64, p pending) error {
	list, err := readPending(ctx, tx, customer)
	if err != nil {
		return err
	}
	out := list[:0]
	for _, q := range list {
		if q.Type != p.Type || q.ID != p.ID {
			out = append(out, q)
		}
	}
	return writePending(ctx, tx, customer, append(out, p))
}

func removePending(ctx context.Context, tx store.Tx, customer int64, typ, id string) error {
	list, err := readPending(ctx, tx, customer)
	if err != nil || len(list) == 0 {
		return err
	}
	out := list[:0]
	for _, q := range list {
		if q.Type != typ || q.ID != id {
			out = append(out, q)
		}
	}
	if len(out) == len(list) {
		return nil
	}
	return writePending(ctx, tx, customer, out)
}

// settle takes the due events off the list first, then applies them in due
// order; a job that is (by rounding) not yet finished goes back on the list.
func (e *Engine) settle(ctx context.Context, tx store.Tx, customer int64) error {
	list, err := readPending(ctx, tx, customer)
	if err != nil || len(list) == 0 {
		return err
	}
	now := e.now()
	var due, rest []pending
	for _, p := range list {
		if p.Due <= now.UnixMilli() {
			due = append(due, p)
		} else {
			rest = append(rest, p)
		}
	}
	if len(due) == 0 {
		return nil
	}
	if err := writePending(ctx, tx, customer, rest); err != nil {
		return err
	}
	sort.SliceStable(due, func(i, j int) bool { return due[i].Due < due[j].Due })
	ev := &env{e: e, tx: tx, customer: customer, user: -1, now: now}
	for _, p := range due {
		var err error
		if p.Type == "job" {
			err = ev.settleJob(ctx, p)
		} else {
			err = ev.fireSchedule(ctx, p)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (ev *env) settleJob(ctx context.Context, p pending) error {
	job, found, err := loadOwn(ctx, ev.tx, ev.customer, jobKind, p.ID)
	if err != nil || !found || statusOf(job.data) != jobRunning {
		return err
	}
	st, err := getJobState(job)
	if err != nil {
		return err
	}
	if done, failed := st.decide(ev.now); done {
		return ev.finishJob(ctx, job, st, failed, "")
	}
	p.Due = ev.now.UnixMilli() + 1
	return addPending(ctx, ev.tx, ev.customer, p)
}

// schedule handles Server DELETE with terminateAfter=<ms> or pauseAfter=<ms>
// (spec §8): the server shows the time as terminateAfter/pauseAfter and the
// action happens when due (in Settle; at once when the delay is 0). done is
// false when neither parameter was given.
func (c *call) schedule(ctx context.Context, it *item, params map[string]any) (done bool, err error) {
	for _, typ := range []string{"terminate", "pause"} {
		ms, ok := params[typ+"After"].(int64)
		if !ok {
			continue
		}
		if ms < 0 {
			return true, c.errorf(http.StatusBadRequest, "query parameter %sAfter: want milliseconds >= 0, got %d", typ, ms)
		}
		if s := statusOf(it.data); s == "TERMINATED" {
			return true, c.errorf(http.StatusConflict, "Server %s is TERMINATED", it.rec.ID)
		}
		at := c.now.Add(time.Duration(ms) * time.Millisecond)
		it.data[typ+"After"] = FormatTime(at)
		it.internal[typ+"At"] = at.UnixMilli()
		if err := c.e.save(ctx, c.tx, it); err != nil {
			return true, err
		}
		p := pending{Type: typ, ID: it.rec.ID, Due: at.UnixMilli()}
		if ms == 0 {
			if err := c.env.fireSchedule(ctx, p); err != nil {
				return true, err
			}
			continue
		}
		if err := addPending(ctx, c.tx, c.customer, p); err != nil {
			return true, err
		}
		done = true
	}
	return done || params["terminateAfter"] != nil || params["pauseAfter"] != nil, nil
}

// fireSchedule applies a due scheduled terminate or pause unless it was
// rescheduled meanwhile or the server is gone (transition.go, rule 6): a
// scheduled terminate supersedes the operation in flight, unless that is
// a terminate already; a scheduled pause only pauses a RUNNING server with
// nothing in flight.
func (ev *env) fireSchedule(ctx context.Context, p pending) error {
	srv, found, err := loadOwn(ctx, ev.tx, ev.customer, "Server", p.ID)
	if err != nil || !found {
		return err
	}
	at, _ := asInt(srv.internal[p.Type+"At"])
	if at != p.Due {
		return nil
	}
	delete(srv.internal, p.Type+"At")
	status := statusOf(srv.data)
	fl, busy := flightOf(srv)
	switch {
	case ev.e.final[status], busy && fl.Terminal:
	case p.Type == "terminate":
		if err := ev.supersedeFlight(ctx, srv, "the scheduled terminate"); err != nil {
			return err
		}
		srv.data["status"] = "TERMINATED"
		if err := finishTerminate(ctx, ev, srv, nil); err != nil {
			return err
		}
	case p.Type == "pause" && status == "RUNNING" && !busy:
		srv.data["status"] = "PAUSED"
		if err := finishPause(ctx, ev, srv, nil); err != nil {
			return err
		}
	}
	return ev.e.save(ctx, ev.tx, srv)
}
