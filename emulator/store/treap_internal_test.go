package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"testing"
	"unsafe"
)

// checkTreap reports a node out of key order, below a node of lower
// priority, or with a wrong subtree size; it returns the subtree's size.
func checkTreap(t *testing.T, n, lo, hi *node) int {
	t.Helper()
	if n == nil {
		return 0
	}
	if lo != nil && compareKey(recordKey{lo.customer, lo.kind, lo.order()}, n) >= 0 ||
		hi != nil && compareKey(recordKey{hi.customer, hi.kind, hi.order()}, n) <= 0 {
		t.Fatalf("node %s out of order", n.id())
	}
	for _, c := range []*node{n.left, n.right} {
		if c != nil && c.prio > n.prio {
			t.Fatalf("node %s (priority %d) below %s (priority %d)", c.id(), c.prio, n.id(), n.prio)
		}
	}
	s := 1 + checkTreap(t, n.left, lo, n) + checkTreap(t, n.right, n, hi)
	if int(n.size) != s {
		t.Fatalf("node %s: size %d, counted %d", n.id(), n.size, s)
	}
	return s
}

// Random small and bulk Updates (inserts, replacements, deletes, some
// rolled back) keep the treap a treap, and every committed version that a
// reader kept stays as it was.
func TestTreapStaysATreap(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m := NewMemory()
	rng := rand.New(rand.NewPCG(1, 2))
	type version struct {
		root  *node
		count int
		sum   int // of the records' data lengths
	}
	var kept []version
	live := map[int]bool{}
	for round := range 60 {
		puts := 1 + rng.IntN(10)
		if round%5 == 0 {
			puts = 3000 // past the bulk thresholds
		}
		rollback := round%7 == 3
		err := m.Update(ctx, func(tx Tx) error {
			for range puts {
				id := rng.IntN(5000)
				if live[id] && rng.IntN(3) == 0 {
					// (deleted already when this Update drew the id twice)
					if err := tx.Delete(ctx, 1, "Server", strconv.Itoa(id)); err != nil && !errors.Is(err, ErrNotFound) {
						return err
					}
					continue
				}
				data := `{"v":"` + strconv.Itoa(round) + `"}`
				if err := tx.Put(ctx, Record{Customer: 1, Kind: "Server", ID: strconv.Itoa(id), Data: []byte(data)}); err != nil {
					return err
				}
			}
			if rollback {
				return context.Canceled
			}
			return nil
		})
		if rollback != (err != nil) {
			t.Fatalf("round %d: Update returned %v", round, err)
		}
		root := m.current.Load().records
		live = map[int]bool{}
		sum := 0
		for c := seek(root, recordKey{}, false); c.peek() != nil; c.advance() {
			n := c.peek()
			id, _ := strconv.Atoi(n.id())
			live[id] = true
			sum += len(n.data())
		}
		if got := checkTreap(t, root, nil, nil); got != len(live) {
			t.Fatalf("round %d: %d nodes, %d distinct ids", round, got, len(live))
		}
		kept = append(kept, version{root, len(live), sum})
	}
	for i, v := range kept {
		sum, count := 0, 0
		for c := seek(v.root, recordKey{}, false); c.peek() != nil; c.advance() {
			sum += len(c.peek().data())
			count++
		}
		if count != v.count || sum != v.sum || checkTreap(t, v.root, nil, nil) != v.count {
			t.Errorf("version %d changed after later Updates: %d records of %d bytes, was %d of %d", i, count, sum, v.count, v.sum)
		}
	}
}

// A node stays within the 128-byte size class: with 100k records every
// field is 800 KB.
func TestNodeIsCompact(t *testing.T) {
	t.Parallel()
	if s := unsafe.Sizeof(node{}); s > 128 {
		t.Errorf("a node takes %d bytes", s)
	}
}
