package storetest

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// Bench runs the store benchmarks, each as a sub-benchmark on a fresh
// store from open (closed when it ends): what a create (Put), a read by id
// (Get), a full listing (Scan) and a paginated listing (ScanPage) cost.
// Every implementation's tests call it, so the figures compare:
//
//	go test -run '^$' -bench . ./emulator/store/...
func Bench(b *testing.B, open func(b *testing.B) store.Store) {
	b.Run("Put", func(b *testing.B) {
		s := open(b)
		defer s.Close()
		BenchPut(b, s)
	})
	b.Run("Get", func(b *testing.B) {
		s := open(b)
		defer s.Close()
		benchGet(b, s)
	})
	b.Run("Scan", func(b *testing.B) {
		s := open(b)
		defer s.Close()
		benchScan(b, s)
	})
	b.Run("ScanPage", func(b *testing.B) {
		s := open(b)
		defer s.Close()
		benchScanPage(b, s)
	})
	b.Run("UpdateParallel", func(b *testing.B) {
		s := open(b)
		defer s.Close()
		BenchUpdateParallel(b, s)
	})
}

// BenchUpdateParallel measures Updates from 8 goroutines at once, each a
// read-modify-write of a record of its own plus a NextID (a launch in
// miniature): what the stores' group commit shares.
func BenchUpdateParallel(b *testing.B, s store.Store) {
	ctx := context.Background()
	fill(b, s, 8)
	next := make(chan int, 1)
	next <- 0
	b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := <-next
		next <- i + 1
		id := strconv.Itoa(i % 8)
		for pb.Next() {
			err := s.Update(ctx, func(tx store.Tx) error {
				r, err := tx.Get(ctx, 1, "Server", id)
				if err != nil {
					return err
				}
				if _, err := tx.NextID(ctx, "Server", 1); err != nil {
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
}

// BenchRecord is the i-th record the benchmarks store: a server of
// customer 1 with id i.
func BenchRecord(i int) store.Record {
	return store.Record{
		Customer: 1, Kind: "Server", ID: strconv.Itoa(i),
		Data: fmt.Appendf(nil, `{"serverId":%d,"name":"server-%d","currentState":"RUNNING","cloud":{"cloudId":1}}`, i, i),
	}
}

// fill stores n records in one transaction.
func fill(b *testing.B, s store.Store, n int) {
	b.Helper()
	ctx := context.Background()
	err := s.Update(ctx, func(tx store.Tx) error {
		for i := range n {
			if err := tx.Put(ctx, BenchRecord(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchPut is one committed Update holding one Put per iteration: what a
// create costs. A store with settings of its own measures them with it.
func BenchPut(b *testing.B, s store.Store) {
	ctx := context.Background()
	i := 0
	for b.Loop() {
		err := s.Update(ctx, func(tx store.Tx) error { return tx.Put(ctx, BenchRecord(i)) })
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// benchGet is one View holding one Get among 10k records.
func benchGet(b *testing.B, s store.Store) {
	const n = 10_000
	fill(b, s, n)
	ctx := context.Background()
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
}

// benchScan visits all of 10k records in one View.
func benchScan(b *testing.B, s store.Store) {
	const n = 10_000
	fill(b, s, n)
	ctx := context.Background()
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
}

// benchScanPage reads one page of 50 after a random id among 100k records
// of one kind (a paginated list on a large emulator), with a Count.
func benchScanPage(b *testing.B, s store.Store) {
	const n, page = 100_000, 50
	fill(b, s, n)
	ctx := context.Background()
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
}
