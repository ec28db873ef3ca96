package bench

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/internal/bench/loadgen"
)

// launchBody launches one server like the seed's first one.
const launchBody = `{"launch":[{"name":"bench","description":"load","budget":1513,"product":{"productId":"m1.large"},` +
	`"machineImage":{"machineImageId":3801},"dataCenter":{"dataCenterId":64351}}]}`

var launchRequest = loadgen.Request{Method: http.MethodPost, Path: apiPath("infrastructure/Server"), Body: launchBody}

// Launches compares launch throughput (signed POSTs, 8 connections) in the
// default job mode with --job-mode immediate, on SQLite and on memory; with
// o.Before set, the earlier build's SQLite emulator in both modes joins the
// same rounds. Each row carries the emulator's resident memory after its
// rounds.
func Launches(ctx context.Context, bins Binaries, o OutsideOptions) ([]OutsideRow, error) {
	f, err := newOutsideFixture(bins, o.Home, 0)
	if err != nil {
		return nil, err
	}
	var targets []*target
	defer func() {
		for _, t := range targets {
			t.d.Stop()
		}
	}()
	type launchTarget struct{ name, data, mode, bin string }
	cases := []launchTarget{
		{"SQLite, default job mode", "launch-default.db", "", bins.Mixcoatl},
		{"SQLite, --job-mode immediate", "launch-immediate.db", "immediate", bins.Mixcoatl},
		{"memory, default job mode", "", "", bins.Mixcoatl},
		{"memory, --job-mode immediate", "", "immediate", bins.Mixcoatl},
	}
	if o.Before != "" {
		cases = append(cases,
			launchTarget{"SQLite, default job mode, before build", "launch-default-before.db", "", o.Before},
			launchTarget{"SQLite, --job-mode immediate, before build", "launch-immediate-before.db", "immediate", o.Before})
	}
	for i, c := range cases {
		bb := bins
		bb.Mixcoatl = c.bin
		d, err := f.emulatorOf(ctx, bb, c.data, "", c.mode)
		if err != nil {
			return nil, err
		}
		targets = append(targets, &target{name: c.name, d: d, signed: true})
		a, err := f.signer.Do(ctx, d.Addr, launchRequest.Method, launchRequest.Path, launchRequest.Body)
		if err != nil || a.Status != http.StatusAccepted {
			return nil, fmt.Errorf("bench: launch on %s: %v (%d %s)", targets[i].name, err, a.Status, a.Body)
		}
	}
	cpu := make([]time.Duration, len(targets))
	for i, t := range targets {
		if cpu[i], err = t.d.CPU(); err != nil {
			return nil, err
		}
	}
	rows, err := runTargets(ctx, f, targets, []loadgen.Request{launchRequest}, "", 8, o.Rounds, o.Duration)
	if err != nil {
		return nil, err
	}
	for i, t := range targets {
		if rows[i].RSS, rows[i].PeakRSS, err = t.d.RSS(); err != nil {
			return nil, err
		}
		after, err := t.d.CPU()
		if err != nil {
			return nil, err
		}
		if rows[i].Requests > 0 {
			rows[i].CPUPerReq = (after - cpu[i]) / time.Duration(rows[i].Requests)
		}
	}
	return rows, nil
}

// PendingResult is GET by id before and after o.PendingJobs jobs were left
// pending, per store.
type PendingResult struct {
	Jobs int
	Rows []OutsideRow // memory none, memory pending, SQLite none, SQLite pending
}

// PendingJobs measures signed GET by id (8 connections) on two emulators
// of each store whose jobs take an hour, started alike, after launching
// o.PendingJobs servers on the second (their jobs then wait): the two
// take turns in the same rounds, so the ratio does not depend on how
// the machine's load moved between two measurements.
func PendingJobs(ctx context.Context, bins Binaries, o OutsideOptions) (PendingResult, error) {
	res := PendingResult{Jobs: o.PendingJobs}
	f, err := newOutsideFixture(bins, o.Home, o.Servers)
	if err != nil {
		return res, err
	}
	for _, c := range []struct{ name, data string }{{"memory", ""}, {"SQLite", "pending"}} {
		rows, err := pendingPair(ctx, f, c.name, c.data, o)
		if err != nil {
			return res, err
		}
		res.Rows = append(res.Rows, rows...)
	}
	return res, nil
}

