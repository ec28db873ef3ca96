package engine

import (
	"encoding/json"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// catalogCopy is a private copy of the embedded catalogue to change.
func catalogCopy(t testing.TB) *catalog.Catalog {
	t.Helper()
	b, err := json.Marshal(catalog.Load())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// CatalogCopy is catalogCopy for the external tests (package engine_test).
var CatalogCopy = catalogCopy
