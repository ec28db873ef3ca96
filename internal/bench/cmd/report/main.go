// Command report runs every bench measurement and prints Markdown for
// BENCHMARKS.md: each figure with its same-run baseline and ratio, plus the
// machine it ran on. All servers it starts listen on 127.0.0.1 and stop
// when it ends.
//
//	go run ./internal/bench/cmd/report          # the full run (several minutes)
//	go run ./internal/bench/cmd/report -quick   # toy sizes, to check it works
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/internal/bench"
)

type options struct {
	quick     bool
	rounds    int
	listN     int
	latency   time.Duration
	workers   int
	tputTime  time.Duration
	scaleNs   []int
	startRuns int
	only      string
	// outside: the out-of-process sections
	outsideTime   time.Duration
	outsideRounds int
	pendingJobs   int
	memoryServers int
	before        string // another mixcoatl build for the GET-by-id and list comparisons
	getOnly       bool   // the outside section stops after GET by id and list
	launchesOnly  bool   // the outside section measures launches only
	getPending    bool   // the outside section measures GET by id with pending jobs only
}

func main() {
	var o options
	var scale string
	flag.BoolVar(&o.quick, "quick", false, "toy sizes (a smoke run)")
	flag.IntVar(&o.rounds, "rounds", 5, "interleaved rounds of the SDK overhead benchmarks")
	flag.IntVar(&o.listN, "list", 1000, "servers listed in the round-trip comparison")
	flag.DurationVar(&o.latency, "latency", 20*time.Millisecond, "latency injected per request in the round-trip comparison")
	flag.IntVar(&o.workers, "workers", 8, "concurrent client goroutines in the throughput comparison")
	flag.DurationVar(&o.tputTime, "throughput-time", 15*time.Second, "time per target in the throughput comparison")
	flag.StringVar(&scale, "scale", "10000,100000", "server counts of the listing scale test")
	flag.IntVar(&o.startRuns, "startup-runs", 200, "executions of each binary in the start-up comparison")
	flag.DurationVar(&o.outsideTime, "outside-time", 5*time.Second, "time per target and round in the out-of-process sections")
	flag.IntVar(&o.outsideRounds, "outside-rounds", 3, "alternating rounds of the out-of-process sections")
	flag.IntVar(&o.pendingJobs, "pending", 3000, "jobs left pending in the pending-jobs comparison")
	flag.IntVar(&o.memoryServers, "memory-servers", 100000, "servers seeded in the memory-footprint measurement")
	flag.StringVar(&o.before, "before-mixcoatl", "", "another mixcoatl binary (an earlier build) whose emulators join the GET-by-id, list and launch comparisons, whose commands join the start-up one and whose memory footprint is measured beside this build's")
	flag.BoolVar(&o.getOnly, "outside-get-only", false, "the outside section measures GET by id and the list only")
	flag.BoolVar(&o.launchesOnly, "outside-launches-only", false, "the outside section measures launches only (with -before-mixcoatl: the earlier build's SQLite too)")
	flag.BoolVar(&o.getPending, "outside-pending-only", false, "the outside section measures GET by id with jobs pending only (its section 9)")
	flag.StringVar(&o.only, "only", "", "comma-separated sections to run: sdk,roundtrips,throughput,scale,startup,outside,memory (default all; outside includes memory)")
	flag.Parse()
	for _, s := range strings.Split(scale, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			fmt.Fprintln(os.Stderr, "report: -scale:", err)
			os.Exit(2)
		}
		o.scaleNs = append(o.scaleNs, n)
	}
	if o.quick {
		o.rounds, o.listN, o.latency, o.tputTime, o.scaleNs, o.startRuns = 1, 60, time.Millisecond, time.Second, []int{500, 2000}, 5
		o.outsideTime, o.outsideRounds, o.pendingJobs, o.memoryServers = time.Second, 1, 50, 2000
	}
	if err := run(context.Background(), os.Stdout, o); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func (o options) want(section string) bool {
	return o.only == "" || strings.Contains(","+o.only+",", ","+section+",")
}

