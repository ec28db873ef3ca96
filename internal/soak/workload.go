// Package soak drives the emulator with mixed concurrent traffic (creates,
// updates, deletes, reads, async launches with job polling) over loopback,
// keeps a ledger of every write the emulator acknowledged and checks
// afterwards that each one is readable: the load/soak run (Run) and the
// kill -9 crash run (the tests in this package re-exec their own binary as
// the emulator child). The short forms run under `go test`; the long forms
// take flags, see soak_test.go.
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
	"github.com/mixcoatl/mixcoatl/sdk"
)

// Ledger records the writes the emulator acknowledged. Safe for concurrent
// use.
type Ledger struct {
	mu       sync.Mutex
	groups   map[int64]string // live group id -> last acknowledged name
	deleted  map[int64]bool   // groups whose delete was acknowledged
	launches map[int64]bool   // job ids of acknowledged launches
	// unsure holds groups whose update or delete failed without an answer:
	// it may or may not have been applied, so no state is required of them.
	unsure map[int64]bool
}

// NewLedger returns an empty ledger.
func NewLedger() *Ledger {
	return &Ledger{groups: map[int64]string{}, deleted: map[int64]bool{}, launches: map[int64]bool{}, unsure: map[int64]bool{}}
}

func (l *Ledger) created(id int64, name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.groups[id] = name
}

func (l *Ledger) deletedGroup(id int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.groups, id)
	l.deleted[id] = true
}

// unknownOutcome takes a group out of verification: a write to it failed, so
// either outcome is correct.
func (l *Ledger) unknownOutcome(id int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.groups, id)
	delete(l.deleted, id)
	l.unsure[id] = true
}

func (l *Ledger) launched(jobID int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.launches[jobID] = true
}

// Counts reports how many live groups, deleted groups and launches the
// ledger holds.
func (l *Ledger) Counts() (live, deleted, launches int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.groups), len(l.deleted), len(l.launches)
}

// Verify reads back every acknowledged write: each live group exists with
// its last acknowledged name, each deleted group is gone, and each launch
// job finishes COMPLETE (polling it; the emulator's job mode decides how
// soon) with a readable server. It returns every discrepancy.
func (l *Ledger) Verify(ctx context.Context, c *dcm.Client) []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	groups := admin.New(c).Groups
	servers := infrastructure.New(c).Servers
	var errs []error
	for id, name := range l.groups {
		g, err := groups.Get(ctx, id)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("lost write: group %d (created and acknowledged): %w", id, err))
		case g.Name != name:
			errs = append(errs, fmt.Errorf("lost update: group %d is named %q, last acknowledged %q", id, g.Name, name))
		}
	}
	for id := range l.deleted {
		if _, err := groups.Get(ctx, id); !dcm.IsNotFound(err) {
			errs = append(errs, fmt.Errorf("lost delete: group %d still answers (err %v)", id, err))
		}
	}
	for jobID := range l.launches {
		job := &dcm.Job{JobID: jobID, Status: dcm.JobStatusRunning}
		if _, err := servers.Created(ctx, job, dcm.WaitOptions{Interval: 5 * time.Millisecond, MaxInterval: 50 * time.Millisecond}); err != nil {
			errs = append(errs, fmt.Errorf("lost job: launch job %d: %w", jobID, err))
		}
	}
	return errs
}

// launchTemplate is a valid launch request built from the first seeded
// server (its product, image, data centre and budget).
func launchTemplate(ctx context.Context, c *dcm.Client) (infrastructure.ServerLaunchRequest, error) {
	for s, err := range infrastructure.New(c).Servers.List(ctx, infrastructure.ServerFilter{}) {
		if err != nil {
			return infrastructure.ServerLaunchRequest{}, err
		}
		return infrastructure.ServerLaunchRequest{
			Name: "soak", Description: "launched by the soak run", Budget: s.Budget,
			Product: sdk.IntID(s.Product.ID()), MachineImage: sdk.IntID(s.MachineImage.ID()),
			DataCenter: sdk.IntID(s.DataCenter.ID()),
		}, nil
	}
	return infrastructure.ServerLaunchRequest{}, errors.New("soak: the seed has no server to copy a launch from")
}

// OpKind names one kind of operation in the mix.
type OpKind string

const (
	OpCreate OpKind = "create group"
	OpUpdate OpKind = "update group"
	OpRead   OpKind = "read group"
	OpList   OpKind = "list servers"
	OpDelete OpKind = "delete group"
	OpLaunch OpKind = "launch server + poll job"
)

// mix is the order each worker cycles through: reads dominate, every write
// kind appears, one launch per cycle.
func mix() [10]OpKind {
	return [...]OpKind{OpCreate, OpRead, OpUpdate, OpRead, OpList, OpCreate, OpDelete, OpRead, OpLaunch, OpRead}
}

// worker runs one client's share of the mix. Its own groups are the only
// ones it updates or deletes, so the ledger's "last acknowledged name" is
// well defined without cross-worker ordering.
type worker struct {
	id      int
	groups  *admin.GroupService
	servers *infrastructure.ServerService
	launch  infrastructure.ServerLaunchRequest
	ledger  *Ledger
	mine    []int64
	seq     int
	// pollJobs makes launches wait for their job (load run); the crash run
	// only records the acknowledged job and polls it after the restarts.
	pollJobs bool
}

// step performs operation op; it returns the error of the call, if any.
func (w *worker) step(ctx context.Context, op OpKind) error {
	w.seq++
	name := fmt.Sprintf("soak-w%d-%d", w.id, w.seq)
	switch op {
	case OpCreate:
		g, err := w.groups.AddGroup(ctx, admin.GroupAddGroupRequest{Name: name, Description: "soak"})
		if err != nil {
			return err
		}
		w.ledger.created(g.GroupID, name)
		w.mine = append(w.mine, g.GroupID)
	case OpUpdate:
		if len(w.mine) == 0 {
			return nil
		}
		id := w.mine[w.seq%len(w.mine)]
		if err := w.groups.DescribeGroup(ctx, id, admin.GroupDescribeGroupRequest{Name: name, Description: "soak, renamed"}); err != nil {
			w.forget(id)
			return err
		}
		w.ledger.created(id, name)
	case OpRead:
		if len(w.mine) == 0 {
			return nil
		}
		_, err := w.groups.Get(ctx, w.mine[w.seq%len(w.mine)])
		return err
	case OpList:
		_, err := w.servers.Count(ctx, infrastructure.ServerFilter{})
		return err
	case OpDelete:
		if len(w.mine) < 2 {
			return nil
		}
		id := w.mine[0]
		if err := w.groups.Delete(ctx, id); err != nil {
			w.forget(id)
			return err
		}
		w.mine = w.mine[1:]
		w.ledger.deletedGroup(id)
	case OpLaunch:
		req := w.launch
		req.Name = name
		job, err := w.servers.Launch(ctx, req)
		if err != nil {
			return err
		}
		if job == nil {
			return nil // finished synchronously: nothing to wait for
		}
		w.ledger.launched(job.JobID)
		if w.pollJobs {
			_, err = w.servers.Created(ctx, job, dcm.WaitOptions{Interval: 5 * time.Millisecond, MaxInterval: 50 * time.Millisecond})
			return err
		}
	}
	return nil
}

// forget drops a group whose last write failed from this worker and from
// verification.
func (w *worker) forget(id int64) {
	w.mine = slices.DeleteFunc(w.mine, func(m int64) bool { return m == id })
	w.ledger.unknownOutcome(id)
}
