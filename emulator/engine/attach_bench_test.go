package engine_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// errRollback ends a benchmark's transaction without committing it, so
// every iteration sees the same store.
var errRollback = errors.New("rollback")

// BenchmarkAttach measures one attach (the request's whole transaction:
// settle, checks, device choice, the volume and the new job) for a
// customer with a history of 100 and of 4,000 finished jobs, on the memory
// and the SQLite store. Device use is read from the volumes, so the two
// should cost about the same:
//
//	go test ./emulator/engine -run - -bench Attach
func BenchmarkAttach(b *testing.B) {
	for _, kind := range []string{"memory", "sqlite"} {
		for _, jobs := range []int{100, 4000} {
			b.Run(fmt.Sprintf("%s/jobs=%d", kind, jobs), func(b *testing.B) {
				var st store.Store = store.NewMemory()
				if kind == "sqlite" {
					s, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
					if err != nil {
						b.Fatal(err)
					}
					st = s
				}
				b.Cleanup(func() { _ = st.Close() })
				h := newHarnessOver(b, catalog.Load(), st)
				ctx := context.Background()
				res, _ := h.cat.Resource("Volume")
				attach, _ := res.Op(catalog.KindAction, "attach", version)
				detach, _ := res.Op(catalog.KindAction, "detach", version)
				body := decodeJSON(b, `[{"server": {"serverId": 900}}]`)
				handle := func(tx store.Tx, op *catalog.Op, body any) error {
					_, err := h.eng.Handle(ctx, tx, &engine.Request{Customer: custA, UserID: userA, Resource: res, Op: op, ID: "1000", Version: version, Body: body})
					return err
				}
				// The history: attach and detach cycles, finished at once.
				err := st.Update(ctx, func(tx store.Tx) error {
					if err := engine.SetJobMode(ctx, tx, "", engine.JobMode{Mode: "immediate"}); err != nil {
						return err
					}
					for range jobs / 2 {
						if err := handle(tx, attach, body); err != nil {
							return err
						}
						if err := handle(tx, detach, decodeJSON(b, `[{}]`)); err != nil {
							return err
						}
					}
					return engine.SetJobMode(ctx, tx, "", engine.JobMode{})
				})
				if err != nil {
					b.Fatalf("history of %d jobs: %v", jobs, err)
				}
				for b.Loop() {
					err := st.Update(ctx, func(tx store.Tx) error {
						if err := h.eng.Settle(ctx, tx, custA); err != nil {
							return err
						}
						if err := handle(tx, attach, body); err != nil {
							return err
						}
						return errRollback
					})
					if !errors.Is(err, errRollback) {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
