package engine

import (
	"encoding/json"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine/codec"
)

// canonicalize takes the engine's own Go values (integers, lists of
// objects) without a JSON round trip; what it writes must be, byte for
// byte, what the round trip gives.
func TestCanonicalizeGoValuesAsRoundTrip(t *testing.T) {
	e := New(catalog.Load(), nil)
	data := map[string]any{
		"serverId":           int64(5000123),
		"name":               "a <b> & c",
		"budget":             1513,
		"customer":           map[string]any{"customerId": int64(10001)},
		"privateIpAddresses": []any{"10.1.2.3"},
		"owningGroups":       []map[string]any{{"groupId": int64(7)}},
		"registered":         true,
		"description":        nil,
		"cpuCount":           json.Number("2"),
	}
	got, ok := e.canonicalize("Server", data)
	if !ok {
		t.Fatal("no canonical form for the engine's own values")
	}
	raw, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	norm, err := decodeObject(raw)
	if err != nil {
		t.Fatal(err)
	}
	want, ok := e.canonicalize("Server", norm)
	if !ok || string(got) != string(want) {
		t.Errorf("canonical form of Go values:\n got %s\nwant %s (the round trip's)", got, want)
	}
	if _, ok := codec.AppendCanonicalGo(nil, map[string]any{"hourlyRate": 0.02}, codec.Shape{}); ok {
		t.Error("AppendCanonicalGo took a float, whose JSON spelling is encoding/json's")
	}
	// A float still gets its canonical form, through the round trip.
	if _, ok := e.canonicalize("ServerProduct", map[string]any{"productId": int64(1), "hourlyRate": 0.02}); !ok {
		t.Error("no canonical form for data with a float")
	}
}

// The catalogue fingerprint seeds every marker: it must follow what key
// order and secrets depend on (field order, references, secret fields of
// resources and of operations), and nothing else.
func TestCatalogFingerprintFollowsOrderAndSecrets(t *testing.T) {
	fresh := func() *catalog.Catalog { return catalogCopy(t) }
	base := catalogFingerprint(catalog.Load(), newChecksum())
	if base == 0 || catalogFingerprint(fresh(), newChecksum()) != base {
		t.Fatalf("a copy of the catalogue has another fingerprint: %x vs %x", catalogFingerprint(fresh(), newChecksum()), base)
	}
	server := func(cat *catalog.Catalog) *catalog.Resource {
		r, ok := cat.Resource("Server")
		if !ok {
			t.Fatal("no Server resource")
		}
		return r
	}
	changes := map[string]func(*catalog.Catalog){
		"fields swapped": func(c *catalog.Catalog) {
			f := server(c).Fields
			f[0], f[1] = f[1], f[0]
		},
		"field renamed": func(c *catalog.Catalog) { server(c).Fields[0].Name += "x" },
		"reference":     func(c *catalog.Catalog) { server(c).Fields[0].Ref = "Region" },
		"reference key": func(c *catalog.Catalog) { server(c).Fields[0].RefKey = "regionId" },
		"resource key":  func(c *catalog.Catalog) { server(c).Key += "x" },
		"field secret":  func(c *catalog.Catalog) { server(c).Fields[0].Secret = !server(c).Fields[0].Secret },
		"op field secret": func(c *catalog.Catalog) {
			for _, op := range server(c).Ops {
				if len(op.Fields) > 0 {
					op.Fields[0].Secret = !op.Fields[0].Secret
					return
				}
			}
			t.Fatal("no Server operation has fields")
		},
	}
	for name, change := range changes {
		cat := fresh()
		change(cat)
		if catalogFingerprint(cat, newChecksum()) == base {
			t.Errorf("%s: fingerprint unchanged", name)
		}
	}
	unrelated := fresh()
	server(unrelated).Fields[0].Example = "changed"
	if catalogFingerprint(unrelated, newChecksum()) != base {
		t.Error("an example value changed the fingerprint")
	}
}
