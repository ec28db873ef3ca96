package engine

import (
	"encoding/json"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
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
	if _, ok := decodedForm(map[string]any{"hourlyRate": 0.02}); ok {
		t.Error("decodedForm took a float, whose JSON spelling is encoding/json's")
	}
	// A float still gets its canonical form, through the round trip.
	if _, ok := e.canonicalize("ServerProduct", map[string]any{"productId": int64(1), "hourlyRate": 0.02}); !ok {
		t.Error("no canonical form for data with a float")
	}
}
