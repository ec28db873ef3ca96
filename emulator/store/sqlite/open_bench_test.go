package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// BenchmarkOpenView is what a read-only `mixcoatl --local` command asks of
// a state file whose schema is current: Open, one View reading a meta
// value and scanning a kind, Close.
func BenchmarkOpenView(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "bench.db")
	st, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	err = st.Update(ctx, func(tx store.Tx) error {
		if err := tx.Put(ctx, store.Record{Customer: 7, Kind: "Server", ID: "1", Data: []byte(`{}`)}); err != nil {
			return err
		}
		return tx.PutMeta(ctx, "k", []byte("v"))
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		st, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		err = st.View(ctx, func(tx store.Tx) error {
			if _, _, err := tx.GetMeta(ctx, "k"); err != nil {
				return err
			}
			return tx.Scan(ctx, store.Filter{Customer: 7, Kind: "Server"}, func(store.Record) bool { return true })
		})
		if err != nil {
			b.Fatal(err)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
