package storetest

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// concurrencyCases check what concurrent Updates must keep whether a store
// runs them one transaction each or lets them share one (the SQL stores'
// group commit, sqlstore.Batcher): an Update that fails or panics leaves
// nothing, however many succeed around it, and the others lose nothing.
var concurrencyCases = []suiteCase{
	{"ConcurrentUpdatesWithFailures", func(t *testing.T, s store.Store) {
		const workers, rounds = 8, 24
		put(t, s, store.Record{Customer: 1, Kind: "Counter", ID: "c", Data: []byte(`0`)})
		errBoom := errors.New("boom")
		type result struct {
			id   string
			kept bool
		}
		results := make(chan result, workers*rounds)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for r := range rounds {
					id := fmt.Sprintf("%d-%d", w, r)
					outcome := (w + r) % 4 // 0 fails, 1 panics, else commits
					var err error
					panicked := func() (panicked bool) {
						defer func() { panicked = recover() != nil }()
						err = s.Update(ctxOf(t), func(tx store.Tx) error {
							ctx := ctxOf(t)
							c, err := tx.Get(ctx, 1, "Counter", "c")
							if err != nil {
								return err
							}
							n, err := strconv.Atoi(string(c.Data))
							if err != nil {
								return err
							}
							c.Data = strconv.AppendInt(nil, int64(n+1), 10)
							if err := tx.Put(ctx, c); err != nil {
								return err
							}
							if err := tx.Put(ctx, rec(1, "Server", id)); err != nil {
								return err
							}
							if err := tx.PutMeta(ctx, "last", []byte(id)); err != nil {
								return err
							}
							switch outcome {
							case 0:
								return errBoom
							case 1:
								panic("fn panicked")
							}
							return nil
						})
						return false
					}()
					switch {
					case outcome == 0 && !errors.Is(err, errBoom), outcome == 1 && !panicked, outcome > 1 && (err != nil || panicked):
						t.Errorf("update %s (outcome %d): err %v, panicked %v", id, outcome, err, panicked)
					}
					results <- result{id: id, kept: outcome > 1}
				}
			})
		}
		wg.Wait()
		close(results)
		kept := 0
		for r := range results {
			if r.kept {
				kept++
				mustGet(t, s, 1, "Server", r.id)
			} else {
				wantNotFound(t, s, 1, "Server", r.id)
			}
		}
		if c := mustGet(t, s, 1, "Counter", "c"); string(c.Data) != strconv.Itoa(kept) {
			t.Errorf("counter = %s after %d committed increments", c.Data, kept)
		}
		if n := count(t, s, store.Filter{Customer: 1, Kind: "Server"}); n != kept {
			t.Errorf("%d servers stored, want the %d committed", n, kept)
		}
		_ = s.View(ctxOf(t), func(tx store.Tx) error {
			v, ok, err := tx.GetMeta(ctxOf(t), "last")
			if err != nil || !ok {
				t.Errorf("meta written by the committed updates: %q, %v, %v", v, ok, err)
				return nil
			}
			var w, r int
			if _, err := fmt.Sscanf(string(v), "%d-%d", &w, &r); err != nil || (w+r)%4 < 2 {
				t.Errorf("meta holds %q, written by an update that did not commit", v)
			}
			return nil
		})
	}},
}
