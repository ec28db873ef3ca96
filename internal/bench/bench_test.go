package bench

import (
	"flag"
	"os"
	"slices"
	"strings"
	"testing"

	"time"

	"github.com/mixcoatl/mixcoatl/dcm"
)

// TestMain keeps every measurement at toy size under `go test`: each case
// runs a fixed, small number of iterations instead of a second.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.benchtime"); f != nil && f.Value.String() == f.DefValue {
		_ = f.Value.Set("20x")
	}
	m.Run()
}

func TestSDKOverhead(t *testing.T) {
	res, err := SDKOverhead(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.BodyBytes == 0 || len(res.Stats) != 4 {
		t.Fatalf("result = %+v", res)
	}
	for _, s := range res.Stats {
		t.Logf("%-40s %8.0f ns/op %4d allocs/op %6d B/op", s.Name, s.NsPerOp, s.AllocsPerOp, s.BytesPerOp)
	}
}

func TestRoundTrips(t *testing.T) {
	res, err := RoundTrips(t.Context(), 60, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res)
	if res.AllItems != res.Servers || res.PerItems != res.Servers {
		t.Fatalf("listed %d and fetched %d of %d servers", res.AllItems, res.PerItems, res.Servers)
	}
	if res.AllRequests != res.AllPages || res.PerObjectRequests != res.Servers {
		t.Fatalf("All made %d requests for %d pages; per object %d for %d servers",
			res.AllRequests, res.AllPages, res.PerObjectRequests, res.Servers)
	}
}

func TestThroughput(t *testing.T) {
	stats, err := Throughput(t.Context(), ThroughputOptions{
		Workers: 4, Duration: 300 * time.Millisecond, Rounds: 1, Servers: 50, Dir: t.TempDir(),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stats {
		t.Logf("%-36s %6d req %8.0f req/s p50 %v p99 %v", s.Name, s.Requests, s.PerSec, s.P50, s.P99)
		if s.Requests == 0 {
			t.Errorf("%s: no request completed", s.Name)
		}
	}
}

func TestProcesses(t *testing.T) {
	if os.Getenv("MIXCOATL_BENCH_PROCESSES") == "" {
		t.Skip("builds five binaries (tens of seconds on a cold cache); set MIXCOATL_BENCH_PROCESSES=1")
	}
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bins, err := BuildBinaries(root, dir)
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	st, err := Startup(t.Context(), bins, home, 3, bins.Mixcoatl) // the build as its own "before"
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Commands) != len(startupCommands) || len(st.Before) != len(st.Commands) {
		t.Fatalf("start-up measured %d commands and %d before, want %d each", len(st.Commands), len(st.Before), len(startupCommands))
	}
	for _, c := range append(st.Commands, st.Before...) {
		if c.Faults <= 0 || st.HelloFaults <= 0 {
			t.Errorf("start-up of %q: %d page faults (hello world %d): not measured", c.Name, c.Faults, st.HelloFaults)
		}
	}
	t.Logf("start-up %+v", st)
	scale, err := Scale(t.Context(), bins, home, []int{300})
	if err != nil {
		t.Fatal(err)
	}
	sc := scale[0]
	t.Logf("scale N=%d: SDK %v %d B RSS, saw %s; CLI %v %d B RSS, %d items in %d bytes",
		sc.N, sc.SDK.Wall, sc.SDK.MaxRSSBytes, sc.SDKSeen, sc.CLI.Wall, sc.CLI.MaxRSSBytes, sc.CLI.Marks, sc.CLI.StdoutBytes)
	if sc.SDKSeen != "299" || sc.CLI.Marks != 299 {
		t.Fatalf("listservers saw %q servers, the CLI printed %d items", sc.SDKSeen, sc.CLI.Marks)
	}
	outside(t, bins, home)
}

// outside runs the out-of-process measurements at toy sizes: every target
// answers, only with successes, and the list of the bare server is the
// emulator's.
func outside(t *testing.T, bins Binaries, home string) {
	o := OutsideOptions{Duration: 300 * time.Millisecond, Rounds: 1, Conns: []int{2}, Servers: 40, PendingJobs: 20, Home: home}
	check := func(what string, rows []OutsideRow) {
		t.Helper()
		for _, r := range rows {
			t.Logf("%s: %+v", what, r)
			if r.Requests == 0 || r.Non2xx > 0 {
				t.Errorf("%s: %s (%s): %d requests, %d not 2xx", what, r.Target, r.Tool, r.Requests, r.Non2xx)
			}
		}
	}
	gl, err := GetAndList(t.Context(), bins, o)
	if err != nil {
		t.Fatal(err)
	}
	check("get", gl.Get)
	if !slices.ContainsFunc(gl.Get, func(r OutsideRow) bool { return strings.HasPrefix(r.Target, "emulator's server and limits") }) {
		t.Errorf("no row of the emulator's server with the bare handler: %+v", gl.Get)
	}
	check("list", gl.List)
	if len(gl.List) != 3 || gl.ListBytes < 40*1000 || gl.List[0].BytesSec < float64(gl.ListBytes) {
		t.Errorf("list of %d bytes: %+v", gl.ListBytes, gl.List)
	}
	launches, err := Launches(t.Context(), bins, o)
	if err != nil {
		t.Fatal(err)
	}
	check("launches", launches)
	pending, err := PendingJobs(t.Context(), bins, o)
	if err != nil {
		t.Fatal(err)
	}
	check("pending", pending.Rows)
	// The same build as "before": both figures are measured.
	mem, err := MemoryFootprint(t.Context(), bins, home, MemoryOptions{Servers: 500, Before: bins.Mixcoatl})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []*MemoryFigures{&mem.After, mem.Before} {
		if m == nil || mem.DataBytes < 500*1000 || m.RSS < mem.DataBytes || m.Peak < m.RSS || m.Ready <= 0 {
			t.Errorf("memory footprint %+v: figures %+v", mem, m)
		}
	}
}

func TestParseWrk(t *testing.T) {
	t.Parallel()
	out := `Running 2s test @ http://127.0.0.1:1/x
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   312.04us  101.22us   3.20ms   89.10%
  Latency Distribution
     50%  295.00us
     75%  340.00us
     90%  410.00us
     99%    1.02ms
  51234 requests in 2.00s, 71.10MB read
  Non-2xx or 3xx responses: 7
Requests/sec:  25617.00
Transfer/sec:     35.55MB
`
	r, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	want := WrkResult{PerSec: 25617, BytesSec: 35.55 * (1 << 20), Requests: 51234, Non2xx: 7, P50: 295 * time.Microsecond, P99: 1020 * time.Microsecond}
	if r != want {
		t.Fatalf("parsed %+v, want %+v", r, want)
	}
	if _, err := parseWrk("unable to connect"); err == nil {
		t.Fatal("a report without Requests/sec parsed")
	}
}

// BenchmarkEmulatorGetByID is the emulator's side of the throughput
// comparison, for profiling:
// go test ./internal/bench -run '^$' -bench EmulatorGetByID -cpuprofile cpu.out
func BenchmarkEmulatorGetByID(b *testing.B) {
	for _, kind := range []StoreKind{StoreMemory, StoreSQLite} {
		b.Run(string(kind), func(b *testing.B) {
			emu, err := StartEmulator(b.Context(), EmulatorOptions{Store: kind, Dir: b.TempDir(), Servers: 1000})
			if err != nil {
				b.Fatal(err)
			}
			defer emu.Close()
			ids, err := ServerIDs(b.Context(), emu, firstCustomer())
			if err != nil {
				b.Fatal(err)
			}
			c, err := dcm.New(emu.Config, dcm.WithHTTPClient(loopbackClient()))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for i := 0; pb.Next(); i++ {
					if _, err := c.Get(b.Context(), "infrastructure/Server/"+ids[i%len(ids)], nil); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
