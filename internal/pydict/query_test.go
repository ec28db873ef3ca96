package pydict

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want url.Values
	}{
		{`{'regionId':19344}`, url.Values{"regionId": {"19344"}}},
		{`{u'regionId': u'19344'}`, url.Values{"regionId": {"19344"}}},
		{`{}`, url.Values{}},
		{`{'active': True, 'x': None, 'f': 1.0}`, url.Values{"active": {"True"}, "f": {"1.0"}}},
		{`{'id': [1, 2, None, 'three'], 't': (4,)}`, url.Values{"id": {"1", "2", "three"}, "t": {"4"}}},
		{`{1: 'numeric key'}`, url.Values{"1": {"numeric key"}}},
		{`{'name': 'a b&c=d'}`, url.Values{"name": {"a b&c=d"}}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			got, err := Query(tt.src)
			if err != nil {
				t.Fatalf("Query(%q): %v", tt.src, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Query(%q) mismatch (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestQueryErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ src, want string }{
		{`[1, 2]`, "must be a dict"},
		{`'regionId=1'`, "must be a dict"},
		{`{'a': {'b': 1}}`, `"a": a dict has no query-string form`},
		{`{'a': [[1]]}`, `"a": a nested list`},
		{`{(1, 2): 3}`, "tuple cannot be a parameter name"},
		{`{'a': __import__('os')}`, "position 7"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			_, err := Query(tt.src)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Query(%q) error = %v, want it to mention %q", tt.src, err, tt.want)
			}
		})
	}
}

// FuzzParse checks that no input panics, that errors carry a position inside
// the input, and that whatever parses renders to text Parse accepts again
// with the same meaning.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`{'regionId':19344}`, `{u'a': [1, 2.5, None, True, (3,)]}`, `__import__('os')`,
		`'\x41\u00e9'`, `r'\d'`, `b'\xff'`, `0x_1F`, `1e999`, `{'a': 1, 'a': 2}`,
		`[[[[[[]]]]]]`, `'''a'''`, `{1, 2}`, `f'{x}'`, "'\\\n'", `-.5e-3`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		v, err := Parse(src)
		if err != nil {
			se, ok := err.(*SyntaxError)
			if !ok {
				t.Fatalf("Parse(%q) returned %T, want *SyntaxError", src, err)
			}
			if se.Offset < 0 || se.Offset > len(src) || se.Position < 1 || se.Position > utf8.RuneCountInString(src)+1 {
				t.Fatalf("Parse(%q): position %d / offset %d outside the input", src, se.Position, se.Offset)
			}
			return
		}
		if depth(v) > MaxDepth {
			t.Fatalf("Parse(%q) nested %d levels, above MaxDepth", src, depth(v))
		}
		if hasBytes(src) {
			return // bytes literals may hold non-UTF-8 that repr does not re-escape
		}
		again, err := Parse(v.repr())
		if err != nil {
			t.Fatalf("repr %q of Parse(%q) does not parse: %v", v.repr(), src, err)
		}
		if again.repr() != v.repr() {
			t.Fatalf("round trip of %q changed %q to %q", src, v.repr(), again.repr())
		}
	})
}

func depth(v Value) int {
	d := 0
	for _, it := range v.Items {
		d = max(d, depth(it))
	}
	for _, e := range v.Entries {
		d = max(d, depth(e.Key), depth(e.Value))
	}
	if v.Kind == List || v.Kind == Tuple || v.Kind == Dict {
		d++
	}
	return d
}

func hasBytes(src string) bool {
	return strings.ContainsAny(src, "bB")
}
