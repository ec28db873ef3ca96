package emulator_test

import (
	"net/http"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"syscall"
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
// per-launch cost of the write path, from authentication to the commit;
// sqlite-8clients is the same from 8 goroutines, whose Updates queue for
// the store's writer and share its commits.
func BenchmarkLaunch(b *testing.B) {
	const launchBenchStep = 2 * time.Millisecond
	for _, run := range []struct {
		kind     string
		parallel bool
	}{{"memory", false}, {"sqlite", false}, {"sqlite", true}} {
		name := run.kind
		if run.parallel {
			name += "-8clients"
		}
		kind := run.kind
		b.Run(name, func(b *testing.B) {
			st := openStore(b, kind, filepath.Join(b.TempDir(), "emu.db"))
			if err := seed.Load(b.Context(), st, seed.Default(), nil); err != nil {
				b.Fatal(err)
			}
			var ticks atomic.Int64
			start := timeNow()
			clock := func() time.Time { return start.Add(time.Duration(ticks.Load()) * launchBenchStep) }
			e := envOver(b, st, emulator.Options{Clock: clock})
			launch := func() bool {
				ticks.Add(1)
				req := newRequest(http.MethodPost, e.url("infrastructure/Server"), launchBenchBody, nil)
				signHeaders(req, e.key, e.now(), testAgent)
				rec := e.serve(req)
				if rec.Code != http.StatusAccepted {
					b.Errorf("status %d: %s", rec.Code, rec.Body)
				}
				return rec.Code == http.StatusAccepted
			}
			// Past the first jobs' duration: launches settle as they go.
			for range 6000 {
				if !launch() {
					return
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := processCPU(b)
			if run.parallel {
				// 8 clients at once, as internal/bench's launch section
				// loads the emulator: Updates queue and share commits.
				b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() && launch() {
					}
				})
			} else {
				for range b.N {
					if !launch() {
						return
					}
				}
			}
			// Processor time per launch depends much less on what else
			// the machine runs than the wall time does.
			b.ReportMetric(float64(processCPU(b)-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// processCPU is the processor time (user and system) of this process.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
