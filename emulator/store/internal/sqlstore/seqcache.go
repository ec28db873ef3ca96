package sqlstore

import (
	"context"

	"github.com/mixcoatl/mixcoatl/emulator/store/internal/base"
)

// The sequences' last values, remembered by a Batcher that keeps kind
// generations, under the sequences' generation (kindGens.seqOf). NextID's
// one statement reads and moves a counter (INSERT … ON CONFLICT … DO
// UPDATE … RETURNING), and a launch takes two ids on the store's
// serialised path; SQLite runs a RETURNING statement through a table of
// its results, about twice a plain write. Knowing the last value, NextID
// computes the next by base.NextSequence in Go and writes it with a plain
// UPDATE, which is what the database holds afterwards either way.
//
// A remembered value is trusted only while nothing else could have moved
// the counter: another connection's commit (seen when a batch begins),
// a Reset, an Update whose NextID is undone (its fn failed, so its
// savepoint or the whole transaction rolled back), or a batch whose
// COMMIT failed each move the generation.

// cachedSeq is a sequence's last value as this Batcher's transactions
// left it.
type cachedSeq struct {
	gen  uint64
	last int64
}

// Bound of the remembered sequences; past it, all are forgotten (there is
// one per resource type with integer ids).
const seqCacheEntries = 1024

// seqCacheable reports whether t may use and fill the remembered
// sequences.
func (t *sqlTx) seqCacheable() bool { return t.records != nil && !t.batch.wroteAll }

// cachedNextID is NextID by a remembered last value; ok is false when
// there is none to trust (or the row was not where it should be), and
// NextID reads the counter instead.
func (t *sqlTx) cachedNextID(ctx context.Context, sequence string, floor int64) (next int64, ok bool, err error) {
	if !t.seqCacheable() {
		return 0, false, nil
	}
	en, found := t.records.seqs[sequence]
	if !found || en.gen != t.gens.seqOf() {
		return 0, false, nil
	}
	if next, err = base.NextSequence(en.last, floor); err != nil {
		return 0, true, err
	}
	t.usedSeq = true
	n, err := t.c.Exec(ctx, `UPDATE sequences SET last_value = ? WHERE name = ?`, next, sequence)
	switch {
	case err != nil:
		return 0, true, t.s.Fail("next id", err)
	case n != 1:
		delete(t.records.seqs, sequence)
		return 0, false, nil
	}
	t.records.seqs[sequence] = cachedSeq{gen: en.gen, last: next}
	return next, true, nil
}

// rememberSeq keeps the value NextID read and wrote.
func (t *sqlTx) rememberSeq(sequence string, last int64) {
	t.usedSeq = true
	if !t.seqCacheable() {
		return
	}
	if len(t.records.seqs) >= seqCacheEntries {
		clear(t.records.seqs)
	}
	t.records.seqs[sequence] = cachedSeq{gen: t.gens.seqOf(), last: last}
}
