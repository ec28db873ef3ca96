package jsonvalue

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// jsonDecoded is the rule: the reflection-driven decoder's value or
// error, into a map or into any.
func jsonDecoded[T any](b []byte) (T, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v T
	err := dec.Decode(&v)
	return v, err
}

var parseSamples = []string{
	`{}`, ` { } `, `{"a":1}`, "{\"a\" :\t[1 , 2.5e-3,-0, true,false,null, \"x\"] }\n",
	`{"a":{"b":{"c":[[],{},[{}]]}}}`, `{"a":1,"a":2}`, `{"":""}`,
	`{"s":"caf\u00e9 \ud83d\ude00 \n\t\"\\\/"}`, `{"s":"é ü 漢字"}`, "{\"s\":\"\xff\xfe bad utf-8\"}",
	`{"s":"\ud800 lone surrogate"}`, `{"k\u0041y":1}`, `{"n":12345678901234567890123}`, `{"n":1E+2}`,
	// Not objects: Parse takes them on, ParseObject does not.
	`null`, `[]`, ` [1, "a", {"b": [null]}] `, `"x"`, `"\u00e9"`, `-1.5e3`, `true`, `false`,
	// Not taken on: left to encoding/json.
	`[1,]`, `"\x"`, `1 2`, `01`, `{"a":1} trailing`, `{"a":1}{}`, `{"a":01}`, `{"a":1.}`, `{"a":tru}`, `{"a":nul}`,
	`{"a" 1}`, `{"a":1,}`, `{,}`, `{"a":[1,]}`, "{\"a\":\"\x01\"}", `{"a":"\x"}`, `{"a":"\u12"}`, `{a:1}`, `{"a":1`, ``, ` `,
	strings.Repeat(`{"a":`, 10001) + `1` + strings.Repeat(`}`, 10001),
	strings.Repeat(`{"a":`, 100) + `[1]` + strings.Repeat(`}`, 100),
}

// TestParseAgreesWithEncodingJSON: whatever Parse and ParseObject take on
// they decode to exactly encoding/json's value, and Decode and
// DecodeObject answer as the decoder does for everything.
func TestParseAgreesWithEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, s := range parseSamples {
		checkParse(t, []byte(s))
	}
}

func checkParse(t *testing.T, b []byte) {
	t.Helper()
	checkRoutes(t, b, "ParseObject", ParseObject, DecodeObject)
	checkRoutes(t, b, "Parse", Parse, Decode)
}

// checkRoutes holds one pair of routes to the decoder's answer for b: the
// fast one (name) agrees wherever it answers, the whole one everywhere.
func checkRoutes[T any](t *testing.T, b []byte, name string, fast func([]byte) (T, bool), whole func([]byte) (T, error)) {
	t.Helper()
	want, wantErr := jsonDecoded[T](b)
	if got, ok := fast(b); ok {
		if wantErr != nil {
			t.Fatalf("%s took on %q, which encoding/json refuses: %v", name, b, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s(%q) = %#v, encoding/json %#v", name, b, got, want)
		}
	}
	if got, err := whole(b); (err == nil) != (wantErr == nil) || err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("the whole route of %s(%q) = %#v, %v; want %#v, %v", name, b, got, err, want, wantErr)
	}
}

// TestParseTakesOnValidJSON: the fast route is the route, not a rarity.
func TestParseTakesOnValidJSON(t *testing.T) {
	t.Parallel()
	for _, s := range []string{`{"a":[1,{"b":"c\n"}]}`, `[]`, `"x"`, `0`, `null`, ` {"k\u0041y": -2.5e-3} `} {
		if _, ok := Parse([]byte(s)); !ok {
			t.Errorf("Parse(%s) left valid JSON to the decoder", s)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range parseSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkParse(t, b) })
}
