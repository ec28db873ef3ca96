package catalog

import (
	"os"
	"reflect"
	"testing"
)

// The compiled-in catalogue (builtin.go) is catalog.json: go generate
// writes it from the document, and this holds it to that.
func TestBuiltinIsCatalogJSON(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	got := Load()
	if !reflect.DeepEqual(got, want) {
		for i, r := range want.Resources {
			if i >= len(got.Resources) || !reflect.DeepEqual(got.Resources[i], r) {
				t.Errorf("resource %s differs from catalog.json", r.Name)
			}
		}
		t.Fatal("Load() is not catalog.json: run go generate ./catalog")
	}
	if len(got.FieldAliases) == 0 || len(got.Resources) == 0 {
		t.Fatalf("empty catalogue: %d resources, %d field aliases", len(got.Resources), len(got.FieldAliases))
	}
}
