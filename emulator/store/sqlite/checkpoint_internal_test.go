package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// The writer asks for a checkpoint every checkpointEvery COMMITs, never
// waiting: a request made while one is pending is dropped.
func TestCheckpointAskedEveryN(t *testing.T) {
	t.Parallel()
	c := &checkpointer{kick: make(chan struct{}, 1)}
	for i := range checkpointEvery - 1 {
		if c.committed(); len(c.kick) != 0 {
			t.Fatalf("asked after %d commits", i+1)
		}
	}
	if c.committed(); len(c.kick) != 1 {
		t.Fatalf("not asked after %d commits", checkpointEvery)
	}
	for range checkpointEvery {
		c.committed() // must not block on the pending request
	}
	if len(c.kick) != 1 {
		t.Fatal("the pending request was lost")
	}
}

// Updates' COMMITs bring a checkpoint on the checkpointer's goroutine,
// which succeeds alongside the writer; the writer's own automatic
// checkpoint is the backstop's size; and what was committed is all there
// after the store is closed and opened again.
func TestCheckpointsOffTheWriter(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path := currentFile(t)
	s := openAt(t, path)
	ran := make(chan error, 4)
	s.w.checkpointRan = func(err error) {
		select {
		case ran <- err:
		default:
		}
	}
	for i := range checkpointEvery {
		err := s.Update(ctx, func(tx store.Tx) error {
			return tx.Put(ctx, store.Record{Customer: 1, Kind: "Server", ID: fmt.Sprint(100 + i), Data: []byte(`{}`)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := <-ran; err != nil {
		t.Fatalf("checkpoint: %v", err)
	}
	var pages int
	if err := s.w.w.QueryRow(ctx, "PRAGMA wal_autocheckpoint").Scan(&pages); err != nil || pages != writerAutoCheckpoint {
		t.Errorf("writer's wal_autocheckpoint = %d, %v; want %d", pages, err, writerAutoCheckpoint)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path)
	n := 0
	err := s.View(ctx, func(tx store.Tx) error {
		return tx.Scan(ctx, store.Filter{Customer: 1, Kind: "Server"}, func(store.Record) bool { n++; return true })
	})
	if err != nil || n != checkpointEvery+1 {
		t.Fatalf("%d servers after reopening (%v), want %d", n, err, checkpointEvery+1)
	}
}

// The checkpointer gets a connection of the reader database even while
// every reader connection is pinned and the WAL-index reader holds its
// own: with too few allowed, its checkpoint waited until the store closed
// and the WAL grew to the writer's backstop.
func TestCheckpointsWhileEveryReaderIsPinned(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := openAt(t, currentFile(t))
	ran := make(chan error, 4)
	s.w.checkpointRan = func(err error) {
		select {
		case ran <- err:
		default:
		}
	}
	s.readers.walIndex(ctx) // nil off Linux: the reader connections alone then
	for range s.readers.max {
		rc, err := s.readers.get(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer s.readers.put(rc)
	}
	for i := range checkpointEvery {
		err := s.Update(ctx, func(tx store.Tx) error {
			return tx.Put(ctx, store.Record{Customer: 1, Kind: "Server", ID: fmt.Sprint(100 + i), Data: []byte(`{}`)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Not a timing assertion: a checkpoint that cannot get a connection
	// never reports, and the test would otherwise hang until go test's
	// own timeout.
	wait, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	select {
	case err := <-ran:
		if err != nil {
			t.Fatalf("checkpoint: %v", err)
		}
	case <-wait.Done():
		t.Fatal("no checkpoint ran while every reader connection was pinned")
	}
}
