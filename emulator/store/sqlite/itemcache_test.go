package sqlite_test

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// A ReadItem that begins after a commit sees it, though the same read
// just before was answered (and kept) from the state before: commits made
// through the store itself, and through another Store on the same file
// (what another process is), from several goroutines' connections at once.
func TestReadItemSeesEveryEarlierCommit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := openTwo(t)
	q := store.ItemRead{Customer: 7, Kind: "Server", ID: "1", MetaKey: "apikey:K"}
	for n := range 40 {
		writer := a
		if n%2 == 1 {
			writer = b
		}
		err := writer.Update(ctx, func(tx store.Tx) error {
			v := strconv.Itoa(n)
			if err := tx.PutMeta(ctx, "apikey:K", []byte(v)); err != nil {
				return err
			}
			return tx.Put(ctx, store.Record{Customer: 7, Kind: "Server", ID: "1", Data: []byte(`{"n":` + v + `}`)})
		})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 3 {
					r, err := a.ReadItem(ctx, q)
					if err != nil {
						t.Error(err)
						return
					}
					if want := strconv.Itoa(n); string(r.Meta) != want || string(r.Record.Data) != `{"n":`+want+`}` {
						t.Errorf("after commit %d: meta %q, record %s", n, r.Meta, r.Record.Data)
						return
					}
				}
			}()
		}
		wg.Wait()
	}
}

// A kept answer is due or not by the bound of the read it answers: time
// moves the bound with no commit at all.
func TestReadItemDueBoundOfEachRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openSQLite(t).(*sqlite.Store)
	defer st.Close()
	err := st.Update(ctx, func(tx store.Tx) error {
		if err := tx.Put(ctx, store.Record{Customer: 7, Kind: "Server", ID: "1", Data: []byte(`{}`)}); err != nil {
			return err
		}
		return tx.Put(ctx, store.Record{Customer: 7, Kind: "ev", ID: "005|a", Data: []byte(`{}`)})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		before string
		due    bool
	}{{"004", false}, {"005|a", false}, {"006", true}, {"005", false}, {"9", true}} {
		for range 2 {
			r, err := st.ReadItem(ctx, store.ItemRead{Customer: 7, Kind: "Server", ID: "1", DueKind: "ev", DueAfter: "/", DueBefore: c.before})
			if err != nil {
				t.Fatal(err)
			}
			if r.Due != c.due {
				t.Errorf("before %q: due %v, want %v", c.before, r.Due, c.due)
			}
		}
	}
}
