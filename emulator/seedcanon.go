package emulator

import (
	"context"

	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/internal/parallel"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// canonTx stores every record it is given in the engine's canonical form
// (engine.CanonicalRecord). Seeding writes through it, so a seeded record
// is answered, and filtered, from its stored bytes like one the engine
// wrote, instead of being rendered once per process and version.
type canonTx struct {
	store.Tx
	eng *engine.Engine
}

var _ seed.BulkPutter = canonTx{}

func (tx canonTx) Put(ctx context.Context, r store.Record) error {
	c, err := tx.eng.CanonicalRecord(r)
	if err != nil {
		return err
	}
	return tx.Tx.Put(ctx, c)
}

// canonChunk is how many records PutAll puts in canonical form before it
// stores them: enough to keep every CPU busy, few enough that their copies
// cost little next to the store.
const canonChunk = 1024

// PutAll is a Put of each record in turn, with the records of a chunk put
// in canonical form side by side on every CPU first: decoding and
// re-encoding them is most of what seeding a big seed costs, and each
// record's is its own. The store sees the same Puts in the same order.
func (tx canonTx) PutAll(ctx context.Context, recs []store.Record) (int, error) {
	out := make([]store.Record, min(canonChunk, len(recs)))
	errs := make([]error, len(out))
	for start := 0; start < len(recs); start += canonChunk {
		if err := ctx.Err(); err != nil {
			return start, err
		}
		part := recs[start:min(start+canonChunk, len(recs))]
		parallel.For(len(part), func(i int) { out[i], errs[i] = tx.eng.CanonicalRecord(part[i]) })
		for i := range part {
			err := errs[i]
			if err == nil {
				err = tx.Tx.Put(ctx, out[i])
			}
			if err != nil {
				return start + i, err
			}
			out[i] = store.Record{}
		}
	}
	return len(recs), nil
}
