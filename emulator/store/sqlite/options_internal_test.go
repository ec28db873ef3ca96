package sqlite

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// The options reach the pragmas of both connection pools, the writer's
// also when it is opened by a later Update rather than by Open (lazy.go).
func TestOptionsSetPragmas(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		opts []store.Option
		// synchronous: 1 NORMAL, 2 FULL; busy_timeout in milliseconds
		sync, busy int64
	}{
		{"default", nil, 1, 10_000},
		{"full sync", []store.Option{WithFullSync()}, 2, 10_000},
		{"busy timeout", []store.Option{WithBusyTimeout(250 * time.Millisecond)}, 1, 250},
		{"zero busy timeout keeps the default", []store.Option{WithBusyTimeout(0)}, 1, 10_000},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "opts.db")
			// A new file: Open writes the schema, so pins the writer.
			s, err := Open(path, c.opts...)
			if err != nil {
				t.Fatal(err)
			}
			checkPragmas(t, s, c.sync, c.busy)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			// A current file: the first Update pins the writer.
			s, err = Open(path, c.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.w.ok {
				t.Fatal("opening a current file pinned the writer connection")
			}
			if err := s.Update(t.Context(), func(tx store.Tx) error { return tx.PutMeta(t.Context(), "k", []byte("v")) }); err != nil {
				t.Fatal(err)
			}
			checkPragmas(t, s, c.sync, c.busy)
		})
	}
}

// checkPragmas asks the pinned writer connection (writer.go) and a reader
// for their pragmas.
func checkPragmas(t *testing.T, s *Store, wantSync, wantBusy int64) {
	t.Helper()
	ctx := t.Context()
	w, ok := s.w.w.(writeConn)
	if !s.w.ok || !ok {
		t.Fatal("the writer connection is not pinned")
	}
	for role, query := range map[string]func(string) *sql.Row{
		"writer": func(q string) *sql.Row { return w.c.QueryRowContext(ctx, q) },
		"reader": func(q string) *sql.Row { return s.reader.QueryRowContext(ctx, q) },
	} {
		var sync, busy int64
		if err := query("PRAGMA synchronous").Scan(&sync); err != nil || sync != wantSync {
			t.Errorf("%s: synchronous = %d (%v), want %d", role, sync, err, wantSync)
		}
		if err := query("PRAGMA busy_timeout").Scan(&busy); err != nil || busy != wantBusy {
			t.Errorf("%s: busy_timeout = %d (%v), want %d", role, busy, err, wantBusy)
		}
	}
	var mode string
	if err := w.c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("writer: journal_mode = %q (%v), want wal", mode, err)
	}
}
