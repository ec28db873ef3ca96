package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/mixcoatl/mixcoatl/internal/bench/loadgen"
)

// OutsideOptions size the out-of-process measurements.
type OutsideOptions struct {
	Duration    time.Duration // per target and round
	Rounds      int           // the targets take turns this many times
	Conns       []int         // connection counts of the GET-by-id comparison (8, 64)
	Servers     int           // servers of the first customer (the list is this long)
	PendingJobs int           // jobs left pending in the pending-jobs comparison
	Home        string        // private HOME and scratch files
	// Before, when set, is another build of mixcoatl (an earlier commit):
	// the GET-by-id comparison then also loads its memory and SQLite
	// emulators, and the list comparison its memory and SQLite emulators,
	// signed, in the same rounds, so a change is measured before and after
	// in one run on one machine state.
	Before string
}

// OutsideRow is one target's figures in one comparison.
type OutsideRow struct {
	Target   string
	Tool     string // "loadgen (signed)" or "wrk (unsigned)"
	Conns    int
	Requests int
	PerSec   float64
	BytesSec float64
	P50, P99 time.Duration
	Non2xx   int
	// RSS and PeakRSS are the server process's resident memory after the
	// comparison and its peak (bytes), where measured (launches), and
	// CPUPerReq the processor time it spent per answered request (while
	// loaded, by runTargets; Launches counts the time between loads too).
	// CPU per request depends much less on what else the machine runs
	// than throughput does.
	RSS, PeakRSS int64
	CPUPerReq    time.Duration
}

// outsideFixture is the seed file and key every emulator process shares.
type outsideFixture struct {
	bins   Binaries
	home   string
	seed   string
	signer Signer
}

func newOutsideFixture(bins Binaries, home string, servers int) (*outsideFixture, error) {
	doc, err := SeedJSONWithServers(servers)
	if err != nil {
		return nil, err
	}
	sd, err := SeedWithServers(servers)
	if err != nil {
		return nil, err
	}
	f := filepath.Join(home, fmt.Sprintf("seed-%d.json", servers))
	if err := os.WriteFile(f, doc, 0o600); err != nil {
		return nil, err
	}
	k := sd.Customers[0].APIKey
	return &outsideFixture{bins: bins, home: home, seed: f, signer: Signer{Access: k.AccessKey, Secret: k.SecretKey}}, nil
}

// emulator starts one emulator process over the fixture's seed; data is
// "" (memory) or a file name in home.
func (f *outsideFixture) emulator(ctx context.Context, data, auth, jobMode string) (*Daemon, error) {
	return f.emulatorOf(ctx, f.bins, data, auth, jobMode)
}

// emulatorOf is emulator with bins' mixcoatl (another build, see
// OutsideOptions.Before).
func (f *outsideFixture) emulatorOf(ctx context.Context, bins Binaries, data, auth, jobMode string) (*Daemon, error) {
	if data != "" {
		data = filepath.Join(f.home, data)
	}
	return StartEmulatorProcess(ctx, bins, f.home, EmulatorProcess{Data: data, Auth: auth, JobMode: jobMode,
		Seed: f.seed, Access: f.signer.Access, Secret: f.signer.Secret})
}

// target is one server of a comparison and how to load it.
type target struct {
	name   string
	d      *Daemon
	signed bool // loadgen signs; otherwise wrk sends unsigned GETs of wrkPath
	row    OutsideRow
}

