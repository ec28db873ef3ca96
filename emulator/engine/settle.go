package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// pending is something that happens at a known time: a job finishing by
// time, or a scheduled terminate/pause of a server.
type pending struct {
	Type string `json:"type"` // "job", "terminate", "pause"
	ID   string `json:"id"`   // job id or server id
	Due  int64  `json:"due"`  // unix ms
}

// Pending events are an index in the store, two records per event under
// the customer (kinds no catalogue resource has, so no route reaches
// them):
//
//   - pendingKind, id "<due, 20 digits>|<type>|<id>", data the event: the
//     ids sort bytewise by due time, so the events due now are the first
//     records of a scan, which stops at the first one not due. Settle, on
//     every request, costs a seek when nothing is due, however many events
//     are pending.
//   - pendingByKind, id "<type>|<id>", data {"due":N}: finds an event's
//     index entry when it is replaced or removed.
//
// Adding, replacing or removing an event touches those two records only.
// A job started with a due time has no by-event entry (insertJobPending):
// its own stored state says its due time (jobState.due), so its index
// entry is found from the job, and a launch writes one index record, not
// two. A job put back by settle (due moved, below) and every scheduled
// event keep the by-event entry.
// (Builds before this index kept one JSON list per customer in the meta
// entry legacyPendingMeta, decoded on every request; settle moves such a
// list into the index at the customer's first writable request.)
const (
	pendingKind   = "engine.pending"
	pendingByKind = "engine.pendingBy"
)

// pendingScanFrom starts a scan of the index at its first entry: every
// index id starts with a digit and "/" sorts just before the digits; being
// no integer, it also spares the SQL stores their pass over integer ids.
const pendingScanFrom = "/"

func (p pending) indexID() string { return fmt.Sprintf("%020d|%s|%s", max(p.Due, 0), p.Type, p.ID) }

func pendingByID(typ, id string) string { return typ + "|" + id }

func legacyPendingMeta(customer int64) string {
	return "engine:pending:" + strconv.FormatInt(customer, 10)
}

// addPending adds (or replaces) the event of that type and id.
func addPending(ctx context.Context, tx store.Tx, customer int64, p pending) error {
	if err := removePending(ctx, tx, customer, p.Type, p.ID); err != nil {
		return err
	}
	return insertPending(ctx, tx, customer, p)
}

// insertPending adds an event that has no entry in the index (one just
// taken out), with its by-event entry. It spares addPending's lookup.
func insertPending(ctx context.Context, tx store.Tx, customer int64, p pending) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if err := tx.Put(ctx, store.Record{Customer: customer, Kind: pendingKind, ID: p.indexID(), Data: data}); err != nil {
		return err
	}
	by := strconv.AppendInt([]byte(`{"due":`), p.Due, 10)
	return tx.Put(ctx, store.Record{Customer: customer, Kind: pendingByKind, ID: pendingByID(p.Type, p.ID), Data: append(by, '}')})
}

// insertJobPending adds the index entry of a new job due at st.due(),
// without a by-event entry: removeJobPending finds the entry from st.
func insertJobPending(ctx context.Context, tx store.Tx, customer int64, id string, st *jobState) error {
	p := pending{Type: "job", ID: id, Due: st.due()}
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return tx.Put(ctx, store.Record{Customer: customer, Kind: pendingKind, ID: p.indexID(), Data: data})
}

// removeJobPending removes the event of the job, if there is one: by its
// by-event entry when it has one (a job settle put back, or one written
// by an older build), else the entry insertJobPending wrote at its
// state's due time. A job without progression state (a seeded one) was
// never indexed by insertJobPending.
func removeJobPending(ctx context.Context, tx store.Tx, job *item, customer int64) error {
	found, err := removeIndexed(ctx, tx, customer, "job", job.rec.ID)
	if found || err != nil {
		return err
	}
	st, err := getJobState(job)
	if err != nil {
		return nil
	}
	due := st.due()
	if due <= 0 {
		return nil // never indexed: decided by polls
	}
	return deleteIgnoringMissing(tx.Delete(ctx, customer, pendingKind, pending{Type: "job", ID: job.rec.ID, Due: due}.indexID()))
}

// removePending removes the event of that type and id, if there is one.
func removePending(ctx context.Context, tx store.Tx, customer int64, typ, id string) error {
	_, err := removeIndexed(ctx, tx, customer, typ, id)
	return err
}

