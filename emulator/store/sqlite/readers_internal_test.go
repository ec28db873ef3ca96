package sqlite

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// TestReaderPool checks the Views' pinned connections: never more than the
// pool's size however many Views run at once, a View that panics does not
// leave its connection (and its open read transaction) in the pool, and
// every View sees the commits made before it began.
func TestReaderPool(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "pool.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	put := func(v string) {
		t.Helper()
		if err := s.Update(ctx, func(tx store.Tx) error { return tx.PutMeta(ctx, "v", []byte(v)) }); err != nil {
			t.Fatal(err)
		}
	}
	read := func() string {
		t.Helper()
		var got []byte
		if err := s.View(ctx, func(tx store.Tx) error {
			var err error
			got, _, err = tx.GetMeta(ctx, "v")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return string(got)
	}
	put("1")
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the View's panic did not reach its caller")
			}
		}()
		_ = s.View(ctx, func(tx store.Tx) error {
			if _, _, err := tx.GetMeta(ctx, "v"); err != nil {
				return err
			}
			panic("fn fails")
		})
	}()
	// A connection kept in a read transaction would show "1" forever.
	for i, v := range []string{"2", "3"} {
		put(v)
		var wg sync.WaitGroup
		for range 4 * s.readers.max {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if got := read(); got != v {
					t.Errorf("round %d: a View read %q, want %q", i, got, v)
				}
			}()
		}
		wg.Wait()
	}
	s.readers.mu.Lock()
	pinned := len(s.readers.all)
	s.readers.mu.Unlock()
	if pinned > s.readers.max || pinned == 0 {
		t.Fatalf("%d connections pinned, want 1..%d", pinned, s.readers.max)
	}
}
