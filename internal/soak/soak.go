package soak

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/mixcoatl/mixcoatl/admin"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/infrastructure"
)

// Options bound a load run: it stops at Duration or after MaxOps
// operations per client, whichever comes first.
type Options struct {
	Clients  int
	Duration time.Duration
	MaxOps   int // per client; 0 = 1,000,000
}

// OpStats are one operation kind's figures.
type OpStats struct {
	Kind          OpKind
	Count, Errors int
	P50, P99, Max time.Duration
}

// Report is the outcome of a load run.
type Report struct {
	Clients        int
	Elapsed        time.Duration
	Ops            int
	ServerErrors   int     // answers with status >= 500
	OtherErrors    []error // anything else that failed (first few)
	OtherErrorsN   int
	PerOp          []OpStats
	Live, Deleted  int // groups in the ledger after the run
	Launches       int
	LostWrites     []error // Verify's findings
	VerifyDuration time.Duration
}

// Run drives cfg's emulator with o.Clients concurrent clients cycling
// through the operation mix, then verifies the ledger of acknowledged
// writes. Every client has its own dcm.Client with retries off, so an error
// answer is counted, not hidden by a retry.
func Run(ctx context.Context, cfg dcm.Config, o Options) (Report, error) {
	maxOps := o.MaxOps
	if maxOps <= 0 {
		maxOps = 1_000_000
	}
	setup, err := dcm.New(cfg)
	if err != nil {
		return Report{}, err
	}
	launch, err := launchTemplate(ctx, setup)
	if err != nil {
		return Report{}, err
	}
	ledger := NewLedger()
	type sample struct {
		kind OpKind
		d    time.Duration
		err  error
	}
	results := make([][]sample, o.Clients)
	deadline := time.Now().Add(o.Duration)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range o.Clients {
		c, err := dcm.New(cfg, dcm.WithRetry(dcm.RetryPolicy{MaxAttempts: 1}))
		if err != nil {
			return Report{}, err
		}
		w := &worker{id: i, groups: admin.New(c).Groups, servers: infrastructure.New(c).Servers,
			launch: launch, ledger: ledger, pollJobs: true}
		wg.Go(func() {
			order := mix()
			for n := 0; n < maxOps && time.Now().Before(deadline) && ctx.Err() == nil; n++ {
				op := order[(n+i)%len(order)]
				t0 := time.Now()
				err := w.step(ctx, op)
				results[i] = append(results[i], sample{op, time.Since(t0), err})
			}
		})
	}
	wg.Wait()
	rep := Report{Clients: o.Clients, Elapsed: time.Since(start)}
	lat := map[OpKind][]time.Duration{}
	errs := map[OpKind]int{}
	for _, rs := range results {
		for _, s := range rs {
			rep.Ops++
			lat[s.kind] = append(lat[s.kind], s.d)
			if s.err == nil {
				continue
			}
			errs[s.kind]++
			if apiErr, ok := errors.AsType[*dcm.APIError](s.err); ok && apiErr.StatusCode >= 500 {
				rep.ServerErrors++
			} else {
				rep.OtherErrorsN++
			}
			if len(rep.OtherErrors) < 5 {
				rep.OtherErrors = append(rep.OtherErrors, fmt.Errorf("%s: %w", s.kind, s.err))
			}
		}
	}
	for _, k := range mixKinds() {
		ds := lat[k]
		slices.Sort(ds)
		st := OpStats{Kind: k, Count: len(ds), Errors: errs[k]}
		if len(ds) > 0 {
			st.P50, st.P99, st.Max = percentile(ds, 50), percentile(ds, 99), ds[len(ds)-1]
		}
		rep.PerOp = append(rep.PerOp, st)
	}
	rep.Live, rep.Deleted, rep.Launches = ledger.Counts()
	t0 := time.Now()
	rep.LostWrites = ledger.Verify(ctx, setup)
	rep.VerifyDuration = time.Since(t0)
	return rep, nil
}

// mixKinds lists each operation kind of the mix once, in mix order.
func mixKinds() []OpKind {
	var out []OpKind
	for _, k := range mix() {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// percentile is the nearest-rank p-th percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	rank := int(p/100*float64(len(sorted))+0.5) - 1
	return sorted[max(0, min(rank, len(sorted)-1))]
}

// String prints the report as a small table.
func (r Report) String() string {
	s := fmt.Sprintf("%d clients, %v, %d ops (%.0f/s), %d 5xx, %d other errors; ledger: %d live groups, %d deleted, %d launches; verify %v: %d lost\n",
		r.Clients, r.Elapsed.Round(time.Millisecond), r.Ops, float64(r.Ops)/r.Elapsed.Seconds(), r.ServerErrors, r.OtherErrorsN,
		r.Live, r.Deleted, r.Launches, r.VerifyDuration.Round(time.Millisecond), len(r.LostWrites))
	s += "| operation | count | errors | p50 | p99 | max |\n|---|---|---|---|---|---|\n"
	for _, o := range r.PerOp {
		s += fmt.Sprintf("| %s | %d | %d | %v | %v | %v |\n", o.Kind, o.Count, o.Errors,
			o.P50.Round(time.Microsecond), o.P99.Round(time.Microsecond), o.Max.Round(time.Microsecond))
	}
	return s
}
