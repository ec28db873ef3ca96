package store

import (
	"strings"

	"github.com/mixcoatl/mixcoatl/emulator/store/internal/base"
)

// The memory store keeps all records in one persistent (immutable,
// path-copying) treap ordered by (customer, kind, id order). A committed
// root never changes, so a View reads a snapshot without locks and an
// Update builds its new version beside the committed one; committing swaps
// one pointer and discarding costs nothing. Every operation is O(log n)
// expected; subtree sizes make Count O(log n) too.

// recordKey orders records: by customer, then kind, then id order.
type recordKey struct {
	customer int64
	kind     string
	order    base.Order
}

func compareKeys(a, b recordKey) int {
	switch {
	case a.customer < b.customer:
		return -1
	case a.customer > b.customer:
		return 1
	}
	if c := strings.Compare(a.kind, b.kind); c != 0 {
		return c
	}
	return a.order.Compare(b.order)
}

// priority is a deterministic function of the key (FNV-1a): no random
// state to share, and the same records always form the same shape. Ids are
// not chosen adversarially, so hashing keeps the treap balanced in
// expectation.
func priority(k recordKey) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := range 8 {
		h = (h ^ uint64(byte(k.customer>>(8*i)))) * prime
	}
	for _, s := range [...]string{k.kind, "\x00", k.order.ID} {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * prime
		}
	}
	// Final avalanche so sequential ids do not give correlated priorities.
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

type node struct {
	key         recordKey
	rec         Record
	prio        uint64
	size        int
	left, right *node
}

func size(t *node) int {
	if t == nil {
		return 0
	}
	return t.size
}

// with returns a copy of t with new children.
func (t *node) with(left, right *node) *node {
	n := *t
	n.left, n.right = left, right
	n.size = 1 + size(left) + size(right)
	return &n
}

func find(t *node, k recordKey) *node {
	for t != nil {
		switch c := compareKeys(k, t.key); {
		case c < 0:
			t = t.left
		case c > 0:
			t = t.right
		default:
			return t
		}
	}
	return nil
}

// split returns the keys < k and the keys >= k.
func split(t *node, k recordKey) (*node, *node) {
	if t == nil {
		return nil, nil
	}
	if compareKeys(t.key, k) < 0 {
		l, r := split(t.right, k)
		return t.with(t.left, l), r
	}
	l, r := split(t.left, k)
	return l, t.with(r, t.right)
}

// merge joins a and b where every key of a is below every key of b.
func merge(a, b *node) *node {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case a.prio > b.prio:
		return a.with(a.left, merge(a.right, b))
	default:
		return b.with(merge(a, b.left), b.right)
	}
}

// replaceRec returns t with the record at k (which must exist) replaced.
func replaceRec(t *node, k recordKey, rec Record) *node {
	switch c := compareKeys(k, t.key); {
	case c < 0:
		return t.with(replaceRec(t.left, k, rec), t.right)
	case c > 0:
		return t.with(t.left, replaceRec(t.right, k, rec))
	default:
		n := t.with(t.left, t.right)
		n.rec = rec
		return n
	}
}

// insert returns t with rec at k (which must be absent).
func insert(t *node, k recordKey, rec Record) *node {
	l, r := split(t, k)
	return merge(merge(l, &node{key: k, rec: rec, prio: priority(k), size: 1}), r)
}

// remove returns t without k (which must exist).
func remove(t *node, k recordKey) *node {
	switch c := compareKeys(k, t.key); {
	case c < 0:
		return t.with(remove(t.left, k), t.right)
	case c > 0:
		return t.with(t.left, remove(t.right, k))
	default:
		return merge(t.left, t.right)
	}
}

// countBelow counts the keys < k, or <= k when inclusive.
func countBelow(t *node, k recordKey, inclusive bool) int {
	n := 0
	for t != nil {
		c := compareKeys(t.key, k)
		if c < 0 || (inclusive && c == 0) {
			n += size(t.left) + 1
			t = t.right
		} else {
			t = t.left
		}
	}
	return n
}

// cursor walks a treap in key order.
type cursor struct{ stack []*node }

// seek positions a cursor at the first key >= k, or > k when strict.
func seek(t *node, k recordKey, strict bool) *cursor {
	c := &cursor{}
	for t != nil {
		d := compareKeys(t.key, k)
		if d > 0 || (d == 0 && !strict) {
			c.stack = append(c.stack, t)
			t = t.left
		} else {
			t = t.right
		}
	}
	return c
}

func (c *cursor) peek() *node {
	if len(c.stack) == 0 {
		return nil
	}
	return c.stack[len(c.stack)-1]
}

func (c *cursor) advance() {
	n := c.stack[len(c.stack)-1]
	c.stack = c.stack[:len(c.stack)-1]
	for t := n.right; t != nil; t = t.left {
		c.stack = append(c.stack, t)
	}
}
