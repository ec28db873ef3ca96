package sqlstore

import "context"

// Kind generations (store.KindGenerations) of a Batcher whose connection
// sees other connections' commits (CommitWatcher: SQLite's writer).
//
// The rule: every kind has a generation, a number from one counter that
// only grows. A batch that wrote records of a kind (in a fn kept or
// undone, committed or not) moves that kind's generation when it ends;
// a Reset, or a commit by any other connection (another process, another
// store on the same file) seen when a batch begins, moves every kind's.
// While a batch is open, a transaction reports no generation for a kind
// the batch wrote so far: what it reads of that kind may never be
// committed. So a generation read in two Updates is the same only if
// nothing wrote records of that kind in between, in this process or
// another.

// CommitWatcher is a WriteConn that tells whether another connection
// committed to the database since it last asked; Begin's Batcher asks
// right after it, holding the write lock, so nothing commits between the
// answer and the batch's reads.
type CommitWatcher interface {
	OthersCommitted(ctx context.Context) (bool, error)
}

// kindGens are a Batcher's generations; only the Update holding the
// writer connection touches them.
type kindGens struct {
	next  uint64
	epoch uint64            // every kind's generation is at least this
	last  map[string]uint64 // a kind's generation, when above epoch
	meta  uint64            // the meta values' generation, when above epoch
	seq   uint64            // the sequences' generation, when above epoch
}

// kindGen is a generation as store.KindGenerations hands it out: the
// gens make it the store's own.
type kindGen struct {
	g   *kindGens
	gen uint64
}

func newKindGens() *kindGens { return &kindGens{last: map[string]uint64{}} }

func (g *kindGens) of(kind string) uint64 { return max(g.epoch, g.last[kind]) }

// metaOf is the generation of the meta values, which moves like a kind's:
// with every batch that wrote meta, and with moveAll.
func (g *kindGens) metaOf() uint64 { return max(g.epoch, g.meta) }

// seqOf is the generation of the sequences' remembered values
// (seqcache.go), moved by moveAll and by moveSeqs.
func (g *kindGens) seqOf() uint64 { return max(g.epoch, g.seq) }

// moveSeqs forgets the sequences' remembered values: an Update that took
// ids was undone, or a batch's COMMIT failed.
func (g *kindGens) moveSeqs() {
	if g == nil {
		return
	}
	g.next++
	g.seq = g.next
}

// moveAll moves every kind's generation.
func (g *kindGens) moveAll() {
	g.next++
	g.epoch = g.next
	clear(g.last)
}

func (g *kindGens) move(kind string) {
	g.next++
	g.last[kind] = g.next
}

// begun notes what the batch just begun learnt: whether others committed.
func (g *kindGens) begun(ctx context.Context, c WriteConn) {
	if g == nil {
		return
	}
	w, _ := c.(CommitWatcher)
	if changed, err := w.OthersCommitted(ctx); err != nil || changed {
		g.moveAll() // an error says nothing: assume the worst
	}
}

// ended moves the generations of what the batch wrote.
func (g *kindGens) ended(st *batchState) {
	if g == nil {
		return
	}
	if st.wroteAll {
		g.moveAll()
	}
	for kind := range st.wrote {
		g.move(kind)
	}
	if st.touchedMeta {
		g.next++
		g.meta = g.next
	}
}

// wrote notes a write of kind's records in t's batch.
func (t *sqlTx) wroteKind(kind string) {
	if t.batch == nil {
		return
	}
	if t.batch.wrote == nil {
		t.batch.wrote = map[string]bool{}
	}
	t.batch.wrote[kind] = true
}

// KindGeneration implements store.KindGenerations for a transaction of a
// batch whose Batcher keeps generations.
func (t *sqlTx) KindGeneration(kind string) (any, bool) {
	if t.gens == nil || t.done || t.batch.wroteAll || t.batch.wrote[kind] {
		return nil, false
	}
	return kindGen{t.gens, t.gens.of(kind)}, true
}
