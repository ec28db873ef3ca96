package store

import (
	"context"

	"github.com/mixcoatl/mixcoatl/emulator/store/internal/base"
)

var _ ItemReader = (*Memory)(nil)

// ReadItem implements ItemReader on the committed version: three lookups
// in one snapshot, as a View with ReadItemIn makes them, without the
// transaction object, the cursors and the copies. The result shares the
// stored bytes, which are never modified (node.buf, PutMeta's copies).
func (m *Memory) ReadItem(ctx context.Context, q ItemRead) (ItemResult, error) {
	if err := m.usable(ctx); err != nil {
		return ItemResult{}, err
	}
	if err := base.CheckKey("get", q.Customer, q.Kind, q.ID); err != nil {
		return ItemResult{}, err
	}
	st := m.current.Load()
	var res ItemResult
	if q.MetaKey != "" {
		res.Meta, res.MetaFound = st.meta[q.MetaKey]
	}
	if q.DueKind != "" {
		// HasInRange: the customer's first record of the kind after
		// DueAfter, due when its id sorts before DueBefore.
		n := successor(st.records, recordKey{q.Customer, q.DueKind, base.OrderOf(q.DueAfter)})
		res.Due = n != nil && n.customer == q.Customer && n.kind == q.DueKind && n.id() < q.DueBefore
	}
	order := base.OrderOf(q.ID)
	n := find(st.records, recordKey{q.Customer, q.Kind, order})
	if n == nil && q.Customer != 0 {
		n = find(st.records, recordKey{0, q.Kind, order})
	}
	if n != nil {
		res.Record, res.Found = n.record(), true
	}
	return res, nil
}

// successor is the first node of t whose key sorts after k.
func successor(t *node, k recordKey) *node {
	var next *node
	for t != nil {
		if compareKey(k, t) < 0 {
			next, t = t, t.left
		} else {
			t = t.right
		}
	}
	return next
}
