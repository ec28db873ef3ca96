package jsontree

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// scanCorpus are documents valid and not, the odd corners of JSON
// included.
var scanCorpus = []string{
	// valid: scanned
	`{}`, `[]`, ` {"a":1} `, "\n[1, 2.50, -0, 1e3, 1E+3, -1.5e-7]\t", `"plain"`, `"esc\"aped\\ \/ \b\f\n\r\t \u00e9 \ud83d\ude00"`,
	`"bad utf-8 ` + "\xff\xfe" + `"`, `"lone surrogate \ud800"`, `null`, `true`, `false`, `0`, `-0.0`,
	`{"a":{"b":[{"c":null}]},"a":"duplicate","":"empty key"}`, `{"k\u0041":"v"}`, `[[[[[]]]]]`,
	strings.Repeat("[", 100) + strings.Repeat("]", 100),
	`{"serverId":331810,"name":"web-01","region":{"regionId":19344},"privateIpAddresses":["10.0.1.21"],"persistent":true}`,
}

// scanRefused are documents scanValue leaves to encoding/json: not valid,
// or nested deeper than jsonscan.MaxDepth.
var scanRefused = []string{
	``, ` `, `{`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `[1 2]`, `01`, `1.`, `.5`, `+1`, `-`, `1e`, `tru`, `nul`, `"unterminated`,
	`"ctl ` + "\x01" + `"`, `"bad \x escape"`, `{} {}`, `[] x`, `{"a":1}}`, `NaN`, `[1,2`, `{"a"`,
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
}

// For every document the scanner accepts, encoding/json decodes the same
// Value; what it refuses is not valid (encoding/json's error stands) or
// nests too deep.
func TestScanValueMatchesDecoder(t *testing.T) {
	for _, doc := range scanCorpus {
		if _, ok := scanValue([]byte(doc)); !ok {
			t.Errorf("%q: not scanned", doc)
		}
		checkScan(t, []byte(doc))
	}
	for _, doc := range scanRefused {
		if _, ok := scanValue([]byte(doc)); ok {
			t.Errorf("%.40q: scanned", doc)
		}
		checkScan(t, []byte(doc))
	}
}

func FuzzScanValue(f *testing.F) {
	for _, doc := range append(scanCorpus, scanRefused...) {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, doc []byte) { checkScan(t, doc) })
}

func checkScan(t *testing.T, doc []byte) {
	t.Helper()
	got, ok := scanValue(doc)
	want, err := decodeJSONValue(doc)
	name := string(doc)
	if len(name) > 60 {
		name = name[:60] + "…"
	}
	switch {
	case ok && err != nil:
		t.Errorf("%q: scanned, but encoding/json refuses it: %v", name, err)
	case ok && !reflect.DeepEqual(got, want):
		t.Errorf("%q: scanned %s, encoding/json decodes %s", name, AppendCompactJSON(nil, got), AppendCompactJSON(nil, want))
	case !ok && err == nil && bytes.Count(doc, []byte("["))+bytes.Count(doc, []byte("{")) <= jsonscan.MaxDepth:
		t.Errorf("%q: refused, but encoding/json decodes it", name)
	}
}

// BenchmarkParseValue is one list item of a table (a seeded server).
func BenchmarkParseValue(b *testing.B) {
	item := []byte(`{"serverId":331810,"providerId":"i-2b2f4411","name":"web-01","description":"Storefront web server","label":"green","status":"RUNNING","platform":"CENT_OS","architecture":"I64","agentVersion":21,"budget":1513,"cloud":{"cloudId":1},"region":{"regionId":19344},"dataCenter":{"dataCenterId":64351},"customer":{"customerId":10001},"machineImage":{"machineImageId":3801},"product":{"productId":617},"providerProductId":"m1.large","privateIpAddresses":["10.0.1.21"],"publicIpAddress":"54.201.33.10","firewalls":[{"firewallId":24001},{"firewallId":24002}],"runList":["recipe[nginx]","role[storefront-web]"],"imageable":true,"persistent":true}`)
	for _, c := range []struct {
		name  string
		parse func([]byte) (*Value, error)
	}{{"scan", Parse}, {"encoding/json", decodeJSONValue}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.parse(item); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
