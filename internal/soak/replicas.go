package soak

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/mixcoatl/mixcoatl/admin"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/infrastructure"
)

// ReplicaOptions bound a replica run: emulator children sharing one
// Postgres database (DSN), the way a team would run them behind a load
// balancer.
type ReplicaOptions struct {
	Exe, DSN string
	Replicas int           // children serving the database (3)
	Workers  int           // clients, spread round-robin over the replicas
	Duration time.Duration // of the load with the kill; each throughput phase takes a third of it
	Downtime time.Duration // between the kill -9 and the restart
}

// ReplicaReport is the outcome of a replica run.
type ReplicaReport struct {
	// Throughput is acknowledged operations per second with 1, 2, …
	// Replicas replicas serving the same clients.
	Throughput []float64
	Acked      int // operations acknowledged during the run with the kill
	Failed     int // operations that failed, all on the killed replica
	// FailedElsewhere counts failures on replicas that were not killed
	// (there should be none).
	FailedElsewhere         int
	Live, Deleted, Launches int
	LostWrites              []error // per replica, Verify's findings
	Disagreements           []error // replicas answering differently afterwards
	Restart                 time.Duration
}

// replicaSet is the children and the endpoint each one serves now.
type replicaSet struct {
	mu       sync.Mutex
	children []*Child
	gen      []int // bumped by each restart
	down     []bool
}

func (s *replicaSet) config(i int) (dcm.Config, int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.children[i].Config, s.gen[i], s.down[i]
}

// Replicas starts o.Replicas emulator children on o.DSN (the first one
// seeds it), measures throughput with 1…Replicas of them serving o.Workers
// clients, then runs the mixed load over all of them, kills one with
// SIGKILL a third of the way in and restarts it, and afterwards checks
// every acknowledged write and launch job through every replica and that
// all replicas answer the same lists.
func Replicas(ctx context.Context, o ReplicaOptions) (ReplicaReport, error) {
	var rep ReplicaReport
	set := &replicaSet{gen: make([]int, o.Replicas), down: make([]bool, o.Replicas)}
	defer func() {
		for _, c := range set.children {
			c.Kill()
		}
	}()
	for range o.Replicas {
		c, err := StartChild(ctx, o.Exe, o.DSN)
		if err != nil {
			return rep, err
		}
		set.children = append(set.children, c)
	}
	setup, err := dcm.New(set.children[0].Config)
	if err != nil {
		return rep, err
	}
	launch, err := launchTemplate(ctx, setup)
	if err != nil {
		return rep, err
	}
	phase := o.Duration / 3
	for k := 1; k <= o.Replicas; k++ {
		acked, _, _, err := replicaLoad(ctx, set, k, o.Workers, phase, NewLedger(), launch, nil)
		if err != nil {
			return rep, err
		}
		rep.Throughput = append(rep.Throughput, float64(acked)/phase.Seconds())
	}
	ledger := NewLedger()
	victim := o.Replicas - 1
	kill := func() error {
		time.Sleep(o.Duration / 3)
		set.mu.Lock()
		set.down[victim] = true
		set.mu.Unlock()
		set.children[victim].Kill()
		time.Sleep(o.Downtime)
		t0 := time.Now()
		c, err := StartChild(ctx, o.Exe, o.DSN)
		if err != nil {
			return err
		}
		rep.Restart = time.Since(t0)
		set.mu.Lock()
		set.children[victim], set.down[victim] = c, false
		set.gen[victim]++
		set.mu.Unlock()
		return nil
	}
	acked, failed, elsewhere, err := replicaLoad(ctx, set, o.Replicas, o.Workers, o.Duration, ledger, launch, kill)
	if err != nil {
		return rep, err
	}
	rep.Acked, rep.Failed, rep.FailedElsewhere = acked, failed, elsewhere
	rep.Live, rep.Deleted, rep.Launches = ledger.Counts()
	var lists [][]byte
	for i := range o.Replicas {
		cfg, _, _ := set.config(i)
		c, err := dcm.New(cfg)
		if err != nil {
			return rep, err
		}
		for _, e := range ledger.Verify(ctx, c) {
			rep.LostWrites = append(rep.LostWrites, fmt.Errorf("replica %d: %w", i, e))
		}
		var state []byte
		for _, path := range []string{"admin/Group", "infrastructure/Server", "admin/Job"} {
			resp, err := c.Get(ctx, path, nil)
			if err != nil {
				return rep, fmt.Errorf("replica %d: GET %s: %w", i, path, err)
			}
			state = append(append(state, resp.Body...), '\n')
		}
		lists = append(lists, state)
		if i > 0 && !bytes.Equal(state, lists[0]) {
			rep.Disagreements = append(rep.Disagreements, fmt.Errorf("replica %d answers other groups, servers or jobs than replica 0 (%d vs %d bytes)",
				i, len(state), len(lists[0])))
		}
	}
	return rep, nil
}

// replicaLoad runs workers clients over the first k replicas (client i on
// replica i%k) for d, with fn (if any) running beside them, and counts the
// operations acknowledged and failed, and the failures on replicas that
// were up. A client whose replica is down waits for its restart and goes
// on with a client for the new endpoint.
func replicaLoad(ctx context.Context, set *replicaSet, k, workers int, d time.Duration, ledger *Ledger,
	launch infrastructure.ServerLaunchRequest, fn func() error) (acked, failed, elsewhere int, err error) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	deadline := time.Now().Add(d)
	writeMix := mix()
	for i := range workers {
		r := i % k
		w := &worker{id: i, launch: launch, ledger: ledger, seq: int(time.Now().UnixNano() % 1e9)}
		wg.Go(func() {
			gen := -1
			for n := 0; time.Now().Before(deadline) && ctx.Err() == nil; n++ {
				cfg, g, down := set.config(r)
				if down {
					time.Sleep(5 * time.Millisecond)
					continue
				}
				if g != gen {
					c, err := dcm.New(cfg, dcm.WithRetry(dcm.RetryPolicy{MaxAttempts: 1}), dcm.WithTimeout(10*time.Second))
					if err != nil {
						return
					}
					w.groups, w.servers, gen = admin.New(c).Groups, infrastructure.New(c).Servers, g
				}
				err := w.step(ctx, writeMix[(n+i)%len(writeMix)])
				_, gNow, downNow := set.config(r)
				mu.Lock()
				switch {
				case err == nil:
					acked++
				case downNow || gNow != g:
					failed++
				default:
					failed++
					elsewhere++
				}
				mu.Unlock()
			}
		})
	}
	if fn != nil {
		err = fn()
	}
	wg.Wait()
	return acked, failed, elsewhere, err
}