// runTargets loads each target in turn for rounds rounds of d each and
// sums what they answered.
func runTargets(ctx context.Context, f *outsideFixture, targets []*target, reqs []loadgen.Request, wrkPath string, conns, rounds int, d time.Duration) ([]OutsideRow, error) {
	var elapsed = make([]time.Duration, len(targets))
	var bytes = make([]float64, len(targets))
	var cpu = make([]time.Duration, len(targets))
	for range max(rounds, 1) {
		for i, t := range targets {
			t.row.Target, t.row.Conns = t.name, conns
			// The server's processor time per answer is measured beside
			// the throughput: it hardly depends on what else the machine
			// runs, which the throughput, and so the ratio, does.
			c0, err := t.d.CPU()
			if err != nil {
				return nil, err
			}
			if t.signed {
				res, err := Load(ctx, f.bins, f.home, t.d.Addr, f.signer, conns, d, reqs)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", t.name, err)
				}
				if cpu[i], err = addCPU(cpu[i], t.d, c0); err != nil {
					return nil, err
				}
				t.row.Tool = "loadgen (signed)"
				t.row.Requests += res.Requests
				elapsed[i] += res.Elapsed
				bytes[i] += float64(res.Bytes)
				t.row.P50, t.row.P99 = max(t.row.P50, res.P50), max(t.row.P99, res.P99)
				for s, n := range res.Statuses {
					if s < 200 || s > 299 {
						t.row.Non2xx += n
					}
				}
				continue
			}
			res, err := Wrk(ctx, t.d.Addr, wrkPath, conns, d)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", t.name, err)
			}
			if cpu[i], err = addCPU(cpu[i], t.d, c0); err != nil {
				return nil, err
			}
			t.row.Tool = "wrk (unsigned)"
			t.row.Requests += res.Requests
			elapsed[i] += d
			bytes[i] += res.BytesSec * d.Seconds()
			t.row.P50, t.row.P99 = max(t.row.P50, res.P50), max(t.row.P99, res.P99)
			t.row.Non2xx += res.Non2xx
		}
	}
	rows := make([]OutsideRow, len(targets))
	for i, t := range targets {
		t.row.PerSec = float64(t.row.Requests) / elapsed[i].Seconds()
		t.row.BytesSec = bytes[i] / elapsed[i].Seconds()
		if t.row.Requests > 0 {
			t.row.CPUPerReq = cpu[i] / time.Duration(t.row.Requests)
		}
		rows[i] = t.row
	}
	return rows, nil
}

// addCPU adds to sum the processor time d used since it had used c0.
func addCPU(sum time.Duration, d *Daemon, c0 time.Duration) (time.Duration, error) {
	c1, err := d.CPU()
	return sum + c1 - c0, err
}

// serverIDsOf reads the server ids of a recorded list answer.
func serverIDsOf(a RecordedAnswer) ([]string, error) {
	var env struct {
		Servers []struct {
			ServerID json.Number `json:"serverId"`
		} `json:"servers"`
	}
	if err := json.Unmarshal(a.Body, &env); err != nil {
		return nil, err
	}
	ids := make([]string, len(env.Servers))
	for i, s := range env.Servers {
		ids[i] = s.ServerID.String()
	}
	return ids, nil
}

// GetAndListResult holds the GET-by-id and list comparisons.
type GetAndListResult struct {
	Get       []OutsideRow // per connection count: bare, memory, SQLite (signed; then memory and SQLite of the Before build if set), then bare, memory, SQLite (wrk, --auth off)
	List      []OutsideRow // bare, memory, SQLite (signed); then memory and SQLite of the Before build if set
	ListBytes int          // size of the list answer
	Servers   int
}

