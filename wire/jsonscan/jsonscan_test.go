package jsonscan

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// accepts reports whether the scanner takes b whole as one JSON value.
func accepts(b []byte) bool {
	end, ok := SkipValue(b, SkipSpace(b, 0))
	return ok && SkipSpace(b, end) == len(b)
}

var samples = []string{
	`{}`, `[]`, `0`, `-1.5e+3`, `"x"`, `true`, `false`, `null`,
	` {"a":[1,2.5e-3,true,false,null,"x\u00e9\n"], "b": {"c": {}}} `,
	`{"a":1,}`, `[1 2]`, `01`, `1.`, `-`, `"\x"`, `nul`, ``, ` `, `{"a":1}x`, `"\ud800"`,
	"\"a\tb\"", "\"\xff\"", `{"a" 1}`, `[,]`, `{"a":1,"a":2}`, `{"\u0041":"\\"}`,
	strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
}

// The scanner never accepts what encoding/json refuses: callers hand what
// it refuses to encoding/json, so its answer has to be json.Valid's
// wherever it says yes.
func TestSkipValueAcceptsOnlyValidJSON(t *testing.T) {
	accepted := 0
	for _, s := range samples {
		if accepts([]byte(s)) {
			accepted++
			if !json.Valid([]byte(s)) {
				t.Errorf("scanner accepts %.40q, which json.Valid refuses", s)
			}
		}
	}
	if accepted < 9 {
		t.Errorf("scanner accepts %d of the samples, want at least the 9 valid ones", accepted)
	}
}

func TestIsCompact(t *testing.T) {
	for s, want := range map[string]bool{
		`{}`: true, `{"a":[1,"b c",{"d":null}]}`: true, `"\\"`: true, `"a\" b"`: true, `"\\" `: false,
		`{"a": 1}`: false, "[1,\n2]": false, "{\"a\":\t1}": false, `["x" ,1]`: false, `"\\\""`: true,
	} {
		if got := IsCompact([]byte(s)); got != want {
			t.Errorf("IsCompact(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestObjectScannerMembers(t *testing.T) {
	s := NewObjectScanner([]byte(` {"a": 1, "b" : [true, {"c": null}], "d":"e\"f"} `))
	var keys, vals []string
	for s.Next() {
		keys, vals = append(keys, string(s.Key())), append(vals, string(s.Value()))
	}
	if !s.Done() || !slices.Equal(keys, []string{"a", "b", "d"}) || !slices.Equal(vals, []string{`1`, `[true, {"c": null}]`, `"e\"f"`}) {
		t.Errorf("done %v, keys %q, values %q", s.Done(), keys, vals)
	}
	var walked []string
	all := Members([]byte(`{ "a" : 1 , "\u0062":[true, {"c": null}],"d":"e\"f" }`), func(name, value []byte) bool {
		walked = append(walked, string(name), string(value))
		return len(walked) < 4
	})
	if all || !slices.Equal(walked, []string{"a", "1", "b", `[true, {"c": null}]`}) {
		t.Errorf("Members saw all: %v, members %q", all, walked)
	}
	if !Members([]byte(`{ }`), func(_, _ []byte) bool { return false }) {
		t.Error("Members of an empty object stopped")
	}
	for _, bad := range []string{`[]`, `{"a":1,}`, `{"a" 1}`, `{"a":1`, `{"a":1}x`, `{a:1}`} {
		s := NewObjectScanner([]byte(bad))
		for s.Next() {
		}
		if s.Done() {
			t.Errorf("%q scanned as a valid object", bad)
		}
	}
}

func FuzzSkipValue(f *testing.F) {
	for _, s := range samples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		Members(b, func(_, _ []byte) bool { return true }) // whatever b is, it returns
		if !accepts(b) {
			return
		}
		if !json.Valid(b) {
			t.Fatalf("scanner accepts %q, which json.Valid refuses", b)
		}
		i := SkipSpace(b, 0)
		end, _ := SkipValue(b, i)
		// A string it accepts unquotes to what encoding/json decodes.
		if b[i] == '"' {
			var want string
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			if got, ok := Unquote(b[i:end]); !ok || got != want {
				t.Fatalf("Unquote(%q) = %q, %v; encoding/json %q", b[i:end], got, ok, want)
			}
		}
		// IsCompact says what json.Compact would: nothing to remove.
		var c bytes.Buffer
		if err := json.Compact(&c, b[i:end]); err != nil {
			t.Fatal(err)
		}
		if got, want := IsCompact(b[i:end]), c.Len() == end-i; got != want {
			t.Fatalf("IsCompact(%q) = %v; json.Compact makes %q", b[i:end], got, c.Bytes())
		}
		// An object it accepts walks member by member to the end, with
		// the same members whether checked again or not.
		if b[i] == '{' {
			s := NewObjectScanner(b)
			var scanned, walked []string
			for s.Next() {
				scanned = append(scanned, string(s.Key()), string(s.Value()))
			}
			if !s.Done() {
				t.Fatalf("SkipValue accepts the object %q, ObjectScanner does not", b)
			}
			Members(b[i:end], func(name, value []byte) bool {
				walked = append(walked, string(name), string(value))
				return true
			})
			if !slices.Equal(scanned, walked) {
				t.Fatalf("%q: ObjectScanner finds %q, Members %q", b, scanned, walked)
			}
		}
	})
}
