package store

import (
	"strings"
	"time"
	"unsafe"

	"github.com/mixcoatl/mixcoatl/emulator/store/internal/base"
)

// The memory store keeps all records in one persistent (path-copying) treap
// ordered by (customer, kind, id order). A committed root never changes, so
// a View reads a snapshot without locks and an Update builds its new
// version beside the committed one; committing swaps one pointer and
// discarding costs nothing. Every operation is O(log n) expected; subtree
// sizes make Count O(log n) too.
//
// Path copying would leave O(log n) dead nodes behind every Put, which for
// a bulk load (a 100k-record seed in one Update) is gigabytes of garbage
// in the nodes' size class, and the record bytes allocated between that
// garbage end up spread over half-empty spans the runtime cannot give
// back. So an Update owns the nodes it created (node.gen is its
// generation) and changes those in place: no committed version can reach
// them, a failed Update drops them, and once it commits the generation is
// never used again, which freezes them.

// recordKey orders records: by customer, then kind, then id order.
type recordKey struct {
	customer int64
	kind     string
	order    base.Order
}

// node is one record and its place in the treap, kept compact: the id,
// the data and the internal bytes share one byte slice and the times are
// Unix nanoseconds (which is all the precision the store keeps).
type node struct {
	left, right *node
	kind        string
	// buf is id, then data, then internal. It is never modified once the
	// node is stored: Views and ScanShared hand out parts of it.
	buf              []byte
	customer         int64
	num              int64 // the id's integer value (class numeric)
	created, updated int64 // Unix nanoseconds, UTC
	prio             uint64
	gen              uint64 // the Update that created the node and may change it
	size             int32  // nodes in this subtree
	idLen, dataLen   uint32
	class            int8 // base.Order.Class of the id
}

// id is the record's id. The string shares buf's bytes, which never change.
func (n *node) id() string {
	return unsafe.String(unsafe.SliceData(n.buf), int(n.idLen))
}

func (n *node) data() []byte {
	end := int(n.idLen + n.dataLen)
	return n.buf[n.idLen:end:end]
}

func (n *node) internal() []byte {
	if len(n.buf) == int(n.idLen+n.dataLen) {
		return nil
	}
	return n.buf[n.idLen+n.dataLen : len(n.buf) : len(n.buf)]
}

// record is the node's record sharing its bytes (see copyRecord).
func (n *node) record() Record {
	return Record{Customer: n.customer, Kind: n.kind, ID: n.id(), Data: n.data(), Internal: n.internal(),
		Created: time.Unix(0, n.created).UTC(), Updated: time.Unix(0, n.updated).UTC()}
}

// compareKey orders the key k against node n's key.
func compareKey(k recordKey, n *node) int {
	switch {
	case k.customer < n.customer:
		return -1
	case k.customer > n.customer:
		return 1
	}
	if c := strings.Compare(k.kind, n.kind); c != 0 {
		return c
	}
	return k.order.Compare(n.order())
}

// order is the node's id order.
func (n *node) order() base.Order { return base.Order{Class: n.class, Num: n.num, ID: n.id()} }

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

func size(t *node) int {
	if t == nil {
		return 0
	}
	return int(t.size)
}

func find(t *node, k recordKey) *node {
	for t != nil {
		switch c := compareKey(k, t); {
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

// builder changes a treap on behalf of one Update: nodes of its generation
// in place, others by copying them into its generation.
type builder struct {
	gen   uint64
	arena arena
}

// own returns t itself when the builder created it, else a copy that it
// created.
func (b *builder) own(t *node) *node {
	if t.gen == b.gen {
		return t
	}
	n := b.arena.node()
	*n = *t
	n.gen = b.gen
	return n
}

// with returns t (owned) with new children.
func (b *builder) with(t, left, right *node) *node {
	n := b.own(t)
	n.left, n.right = left, right
	n.size = int32(1 + size(left) + size(right))
	return n
}

// split returns the keys < k and the keys >= k.
func (b *builder) split(t *node, k recordKey) (*node, *node) {
	if t == nil {
		return nil, nil
	}
	if compareKey(k, t) > 0 {
		l, r := b.split(t.right, k)
		return b.with(t, t.left, l), r
	}
	l, r := b.split(t.left, k)
	return l, b.with(t, r, t.right)
}

// merge joins l and r where every key of l is below every key of r.
func (b *builder) merge(l, r *node) *node {
	switch {
	case l == nil:
		return r
	case r == nil:
		return l
	case l.prio > r.prio:
		return b.with(l, l.left, b.merge(l.right, r))
	default:
		return b.with(r, b.merge(l, r.left), r.right)
	}
}

// replace returns t with the node at k (which must exist) holding fresh's
// record; fresh's place in the tree is taken from the old node.
func (b *builder) replace(t *node, k recordKey, fresh *node) *node {
	switch c := compareKey(k, t); {
	case c < 0:
		return b.with(t, b.replace(t.left, k, fresh), t.right)
	case c > 0:
		return b.with(t, t.left, b.replace(t.right, k, fresh))
	default:
		fresh.left, fresh.right, fresh.size, fresh.prio = t.left, t.right, t.size, t.prio
		return fresh
	}
}

// insert returns t with fresh at k (which must be absent).
func (b *builder) insert(t *node, k recordKey, fresh *node) *node {
	if t == nil || fresh.prio > t.prio {
		l, r := b.split(t, k)
		fresh.left, fresh.right = l, r
		fresh.size = int32(1 + size(l) + size(r))
		return fresh
	}
	if compareKey(k, t) < 0 {
		return b.with(t, b.insert(t.left, k, fresh), t.right)
	}
	return b.with(t, t.left, b.insert(t.right, k, fresh))
}

// remove returns t without k (which must exist).
func (b *builder) remove(t *node, k recordKey) *node {
	switch c := compareKey(k, t); {
	case c < 0:
		return b.with(t, b.remove(t.left, k), t.right)
	case c > 0:
		return b.with(t, t.left, b.remove(t.right, k))
	default:
		return b.merge(t.left, t.right)
	}
}

// countBelow counts the keys < k, or <= k when inclusive.
func countBelow(t *node, k recordKey, inclusive bool) int {
	n := 0
	for t != nil {
		c := compareKey(k, t)
		if c > 0 || (inclusive && c == 0) {
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
		d := compareKey(k, t)
		if d < 0 || (d == 0 && !strict) {
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
