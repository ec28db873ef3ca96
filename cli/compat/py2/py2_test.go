package py2

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// The expected values below are what CPython 2.7.18 (64-bit Linux) gives
// for the same operations.

func TestDictOrder(t *testing.T) {
	t.Parallel()
	cases := []struct {
		insert, iter, copied []string
	}{
		{
			insert: []string{"server_id", "name", "region", "data_center", "budget"},
			iter:   []string{"region", "server_id", "name", "budget", "data_center"},
			copied: []string{"budget", "region", "data_center", "server_id", "name"},
		},
		{ // a resize at the sixth key
			insert: strings.Fields("a b c d e f g h i j k l"),
			iter:   strings.Fields("a c b e d g f i h k j l"),
			copied: strings.Fields("a c b e d g f i h k j l"),
		},
		{
			insert: []string{"customer_id", "business_name", "created_timestamp", "status", "automated", "time_zone"},
			iter:   []string{"status", "time_zone", "automated", "created_timestamp", "business_name", "customer_id"},
			copied: []string{"status", "automated", "created_timestamp", "business_name", "customer_id", "time_zone"},
		},
	}
	for _, tc := range cases {
		d := NewDict()
		for i, k := range tc.insert {
			d.Set(k, Int(string(rune('0'+i))))
		}
		d.Set(tc.insert[0], "again") // an existing key keeps its place
		if got := d.Keys(); !slices.Equal(got, tc.iter) {
			t.Errorf("keys of %v = %v, want %v", tc.insert, got, tc.iter)
		}
		if got := d.Copy().Keys(); !slices.Equal(got, tc.copied) {
			t.Errorf("dict(d) of %v = %v, want %v", tc.insert, got, tc.copied)
		}
		if got := SetOrder(append(tc.insert, tc.insert[1])); !slices.Equal(got, tc.iter) {
			t.Errorf("list(set(%v)) = %v, want %v", tc.insert, got, tc.iter)
		}
		if v, _ := d.Get(tc.insert[0]); v != "again" || d.Len() != len(tc.insert) {
			t.Errorf("after a second set: %v, len %d", v, d.Len())
		}
	}
}

