package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

type benchStore struct {
	name string
	open func(b *testing.B) store.Store
}

// benchStores are the implementations every benchmark runs against.
func benchStores() []benchStore {
	return []benchStore{
		{"Memory", func(*testing.B) store.Store { return store.NewMemory() }},
		{"SQLite", func(b *testing.B) store.Store {
			s, err := store.OpenSQLite(filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			return s
		}},
	}
}

func benchRecord(i int) store.Record {
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
			if err := tx.Put(ctx, benchRecord(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPut is one committed Update holding one Put: what a create costs.
func BenchmarkPut(b *testing.B) {
	for _, bs := range benchStores() {
		b.Run(bs.name, func(b *testing.B) {
			s := bs.open(b)
			defer s.Close()
			ctx := context.Background()
			i := 0
			for b.Loop() {
				err := s.Update(ctx, func(tx store.Tx) error { return tx.Put(ctx, benchRecord(i)) })
				if err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkGet is one View holding one Get among 10k records.
func BenchmarkGet(b *testing.B) {
	const n = 10_000
	for _, bs := range benchStores() {
		b.Run(bs.name, func(b *testing.B) {
			s := bs.open(b)
			defer s.Close()
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
		})
	}
}

// BenchmarkScan visits all of 10k records in one View.
func BenchmarkScan(b *testing.B) {
	const n = 10_000
	for _, bs := range benchStores() {
		b.Run(bs.name, func(b *testing.B) {
			s := bs.open(b)
			defer s.Close()
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
		})
	}
}

// BenchmarkScanPage reads one page of 50 after a random id among 100k
// records of one kind (a paginated list on a large emulator), with a Count.
func BenchmarkScanPage(b *testing.B) {
	const n, page = 100_000, 50
	for _, bs := range benchStores() {
		b.Run(bs.name, func(b *testing.B) {
			s := bs.open(b)
			defer s.Close()
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
		})
	}
}
