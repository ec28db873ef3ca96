package emulator

import (
	"bytes"
	"context"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// A first start stores the seed's records in canonical form: each one
// carries its marker, and putting it in canonical form again changes no
// byte.
func TestSeededRecordsAreCanonical(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.NewMemory()
	prep, err := prepareStore(ctx, st, defaultSeedSource(true), "", "")
	if err != nil {
		t.Fatal(err)
	}
	customers := []int64{0}
	for _, k := range prep.keys {
		customers = append(customers, k.Customer)
	}
	n := 0
	err = st.View(ctx, func(tx store.Tx) error {
		for _, c := range customers {
			for _, res := range catalog.Load().Resources {
				err := tx.Scan(ctx, store.Filter{Customer: c, Kind: res.Name}, func(r store.Record) bool {
					if r.Customer != c {
						return true
					}
					n++
					again, err := prep.canon.CanonicalRecord(r)
					if err != nil {
						t.Fatalf("%s %s: %v", r.Kind, r.ID, err)
					}
					if !bytes.HasPrefix(r.Internal, []byte(`{"_wire":`)) || !bytes.Equal(again.Data, r.Data) || !bytes.Equal(again.Internal, r.Internal) {
						t.Errorf("%s %s (customer %d) is not stored canonically:\n%s\n%s", r.Kind, r.ID, c, r.Data, r.Internal)
					}
					return true
				})
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("only %d seeded records", n)
	}
}
