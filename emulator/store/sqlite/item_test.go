package sqlite_test

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// ReadItem from many goroutines at once, while another connection
// commits: each read sees one snapshot (the meta value and the record
// written together agree), and the pinned connections are shared safely.
func TestReadItemConcurrentSnapshots(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openSQLite(t).(*sqlite.Store)
	defer st.Close()
	write := func(n int) error {
		return st.Update(ctx, func(tx store.Tx) error {
			v := []byte(strconv.Itoa(n))
			if err := tx.PutMeta(ctx, "k", v); err != nil {
				return err
			}
			return tx.Put(ctx, store.Record{Customer: 7, Kind: "Server", ID: "1", Data: []byte(`{"n":` + string(v) + `}`)})
		})
	}
	if err := write(0); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				r, err := st.ReadItem(ctx, store.ItemRead{Customer: 7, Kind: "Server", ID: "1", MetaKey: "k"})
				if err != nil {
					t.Error(err)
					return
				}
				if want := `{"n":` + string(r.Meta) + `}`; !r.Found || string(r.Record.Data) != want {
					t.Errorf("meta %q with record %s: not one snapshot", r.Meta, r.Record.Data)
					return
				}
			}
		}()
	}
	go func() {
		defer close(done)
		for n := 1; n <= 50; n++ {
			if err := write(n); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	wg.Wait()
	<-done
}
