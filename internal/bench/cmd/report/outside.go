package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/internal/bench"
)

// outsideSection measures from outside the process: `mixcoatl emulator`
// and the bare server as their own processes, loadgen and wrk as the
// clients.
func outsideSection(ctx context.Context, w io.Writer, o options, tmp string) error {
	bins, home, err := buildAll(tmp)
	if err != nil {
		return err
	}
	oo := bench.OutsideOptions{Duration: o.outsideTime, Rounds: o.outsideRounds, Conns: []int{8, 64}, Servers: o.listN,
		PendingJobs: o.pendingJobs, Home: home, Before: o.before}
	if o.getPending {
		return pendingSection(ctx, w, bins, oo)
	}
	if !o.launchesOnly {
		fmt.Fprintf(os.Stderr, "report: outside: GET by id and list…\n")
		loadBefore := loadAverage()
		gl, err := bench.GetAndList(ctx, bins, oo)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "### 6. From outside: GET by id, `mixcoatl emulator` and the bare server as processes, %v per target × %d alternating rounds\n\n", oo.Duration, oo.Rounds)
		fmt.Fprint(w, "Ratios are against the bare server measured by the same tool at the same connection count. ")
		fmt.Fprint(w, "\"Emulator's server and limits, bare handler\" serves the same bytes through `emulator.Run` (its connection cap and listener, timeouts, header limit) with the handler replaced: the ceiling of an emulator whose handler cost nothing. ")
		fmt.Fprint(w, "Server CPU is the server process's processor time per answer (user + system, /proc), which depends much less on what else the machine runs than throughput does; ")
		fmt.Fprintf(w, "the load generator runs on the same cores. `/proc/loadavg` before and after sections 6 and 7: %s → %s\n\n", loadBefore, loadAverage())
		writeRows(w, gl.Get, func(r bench.OutsideRow) float64 { return r.PerSec }, "req/s")
		fmt.Fprintf(w, "### 7. From outside: list of %d servers (%.2f MB answer), 8 connections\n\n", gl.Servers, float64(gl.ListBytes)/1e6)
		writeRows(w, gl.List, func(r bench.OutsideRow) float64 { return r.BytesSec }, "bytes/s")
		if o.getOnly {
			return nil
		}
	}

	fmt.Fprintf(os.Stderr, "report: outside: launches…\n")
	launches, err := bench.Launches(ctx, bins, oo)
	if err != nil {
		return err
	}
	writeLaunches(w, launches, oo)
	if o.launchesOnly {
		return nil
	}

	if err := pendingSection(ctx, w, bins, oo); err != nil {
		return err
	}

	return memorySection(ctx, w, o, bins, home)
}

// memorySection measures the memory store's footprint at o.memoryServers
// servers (section 10; also alone with -only memory), beside the
// -before-mixcoatl build's when given.
func memorySection(ctx context.Context, w io.Writer, o options, bins bench.Binaries, home string) error {
	fmt.Fprintf(os.Stderr, "report: memory…\n")
	loadBefore := loadAverage()
	mem, err := bench.MemoryFootprint(ctx, bins, home, bench.MemoryOptions{Servers: o.memoryServers, Before: o.before})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "### 10. Memory store with %d servers: emulator RSS %.0f MiB (peak %.0f MiB), stored records %.0f MiB: %.2f× the data\n\n",
		mem.Servers, mib(mem.After.RSS), mib(mem.After.Peak), mib(mem.DataBytes), bench.Ratio(float64(mem.After.RSS), float64(mem.DataBytes)))
	fmt.Fprintf(w, "`/proc/loadavg` before and after: %s → %s\n\n", loadBefore, loadAverage())
	fmt.Fprintln(w, "| build | ready after (parse + load) | RSS | × data | peak RSS | peak × data |\n|---|---|---|---|---|---|")
	row := func(name string, m bench.MemoryFigures) {
		fmt.Fprintf(w, "| %s | %.1f s | %.0f MiB | %.2f× | %.0f MiB | %.2f× |\n", name, m.Ready.Seconds(), mib(m.RSS),
			bench.Ratio(float64(m.RSS), float64(mem.DataBytes)), mib(m.Peak), bench.Ratio(float64(m.Peak), float64(mem.DataBytes)))
	}
	if mem.Before != nil {
		row("before ("+o.before+")", *mem.Before)
	}
	row("this build", mem.After)
	fmt.Fprintln(w)
	return nil
}

