package codec

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
)

func TestAppendJSONOrdersKeysByTheCatalogue(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	res, _ := cat.Resource("Region")
	item := map[string]any{"zeta": 1, "name": "Oregon <us-west-2>", "regionId": json.Number("19344"),
		"cloud": map[string]any{"name": "AWS", "cloudId": 1}, "alpha": []any{true, nil, 1.5}}
	got, err := AppendJSON(nil, item, Of(cat, res))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"regionId":19344,"name":"Oregon <us-west-2>","cloud":{"cloudId":1,"name":"AWS"},"alpha":[true,null,1.5],"zeta":1}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var back map[string]any
	if err := json.Unmarshal(got, &back); err != nil {
		t.Errorf("output is not JSON: %v", err)
	}
}

func TestAppendJSONWritesWhatTheEngineBuilds(t *testing.T) {
	t.Parallel()
	type pair struct{ A, B int }
	for _, tc := range []struct {
		v    any
		want string
	}{
		{int64(-7), `-7`},
		{7, `7`},
		{json.Number("1e999x"), `"1e999x"`}, // never an invalid number
		{[]map[string]any{{"b": 1, "a": 2}}, `[{"a":2,"b":1}]`},
		{"tab\t\"q\" é <&>", `"tab\t\"q\" é <&>"`},
		{pair{1, 2}, `{"A":1,"B":2}`},
		{[]string{"x"}, `["x"]`},
	} {
		got, err := AppendJSON(nil, tc.v, Shape{})
		if err != nil || string(got) != tc.want {
			t.Errorf("AppendJSON(%#v) = %s, %v; want %s", tc.v, got, err, tc.want)
		}
	}
	if _, err := AppendJSON(nil, map[string]any{"f": func() {}}, Shape{}); err == nil {
		t.Error("a func encoded without error")
	}
}

// Canonical form is AppendJSON's output for what a store round trip gives
// back unchanged, and nothing else.
func TestAppendCanonical(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	res, _ := cat.Resource("User")
	for _, tc := range []struct {
		v  any
		ok bool
	}{
		{map[string]any{"userId": json.Number("1"), "groups": []any{map[string]any{"groupId": json.Number("2")}}}, true},
		{map[string]any{"name": "bad \xff"}, false},
		{map[string]any{"n": json.Number("1e999")}, false},
		{map[string]any{"n": int64(1)}, false},
		{map[string]any{"n": []string{"x"}}, false},
	} {
		got, ok := AppendCanonical(nil, tc.v, Of(cat, res))
		if ok != tc.ok {
			t.Errorf("AppendCanonical(%#v) ok = %v, want %v", tc.v, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		want, err := AppendJSON(nil, tc.v, Of(cat, res))
		if err != nil || string(got) != string(want) {
			t.Errorf("canonical %s differs from AppendJSON's %s (%v)", got, want, err)
		}
		dec := json.NewDecoder(strings.NewReader(string(got)))
		dec.UseNumber()
		var back any
		if err := dec.Decode(&back); err != nil {
			t.Fatal(err)
		}
		again, ok := AppendCanonical(nil, back, Of(cat, res))
		if !ok || string(again) != string(got) {
			t.Errorf("round trip of %s gives %s (%v)", got, again, ok)
		}
	}
}

func TestShapeOfAPayload(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	res, _ := cat.Resource("Server")
	op, _ := res.Op(catalog.KindCreate, "launch", "")
	s := Of(cat, res).Payload(op)
	if s.Key() != "" {
		t.Errorf("a payload has id key %q", s.Key())
	}
	if f := s.Field("machineImage"); f == nil || f.Ref != "MachineImage" {
		t.Errorf("payload field machineImage = %+v", f)
	}
	if c := s.Child("machineImage"); c.Resource() == nil || c.Key() != "machineImageId" {
		t.Errorf("child machineImage: resource %v key %q", c.Resource(), c.Key())
	}
	if got := s.ItemElement("firewalls"); got != "firewall" {
		t.Errorf("entry of firewalls is <%s>", got)
	}
	if c := s.Child("nosuchfield"); c.Resource() != nil || c.Key() != "" {
		t.Errorf("unknown member has shape %+v", c)
	}
}

// AppendCanonicalGo writes the engine's own Go values as AppendCanonical
// writes what decoding them gives back, byte for byte, and refuses what
// has no canonical form or a spelling encoding/json chooses.
func TestAppendCanonicalGo(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	res, _ := cat.Resource("Server")
	s := Of(cat, res)
	for _, tc := range []struct {
		v  map[string]any
		ok bool
	}{
		{map[string]any{"serverId": int64(5000123), "budget": 1513, "name": "a <b> & \u00e9",
			"owningGroups": []map[string]any{{"groupId": int64(7), "name": "g"}}, "list": []any{int64(1), "x", nil},
			"customer": map[string]any{"customerId": int64(-4)}, "on": true, "n": json.Number("2.5")}, true},
		{map[string]any{"hourlyRate": 0.02}, false},
		{map[string]any{"name": "bad \xff"}, false},
		{map[string]any{"n": json.Number("x")}, false},
		{map[string]any{"n": []string{"x"}}, false},
		{map[string]any{"n": []map[string]any{{"f": 1.5}}}, false},
	} {
		got, ok := AppendCanonicalGo(nil, tc.v, s)
		if ok != tc.ok {
			t.Errorf("AppendCanonicalGo(%#v) ok = %v, want %v", tc.v, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		raw, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.UseNumber()
		var back any
		if err := dec.Decode(&back); err != nil {
			t.Fatal(err)
		}
		want, ok := AppendCanonical(nil, back, s)
		if !ok || string(got) != string(want) {
			t.Errorf("AppendCanonicalGo wrote %s, the round trip's canonical form is %s (%v)", got, want, ok)
		}
	}
}
