package emulator

import (
	"context"

	"github.com/mixcoatl/mixcoatl/emulator/engine"
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

func (tx canonTx) Put(ctx context.Context, r store.Record) error {
	c, err := tx.eng.CanonicalRecord(r)
	if err != nil {
		return err
	}
	return tx.Tx.Put(ctx, c)
}
