package sqlite

import (
	"context"
	"errors"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// TestUpdatesRememberSequences: NextID goes on from the value the Batcher
// remembers while nothing else could have moved the counter, and reads
// the counter again as soon as something could: another connection's
// commit, an undone Update that took an id, a Reset. Whichever way, the
// ids are those of base.NextSequence's rule and the database holds the
// last one handed out.
func TestUpdatesRememberSequences(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, other := openTwice(t)
	next := func(s *Store, what string, floor, want int64) {
		t.Helper()
		err := s.Update(ctx, func(tx store.Tx) error {
			got, err := tx.NextID(ctx, "Server", floor)
			if err == nil && got != want {
				t.Errorf("%s: NextID = %d, want %d", what, got, want)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	stored := func(what string, want int64) {
		t.Helper()
		var v int64
		if err := st.reader.QueryRowContext(ctx, `SELECT last_value FROM sequences WHERE name = 'Server'`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != want {
			t.Errorf("%s: stored last value %d, want %d", what, v, want)
		}
	}
	next(st, "first", 1, 1)
	next(st, "second", 1, 2)
	stored("second", 2)

	// A change on the writer connection itself, outside any Update, is
	// invisible to the generations: the next id comes from the remembered
	// value, which proves NextID did not read the counter.
	if _, err := st.w.Exec(ctx, `UPDATE sequences SET last_value = 100 WHERE name = 'Server'`); err != nil {
		t.Fatal(err)
	}
	next(st, "remembered", 1, 3)
	next(st, "remembered, with a floor", 10, 10)
	stored("remembered", 10)

	next(other, "another connection", 1, 11)
	next(st, "after another connection's commit", 1, 12)

	err := st.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.NextID(ctx, "Server", 1); err != nil {
			return err
		}
		return errors.New("undo")
	})
	if err == nil {
		t.Fatal("the failing Update succeeded")
	}
	next(st, "after an undone id", 1, 13)
	stored("after an undone id", 13)
	if err := st.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	next(st, "after a reset", 1, 1)
}
