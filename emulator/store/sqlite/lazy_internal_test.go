package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// currentFile returns a database file whose schema is current and that
// holds a meta value "seeded" and a record (customer 1, Server, id 1),
// closed again.
func currentFile(t testing.TB) string {
	t.Helper()
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update(ctx, func(tx store.Tx) error {
		if err := tx.Put(ctx, store.Record{Customer: 1, Kind: "Server", ID: "1", Data: []byte(`{"name":"a"}`)}); err != nil {
			return err
		}
		return tx.PutMeta(ctx, "seeded", []byte("1"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// readCurrentFile is what a read-only command asks of a currentFile: a
// View reading the meta value and scanning the kind, and a ReadItem.
func readCurrentFile(ctx context.Context, s *Store) error {
	err := s.View(ctx, func(tx store.Tx) error {
		if _, _, err := tx.GetMeta(ctx, "seeded"); err != nil {
			return err
		}
		return tx.Scan(ctx, store.Filter{Customer: 1, Kind: "Server"}, func(store.Record) bool { return true })
	})
	if err != nil {
		return err
	}
	_, err = s.ReadItem(ctx, store.ItemRead{Customer: 1, Kind: "Server", ID: "1", MetaKey: "seeded"})
	return err
}

// openCountingPins opens a current file (closed with the test) and counts
// the times its writer connection is pinned.
func openCountingPins(t *testing.T) (*Store, *atomic.Int64) {
	t.Helper()
	s, err := Open(currentFile(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	pins := &atomic.Int64{}
	pin := s.w.pin
	s.w.pin = func(ctx context.Context) (pinnedWriter, error) { pins.Add(1); return pin(ctx) }
	return s, pins
}

// Reads of a current file never pin the writer connection; the first
// Update does, once, and later ones reuse it.
func TestWriterPinnedOnFirstUpdate(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, pins := openCountingPins(t)
	if err := readCurrentFile(ctx, s); err != nil {
		t.Fatal(err)
	}
	if s.w.ok || pins.Load() != 0 {
		t.Fatalf("reads pinned the writer (pinned %v, %d pins)", s.w.ok, pins.Load())
	}
	for i := range 3 {
		if err := s.Update(ctx, func(tx store.Tx) error { return tx.PutMeta(ctx, "n", []byte{byte('0' + i)}) }); err != nil {
			t.Fatal(err)
		}
	}
	if !s.w.ok || pins.Load() != 1 {
		t.Fatalf("after 3 Updates: pinned %v, %d pins; want one", s.w.ok, pins.Load())
	}
}

// Concurrent first Updates pin the writer once and all commit.
func TestWriterPinnedOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, pins := openCountingPins(t)
	const n = 16
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			errs[i] = s.Update(ctx, func(tx store.Tx) error {
				return tx.PutMeta(ctx, fmt.Sprint("k", i), []byte("v"))
			})
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if n := pins.Load(); n != 1 {
		t.Errorf("%d pins, want 1", n)
	}
	err := s.View(ctx, func(tx store.Tx) error {
		for i := range n {
			if _, ok, err := tx.GetMeta(ctx, fmt.Sprint("k", i)); err != nil || !ok {
				return fmt.Errorf("k%d: found %v, %v", i, ok, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A writer that cannot be opened fails the Update with an error naming
// the file, leaves nothing written, and the next Update tries again.
func TestWriterOpenFailureNamesFileAndRetries(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path := currentFile(t)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pin := s.w.pin
	refused := errors.New("refused for the test")
	s.w.pin = func(context.Context) (pinnedWriter, error) { return nil, refused }
	err = s.Update(ctx, func(tx store.Tx) error { return tx.PutMeta(ctx, "k", []byte("v")) })
	if !errors.Is(err, refused) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Update = %v, want the pin error naming %s", err, path)
	}
	s.w.pin = pin
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.PutMeta(ctx, "k", []byte("v")) }); err != nil {
		t.Fatalf("the Update after a failed pin: %v", err)
	}
	var v []byte
	if err := s.View(ctx, func(tx store.Tx) (err error) { v, _, err = tx.GetMeta(ctx, "k"); return err }); err != nil || string(v) != "v" {
		t.Fatalf("read back %q, %v", v, err)
	}
}

// TestLazyWriterKeepsKindGenerations: the writer opened on first use still
// watches other connections' commits, so the store's Updates report kind
// generations (the engine's product memo depends on them), both on a
// current file (writer pinned lazily) and on a new one (pinned at Open).
func TestLazyWriterKeepsKindGenerations(t *testing.T) {
	for name, path := range map[string]string{
		"current file": currentFile(t),
		"new file":     filepath.Join(t.TempDir(), "new.db"),
	} {
		t.Run(name, func(t *testing.T) {
			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			gen := func() (any, bool) {
				var g any
				var ok bool
				err := s.Update(t.Context(), func(tx store.Tx) error {
					kg, is := tx.(store.KindGenerations)
					if !is {
						t.Fatal("a SQLite write transaction offers no kind generations")
					}
					g, ok = kg.KindGeneration("Product")
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				return g, ok
			}
			first, ok1 := gen()
			second, ok2 := gen()
			if !ok1 || !ok2 || first != second {
				t.Fatalf("Product generation across two quiet Updates: %v,%v then %v,%v; want the same, known", first, ok1, second, ok2)
			}
		})
	}
}
