package emulator_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// BenchmarkListWhole serves the whole list of a customer's 1,000 servers (unpaged, as `mixcoatl emulator` answers)
// (stored in canonical form, as seeded ones are; default activeOnly
// filter) per op, through the handler: "remembered" from an unchanged
// store, as a client polling a list gets it, and "assembled" after a
// write before each list (the write itself not timed), which is what a
// list costs when its page cannot be remembered.
func BenchmarkListWhole(b *testing.B) {
	for _, kind := range []string{"memory", "sqlite"} {
		for _, mode := range []string{"remembered", "assembled"} {
			b.Run(kind+"/"+mode, func(b *testing.B) {
				ctx := context.Background()
				e, _ := newScaleEnv(b, kind, 1000, emulator.Unpaged)
				st := e.srv.Store()
				err := st.Update(ctx, func(tx store.Tx) error {
					_, err := e.srv.Engine().Canonicalize(ctx, tx, seed.Default().Customers[0].CustomerID, "Server")
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
				list := func() {
					req := newRequest(http.MethodGet, e.url("infrastructure/Server"), "", nil)
					signHeaders(req, e.key, e.now(), testAgent)
					if rec := e.serve(req); rec.Code != http.StatusOK || rec.Body.Len() < 1000*1000 {
						b.Fatalf("status %d, %d bytes", rec.Code, rec.Body.Len())
					}
				}
				list() // the first list renders what is not stored as answered
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					if mode == "assembled" {
						b.StopTimer()
						err := st.Update(ctx, func(tx store.Tx) error {
							return tx.PutMeta(ctx, "bench.write", []byte(strconv.Itoa(i)))
						})
						if err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
					}
					list()
				}
			})
		}
	}
}