func TestHash(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]int64{
		"server_id": 8029364624737520930, "a": 12416037344, "ab": 12416074593111939,
		"été": -4116773383342158585, "": 0,
	} {
		if got := int64(Hash(s)); got != want {
			t.Errorf("hash(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestFloats(t *testing.T) {
	t.Parallel()
	cases := []struct {
		f          float64
		repr, str_ string
	}{
		{0.1, "0.1", "0.1"}, {1.5, "1.5", "1.5"}, {1e16, "1e+16", "1e+16"},
		{1e15, "1000000000000000.0", "1e+15"}, {0.0001, "0.0001", "0.0001"}, {0.00001, "1e-05", "1e-05"},
		{math.Copysign(0, -1), "-0.0", "-0.0"}, {123456789012.0, "123456789012.0", "1.23456789012e+11"},
		{12345678901.5, "12345678901.5", "12345678901.5"}, {1e22, "1e+22", "1e+22"},
		{2.5e-7, "2.5e-07", "2.5e-07"}, {100, "100.0", "100.0"}, {math.Inf(1), "inf", "inf"},
	}
	for _, tc := range cases {
		if got := FloatRepr(tc.f); got != tc.repr {
			t.Errorf("repr(%v) = %s, want %s", tc.f, got, tc.repr)
		}
		if got := FloatStr(tc.f); got != tc.str_ {
			t.Errorf("str(%v) = %s, want %s", tc.f, got, tc.str_)
		}
	}
	for x, want := range map[float64]float64{0.125: 0.13, 2.675: 2.67, -0.125: -0.13, 36.5: 36.5, 0.3333333: 0.33, 1234.565: 1234.57} {
		if got := Round(x, 2); got != want {
			t.Errorf("round(%v, 2) = %v, want %v", x, got, want)
		}
	}
	if got := Round(-0.001, 2); !math.Signbit(got) || got != 0 {
		t.Errorf("round(-0.001, 2) = %v, want -0.0", got)
	}
}

func TestRepr(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"it's":                            `u"it's"`,
		`say "hi"`:                        `u'say "hi"'`,
		`both ' and "`:                    `u'both \' and "'`,
		"tab\tnl\n\\ \x01 é 中 \U0001f600": `u'tab\tnl\n\\ \x01 \xe9 \u4e2d \U0001f600'`,
	}
	for in, want := range cases {
		if got := Repr(in); got != want {
			t.Errorf("repr(%q) = %s, want %s", in, got, want)
		}
	}
	if got := ReprBytes("it's é"); got != `"it's \xc3\xa9"` {
		t.Errorf("repr of a byte string = %s", got)
	}
	v := []any{nil, true, Int("99999999999999999999"), Int("5"), 1.5, DictOf("a", []any{}), "x"}
	if got, want := Repr(v), `[None, True, 99999999999999999999L, 5, 1.5, {u'a': []}, u'x']`; got != want {
		t.Errorf("repr = %s, want %s", got, want)
	}
	if got := Str(v[2]); got != "99999999999999999999" {
		t.Errorf("str of a long = %s", got)
	}
}

func TestDecodeDumpAndXML(t *testing.T) {
	t.Parallel()
	doc := `{"b": [1, 2.50, {"x": null}], "a": "<&> \"é\"", "c": {}, "d": [], "e": true, "secret": 1, "b": [3]}`
	v, err := DecodeSkipping([]byte(doc), func(k string) bool { return k == "secret" })
	if err != nil {
		t.Fatal(err)
	}
	d := v.(*Dict)
	if _, ok := d.Get("secret"); ok {
		t.Error("a skipped member was kept")
	}
	wantJSON := "{\n    \"a\": \"<&> \\\"\\u00e9\\\"\", \n    \"b\": [\n        3\n    ], \n    \"c\": {}, \n    \"d\": [], \n    \"e\": true\n}"
	if got := DumpJSON(v, 4); got != wantJSON {
		t.Errorf("json.dumps =\n%s\nwant\n%s", got, wantJSON)
	}
	list, _ := Decode([]byte(`{"k": [1.5, [1, "a"], {"n": null}], "t": "<&>"}`))
	if got, want := UnparseXML("item", list), `<item><k>1.5</k><k>[1, u'a']</k><k><n></n></k><t>&lt;&amp;&gt;</t></item>`; got != want {
		t.Errorf("unparse = %s, want %s", got, want)
	}
	attrs := DictOf("@id", Int("3"), "#text", "x", "c", false)
	if got, want := UnparseXML("e", attrs), `<e id="3"><c>False</c>x</e>`; got != want {
		t.Errorf("unparse with attributes = %s, want %s", got, want)
	}
	if _, err := Decode([]byte(`{"a": 1} x`)); err == nil {
		t.Error("trailing data accepted")
	}
}

func TestTable(t *testing.T) {
	t.Parallel()
	tb := NewTable("ID", "Name", "Wide 中")
	tb.AddRow(Int("10"), "web", nil)
	tb.AddRow(Int("2"), "a\nbc", []any{"x"})
	centred := strings.Join([]string{
		"+----+------+---------+",
		"| ID | Name | Wide 中 |",
		"+----+------+---------+",
		"| 10 | web  |   None  |",
		"| 2  |  a   |  [u'x'] |",
		"|    |  bc  |         |",
		"+----+------+---------+",
	}, "\n")
	if got := tb.String(); got != centred {
		t.Errorf("centred table:\n%s\nwant\n%s", got, centred)
	}
	tb.AlignAll('l')
	sorted := strings.Join([]string{
		"+----+------+---------+",
		"| ID | Name | Wide 中 |",
		"+----+------+---------+",
		"| 2  | a    | [u'x']  |",
		"|    | bc   |         |",
		"| 10 | web  | None    |",
		"+----+------+---------+",
	}, "\n")
	if got := tb.SortedBy("ID"); got != sorted {
		t.Errorf("sorted table:\n%s\nwant\n%s", got, sorted)
	}
	empty := NewTable("A")
	if got := empty.String(); got != "+---+\n| A |\n+---+\n+---+" {
		t.Errorf("empty table:\n%s", got)
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	ordered := []any{nil, false, Int("1"), 1.5, Int("2"), DictOf(), []any{Int("1")}, []any{Int("1"), Int("0")}, "a", "b"}
	for i := range ordered {
		for j := range ordered {
			got := Compare(ordered[i], ordered[j])
			if (i < j && got >= 0) || (i > j && got <= 0) || (i == j && got != 0) {
				t.Errorf("Compare(%s, %s) = %d", Repr(ordered[i]), Repr(ordered[j]), got)
			}
		}
	}
}

func TestPFormat(t *testing.T) {
	t.Parallel()
	var long []any
	for range 30 {
		long = append(long, Int("7"))
	}
	d := DictOf("b", long, "a", "it's", "c", DictOf("y", nil, "x", []any{}))
	want := "{'a': \"it's\",\n 'b': [7,\n" + strings.Repeat("       7,\n", 28) + "       7],\n 'c': {'x': [], 'y': None}}"
	if got := PFormat(d); got != want {
		t.Errorf("pformat =\n%s\nwant\n%s", got, want)
	}
	if got := PFormat(DictOf("k", "short")); got != "{'k': 'short'}" {
		t.Errorf("pformat of a short dict = %s", got)
	}
}

// json.dumps without indent: one line, ", " and ": ", keys in the dict's
// own order (not sorted), lists and empty containers inline.
func TestDumps(t *testing.T) {
	t.Parallel()
	d := DictOf("b", Int("1"), "a", []any{"x", nil, 2.5}, "c", DictOf())
	keys := d.Keys()
	parts := map[string]string{"a": `"a": ["x", null, 2.5]`, "b": `"b": 1`, "c": `"c": {}`}
	want := "{" + parts[keys[0]] + ", " + parts[keys[1]] + ", " + parts[keys[2]] + "}"
	if got := Dumps(d); got != want {
		t.Errorf("json.dumps = %s, want %s", got, want)
	}
	if got := Dumps([]any{}); got != "[]" {
		t.Errorf("json.dumps of an empty list = %s", got)
	}
}

func TestMinidomXML(t *testing.T) {
	t.Parallel()
	secret := func(name string) bool { return name == "secretKey" }
	cases := []struct{ in, want string }{
		{
			in:   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n<a z=\"1\" b=\"q&quot;&apos;\">\r\n <b/><c></c><![CDATA[x<y]]>t&amp;&gt;\"<?p  d ?></a>\n",
			want: "<?xml version=\"1.0\" ?><!-- c --><a b=\"q&quot;'\" z=\"1\">\n <b/><c/><![CDATA[x<y]]>t&amp;&gt;&quot;<?p d ?></a>",
		},
		{
			in:   `<apiKeys><apiKey accessKey="A" secretKey="S"><name>caf&#233;</name><secretKey>S</secretKey></apiKey></apiKeys>`,
			want: `<?xml version="1.0" ?><apiKeys><apiKey accessKey="A"><name>café</name></apiKey></apiKeys>`,
		},
		{
			in:   `<x:r xmlns:x="urn:a" x:b="1" a="2"><x:i>1</x:i></x:r>`,
			want: `<?xml version="1.0" ?><x:r a="2" x:b="1" xmlns:x="urn:a"><x:i>1</x:i></x:r>`,
		},
	}
	for _, tc := range cases {
		got, err := MinidomXML([]byte(tc.in), secret)
		if err != nil || got != tc.want {
			t.Errorf("MinidomXML(%q) =\n%s, %v\nwant\n%s", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "  ", "{\"a\":1}", "<a></b>", "<a>", "<a/><b/>", "<a/>x", "<a>&nbsp;</a>"} {
		if got, err := MinidomXML([]byte(bad), nil); err == nil {
			t.Errorf("MinidomXML(%q) = %q, want an error as expat gave", bad, got)
		}
	}
}

// Hostile input never panics, and what MinidomXML writes reads back to
// the same text (its output is a document minidom would write again).
func FuzzMinidomXML(f *testing.F) {
	for _, seed := range []string{
		`<a b="1"><![CDATA[x]]><!--c--><?p d?>t&amp;</a>`,
		`<?xml version="1.0"?><!DOCTYPE a><a/>`,
		`<x:r xmlns:x="urn:a"><x:i a="&quot;"/></x:r>`,
		"<a>\r\n</a>", "<a></b>", "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		out, err := MinidomXML([]byte(doc), nil)
		if err != nil {
			return
		}
		again, err := MinidomXML([]byte(out), nil)
		if err != nil || again != out {
			t.Fatalf("%q wrote %q, which reads back as %q (%v)", doc, out, again, err)
		}
	})
}
