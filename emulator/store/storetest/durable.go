package storetest

import (
	"bytes"
	"errors"
	"strconv"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// RunDurable runs the cases that close and reopen a persistent store.
func RunDurable(t *testing.T, prepare MakeReopener) {
	t.Helper()
	for _, c := range durableCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, prepare(t))
		})
	}
}

type durableCase struct {
	name string
	run  func(t *testing.T, reopen Reopener)
}

func mustOpen(t *testing.T, reopen Reopener) store.Store {
	t.Helper()
	s, err := reopen()
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return s
}

func mustClose(t *testing.T, s store.Store) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
}

var durableCases = []durableCase{
	{"ReopenKeepsEverything", func(t *testing.T, reopen Reopener) {
		s := mustOpen(t, reopen)
		var recs []store.Record
		for i := range 30 {
			recs = append(recs, rec(int64(i%3), "Server", strconv.Itoa(i)))
		}
		first := rec(1, "Volume", "vol-a")
		first.Internal = []byte(`{"polls":2}`)
		first.Created, first.Updated = at(0), at(1)
		recs = append(recs, first)
		put(t, s, recs...)
		nextID(t, s, "Server", 500)
		err := s.Update(ctxOf(t), func(tx store.Tx) error { return tx.PutMeta(ctxOf(t), "jobMode", []byte(`"polls"`)) })
		if err != nil {
			t.Fatal(err)
		}
		wantScan := scanIDs(t, s, store.Filter{Customer: 1, Kind: "Server"})
		mustClose(t, s)

		s = mustOpen(t, reopen)
		defer mustClose(t, s)
		if got := scanIDs(t, s, store.Filter{Customer: 1, Kind: "Server"}); !equalStrings(got, wantScan) {
			t.Errorf("scan after reopen = %v, want %v", got, wantScan)
		}
		got := mustGet(t, s, 1, "Volume", "vol-a")
		if !bytes.Equal(got.Data, first.Data) || !bytes.Equal(got.Internal, first.Internal) ||
			!got.Created.Equal(first.Created) || !got.Updated.Equal(first.Updated) {
			t.Errorf("record after reopen = %+v, want %+v", got, first)
		}
		if n := nextID(t, s, "Server", 1); n != 501 {
			t.Errorf("NextID after reopen = %d, want 501", n)
		}
		_ = s.View(ctxOf(t), func(tx store.Tx) error {
			v, ok, err := tx.GetMeta(ctxOf(t), "jobMode")
			if err != nil || !ok || string(v) != `"polls"` {
				t.Errorf("meta after reopen = %q, %v, %v", v, ok, err)
			}
			return nil
		})
	}},
	{"ReopenAfterReset", func(t *testing.T, reopen Reopener) {
		s := mustOpen(t, reopen)
		put(t, s, rec(1, "Server", "1"))
		nextID(t, s, "Server", 9)
		if err := s.Reset(ctxOf(t)); err != nil {
			t.Fatal(err)
		}
		mustClose(t, s)
		s = mustOpen(t, reopen)
		defer mustClose(t, s)
		wantNotFound(t, s, 1, "Server", "1")
		if n := nextID(t, s, "Server", 1); n != 1 {
			t.Errorf("NextID after reset and reopen = %d, want 1", n)
		}
	}},
	{"RolledBackNotPersisted", func(t *testing.T, reopen Reopener) {
		s := mustOpen(t, reopen)
		put(t, s, rec(1, "Server", "1"))
		_ = s.Update(ctxOf(t), func(tx store.Tx) error {
			if err := tx.Put(ctxOf(t), rec(1, "Server", "2")); err != nil {
				return err
			}
			return errors.New("roll back")
		})
		mustClose(t, s)
		s = mustOpen(t, reopen)
		defer mustClose(t, s)
		mustGet(t, s, 1, "Server", "1")
		wantNotFound(t, s, 1, "Server", "2")
	}},
	{"TwoHandlesShareOneStore", func(t *testing.T, reopen Reopener) {
		// Two handles on one store behave like two processes (the CLI's
		// --local commands may overlap): writes serialise, none is lost.
		a, b := mustOpen(t, reopen), mustOpen(t, reopen)
		defer mustClose(t, a)
		defer mustClose(t, b)
		put(t, a, store.Record{Customer: 1, Kind: "Counter", ID: "c", Data: []byte(`0`)})
		const rounds = 25
		done := make(chan error, 2)
		for _, s := range []store.Store{a, b} {
			go func() {
				for range rounds {
					if err := increment(t, s); err != nil {
						done <- err
						return
					}
				}
				done <- nil
			}()
		}
		for range 2 {
			if err := <-done; err != nil {
				t.Fatalf("increment: %v", err)
			}
		}
		if r := mustGet(t, b, 1, "Counter", "c"); string(r.Data) != strconv.Itoa(2*rounds) {
			t.Errorf("counter = %s after %d increments from two handles", r.Data, 2*rounds)
		}
	}},
}

// increment adds one to the counter record in one Update.
func increment(t *testing.T, s store.Store) error {
	return s.Update(ctxOf(t), func(tx store.Tx) error {
		r, err := tx.Get(ctxOf(t), 1, "Counter", "c")
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(string(r.Data))
		if err != nil {
			return err
		}
		r.Data = strconv.AppendInt(nil, int64(n+1), 10)
		return tx.Put(ctxOf(t), r)
	})
}