func run(ctx context.Context, w io.Writer, o options) error {
	fmt.Fprintf(w, "Machine: %d CPUs (nproc), %s, %s %s/%s; %s\n\n", runtime.NumCPU(), cpuModel(), runtime.Version(),
		runtime.GOOS, runtime.GOARCH, time.Now().UTC().Format("2006-01-02 15:04 MST"))
	tmp, err := os.MkdirTemp("", "mixcoatl-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	steps := []struct {
		name string
		fn   func() error
	}{
		{"sdk", func() error { return sdkSection(ctx, w, o) }},
		{"roundtrips", func() error { return roundTripSection(ctx, w, o) }},
		{"throughput", func() error { return throughputSection(ctx, w, o, tmp) }},
		{"scale", func() error { return processSections(ctx, w, o, tmp, "scale") }},
		{"startup", func() error { return processSections(ctx, w, o, tmp, "startup") }},
		{"outside", func() error { return outsideSection(ctx, w, o, tmp) }},
		{"memory", func() error {
			if o.want("outside") { // measured at the end of the outside section
				return nil
			}
			bins, home, err := buildAll(tmp)
			if err != nil {
				return err
			}
			return memorySection(ctx, w, o, bins, home)
		}},
	}
	for _, s := range steps {
		if !o.want(s.name) {
			continue
		}
		fmt.Fprintf(os.Stderr, "report: %s…\n", s.name)
		if err := s.fn(); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return nil
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func sdkSection(ctx context.Context, w io.Writer, o options) error {
	res, err := bench.SDKOverhead(ctx, o.rounds)
	if err != nil {
		return err
	}
	base := res.Stats[0].NsPerOp
	fmt.Fprintf(w, "### 1. SDK overhead: one signed GET of a server (%d-byte answer, fixed-bytes handler, loopback)\n\n", res.BodyBytes)
	fmt.Fprintf(w, "Median of %d interleaved rounds of 1 s each.\n\n", o.rounds)
	fmt.Fprintln(w, "| path | µs/op | allocs/op | B/op | × bare |\n|---|---|---|---|---|")
	for _, s := range res.Stats {
		fmt.Fprintf(w, "| %s | %.1f | %d | %d | %.2f× |\n", s.Name, s.NsPerOp/1e3, s.AllocsPerOp, s.BytesPerOp, bench.Ratio(s.NsPerOp, base))
	}
	fmt.Fprintf(w, "\nTyped Get vs bare GET + the same decode: %.2f×\n\n", bench.Ratio(res.Stats[3].NsPerOp, res.Stats[1].NsPerOp))
	return nil
}

func roundTripSection(ctx context.Context, w io.Writer, o options) error {
	r, err := bench.RoundTrips(ctx, o.listN, o.latency)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "### 2. Round trips: %d servers, %v injected per request (emulator fault rule), page size %d\n\n", r.Servers, r.Latency, r.PageSize)
	fmt.Fprintln(w, "| pattern | requests (emulator log) | wall | items |\n|---|---|---|---|")
	fmt.Fprintf(w, "| infrastructure Servers.All | %d (pages: %d) | %v | %d |\n", r.AllRequests, r.AllPages, r.AllWall.Round(time.Millisecond), r.AllItems)
	fmt.Fprintf(w, "| one Servers.Get per id | %d | %v | %d |\n", r.PerObjectRequests, r.PerObjectWall.Round(time.Millisecond), r.PerItems)
	fmt.Fprintf(w, "\nRequests per page: %.2f; per-object / All: %.0f× the requests, %.0f× the wall time\n\n",
		bench.Ratio(float64(r.AllRequests), float64(r.AllPages)), bench.Ratio(float64(r.PerObjectRequests), float64(r.AllRequests)),
		bench.Ratio(float64(r.PerObjectWall), float64(r.AllWall)))
	return nil
}

func throughputSection(ctx context.Context, w io.Writer, o options, tmp string) error {
	stats, err := bench.Throughput(ctx, bench.ThroughputOptions{
		Workers: o.workers, Duration: o.tputTime, Rounds: 3, Servers: 1000, Dir: tmp,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "### 3. Emulator throughput: signed GET by id, %d concurrent goroutines, one dcm.Client, loopback, %v per target in 3 alternating slices\n\n", o.workers, o.tputTime)
	fmt.Fprintln(w, "| target | requests | req/s | × bare | p50 | p99 |\n|---|---|---|---|---|---|")
	for _, s := range stats {
		fmt.Fprintf(w, "| %s | %d | %.0f | %.2f× | %v | %v |\n", s.Name, s.Requests, s.PerSec, bench.Ratio(s.PerSec, stats[0].PerSec),
			s.P50.Round(time.Microsecond), s.P99.Round(time.Microsecond))
	}
	fmt.Fprintln(w)
	return nil
}

func processSections(ctx context.Context, w io.Writer, o options, tmp, which string) error {
	root, err := bench.ModuleRoot()
	if err != nil {
		return err
	}
	bins, err := bench.BuildBinaries(root, tmp)
	if err != nil {
		return err
	}
	home, err := os.MkdirTemp(tmp, "home-")
	if err != nil {
		return err
	}
	if which == "startup" {
		st, err := bench.Startup(ctx, bins, home, o.startRuns, o.before)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "### 5. CLI start: mixcoatl commands vs a Go hello world, %d rounds of one exec each, order rotated per round (medians)\n\n", st.Runs)
		fmt.Fprintln(w, "| binary | median wall | × hello world | median CPU (user+sys) | × hello world | median page faults | × hello world | peak RSS |\n|---|---|---|---|---|---|---|---|")
		hello := bench.CommandStartup{P50: st.HelloP50, CPU: st.HelloCPU, Faults: st.HelloFaults, RSS: st.HelloRSS}
		row := func(name string, c bench.CommandStartup) {
			fmt.Fprintf(w, "| %s | %v | %.2f× | %v | %.2f× | %d | %.2f× | %.1f MiB |\n", name, c.P50.Round(time.Microsecond),
				bench.Ratio(float64(c.P50), float64(hello.P50)), c.CPU.Round(time.Microsecond),
				bench.Ratio(float64(c.CPU), float64(hello.CPU)), c.Faults, bench.Ratio(float64(c.Faults), float64(hello.Faults)), mib(c.RSS))
		}
		row("hello world", hello)
		for i, c := range st.Commands {
			row("`"+c.Name+"`", c)
			if i < len(st.Before) {
				row("`"+c.Name+"`, before build", st.Before[i])
			}
		}
		fmt.Fprintln(w)
		return nil
	}
	stats, err := bench.Scale(ctx, bins, home, o.scaleNs)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "### 4. Scale: listing N servers from a child process, emulator default page size (%d), memory store (peak RSS via GNU time)\n\n", emulator.DefaultPageSize)
	fmt.Fprintln(w, "| N | SDK iterator wall | SDK peak RSS | seen | CLI `server list -o json` wall | CLI peak RSS | CLI items | CLI output |\n|---|---|---|---|---|---|---|---|")
	for _, s := range stats {
		fmt.Fprintf(w, "| %d | %v | %.1f MiB | %s | %v | %.1f MiB | %d | %.1f MiB |\n", s.N, s.SDK.Wall.Round(time.Millisecond), mib(s.SDK.MaxRSSBytes),
			s.SDKSeen, s.CLI.Wall.Round(time.Millisecond), mib(s.CLI.MaxRSSBytes), s.CLI.Marks, mib(s.CLI.StdoutBytes))
	}
	if len(stats) >= 2 {
		a, b := stats[0], stats[len(stats)-1]
		fmt.Fprintf(w, "\nN %d → %d (×%.0f): SDK RSS ×%.2f, time ×%.1f; CLI RSS ×%.2f, time ×%.1f\n\n", a.N, b.N, float64(b.N)/float64(a.N),
			bench.Ratio(float64(b.SDK.MaxRSSBytes), float64(a.SDK.MaxRSSBytes)), bench.Ratio(float64(b.SDK.Wall), float64(a.SDK.Wall)),
			bench.Ratio(float64(b.CLI.MaxRSSBytes), float64(a.CLI.MaxRSSBytes)), bench.Ratio(float64(b.CLI.Wall), float64(a.CLI.Wall)))
	}
	return nil
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }
