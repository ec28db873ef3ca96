package sqlite

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

// The options reach the pragmas of both connection pools.
func TestOptionsSetPragmas(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		open func(path string) (*Store, error)
		// synchronous: 1 NORMAL, 2 FULL; busy_timeout in milliseconds
		sync, busy int64
	}{
		{"default", func(p string) (*Store, error) { return Open(p) }, 1, 10_000},
		{"full sync", func(p string) (*Store, error) { return Open(p, WithFullSync()) }, 2, 10_000},
		{"busy timeout", func(p string) (*Store, error) { return Open(p, WithBusyTimeout(250*time.Millisecond)) }, 1, 250},
		{"zero busy timeout keeps the default", func(p string) (*Store, error) { return Open(p, WithBusyTimeout(0)) }, 1, 10_000},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, err := c.open(filepath.Join(t.TempDir(), "opts.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			// The writer's only connection is pinned (writer.go): ask it.
			ctx := t.Context()
			for role, query := range map[string]func(string) *sql.Row{
				"writer": func(q string) *sql.Row { return s.w.c.QueryRowContext(ctx, q) },
				"reader": func(q string) *sql.Row { return s.reader.QueryRowContext(ctx, q) },
			} {
				var sync, busy int64
				if err := query("PRAGMA synchronous").Scan(&sync); err != nil || sync != c.sync {
					t.Errorf("%s: synchronous = %d (%v), want %d", role, sync, err, c.sync)
				}
				if err := query("PRAGMA busy_timeout").Scan(&busy); err != nil || busy != c.busy {
					t.Errorf("%s: busy_timeout = %d (%v), want %d", role, busy, err, c.busy)
				}
			}
		})
	}
}
