package emulator_test

import (
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
)

// launchBenchBody launches one server like the seed's first one (what
// internal/bench's launch section sends).
const launchBenchBody = `{"launch":[{"name":"bench","description":"load","budget":1513,"product":{"productId":"m1.large"},` +
	`"machineImage":{"machineImageId":3801},"dataCenter":{"dataCenterId":64351}}]}`

// BenchmarkLaunch is signed server launches through the handler in the
// default job mode, in a steady state: the clock moves launchBenchStep
// per launch, so after the first job's time has passed every launch also
// settles an earlier launch's job, as under a constant load. The
// per-launch cost of the write path, from authentication to the commit.
func BenchmarkLaunch(b *testing.B) {
	const launchBenchStep = 2 * time.Millisecond
	for _, kind := range []string{"memory", "sqlite"} {
		b.Run(kind, func(b *testing.B) {
			st := openStore(b, kind, filepath.Join(b.TempDir(), "emu.db"))
			if err := seed.Load(b.Context(), st, seed.Default(), nil); err != nil {
				b.Fatal(err)
			}
			var ticks atomic.Int64
			start := timeNow()
			clock := func() time.Time { return start.Add(time.Duration(ticks.Load()) * launchBenchStep) }
			e := envOver(b, st, emulator.Options{Clock: clock})
			launch := func() {
				ticks.Add(1)
				req := newRequest(http.MethodPost, e.url("infrastructure/Server"), launchBenchBody, nil)
				signHeaders(req, e.key, e.now(), testAgent)
				if rec := e.serve(req); rec.Code != http.StatusAccepted {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
			// Past the first jobs' duration: launches settle as they go.
			for range 6000 {
				launch()
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				launch()
			}
		})
	}
}
