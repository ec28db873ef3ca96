package postgres_test

import (
	"context"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/storetest"
)

// BenchmarkPostgres runs the store benchmarks (storetest.Bench) against
// Postgres, plus two of its own, for comparison with the in-process
// stores:
//
//	go test -run '^$' -bench . ./emulator/store/...
//
// It needs MIXCOATL_TEST_POSTGRES, like the tests.
func BenchmarkPostgres(b *testing.B) {
	open := func(b *testing.B) store.Store {
		s := openPostgres(b, postgresSchemaDSN(b))
		b.Cleanup(func() { _ = s.Close() })
		return s
	}
	ctx := context.Background()
	storetest.Bench(b, open)
	// The server's default waits for the WAL flush at each commit; the
	// DSN parameter synchronous_commit=off is SQLite's synchronous=NORMAL
	// trade (a crash of the database server may lose the last commits).
	b.Run("PutSynchronousCommitOff", func(b *testing.B) {
		s := openPostgres(b, withDSNParams(postgresSchemaDSN(b), map[string]string{"synchronous_commit": "off"}))
		b.Cleanup(func() { _ = s.Close() })
		storetest.BenchPut(b, s)
	})
	// Two replicas' handles updating one counter in parallel: the cost of
	// the advisory lock under contention.
	b.Run("UpdateTwoReplicas", func(b *testing.B) {
		dsn := postgresSchemaDSN(b)
		replicas := []store.Store{openPostgres(b, dsn), openPostgres(b, dsn)}
		for _, r := range replicas {
			b.Cleanup(func() { _ = r.Close() })
		}
		if err := replicas[0].Update(ctx, func(tx store.Tx) error { return tx.Put(ctx, storetest.BenchRecord(0)) }); err != nil {
			b.Fatal(err)
		}
		next := make(chan int, 1)
		next <- 0
		b.RunParallel(func(pb *testing.PB) {
			i := <-next
			next <- i + 1
			s := replicas[i%2]
			for pb.Next() {
				err := s.Update(ctx, func(tx store.Tx) error {
					r, err := tx.Get(ctx, 1, "Server", "0")
					if err != nil {
						return err
					}
					return tx.Put(ctx, r)
				})
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
