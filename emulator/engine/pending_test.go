package engine_test

import (
	"context"
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
		if len(index) != 2 {
			t.Fatalf("index of one pending job: %d records", len(index))
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