// GetAndList compares GET by id and the list of every server from the
// emulator (memory and SQLite, signed; and with --auth off through wrk)
// with the bare server returning the same bytes.
func GetAndList(ctx context.Context, bins Binaries, o OutsideOptions) (GetAndListResult, error) {
	res := GetAndListResult{Servers: o.Servers}
	f, err := newOutsideFixture(bins, o.Home, o.Servers)
	if err != nil {
		return res, err
	}
	var daemons []*Daemon
	defer func() {
		for _, d := range daemons {
			d.Stop()
		}
	}()
	start := func(data, auth string) (*Daemon, error) {
		d, err := f.emulator(ctx, data, auth, "")
		if err == nil {
			daemons = append(daemons, d)
		}
		return d, err
	}
	mem, err := start("", "")
	if err != nil {
		return res, err
	}
	sql, err := start("get.db", "")
	if err != nil {
		return res, err
	}
	var before, beforeMem *Daemon
	if o.Before != "" {
		bb := bins
		bb.Mixcoatl = o.Before
		if beforeMem, err = f.emulatorOf(ctx, bb, "", "", ""); err != nil {
			return res, fmt.Errorf("bench: the before build: %w", err)
		}
		daemons = append(daemons, beforeMem)
		if before, err = f.emulatorOf(ctx, bb, "get-before.db", "", ""); err != nil {
			return res, fmt.Errorf("bench: the before build: %w", err)
		}
		daemons = append(daemons, before)
	}
	memOff, err := start("", "off")
	if err != nil {
		return res, err
	}
	sqlOff, err := start("get-off.db", "off")
	if err != nil {
		return res, err
	}
	list, err := f.signer.Do(ctx, mem.Addr, http.MethodGet, apiPath("infrastructure/Server"), "")
	if err != nil || list.Status != http.StatusOK {
		return res, fmt.Errorf("bench: recording the list: %v (status %d)", err, list.Status)
	}
	ids, err := serverIDsOf(list)
	if err != nil || len(ids) == 0 {
		return res, fmt.Errorf("bench: list answer: %v", err)
	}
	res.ListBytes = len(list.Body)
	one, err := f.signer.Do(ctx, mem.Addr, http.MethodGet, apiPath("infrastructure/Server/"+ids[0]), "")
	if err != nil || one.Status != http.StatusOK {
		return res, fmt.Errorf("bench: recording a GET: %v (status %d)", err, one.Status)
	}
	bareGet, err := StartBareServer(ctx, bins, o.Home, one, false)
	if err != nil {
		return res, err
	}
	daemons = append(daemons, bareGet)
	// The emulator's server with the bare handler: how close the emulator
	// could come with a handler that cost nothing.
	shellGet, err := StartBareServer(ctx, bins, o.Home, one, true)
	if err != nil {
		return res, err
	}
	daemons = append(daemons, shellGet)
	bareList, err := StartBareServer(ctx, bins, o.Home, list, false)
	if err != nil {
		return res, err
	}
	daemons = append(daemons, bareList)

	gets := make([]loadgen.Request, len(ids))
	for i, id := range ids {
		gets[i] = loadgen.Request{Path: apiPath("infrastructure/Server/" + id)}
	}
	for _, conns := range o.Conns {
		targets := []*target{
			{name: "bare net/http server, same bytes", d: bareGet, signed: true},
			{name: "emulator's server and limits, bare handler", d: shellGet, signed: true},
			{name: "emulator, memory store", d: mem, signed: true},
			{name: "emulator, SQLite store", d: sql, signed: true},
		}
		if before != nil {
			targets = append(targets, &target{name: "emulator, memory store, before build", d: beforeMem, signed: true},
				&target{name: "emulator, SQLite store, before build", d: before, signed: true})
		}
		if _, err := Wrk(ctx, bareGet.Addr, gets[0].Path, 1, time.Second); err == nil {
			targets = append(targets,
				&target{name: "bare net/http server, same bytes", d: bareGet},
				&target{name: "emulator --auth off, memory store", d: memOff},
				&target{name: "emulator --auth off, SQLite store", d: sqlOff})
		}
		rows, err := runTargets(ctx, f, targets, gets, gets[0].Path, conns, o.Rounds, o.Duration)
		if err != nil {
			return res, err
		}
		res.Get = append(res.Get, rows...)
	}
	lists := []loadgen.Request{{Path: apiPath("infrastructure/Server")}}
	listTargets := []*target{
		{name: "bare net/http server, same bytes", d: bareList, signed: true},
		{name: "emulator, memory store", d: mem, signed: true},
		{name: "emulator, SQLite store", d: sql, signed: true},
	}
	if before != nil {
		listTargets = append(listTargets,
			&target{name: "emulator, memory store, before build", d: beforeMem, signed: true},
			&target{name: "emulator, SQLite store, before build", d: before, signed: true})
	}
	rows, err := runTargets(ctx, f, listTargets, lists, "", 8, o.Rounds, o.Duration)
	if err != nil {
		return res, err
	}
	res.List = rows
	return res, nil
}