// removeIndexed removes the event of that type and id that has a by-event
// entry, if there is one; found tells whether there was.
func removeIndexed(ctx context.Context, tx store.Tx, customer int64, typ, id string) (found bool, _ error) {
	rec, err := tx.Get(ctx, customer, pendingByKind, pendingByID(typ, id))
	if errors.Is(err, store.ErrNotFound) || err == nil && rec.Customer != customer {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var by struct{ Due int64 }
	if err := json.Unmarshal(rec.Data, &by); err != nil {
		return true, fmt.Errorf("engine: pending index of customer %d is corrupt: %w", customer, err)
	}
	if err := tx.Delete(ctx, customer, pendingByKind, rec.ID); err != nil {
		return true, err
	}
	return true, deleteIgnoringMissing(tx.Delete(ctx, customer, pendingKind, pending{Type: typ, ID: id, Due: by.Due}.indexID()))
}

// dequeue takes out an event read from the index itself (duePending): its
// due time is known, so both entries go without removePending's lookup (a
// job's by-event entry may not exist: insertJobPending).
func dequeue(ctx context.Context, tx store.Tx, customer int64, p pending) error {
	if err := deleteIgnoringMissing(tx.Delete(ctx, customer, pendingByKind, pendingByID(p.Type, p.ID))); err != nil {
		return err
	}
	return deleteIgnoringMissing(tx.Delete(ctx, customer, pendingKind, p.indexID()))
}

// deleteIgnoringMissing is a Delete's error, none when there was nothing
// to delete.
func deleteIgnoringMissing(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// duePending returns the customer's events due at now (unix ms), in due
// order, reading no further than the first event that is not due.
func duePending(ctx context.Context, tx store.Tx, customer, now int64) ([]pending, error) {
	var due []pending
	var failed error
	err := tx.Scan(ctx, store.Filter{Customer: customer, Kind: pendingKind, AfterID: pendingScanFrom}, func(rec store.Record) bool {
		if rec.Customer != customer {
			return true // another customer's (the global area's) events are not this one's
		}
		var p pending
		if failed = json.Unmarshal(rec.Data, &p); failed != nil {
			failed = fmt.Errorf("engine: pending index of customer %d is corrupt: %w", customer, failed)
			return false
		}
		if p.Due > now {
			return false
		}
		due = append(due, p)
		return true
	})
	if err == nil {
		err = failed
	}
	return due, err
}

// migrateLegacyPending moves a pending list written by an older build into
// the index.
func migrateLegacyPending(ctx context.Context, tx store.Tx, customer int64) error {
	b, ok, err := tx.GetMeta(ctx, legacyPendingMeta(customer))
	if err != nil || !ok || len(b) == 0 {
		return err
	}
	var list []pending
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("engine: pending list of customer %d is corrupt: %w", customer, err)
	}
	for _, p := range list {
		if err := addPending(ctx, tx, customer, p); err != nil {
			return err
		}
	}
	return tx.PutMeta(ctx, legacyPendingMeta(customer), nil)
}

// settle takes the due events out of the index first, then applies them in
// due order; a job that is (by rounding) not yet finished goes back in.
func (e *Engine) settle(ctx context.Context, tx store.Tx, customer int64) error {
	if err := migrateLegacyPending(ctx, tx, customer); err != nil {
		return err
	}
	now := e.now()
	due, err := duePending(ctx, tx, customer, now.UnixMilli())
	if err != nil || len(due) == 0 {
		return err
	}
	unindexed := make(map[string]bool, len(due))
	for _, p := range due {
		if err := dequeue(ctx, tx, customer, p); err != nil {
			return err
		}
		unindexed[pendingByID(p.Type, p.ID)] = true
	}
	ev := &env{e: e, tx: tx, customer: customer, user: -1, now: now, unindexed: unindexed}
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
	delete(ev.unindexed, pendingByID(p.Type, p.ID))
	return insertPending(ctx, ev.tx, ev.customer, p)
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

// dueRange is the id range of the pending index (store.ItemRead's Due)
// holding the events due at now (unix ms): ids sort by due time, and
// every id of an event due at now or before sorts before now+1's digits.
func dueRange(now int64) (after, before string) {
	var buf [20]byte
	digits := strconv.AppendInt(buf[:0], max(now+1, 0), 10)
	zeros := "00000000000000000000"[:max(20-len(digits), 0)]
	return pendingScanFrom, zeros + string(digits)
}
