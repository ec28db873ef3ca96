package engine_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// scanCounter wraps a transaction and counts the records its scans visit
// per kind.
type scanCounter struct {
	store.Tx
	visits map[string]int
}

func (c *scanCounter) Scan(ctx context.Context, f store.Filter, fn func(store.Record) bool) error {
	return c.Tx.Scan(ctx, f, func(r store.Record) bool {
		c.visits[f.Kind]++
		return fn(r)
	})
}

// internalVisits sums the visits of kinds no catalogue resource has (the
// engine's own bookkeeping, such as the pending index).
func (h *harness) internalVisits(c *scanCounter) int {
	n := 0
	for kind, v := range c.visits {
		if _, ok := h.cat.Resource(kind); !ok {
			n += v
		}
	}
	return n
}

// TestPendingJobsCostWhatIsDue: with 300 jobs pending, deciding that
// nothing is due reads one index entry, settling k due jobs reads k+1 and
// completes exactly those, in due order, and the rest stay pending.
func TestPendingJobsCostWhatIsDue(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const jobs, due = 300, 50
	var ids []string
	for i := range jobs {
		// Due times 1s, 2s, … apart, created in reverse so that due order
		// differs from id order.
		h.setMode("Volume", engine.JobMode{Mode: "duration", Duration: time.Duration(jobs-i) * time.Second})
		resp := h.must(202, req{resource: "Volume", kind: "create", verb: "addVolume", body: addVolumeBody})
		ids = append(ids, jobID(t, resp))
	}
	ctx := context.Background()
	check := func(wantDue bool, wantVisits int) {
		t.Helper()
		err := h.st.View(ctx, func(tx store.Tx) error {
			c := &scanCounter{Tx: tx, visits: map[string]int{}}
			got, err := h.eng.SettleDue(ctx, c, custA)
			if err != nil {
				return err
			}
			if got != wantDue || h.internalVisits(c) != wantVisits {
				t.Errorf("SettleDue: due %v after %d index reads, want %v after %d", got, h.internalVisits(c), wantDue, wantVisits)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	check(false, 1)
	h.clock.advance(time.Duration(due)*time.Second + 500*time.Millisecond)
	check(true, 1)
	err := h.st.Update(ctx, func(tx store.Tx) error {
		c := &scanCounter{Tx: tx, visits: map[string]int{}}
		if err := h.eng.Settle(ctx, c, custA); err != nil {
			return err
		}
		if n := h.internalVisits(c); n != due+1 {
			t.Errorf("settling %d due jobs read %d index entries, want %d", due, n, due+1)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	check(false, 1)
	for i, id := range ids {
		status := h.get(custA, "Job", id)["status"]
		if settled := i >= jobs-due; settled != (status == "COMPLETE") {
			t.Fatalf("volume %d (job due after %ds): status %v", i, jobs-i, status)
		}
	}
	// Customer B's index is its own.
	err = h.st.View(ctx, func(tx store.Tx) error {
		due, err := h.eng.SettleDue(ctx, tx, custB)
		if due {
			t.Error("customer B has something due")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLegacyPendingListIsMigrated: a pending list in the meta entry older
// builds kept is moved into the index at the customer's next writable
// request, and its jobs finish when due.
func TestLegacyPendingListIsMigrated(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setMode("Volume", engine.JobMode{Mode: "duration", Duration: 5 * time.Second})
	job := jobID(t, h.must(202, req{resource: "Volume", kind: "create", verb: "addVolume", body: addVolumeBody}))
	ctx := context.Background()
	err := h.st.Update(ctx, func(tx store.Tx) error {
		// Rewrite the index entry as an older build stored it.
		var index []store.Record
		for _, kind := range []string{"engine.pending", "engine.pendingBy"} {
			err := tx.Scan(ctx, store.Filter{Customer: custA, Kind: kind}, func(r store.Record) bool {
				index = append(index, r)
				return true
			})
			if err != nil {
				return err
			}
		}
		if len(index) != 1 {
			t.Fatalf("index of one pending job: %d records, want 1 (no by-event entry)", len(index))
		}
		for _, r := range index {
			if err := tx.Delete(ctx, r.Customer, r.Kind, r.ID); err != nil {
				return err
			}
		}
		due := h.clock.now().Add(5 * time.Second).UnixMilli()
		return tx.PutMeta(ctx, "engine:pending:1", []byte(`[{"type":"job","id":"`+job+`","due":`+strconv.FormatInt(due, 10)+`}]`))
	})
	if err != nil {
		t.Fatal(err)
	}
	h.clock.advance(6 * time.Second)
	if s := h.get(custA, "Job", job)["status"]; s != "COMPLETE" {
		t.Fatalf("job of the legacy list: %v after its due time", s)
	}
	err = h.st.View(ctx, func(tx store.Tx) error {
		b, _, err := tx.GetMeta(ctx, "engine:pending:1")
		if len(b) != 0 {
			t.Errorf("legacy list left behind: %s", b)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// getCounter is a store whose Updates count the Gets of each kind.
type getCounter struct {
	store.Store
	gets map[string]int
}

type getCountingTx struct {
	store.Tx
	gets map[string]int
}

func (s *getCounter) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(getCountingTx{tx, s.gets}) })
}

func (t getCountingTx) Get(ctx context.Context, customer int64, kind, id string) (store.Record, error) {
	t.gets[kind]++
	return t.Tx.Get(ctx, customer, kind, id)
}

// indexSize counts the pending index's records of the customer (both kinds).
func (h *harness) indexSize(customer int64) int {
	ctx := context.Background()
	n := 0
	err := h.st.View(ctx, func(tx store.Tx) error {
		for _, kind := range []string{"engine.pending", "engine.pendingBy"} {
			err := tx.Scan(ctx, store.Filter{Customer: customer, Kind: kind}, func(r store.Record) bool {
				if r.Customer == customer {
					n++
				}
				return true
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return n
}

// TestPendingIndexWithoutLookups: starting a job writes its index entry
// without looking for an older one (a new job has none), and settling due
// jobs takes their entries out by what the index itself says, so neither
// reads the by-event side of the index; a job finished otherwise (by
// polls) still leaves no entry behind.
func TestPendingIndexWithoutLookups(t *testing.T) {
	t.Parallel()
	counter := &getCounter{Store: store.NewMemory(), gets: map[string]int{}}
	h := newHarnessOver(t, catalogCopy(t), counter)
	lookups := func(what string) {
		t.Helper()
		if n := counter.gets["engine.pendingBy"]; n != 0 {
			t.Errorf("%s: %d lookups in the pending index, want none", what, n)
		}
		clear(counter.gets)
	}
	h.setMode("Volume", engine.JobMode{Mode: "duration", Duration: 5 * time.Second})
	var jobs []string
	for range 3 {
		jobs = append(jobs, jobID(t, h.must(202, req{resource: "Volume", kind: "create", verb: "addVolume", body: addVolumeBody})))
	}
	lookups("three launches")
	if n := h.indexSize(custA); n != 3 {
		t.Fatalf("index of three pending jobs: %d records, want 3 (no by-event entries)", n)
	}
	h.clock.advance(6 * time.Second)
	h.must(200, req{resource: "Volume", kind: "list"}) // settles, in a writable transaction
	lookups("settling three due jobs")
	for _, id := range jobs {
		if s := h.get(custA, "Job", id)["status"]; s != "COMPLETE" {
			t.Errorf("job %s: %v after its due time", id, s)
		}
	}
	if n := h.indexSize(custA); n != 0 {
		t.Errorf("index after settling every job: %d records left", n)
	}
	h.setMode("Volume", engine.JobMode{Mode: "immediate"})
	h.must(202, req{resource: "Volume", kind: "create", verb: "addVolume", body: addVolumeBody})
	lookups("an immediate launch")
	// A job of the default mode is due in 10 s but finishes by two polls.
	h.setMode("Volume", engine.JobMode{})
	polled := jobID(t, h.must(202, req{resource: "Volume", kind: "create", verb: "addVolume", body: addVolumeBody}))
	h.finishByPolls(polled, 1, 2)
}

// finishByPolls checks the customer's pending index holds entries records,
// polls the job until it is COMPLETE (polls GETs, then one more) and
// checks the index is empty then.
func (h *harness) finishByPolls(job string, entries, polls int) {
	h.t.Helper()
	if n := h.indexSize(custA); n != entries {
		h.t.Fatalf("index of one pending job: %d records, want %d", n, entries)
	}
	for range polls {
		h.get(custA, "Job", job)
	}
	if s := h.get(custA, "Job", job)["status"]; s != "COMPLETE" {
		h.t.Fatalf("job finished by polls: %v", s)
	}
	if n := h.indexSize(custA); n != 0 {
		h.t.Errorf("index after a job finished by polls: %d records left", n)
	}
}

// TestPendingJobOfOlderLayoutFinishedByPolls: a job whose index entry has
// a by-event entry (as older builds wrote for every job, and settle still
// writes for a job it puts back) leaves neither behind when polls finish
// it; the by-event entry is how its entry is found, whatever its due time.
func TestPendingJobOfOlderLayoutFinishedByPolls(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	job := jobID(t, h.must(202, req{resource: "Volume", kind: "create", verb: "addVolume", body: addVolumeBody}))
	ctx := context.Background()
	err := h.st.Update(ctx, func(tx store.Tx) error {
		var entry store.Record
		err := tx.Scan(ctx, store.Filter{Customer: custA, Kind: "engine.pending"}, func(r store.Record) bool {
			entry = r
			return false
		})
		if err != nil {
			return err
		}
		// Move the entry to another due time, as settle's put-back does,
		// with the by-event entry saying where it is.
		if err := tx.Delete(ctx, custA, entry.Kind, entry.ID); err != nil {
			return err
		}
		due := h.clock.now().Add(time.Hour).UnixMilli()
		moved := fmt.Sprintf("%020d|job|%s", due, job)
		if err := tx.Put(ctx, store.Record{Customer: custA, Kind: "engine.pending", ID: moved, Data: []byte(fmt.Sprintf(`{"type":"job","id":%q,"due":%d}`, job, due))}); err != nil {
			return err
		}
		return tx.Put(ctx, store.Record{Customer: custA, Kind: "engine.pendingBy", ID: "job|" + job, Data: []byte(fmt.Sprintf(`{"due":%d}`, due))})
	})
	if err != nil {
		t.Fatal(err)
	}
	h.finishByPolls(job, 2, 2) // the entry and its by-event entry
}
