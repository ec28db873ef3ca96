package engine

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// pick is what decodeFields should return: the named fields of a full decode.
func pick(t *testing.T, raw []byte, names []string) map[string]any {
	t.Helper()
	full, err := decodeObject(raw)
	if err != nil {
		t.Fatalf("decodeObject(%s): %v", raw, err)
	}
	out := map[string]any{}
	for _, n := range names {
		if v, ok := full[n]; ok {
			out[n] = v
		}
	}
	return out
}

func TestDecodeFieldsAgreesWithAFullDecode(t *testing.T) {
	t.Parallel()
	// Every object of the default seed, at any depth, re-encoded the way
	// the engine stores records (the seed package imports this one).
	raw, err := os.ReadFile("../seed/default.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := decodeValue(raw)
	if err != nil {
		t.Fatal(err)
	}
	var records []store.Record
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			b, err := json.Marshal(x)
			if err != nil {
				t.Fatal(err)
			}
			records = append(records, store.Record{Kind: "seed", Data: b})
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(doc)
	handMade := []string{
		`{}`, ` { "status" : "RUNNING" , "x" : [1, {"status": "no"}] } `,
		`{"a\"b":"{[","status":"x\"y","state":null,"n":-1.5e3,"t":true}`,
		`{"status":"first","status":"second"}`, `{"st\u0061tus":"escaped key"}`,
		`{"region":{"regionId":7,"nested":{"s":"]}"}},"agentVersion":2}`,
	}
	for _, s := range handMade {
		records = append(records, store.Record{Kind: "hand", Data: []byte(s)})
	}
	// Compact, valid and without repeated keys, as canonical data is:
	// checked by the early-stopping decode too.
	for _, s := range []string{
		`{"a\"b":"x\"}y\\","region":{"regionId":7,"s":"]}\"{"},"status":"RUNNING","n":[{"status":"no"},"]"],"t":true}`,
		`{"n":-1.5e3,"state":null,"agentVersion":2,"status":"\\"}`, `{}`,
	} {
		records = append(records, store.Record{Kind: "seed", Data: []byte(s)})
	}
	names := []string{"status", "state", "region", "cloud", "agentVersion", "privateCloud", "roleAssignments", "n", "t", "a\"b"}
	for _, r := range records {
		got, err := decodeFields(r.Data, names)
		if err != nil {
			t.Fatalf("%s: %v", r.Data, err)
		}
		if diff := cmp.Diff(pick(t, r.Data, names), got); diff != "" {
			t.Errorf("%s (-full +fields):\n%s", r.Data, diff)
		}
		if r.Kind != "seed" {
			continue // hand-made ones repeat keys, which canonical data never does
		}
		// Canonical data (here: written by encoding/json from a map, so
		// valid and without repeated keys) may stop early, for any subset
		// of the names.
		for i := range names {
			sub := names[i:min(len(names), i+1+i%3)]
			early, err := decodeCanonicalFields(r.Data, sub)
			if err != nil {
				t.Fatalf("%s: %v", r.Data, err)
			}
			if diff := cmp.Diff(pick(t, r.Data, sub), early); diff != "" {
				t.Errorf("%s, fields %q, stopping early (-full +fields):\n%s", r.Data, sub, diff)
			}
		}
	}
	if len(records) < 500 {
		t.Fatalf("only %d records checked", len(records))
	}
}

func TestDecodeFieldsRejectsMalformedData(t *testing.T) {
	t.Parallel()
	for _, s := range []string{`[]`, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":"x`, `{"a":[1,2}`, `{"a":1 "b":2}`, `"x"`, `{"status":tru}`} {
		if _, err := decodeFields([]byte(s), []string{"status", "a"}); err == nil {
			t.Errorf("decodeFields(%s) accepted malformed data", s)
		}
	}
}

func FuzzDecodeFields(f *testing.F) {
	f.Add([]byte(`{"status":"RUNNING","a":[{"b":"}"}]}`))
	f.Add([]byte(`{"st\u0061tus":1,"state":{"x":[]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		names := []string{"status", "state", "a"}
		got, err := decodeFields(b, names)
		full, ferr := decodeObject(b)
		if ferr != nil || err != nil {
			return // malformed input must only not panic
		}
		for _, n := range names {
			if v, ok := full[n]; ok && !cmp.Equal(v, got[n]) {
				t.Fatalf("%s: field %s = %#v, full decode %#v", b, n, got[n], v)
			}
		}
	})
}
