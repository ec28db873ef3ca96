package engine

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// jsonDecoded is what decodeObject answered before parseObject: the
// reflection-driven decoder's value or error.
func jsonDecoded(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	err := dec.Decode(&m)
	return m, err
}

var parseSamples = []string{
	`{}`, ` { } `, `{"a":1}`, "{\"a\" :\t[1 , 2.5e-3,-0, true,false,null, \"x\"] }\n",
	`{"a":{"b":{"c":[[],{},[{}]]}}}`, `{"a":1,"a":2}`, `{"":""}`,
	`{"s":"caf\u00e9 \ud83d\ude00 \n\t\"\\\/"}`, `{"s":"é ü 漢字"}`, "{\"s\":\"\xff\xfe bad utf-8\"}",
	`{"s":"\ud800 lone surrogate"}`, `{"k\u0041y":1}`, `{"n":12345678901234567890123}`, `{"n":1E+2}`,
	// Not taken on: left to encoding/json.
	`null`, `[]`, `"x"`, `{"a":1} trailing`, `{"a":1}{}`, `{"a":01}`, `{"a":1.}`, `{"a":tru}`, `{"a":nul}`,
	`{"a" 1}`, `{"a":1,}`, `{,}`, `{"a":[1,]}`, "{\"a\":\"\x01\"}", `{"a":"\x"}`, `{"a":"\u12"}`, `{a:1}`, `{"a":1`, ``, ` `,
	strings.Repeat(`{"a":`, 10001) + `1` + strings.Repeat(`}`, 10001),
	strings.Repeat(`{"a":`, 100) + `[1]` + strings.Repeat(`}`, 100),
}

// TestParseObjectAgreesWithEncodingJSON: whatever parseObject takes on it
// decodes to exactly encoding/json's value; decodeObject answers as it
// did before for everything.
func TestParseObjectAgreesWithEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, s := range parseSamples {
		checkParse(t, []byte(s))
	}
}

func checkParse(t *testing.T, b []byte) {
	t.Helper()
	want, wantErr := jsonDecoded(b)
	if got, ok := parseObject(b); ok {
		if wantErr != nil {
			t.Fatalf("parseObject took on %q, which encoding/json refuses: %v", b, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("parseObject(%q) = %#v, encoding/json %#v", b, got, want)
		}
	}
	if len(b) == 0 {
		return // decodeObject's own case: an empty record is {}
	}
	got, err := decodeObject(b)
	if want == nil && wantErr == nil {
		want = map[string]any{}
	}
	if (err == nil) != (wantErr == nil) || err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeObject(%q) = %#v, %v; want %#v, %v", b, got, err, want, wantErr)
	}
}

func FuzzParseObject(f *testing.F) {
	for _, s := range parseSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkParse(t, b) })
}
