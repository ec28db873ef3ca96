package storetest

import (
	"errors"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

var sequenceCases = []suiteCase{
	{"NextIDFloor", func(t *testing.T, s store.Store) {
		steps := []struct {
			seq   string
			floor int64
			want  int64
		}{
			{"Server", 1, 1},
			{"Server", 1, 2},
			{"Server", 0, 3},
			{"Server", 100, 100}, // the seed loader moving past seeded ids
			{"Server", 1, 101},
			{"Server", 50, 102}, // a floor below the sequence never moves it back
			{"Volume", 1, 1},    // sequences are independent
			{"Volume", -5, 2},
		}
		for _, st := range steps {
			if got := nextID(t, s, st.seq, st.floor); got != st.want {
				t.Errorf("NextID(%s, %d) = %d, want %d", st.seq, st.floor, got, st.want)
			}
		}
	}},
	{"NextIDExhausted", func(t *testing.T, s store.Store) {
		const top = 1<<63 - 1
		if got := nextID(t, s, "Huge", top); got != top {
			t.Fatalf("NextID(Huge, %d) = %d", int64(top), got)
		}
		for range 2 { // and the sequence stays where it is
			err := s.Update(ctxOf(t), func(tx store.Tx) error {
				n, err := tx.NextID(ctxOf(t), "Huge", 1)
				if err == nil {
					t.Errorf("NextID past the largest value = %d, want an error", n)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}},
	{"NextIDWithinOneTransaction", func(t *testing.T, s store.Store) {
		var got []int64
		err := s.Update(ctxOf(t), func(tx store.Tx) error {
			for _, floor := range []int64{1, 1, 10, 1} {
				n, err := tx.NextID(ctxOf(t), "Job", floor)
				if err != nil {
					return err
				}
				got = append(got, n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []int64{1, 2, 10, 11}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("NextID in one transaction = %v, want %v", got, want)
			}
		}
		if n := nextID(t, s, "Job", 1); n != 12 {
			t.Errorf("NextID in the next transaction = %d, want 12", n)
		}
	}},
	{"NextIDRolledBack", func(t *testing.T, s store.Store) {
		nextID(t, s, "Server", 1)
		errBoom := errors.New("boom")
		err := s.Update(ctxOf(t), func(tx store.Tx) error {
			if _, err := tx.NextID(ctxOf(t), "Server", 1); err != nil {
				return err
			}
			return errBoom
		})
		if !errors.Is(err, errBoom) {
			t.Fatalf("update = %v, want fn's error", err)
		}
		// The rolled-back id was never used, so handing it out again is safe.
		if n := nextID(t, s, "Server", 1); n != 2 {
			t.Errorf("NextID after rollback = %d, want 2", n)
		}
	}},
}
