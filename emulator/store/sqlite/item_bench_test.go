package sqlite

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// BenchmarkReadItem compares a GET by id's reads as ReadItem makes them
// and as the View of separate reads (store.ReadItemIn) it replaces, over
// 1,000 records and 3,000 pending events not yet due. "one statement" is
// ReadItem on an unchanged database (PRAGMA data_version, then the answer
// kept by itemCache: the name is the one it had when ReadItem ran its one
// statement each time, kept so benchstat pairs the figures); "after a
// commit" is ReadItem when every read finds the cache emptied, as under a
// stream of writes (PRAGMA data_version, then the statement).
func BenchmarkReadItem(b *testing.B) {
	ctx := context.Background()
	st, err := Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	err = st.Update(ctx, func(tx store.Tx) error {
		for i := range 1000 {
			r := store.Record{Customer: 7, Kind: "Server", ID: strconv.Itoa(100000 + i), Data: make([]byte, 0, 1400)}
			r.Data = append(append(r.Data, `{"name":"`...), make([]byte, 1300)...)
			for j := 9; j < len(r.Data); j++ {
				r.Data[j] = 'x'
			}
			r.Data = append(r.Data, `"}`...)
			if err := tx.Put(ctx, r); err != nil {
				return err
			}
		}
		for i := range 3000 {
			id := "9" + strconv.Itoa(1000000000000000000+i) + "|job|" + strconv.Itoa(i)
			if err := tx.Put(ctx, store.Record{Customer: 7, Kind: "engine.pending", ID: id, Data: []byte(`{}`)}); err != nil {
				return err
			}
		}
		return tx.PutMeta(ctx, "apikey:K", []byte(`{"customer":7}`))
	})
	if err != nil {
		b.Fatal(err)
	}
	q := func(i int) store.ItemRead {
		return store.ItemRead{Customer: 7, Kind: "Server", ID: strconv.Itoa(100000 + i%1000), MetaKey: "apikey:K",
			DueKind: "engine.pending", DueAfter: "/", DueBefore: "01767225600000000000"}
	}
	b.Run("one statement", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if r, err := st.ReadItem(ctx, q(i)); err != nil || !r.Found || r.Due {
				b.Fatal(r, err)
			}
		}
	})
	b.Run("after a commit", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			st.readers.items.changed()
			if r, err := st.ReadItem(ctx, q(i)); err != nil || !r.Found || r.Due {
				b.Fatal(r, err)
			}
		}
	})
	b.Run("view", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			err := st.View(ctx, func(tx store.Tx) error {
				r, err := store.ReadItemIn(ctx, tx, q(i))
				if err == nil && (!r.Found || r.Due) {
					b.Fatal(r)
				}
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
