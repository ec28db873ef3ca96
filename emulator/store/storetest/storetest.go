// Package storetest is the behaviour every store.Store implementation must
// have, as one suite: each implementation's tests call Run (and RunDurable
// when the store persists), so the memory, SQLite and Postgres stores
// (emulator/store and its sub-packages sqlite and postgres) stay
// interchangeable:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { return openEmpty(t) })
//	}
//
// Bench measures the same operations on each, for comparison.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// Open returns a new, empty store; the suite closes it (Close must be
// idempotent: one case closes the store itself).
type Open func(t *testing.T) store.Store

// Reopener opens one persistent store again and again (each call a fresh
// handle on the same data). It is made per test by a MakeReopener.
type Reopener func() (store.Store, error)

// MakeReopener prepares an empty persistent store location for one test.
type MakeReopener func(t *testing.T) Reopener

type suiteCase struct {
	name string
	run  func(t *testing.T, s store.Store)
}

// Run runs the behaviour suite, each case in parallel on its own store.
func Run(t *testing.T, open Open) {
	t.Helper()
	cases := [][]suiteCase{recordCases, scanCases, sequenceCases, transactionCases, concurrencyCases, inputCases, itemCases}
	for _, group := range cases {
		for _, c := range group {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				s := open(t)
				t.Cleanup(func() {
					if err := s.Close(); err != nil {
						t.Errorf("close: %v", err)
					}
				})
				c.run(t, s)
			})
		}
	}
}

// Helpers shared by the cases.

func ctxOf(t *testing.T) context.Context { return t.Context() }

// rec builds a record whose Data names its key, so a mix-up is visible.
func rec(customer int64, kind, id string) store.Record {
	return store.Record{
		Customer: customer, Kind: kind, ID: id,
		Data: fmt.Appendf(nil, `{"id":%q,"customer":%d}`, id, customer),
	}
}

func put(t *testing.T, s store.Store, recs ...store.Record) {
	t.Helper()
	err := s.Update(ctxOf(t), func(tx store.Tx) error {
		for _, r := range recs {
			if err := tx.Put(ctxOf(t), r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("put: %v", err)
	}
}

func get(t *testing.T, s store.Store, customer int64, kind, id string) (store.Record, error) {
	t.Helper()
	var r store.Record
	err := s.View(ctxOf(t), func(tx store.Tx) error {
		var err error
		r, err = tx.Get(ctxOf(t), customer, kind, id)
		return err
	})
	return r, err
}

func mustGet(t *testing.T, s store.Store, customer int64, kind, id string) store.Record {
	t.Helper()
	r, err := get(t, s, customer, kind, id)
	if err != nil {
		t.Fatalf("get %d/%s/%s: %v", customer, kind, id, err)
	}
	return r
}

func wantNotFound(t *testing.T, s store.Store, customer int64, kind, id string) {
	t.Helper()
	if r, err := get(t, s, customer, kind, id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("get %d/%s/%s = %+v, %v; want ErrNotFound", customer, kind, id, r, err)
	}
}

// scanIDs returns "customer/id" for each record Scan visits.
func scanIDs(t *testing.T, s store.Store, f store.Filter) []string {
	t.Helper()
	var got []string
	err := s.View(ctxOf(t), func(tx store.Tx) error {
		return tx.Scan(ctxOf(t), f, func(r store.Record) bool {
			got = append(got, fmt.Sprintf("%d/%s", r.Customer, r.ID))
			return true
		})
	})
	if err != nil {
		t.Fatalf("scan %+v: %v", f, err)
	}
	return got
}

func count(t *testing.T, s store.Store, f store.Filter) int {
	t.Helper()
	var n int
	err := s.View(ctxOf(t), func(tx store.Tx) error {
		var err error
		n, err = tx.Count(ctxOf(t), f)
		return err
	})
	if err != nil {
		t.Fatalf("count %+v: %v", f, err)
	}
	return n
}

func nextID(t *testing.T, s store.Store, seq string, floor int64) int64 {
	t.Helper()
	var n int64
	err := s.Update(ctxOf(t), func(tx store.Tx) error {
		var err error
		n, err = tx.NextID(ctxOf(t), seq, floor)
		return err
	})
	if err != nil {
		t.Fatalf("next id %s floor %d: %v", seq, floor, err)
	}
	return n
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// at is a fixed instant plus d, for timestamps a store must keep.
func at(d time.Duration) time.Time {
	return time.Date(2014, 3, 7, 12, 0, 0, 123456789, time.UTC).Add(d)
}
