package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// currentFile returns a database file whose schema is current and that
// holds one meta value, closed again.
func currentFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(t.Context(), func(tx store.Tx) error { return tx.PutMeta(t.Context(), "seeded", []byte("1")) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// Reads of a current file never pin the writer connection; the first
// Update does, once, and later ones reuse it.
func TestWriterPinnedOnFirstUpdate(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, err := Open(currentFile(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pins := 0
	pin := s.w.pin
	s.w.pin = func(ctx context.Context) (pinnedWriter, error) { pins++; return pin(ctx) }
	if err := s.View(ctx, func(tx store.Tx) error {
		_, _, err := tx.GetMeta(ctx, "seeded")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReadItem(ctx, store.ItemRead{Customer: 1, Kind: "Server", ID: "1", MetaKey: "seeded"}); err != nil {
		t.Fatal(err)
	}
	if s.w.ok || pins != 0 {
		t.Fatalf("reads pinned the writer (pinned %v, %d pins)", s.w.ok, pins)
	}
	for i := range 3 {
		if err := s.Update(ctx, func(tx store.Tx) error { return tx.PutMeta(ctx, "n", []byte{byte('0' + i)}) }); err != nil {
			t.Fatal(err)
		}
	}
	if !s.w.ok || pins != 1 {
		t.Fatalf("after 3 Updates: pinned %v, %d pins; want one", s.w.ok, pins)
	}
}

// Concurrent first Updates pin the writer once and all commit.
func TestWriterPinnedOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s, err := Open(currentFile(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var mu sync.Mutex
	pins := 0
	pin := s.w.pin
	s.w.pin = func(ctx context.Context) (pinnedWriter, error) {
		mu.Lock()
		pins++
		mu.Unlock()
		return pin(ctx)
	}
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
	if pins != 1 {
		t.Errorf("%d pins, want 1", pins)
	}
	err = s.View(ctx, func(tx store.Tx) error {
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
