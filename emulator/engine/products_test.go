package engine_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// launchedProduct launches a server naming its product by provider
// product id (m1.small in us-east-1) and returns the product id it got.
func launchedProduct(t *testing.T, h *harness) string {
	t.Helper()
	h.must(202, req{resource: "Server", kind: "create", verb: "launch", body: launchBody})
	ids := h.list(custA, "Server", "")
	product, _ := h.get(custA, "Server", ids[len(ids)-1])["product"].(map[string]any)
	return idOf(product["productId"])
}

// TestLaunchProductFollowsChanges: the product a provider product id
// resolves to is remembered (a SQLite store tells kind generations), yet
// a launch always gets the product a scan would find: after this process
// or another one sharing the file adds, removes or changes a product or
// a region.
func TestLaunchProductFollowsChanges(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "products.db")
	st, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	other, err := sqlite.Open(path) // another process, as far as SQLite is concerned
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = other.Close() })
	h := newHarnessOver(t, catalogCopy(t), st)
	ctx := context.Background()
	expect := func(what, want string) {
		t.Helper()
		for range 2 { // resolved, then remembered
			if got := launchedProduct(t, h); got != want {
				t.Fatalf("%s: launch got product %s, want %s", what, got, want)
			}
		}
	}
	expect("seeded products", "200")
	// A product with a lower id matching the same provider id comes first.
	h.put(0, `{"ServerProduct": [{"productId": 150, "providerProductId": "M1.SMALL", "providerRegionId": "us-east-1", "cloud": {"cloudId": 1}}]}`)
	expect("a matching product added with a lower id", "150")
	err = other.Update(ctx, func(tx store.Tx) error { return tx.Delete(ctx, 0, "ServerProduct", "150") })
	if err != nil {
		t.Fatal(err)
	}
	expect("that product deleted by another process", "200")
	// The customer's own product with a lower id than the global one.
	err = other.Update(ctx, func(tx store.Tx) error {
		return tx.Put(ctx, store.Record{Customer: custA, Kind: "ServerProduct", ID: "120",
			Data: []byte(`{"productId": 120, "providerProductId": "m1.small", "providerRegionId": "us-east-1", "cloud": {"cloudId": 1}}`)})
	})
	if err != nil {
		t.Fatal(err)
	}
	expect("a customer's own product added by another process", "120")
	// The region moves: only a product of its new provider region fits.
	h.put(0, `{"Region": [{"regionId": 10, "name": "us-east-1", "providerId": "eu-west-1", "status": "ACTIVE", "cloud": {"cloudId": 1}}]}`)
	expect("the region changed", "201")
}
