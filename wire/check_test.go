package wire

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// checkCatalog has a target of each key type for references.
func checkCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Parse([]byte(`{"resources":[
		{"name":"Region","key":"regionId","keyType":"int"},
		{"name":"Product","key":"productId","keyType":"string"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// decoded is a JSON value as a server decodes it (numbers as json.Number).
func decoded(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return v
}

func TestCheck(t *testing.T) {
	t.Parallel()
	cat := checkCatalog(t)
	region := &catalog.Field{Name: "region", Type: catalog.TypeRef, Ref: "Region", RefKey: "regionId"}
	product := &catalog.Field{Name: "product", Type: catalog.TypeRef, Ref: "Product", RefKey: "productId"}
	other := &catalog.Field{Name: "x", Type: catalog.TypeRef, Ref: "Elsewhere", RefKey: "xId"}
	status := &catalog.Field{Name: "status", Type: catalog.TypeEnum, Values: []string{"PENDING", "RUNNING"}}
	field := func(typ catalog.Type) *catalog.Field { return &catalog.Field{Name: "f", Type: typ} }
	cases := []struct {
		f     *catalog.Field
		in    string // JSON
		mode  Mode
		want  any    // the value Check returns (JSON decoded when a string holding JSON is not wanted)
		error string // a substring of the error; "" = accepted
	}{
		{field(catalog.TypeInt), `5`, Strict, json.Number("5"), ""},
		{field(catalog.TypeInt), `5`, Lenient, int64(5), ""},
		{field(catalog.TypeInt), `5.0`, Strict, nil, "want an integer, got the number 5.0"},
		{field(catalog.TypeInt), `5.0`, Lenient, int64(5), ""},
		{field(catalog.TypeInt), `" 7 "`, Lenient, int64(7), ""},
		{field(catalog.TypeInt), `"7"`, Strict, nil, `want an integer, got the string "7"`},
		{field(catalog.TypeInt), `"big"`, Lenient, nil, `want an integer, got "big"`},
		{field(catalog.TypeNumber), `1.5`, Lenient, 1.5, ""},
		{field(catalog.TypeNumber), `"1.5"`, Lenient, 1.5, ""},
		{field(catalog.TypeNumber), `"1.5"`, Strict, nil, "want a number"},
		{field(catalog.TypeString), `"a"`, Strict, "a", ""},
		{field(catalog.TypeString), `12`, Lenient, "12", ""},
		{field(catalog.TypeString), `5`, Strict, nil, "want a string, got the number 5"},
		{field(catalog.TypeBool), `true`, Strict, true, ""},
		{field(catalog.TypeBool), `"True"`, Lenient, true, ""},
		{field(catalog.TypeBool), `"no"`, Lenient, false, ""},
		{field(catalog.TypeBool), `"True"`, Strict, nil, "want true or false"},
		{field(catalog.TypeBool), `"maybe"`, Lenient, nil, `want true or false, got "maybe"`},
		{field(catalog.TypeTimestamp), `"2014-06-04T10:00:00.000+0000"`, Strict, "2014-06-04T10:00:00.000+0000", ""},
		{field(catalog.TypeTimestamp), `"2014-06-04T12:00:00.000+0200"`, Strict, nil, `timestamp "2014-06-04T12:00:00.000+0200" is not in the form`},
		{field(catalog.TypeTimestamp), `"2014-06-04T12:00:00.000+0200"`, Lenient, "2014-06-04T10:00:00.000+0000", ""},
		{field(catalog.TypeTimestamp), `1401876000000`, Lenient, "2014-06-04T10:00:00.000+0000", ""},
		{field(catalog.TypeTimestamp), `1401876000000`, Strict, nil, "want a timestamp like"},
		{field(catalog.TypeTimestamp), `"2014-06-04 10:00:00"`, Lenient, nil, "is not in the form"},
		{field(catalog.TypeMoney), `{"currency":"USD","value":1.5}`, Strict, `{"currency":"USD","value":1.5}`, ""},
		{field(catalog.TypeMoney), `{"currency":"usd","value":1.5}`, Strict, nil, "three-letter upper-case currency"},
		{field(catalog.TypeMoney), `{"currency":"USD","value":1.5,"x":1}`, Strict, nil, "keys other than currency and value"},
		{field(catalog.TypeMoney), `{"currency":"USD","value":"1.5"}`, Strict, nil, "numeric value"},
		{field(catalog.TypeMoney), `{"value":"1.5"}`, Lenient, map[string]any{"currency": "USD", "value": 1.5}, ""},
		{field(catalog.TypeMoney), `"usd11.01"`, Lenient, map[string]any{"currency": "USD", "value": 11.01}, ""},
		{field(catalog.TypeMoney), `"USD11.01"`, Strict, nil, `want money {"currency":"USD","value":1.5}, got the string`},
		{field(catalog.TypeMoney), `1.5`, Lenient, nil, "want money"},
		{field(catalog.TypeWindow), `{"startHour":1,"endHour":2}`, Strict, `{"startHour":1,"endHour":2}`, ""},
		{field(catalog.TypeWindow), `{"hour":1}`, Strict, nil, `window has unknown key "hour"`},
		{field(catalog.TypeWindow), `{"hour":1}`, Lenient, `{"hour":1}`, ""},
		{field(catalog.TypeWindow), `[]`, Lenient, nil, "want a window object"},
		{region, `{"regionId":10}`, Strict, `{"regionId":10}`, ""},
		{region, `{"regionId":10}`, Lenient, map[string]any{"regionId": int64(10)}, ""},
		{region, `10`, Strict, nil, `want a reference {"regionId": id}, got the number 10`},
		{region, `"10"`, Lenient, map[string]any{"regionId": int64(10)}, ""},
		{region, `{"regionId":10,"name":"x"}`, Strict, nil, `a reference holds exactly one key, "regionId"`},
		{region, `{"regionId":"one"}`, Strict, nil, `regionId must be an integer, got the string "one"`},
		{region, `{"name":"x"}`, Lenient, nil, `want a reference {"regionId": id}, got {"name":"x"}`},
		{region, `{"regionId":" "}`, Lenient, nil, "want a reference"},
		{product, `{"productId":"m1.small"}`, Strict, `{"productId":"m1.small"}`, ""},
		{product, `{"productId":""}`, Strict, nil, "productId must be a non-empty string"},
		{product, `" m1.small "`, Lenient, map[string]any{"productId": "m1.small"}, ""},
		{other, `{"xId":true}`, Strict, nil, "xId must be an integer or a string, got a boolean"},
		{other, `{"xId":"a"}`, Strict, `{"xId":"a"}`, ""},
		{&catalog.Field{Name: "rs", Type: catalog.TypeRefs, Ref: "Region", RefKey: "regionId"}, `[{"regionId":1},2]`, Lenient,
			[]any{map[string]any{"regionId": int64(1)}, map[string]any{"regionId": int64(2)}}, ""},
		{&catalog.Field{Name: "rs", Type: catalog.TypeRefs, Ref: "Region", RefKey: "regionId"}, `[{"regionId":1},2]`, Strict, nil,
			"[1]: want a reference"},
		{&catalog.Field{Name: "rs", Type: catalog.TypeRefs, RefKey: "regionId"}, `{"regionId":1}`, Lenient, nil, "want an array of references"},
		{status, `"RUNNING"`, Strict, "RUNNING", ""},
		{status, `"running"`, Lenient, "RUNNING", ""},
		{status, `"running"`, Strict, nil, `"running" is not one of PENDING|RUNNING`},
		{status, `"HAPPY"`, Lenient, nil, `"HAPPY" is not one of PENDING|RUNNING`},
		{status, `1`, Lenient, nil, "want a string, got 1"},
		{&catalog.Field{Name: "s", Type: catalog.TypeEnum, Values: []string{"A"}, Open: true}, `"B"`, Strict, "B", ""},
		{field(catalog.TypeStrings), `["a","b"]`, Strict, `["a","b"]`, ""},
		{field(catalog.TypeStrings), `["a",1]`, Lenient, nil, "[1]: want a string, got 1"},
		{field(catalog.TypeStrings), `"a"`, Strict, nil, `want an array of strings, got the string "a"`},
		{field(catalog.TypeArray), `[1]`, Lenient, `[1]`, ""},
		{field(catalog.TypeArray), `{}`, Strict, nil, "want an array, got an object"},
		{field(catalog.TypeObject), `{"a":1}`, Strict, `{"a":1}`, ""},
		{field(catalog.TypeObject), `[]`, Lenient, nil, "want an object, got []"},
		{field(catalog.TypeAny), `[1,{"a":"b"}]`, Strict, `[1,{"a":"b"}]`, ""},
	}
	for _, tc := range cases {
		got, err := Check(cat, tc.f, decoded(t, tc.in), tc.mode)
		name := string(tc.f.Type) + " " + tc.in + [...]string{" strict", " lenient"}[tc.mode]
		if tc.error != "" {
			if err == nil || !strings.Contains(err.Error(), tc.error) {
				t.Errorf("%s: error %v, want one mentioning %q", name, err, tc.error)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		want := tc.want
		if s, ok := want.(string); ok && (strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")) {
			want = decoded(t, s)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
}

// Strict accepts only what Lenient returns unchanged: the stored form is a
// fixed point of the lenient reading.
func TestCheckStrictFormIsLenientFixedPoint(t *testing.T) {
	t.Parallel()
	cat := checkCatalog(t)
	values := []string{`5`, `"x"`, `true`, `"2014-06-04T10:00:00.000+0000"`, `{"currency":"EUR","value":2}`,
		`{"regionId":10}`, `[{"regionId":10}]`, `"RUNNING"`, `["a"]`, `[1]`, `{"a":1}`}
	for _, typ := range []catalog.Type{catalog.TypeInt, catalog.TypeString, catalog.TypeBool, catalog.TypeTimestamp,
		catalog.TypeMoney, catalog.TypeRef, catalog.TypeRefs, catalog.TypeEnum, catalog.TypeStrings, catalog.TypeArray, catalog.TypeObject} {
		f := &catalog.Field{Name: "f", Type: typ, Ref: "Region", RefKey: "regionId", Values: []string{"RUNNING"}}
		for _, in := range values {
			v := decoded(t, in)
			if _, err := Check(cat, f, v, Strict); err != nil {
				continue
			}
			got, err := Check(cat, f, v, Lenient)
			if err != nil {
				t.Errorf("%s %s: strict accepts, lenient rejects: %v", typ, in, err)
				continue
			}
			back, _ := json.Marshal(got)
			if string(back) != string(mustMarshal(t, v)) {
				t.Errorf("%s %s: lenient changes the stored form to %s", typ, in, back)
			}
		}
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCheckParam(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		typ   catalog.Type
		raw   string
		want  any
		error string
	}{
		{catalog.TypeInt, "10", int64(10), ""},
		{catalog.TypeInt, "ten", nil, `want an integer, got "ten"`},
		{catalog.TypeBool, "TRUE", true, ""},
		{catalog.TypeBool, "0", false, ""},
		{catalog.TypeBool, "maybe", nil, `want true or false, got "maybe"`},
		{catalog.TypeString, "Running", "Running", ""},
	} {
		got, err := CheckParam(catalog.Param{Name: "p", Type: tc.typ}, tc.raw)
		switch {
		case tc.error != "" && (err == nil || !strings.Contains(err.Error(), tc.error)):
			t.Errorf("%s %q: error %v, want %q", tc.typ, tc.raw, err, tc.error)
		case tc.error == "" && (err != nil || got != tc.want):
			t.Errorf("%s %q = %#v, %v; want %#v", tc.typ, tc.raw, got, err, tc.want)
		}
	}
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 100)
	for _, tc := range []struct {
		v               any
		strict, lenient string
	}{
		{nil, "null", "null"},
		{json.Number("5"), "the number 5", "5"},
		{"x", `the string "x"`, `"x"`},
		{true, "a boolean", "true"},
		{[]any{long}, "an array", `["` + long[:55] + "..."},
		{map[string]any{"a": json.Number("1")}, "an object", `{"a":1}`},
	} {
		if got := Strict.Describe(tc.v); got != tc.strict {
			t.Errorf("Strict.Describe(%#v) = %q, want %q", tc.v, got, tc.strict)
		}
		if got := Lenient.Describe(tc.v); got != tc.lenient {
			t.Errorf("Lenient.Describe(%#v) = %q, want %q", tc.v, got, tc.lenient)
		}
	}
}

func TestRefTarget(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		f    catalog.Field
		want string
	}{
		{catalog.Field{Name: "region", Type: catalog.TypeRef, Ref: "Region", RefKey: "regionId"}, "Region"},
		{catalog.Field{Name: "firewalls", Type: catalog.TypeRefs, Ref: "Firewall", RefKey: "firewallId"}, "Firewall"},
		{catalog.Field{Name: "budget", Type: catalog.TypeInt}, "BillingCode"},
		{catalog.Field{Name: "defaultBudget", Type: catalog.TypeInt}, "BillingCode"},
		{catalog.Field{Name: "budget", Type: catalog.TypeString}, ""},
		{catalog.Field{Name: "sizeInGb", Type: catalog.TypeInt}, ""},
	} {
		if got := RefTarget(&tc.f); got != tc.want {
			t.Errorf("RefTarget(%s %s) = %q, want %q", tc.f.Name, tc.f.Type, got, tc.want)
		}
	}
}