// writeLaunches prints the launch comparison: rows in Launches' order
// (SQLite default and immediate, memory default and immediate, then the
// before build's SQLite default and immediate if it ran).
func writeLaunches(w io.Writer, launches []bench.OutsideRow, oo bench.OutsideOptions) {
	fmt.Fprintf(w, "### 8. From outside: launches (signed POST, 8 connections), %v × %d rounds\n\n", oo.Duration, oo.Rounds)
	fmt.Fprintln(w, "| target | requests | launches/s | p50 | p99 | non-2xx | emulator CPU per launch | RSS after (peak) |\n|---|---|---|---|---|---|---|---|")
	for _, r := range launches {
		fmt.Fprintf(w, "| %s | %d | %.0f | %v | %v | %d | %v | %.0f MiB (%.0f MiB) |\n", r.Target, r.Requests, r.PerSec,
			r.P50.Round(time.Microsecond), r.P99.Round(time.Microsecond), r.Non2xx, r.CPUPerReq.Round(time.Microsecond),
			mib(r.RSS), mib(r.PeakRSS))
	}
	fmt.Fprintf(w, "\nDefault mode / immediate: SQLite %.2f×, memory %.2f×", bench.Ratio(launches[0].PerSec, launches[1].PerSec),
		bench.Ratio(launches[2].PerSec, launches[3].PerSec))
	if len(launches) == 6 {
		fmt.Fprintf(w, "; before build SQLite %.2f×; SQLite default mode after / before %.2f×",
			bench.Ratio(launches[4].PerSec, launches[5].PerSec), bench.Ratio(launches[0].PerSec, launches[4].PerSec))
	}
	fmt.Fprint(w, "\n\n")
}

// loadAverage is the first three fields of /proc/loadavg ("?" without it).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}

// pendingSection is section 9: GET by id with jobs pending.
func pendingSection(ctx context.Context, w io.Writer, bins bench.Binaries, oo bench.OutsideOptions) error {
	fmt.Fprintf(os.Stderr, "report: outside: pending jobs…\n")
	pending, err := bench.PendingJobs(ctx, bins, oo)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "### 9. From outside: GET by id (signed, 8 connections) with %d jobs pending (--job-mode duration:1h), against a twin emulator with none, taking turns\n\n", pending.Jobs)
	fmt.Fprintln(w, "| target | requests | req/s | × none pending | p50 | p99 |\n|---|---|---|---|---|---|")
	for i, r := range pending.Rows {
		base := pending.Rows[i-i%2]
		fmt.Fprintf(w, "| %s | %d | %.0f | %.2f× | %v | %v |\n", r.Target, r.Requests, r.PerSec, bench.Ratio(r.PerSec, base.PerSec),
			r.P50.Round(time.Microsecond), r.P99.Round(time.Microsecond))
	}
	fmt.Fprintln(w)
	return nil
}

// writeRows prints rows as a table; each row's ratio is against the first
// row before it with the same tool and connection count (the bare server).
func writeRows(w io.Writer, rows []bench.OutsideRow, figure func(bench.OutsideRow) float64, unit string) {
	fmt.Fprintf(w, "| target | tool | conns | requests | req/s | MB/s | × bare (%s) | p50 | p99 | non-2xx | server CPU per answer |\n|---|---|---|---|---|---|---|---|---|---|---|\n", unit)
	for i, r := range rows {
		base := r
		for j := i; j >= 0; j-- {
			if rows[j].Tool == r.Tool && rows[j].Conns == r.Conns {
				base = rows[j]
			}
		}
		fmt.Fprintf(w, "| %s | %s | %d | %d | %.0f | %.1f | %.2f× | %v | %v | %d | %v |\n", r.Target, r.Tool, r.Conns, r.Requests, r.PerSec,
			r.BytesSec/1e6, bench.Ratio(figure(r), figure(base)), r.P50.Round(time.Microsecond), r.P99.Round(time.Microsecond), r.Non2xx,
			r.CPUPerReq.Round(100*time.Nanosecond))
	}
	fmt.Fprintln(w)
}

// buildAll builds the binaries once per report.
func buildAll(tmp string) (bench.Binaries, string, error) {
	root, err := bench.ModuleRoot()
	if err != nil {
		return bench.Binaries{}, "", err
	}
	bins, err := bench.BuildBinaries(root, tmp)
	if err != nil {
		return bins, "", err
	}
	home, err := os.MkdirTemp(tmp, "home-")
	return bins, home, err
}
