package sqlite_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// TestSQLiteReusedStatementsSeeOtherCommits: statements are prepared once
// per connection and reused; a reused one must still read the latest
// commit of another store on the same file (another process, as far as
// SQLite is concerned), for records, meta values and scans alike.
func TestSQLiteReusedStatementsSeeOtherCommits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := openTwo(t)
	for i := range 5 {
		want := strconv.Itoa(i)
		err := b.Update(ctx, func(tx store.Tx) error {
			if err := tx.Put(ctx, store.Record{Customer: 1, Kind: "Server", ID: "1", Data: []byte(`{"v":` + want + `}`)}); err != nil {
				return err
			}
			return tx.PutMeta(ctx, "marker", []byte(want))
		})
		if err != nil {
			t.Fatal(err)
		}
		// Several Views, so that every reader connection has prepared
		// the statements before the next commit.
		for range 8 {
			err := a.View(ctx, func(tx store.Tx) error {
				r, err := tx.Get(ctx, 1, "Server", "1")
				if err != nil {
					return err
				}
				if got := string(r.Data); got != `{"v":`+want+`}` {
					t.Errorf("round %d: Get read %s", i, got)
				}
				v, ok, err := tx.GetMeta(ctx, "marker")
				if err != nil {
					return err
				}
				if !ok || string(v) != want {
					t.Errorf("round %d: GetMeta read %q, %v", i, v, ok)
				}
				n := 0
				err = tx.Scan(ctx, store.Filter{Customer: 1, Kind: "Server"}, func(r store.Record) bool {
					if got := string(r.Data); got != `{"v":`+want+`}` {
						t.Errorf("round %d: Scan read %s", i, got)
					}
					n++
					return true
				})
				if n != 1 {
					t.Errorf("round %d: Scan visited %d records, want 1", i, n)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}
