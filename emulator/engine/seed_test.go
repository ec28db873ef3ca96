package engine_test

import (
	"context"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// TestDefaultSeedReads lists, gets and renders (extended) every record of
// every resource without required filters in the default seed, for each
// seeded customer: the engine must read whatever the seed holds.
func TestDefaultSeedReads(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.NewMemory()
	s := seed.Default()
	if err := seed.Load(ctx, st, s, nil); err != nil {
		t.Fatal(err)
	}
	cat := catalog.Load()
	eng := engine.New(cat, nil)
	for _, c := range s.Customers {
		for _, res := range cat.Resources {
			op, ok := res.Op(catalog.KindList, "", cat.CurrentVersion)
			if !ok || hasRequired(res) {
				continue
			}
			err := st.Update(ctx, func(tx store.Tx) error {
				resp, err := eng.Handle(ctx, tx, &engine.Request{Customer: c.CustomerID, UserID: c.APIKey.UserID, Resource: res, Op: op, Version: cat.CurrentVersion})
				if err != nil {
					return err
				}
				get, _ := res.Op(catalog.KindGet, "", cat.CurrentVersion)
				for _, it := range resp.Items {
					id := idOf(it[res.Key])
					one, err := eng.Handle(ctx, tx, &engine.Request{Customer: c.CustomerID, UserID: c.APIKey.UserID, Resource: res, Op: get, ID: id, Version: cat.CurrentVersion})
					if err != nil {
						t.Errorf("customer %d: get %s %s: %v", c.CustomerID, res.Name, id, err)
						continue
					}
					if out := eng.Render(ctx, tx, c.CustomerID, res, one.Items[0], "extended"); out[res.Key] == nil {
						t.Errorf("customer %d: rendered %s %s without its key", c.CustomerID, res.Name, id)
					}
				}
				return nil
			})
			if err != nil {
				t.Errorf("customer %d: list %s: %v", c.CustomerID, res.Name, err)
			}
		}
	}
}

func hasRequired(res *catalog.Resource) bool {
	for _, p := range res.Filters {
		if p.Required || len(p.RequiredUnless) > 0 {
			return true
		}
	}
	return false
}
