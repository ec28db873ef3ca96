package store_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// BenchmarkPostgres runs the bodies of BenchmarkPut, BenchmarkGet,
// BenchmarkScan and BenchmarkScanPage (bench_test.go, whose store list
// is the in-process stores) against Postgres, for comparison:
//
//	go test -run '^$' -bench '^Benchmark(Put|Get|Scan|ScanPage|Postgres)$' ./emulator/store/
//
// It needs MIXCOATL_TEST_POSTGRES, like the tests.
func BenchmarkPostgres(b *testing.B) {
	open := func(b *testing.B) store.Store {
		s := openPostgres(b, postgresSchemaDSN(b))
		b.Cleanup(func() { _ = s.Close() })
		return s
	}
	ctx := context.Background()
	put := func(b *testing.B, s store.Store) {
		i := 0
		for b.Loop() {
			if err := s.Update(ctx, func(tx store.Tx) error { return tx.Put(ctx, benchRecord(i)) }); err != nil {
				b.Fatal(err)
			}
			i++
		}
	}
	b.Run("Put", func(b *testing.B) { put(b, open(b)) })
	// The server's default waits for the WAL flush at each commit; the
	// DSN parameter synchronous_commit=off is SQLite's synchronous=NORMAL
	// trade (a crash of the database server may lose the last commits).
	b.Run("PutSynchronousCommitOff", func(b *testing.B) {
		s := openPostgres(b, withDSNParams(postgresSchemaDSN(b), map[string]string{"synchronous_commit": "off"}))
		b.Cleanup(func() { _ = s.Close() })
		put(b, s)
	})
	b.Run("Get", func(b *testing.B) {
		const n = 10_000
		s := open(b)
		fill(b, s, n)
		i := 0
		for b.Loop() {
			id := strconv.Itoa(i * 7919 % n)
			err := s.View(ctx, func(tx store.Tx) error {
				_, err := tx.Get(ctx, 1, "Server", id)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("Scan", func(b *testing.B) {
		const n = 10_000
		s := open(b)
		fill(b, s, n)
		for b.Loop() {
			visited := 0
			err := s.View(ctx, func(tx store.Tx) error {
				return tx.Scan(ctx, store.Filter{Customer: 1, Kind: "Server"}, func(store.Record) bool {
					visited++
					return true
				})
			})
			if err != nil || visited != n {
				b.Fatalf("scan visited %d of %d: %v", visited, n, err)
			}
		}
	})
	b.Run("ScanPage", func(b *testing.B) {
		const n, page = 100_000, 50
		s := open(b)
		fill(b, s, n)
		i := 0
		for b.Loop() {
			f := store.Filter{Customer: 1, Kind: "Server", AfterID: strconv.Itoa(i * 7919 % (n - page)), Limit: page}
			visited := 0
			err := s.View(ctx, func(tx store.Tx) error {
				if _, err := tx.Count(ctx, store.Filter{Customer: 1, Kind: "Server"}); err != nil {
					return err
				}
				return tx.Scan(ctx, f, func(store.Record) bool { visited++; return true })
			})
			if err != nil || visited != page {
				b.Fatalf("page visited %d of %d: %v", visited, page, err)
			}
			i++
		}
	})
	// Two replicas' handles updating one counter in parallel: the cost of
	// the advisory lock under contention.
	b.Run("UpdateTwoReplicas", func(b *testing.B) {
		dsn := postgresSchemaDSN(b)
		replicas := []store.Store{openPostgres(b, dsn), openPostgres(b, dsn)}
		for _, r := range replicas {
			b.Cleanup(func() { _ = r.Close() })
		}
		if err := replicas[0].Update(ctx, func(tx store.Tx) error { return tx.Put(ctx, benchRecord(0)) }); err != nil {
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