// pendingPair is PendingJobs for one store ("" memory, else a SQLite file
// name stem).
func pendingPair(ctx context.Context, f *outsideFixture, name, data string, o OutsideOptions) ([]OutsideRow, error) {
	var ds [2]*Daemon
	defer func() {
		for _, d := range ds {
			if d != nil {
				d.Stop()
			}
		}
	}()
	for i := range ds {
		file := ""
		if data != "" {
			file = fmt.Sprintf("%s-%d.db", data, i)
		}
		var err error
		if ds[i], err = f.emulator(ctx, file, "", "duration:1h"); err != nil {
			return nil, err
		}
	}
	list, err := f.signer.Do(ctx, ds[0].Addr, http.MethodGet, apiPath("infrastructure/Server"), "")
	ids, lerr := serverIDsOf(list)
	if err != nil || lerr != nil || len(ids) == 0 {
		return nil, fmt.Errorf("bench: listing servers: %v %v", err, lerr)
	}
	gets := make([]loadgen.Request, len(ids))
	for i, id := range ids {
		gets[i] = loadgen.Request{Path: apiPath("infrastructure/Server/" + id)}
	}
	for range o.PendingJobs {
		a, err := f.signer.Do(ctx, ds[1].Addr, launchRequest.Method, launchRequest.Path, launchRequest.Body)
		if err != nil || a.Status != http.StatusAccepted {
			return nil, fmt.Errorf("bench: launch: %v (%d %s)", err, a.Status, a.Body)
		}
	}
	return runTargets(ctx, f, []*target{
		{name: "emulator, " + name + ", no job pending", d: ds[0], signed: true},
		{name: fmt.Sprintf("emulator, %s, %d jobs pending", name, o.PendingJobs), d: ds[1], signed: true},
	}, gets, "", 8, o.Rounds, o.Duration)
}

// MemoryResult is the memory store's footprint at a number of servers.
type MemoryResult struct {
	Servers   int
	DataBytes int64 // what the store holds: ids, kinds, Data and Internal of every record
	After     MemoryFigures
	Before    *MemoryFigures // of MemoryOptions.Before's build, when given
}

// MemoryFigures are one emulator process's figures.
type MemoryFigures struct {
	Ready     time.Duration // from start to announcing its address (parsing and loading the seed)
	RSS, Peak int64         // after start and one GET, and the peak (VmHWM)
}

// MemoryOptions size the memory-footprint measurement.
type MemoryOptions struct {
	Servers int
	// Before, when set, is another build of mixcoatl (an earlier commit)
	// measured the same way just before this one, so both share the
	// machine state.
	Before string
}

// MemoryFootprint starts a memory-store emulator seeded with o.Servers
// servers, reads one of them, and compares its resident memory with the
// size of the stored records (measured by loading the same seed into a
// store in this process).
func MemoryFootprint(ctx context.Context, bins Binaries, home string, o MemoryOptions) (MemoryResult, error) {
	res := MemoryResult{Servers: o.Servers}
	f, err := newOutsideFixture(bins, home, o.Servers)
	if err != nil {
		return res, err
	}
	if res.DataBytes, err = seedDataBytes(ctx, o.Servers); err != nil {
		return res, err
	}
	if o.Before != "" {
		bb := bins
		bb.Mixcoatl = o.Before
		before, err := f.footprint(ctx, bb)
		if err != nil {
			return res, fmt.Errorf("before build: %w", err)
		}
		res.Before = &before
	}
	res.After, err = f.footprint(ctx, bins)
	return res, err
}

// footprint starts bins' memory-store emulator over the fixture's seed,
// GETs a seeded server and reads its memory.
func (f *outsideFixture) footprint(ctx context.Context, bins Binaries) (MemoryFigures, error) {
	var m MemoryFigures
	start := time.Now()
	d, err := f.emulatorOf(ctx, bins, "", "", "")
	if err != nil {
		return m, err
	}
	defer d.Stop()
	m.Ready = time.Since(start)
	a, err := f.signer.Do(ctx, d.Addr, http.MethodGet, apiPath("infrastructure/Server/331810"), "")
	if err != nil || a.Status != http.StatusOK {
		return m, fmt.Errorf("bench: GET on the seeded emulator: %v (%d)", err, a.Status)
	}
	// The RSS a running server settles at: after a collection cycle has
	// had the chance to return the seed's garbage.
	time.Sleep(3 * time.Second)
	m.RSS, m.Peak, err = d.RSS()
	return m, err
}

// seedDataBytes loads the seed with servers servers into a memory store
// and sums the bytes of its records.
func seedDataBytes(ctx context.Context, servers int) (int64, error) {
	sd, err := SeedWithServers(servers)
	if err != nil {
		return 0, err
	}
	st := store.NewMemory()
	defer st.Close()
	if err := seed.Load(ctx, st, sd, nil); err != nil {
		return 0, err
	}
	customers := []int64{0}
	for _, c := range sd.Customers {
		customers = append(customers, c.CustomerID)
	}
	var n int64
	err = st.View(ctx, func(tx store.Tx) error {
		for _, c := range customers {
			for _, r := range catalog.Load().Resources {
				err := tx.Scan(ctx, store.Filter{Customer: c, Kind: r.Name}, func(rec store.Record) bool {
					if rec.Customer == c {
						n += int64(len(rec.ID) + len(rec.Kind) + len(rec.Data) + len(rec.Internal))
					}
					return true
				})
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	runtime.GC()
	return n, err
}

// startupCommands are the commands the start-up comparison runs against
// the hello world.
var startupCommands = [][]string{{"version"}, {"--local", "server", "list"}}

// startupName names a command line.
func startupName(args []string) string { return "mixcoatl " + strings.Join(args, " ") }
