package bench

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"sync"
	"time"

	"github.com/mixcoatl/mixcoatl/dcm"
)

// ThroughputStat is one target's figures in a throughput comparison.
type ThroughputStat struct {
	Name     string
	Requests int
	Elapsed  time.Duration
	PerSec   float64
	P50, P99 time.Duration
}

// ThroughputOptions size a throughput run.
type ThroughputOptions struct {
	Workers  int           // concurrent client goroutines
	Duration time.Duration // per target, split over Rounds
	Rounds   int           // the targets take turns this many times
	Servers  int           // servers seeded (GETs rotate over their ids)
	Dir      string        // for the SQLite file
}

// Throughput measures signed GET-by-id requests per second from Workers
// concurrent goroutines sharing one dcm.Client over loopback against: a bare
// net/http handler answering the emulator's bytes for one server (baseline),
// the emulator on the memory store and the emulator on SQLite. The targets
// take turns (Rounds) so drift in machine load hits them alike.
func Throughput(ctx context.Context, o ThroughputOptions) ([]ThroughputStat, error) {
	mem, err := StartEmulator(ctx, EmulatorOptions{Store: StoreMemory, Servers: o.Servers})
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	sql, err := StartEmulator(ctx, EmulatorOptions{Store: StoreSQLite, Dir: o.Dir, Servers: o.Servers})
	if err != nil {
		return nil, err
	}
	defer sql.Close()
	ids, err := ServerIDs(ctx, mem, firstCustomer())
	if err != nil {
		return nil, err
	}
	paths := make([]string, len(ids))
	for i, id := range ids {
		paths[i] = "infrastructure/Server/" + id
	}
	recorded, err := record(ctx, mem.Config, paths[0])
	if err != nil {
		return nil, err
	}
	fixed := httptest.NewServer(FixedHandler(recorded))
	defer fixed.Close()
	bareCfg := mem.Config
	bareCfg.Endpoint = fixed.URL + dcm.APIBasePath + "/" + bareCfg.APIVersion

	hc := loopbackClient()
	type target struct {
		name   string
		client *dcm.Client
		lat    []time.Duration
		n      int
		took   time.Duration
	}
	var targets []*target
	for _, t := range []struct {
		name string
		cfg  dcm.Config
	}{{"bare net/http handler, same bytes", bareCfg}, {"emulator, memory store", mem.Config}, {"emulator, SQLite store", sql.Config}} {
		c, err := dcm.New(t.cfg, dcm.WithHTTPClient(hc), dcm.WithRetry(dcm.RetryPolicy{MaxAttempts: 1}))
		if err != nil {
			return nil, err
		}
		targets = append(targets, &target{name: t.name, client: c})
	}
	rounds := max(o.Rounds, 1)
	slice := o.Duration / time.Duration(rounds)
	for range rounds {
		for _, t := range targets {
			lat, took, err := hammer(ctx, t.client, paths, o.Workers, slice)
			if err != nil {
				return nil, fmt.Errorf("bench: %s: %w", t.name, err)
			}
			t.lat = append(t.lat, lat...)
			t.n += len(lat)
			t.took += took
		}
	}
	out := make([]ThroughputStat, len(targets))
	for i, t := range targets {
		slices.Sort(t.lat)
		out[i] = ThroughputStat{
			Name: t.name, Requests: t.n, Elapsed: t.took,
			PerSec: float64(t.n) / t.took.Seconds(),
			P50:    Percentile(t.lat, 50), P99: Percentile(t.lat, 99),
		}
	}
	return out, nil
}

// hammer runs workers goroutines issuing GETs over paths (each worker
// starting at a different offset) until d has passed; it returns every
// request's latency and the wall time. Any error ends the run.
func hammer(ctx context.Context, c *dcm.Client, paths []string, workers int, d time.Duration) ([]time.Duration, time.Duration, error) {
	workers = max(workers, 1)
	deadline := time.Now().Add(d)
	lats := make([][]time.Duration, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range workers {
		wg.Go(func() {
			for i := w * 7; time.Now().Before(deadline); i++ {
				t0 := time.Now()
				if _, err := c.Get(ctx, paths[i%len(paths)], nil); err != nil {
					errs[w] = err
					return
				}
				lats[w] = append(lats[w], time.Since(t0))
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	for _, err := range errs {
		if err != nil {
			return nil, took, err
		}
	}
	return slices.Concat(lats...), took, nil
}
