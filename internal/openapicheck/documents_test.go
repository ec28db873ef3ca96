package openapicheck_test

import (
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/openapicheck"
	"github.com/mixcoatl/mixcoatl/internal/openapigen"
)

// TestEveryDocumentLoadsAndValidates: the validator reads every version's
// document and finds nothing wrong with it against the OpenAPI 3.1 schema.
func TestEveryDocumentLoadsAndValidates(t *testing.T) {
	cat := catalog.Load()
	for _, v := range cat.Versions {
		t.Run(v, func(t *testing.T) {
			doc, err := openapigen.Document(cat, v)
			if err != nil {
				t.Fatal(err)
			}
			c, err := openapicheck.New(doc)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range c.Document() {
				t.Error(e)
			}
		})
	}
}
