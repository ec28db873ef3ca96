package sdk_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/sdk"
)

// TestObjectEncoderWritesAsEncodingJSON: every value the encoder writes
// itself is written byte for byte as encoding/json writes it.
func TestObjectEncoderWritesAsEncodingJSON(t *testing.T) {
	t.Parallel()
	var read sdk.Presence // the field was read: zero values are written too
	read.Mark(0, false)
	check := func(what string, got []byte, err error, v any) {
		t.Helper()
		want, werr := json.Marshal(map[string]any{"v": v})
		if (err != nil) != (werr != nil) {
			t.Fatalf("%s: error %v, encoding/json %v", what, err, werr)
		}
		if err == nil && string(got) != string(want) {
			t.Errorf("%s: %s, encoding/json %s", what, got, want)
		}
	}
	for _, s := range []string{"plain", "", "tab\there", `"q"`, `back\slash`, "<a&b>", "é ü", "\u2028\u2029", "\x00\x1f\x7f", "\xff\xfe", "\b\f"} {
		e := sdk.NewObjectEncoder(read)
		e.String(0, "v", s)
		got, err := e.Finish(nil, nil)
		check("string "+s, got, err, s)
	}
	for _, f := range []float64{1.5, -0.25, 1e-6, 9.99e-7, 1e20, 1e21, 123456789.125, math.SmallestNonzeroFloat64, -1e300, math.Copysign(0, -1), math.NaN(), math.Inf(1)} {
		e := sdk.NewObjectEncoder(read)
		e.Float64(0, "v", f)
		got, err := e.Finish(nil, nil)
		check("float", got, err, f)
	}
	for _, n := range []int64{1, -1, math.MaxInt64, math.MinInt64} {
		e := sdk.NewObjectEncoder(read)
		e.Int64(0, "v", n)
		got, err := e.Finish(nil, nil)
		check("int", got, err, n)
	}
	ts := sdk.NewTimestamp(time.Date(2013, 3, 1, 9, 0, 0, 5e8, time.FixedZone("x", 3600)))
	e := sdk.NewObjectEncoder(read)
	e.Timestamp(0, "v", ts)
	got, err := e.Finish(nil, nil)
	check("timestamp", got, err, ts)
	e = sdk.NewObjectEncoder(read)
	e.Strings(0, "v", []string{"a", "<b>", ""})
	got, err = e.Finish(nil, nil)
	check("strings", got, err, []string{"a", "<b>", ""})
}

// TestObjectEncoderPresence: an unread zero field is left out; a read one
// is written as its zero value, or as null when it was null.
func TestObjectEncoderPresence(t *testing.T) {
	t.Parallel()
	var seen sdk.Presence
	seen.Mark(1, false)
	seen.Mark(2, true)
	seen.Mark(70, true) // in the second word
	seen.Mark(3, true)
	seen.Mark(3, false) // a later member of the same name wins
	name := ""
	e := sdk.NewObjectEncoder(seen)
	e.Bool(0, "unread", false)
	e.Bool(1, "read", false)
	e.StringPtr(2, "wasNull", nil)
	e.Int64(3, "nullThenZero", 0)
	e.String(4, "set", "x")
	e.StringPtr(5, "empty", &name)
	e.Timestamp(70, "far", sdk.Timestamp{})
	e.Value(6, "list", []int(nil), true)
	got, err := e.Finish(sdk.Extra{"read": json.RawMessage(`"dup"`), "b": nil, "a": json.RawMessage(`0`)},
		func(n string) bool { return n == "read" })
	if err != nil {
		t.Fatal(err)
	}
	want := `{"read":false,"wasNull":null,"nullThenZero":0,"set":"x","empty":"","far":null,"a":0,"b":null}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestPresenceMerge(t *testing.T) {
	t.Parallel()
	var p, q sdk.Presence
	p.Mark(0, true)
	p.Mark(1, true)
	q.Mark(1, false)
	q.Mark(100, true)
	p.Merge(q)
	for i, want := range map[int][2]bool{0: {true, true}, 1: {true, false}, 2: {false, false}, 100: {true, true}} {
		if got := [2]bool{p.Has(i), p.Null(i)}; got != want {
			t.Errorf("field %d: present, null = %v, want %v", i, got, want)
		}
	}
	if p.IsZero() || !(sdk.Presence{}).IsZero() {
		t.Error("IsZero")
	}
}
