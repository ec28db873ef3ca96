package seed

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// commonSamples are documents for both routes: the usual shapes, which
// decodeCommon must take, and others it must leave to decodeSkeleton.
var commonSamples = []struct {
	doc    string
	common bool
}{
	{smallSeed, true},
	{`{}`, true},
	{`{"customers":[],"global":{}}`, true},
	{`{"global":{"Cloud":[]},"customers":[{"customerId":-0}]}`, true},
	{`{"customers":[{"apiKey":{"accessKey":"a\u00e9\n","secretKey":"","userId":-1},"resources":{"Server":[{"serverId":1} , {}]}}]}`, true},
	{`{"glob\u0061l":{}}`, true},
	{`{"Global":{}}`, false},
	{`{"global":null}`, false},
	{`{"global":{},"global":{}}`, false},
	{`{"global":{"Cloud":[1]}}`, false},
	{`{"global":{"Cloud":[{}],"Cloud":[]}}`, false},
	{`{"customers":[{"customerId":1.0}]}`, false},
	{`{"customers":[{"customerId":9223372036854775808}]}`, false},
	{`{"customers":[{"customerId":"1"}]}`, false},
	{`{"customers":[{"CustomerID":1}]}`, false},
	{`{"customers":[{"apiKey":{"accessKey":1}}]}`, false},
	{`{"customers":[{"apiKey":{"userId":1,"userId":2}}]}`, false},
	{`{"customers":[{"apiKey":null}]}`, false},
	{`{"customers":[null]}`, false},
	{`{"customers":{}}`, false},
	{`{"other":1}`, false},
	{"{\"customers\":[{\"apiKey\":{\"accessKey\":\"\xff\"}}]}", true},
}

// sameDecoding checks that when decodeCommon takes the valid document doc,
// decodeSkeleton decodes it to the same Seed without an error; it reports
// whether decodeCommon took it.
func sameDecoding(t *testing.T, doc []byte) bool {
	t.Helper()
	var fast, slow Seed
	if !decodeCommon(doc, &fast) {
		if !reflect.DeepEqual(fast, Seed{}) {
			t.Fatalf("decodeCommon refused %q but set %+v", doc, fast)
		}
		return false
	}
	if err := decodeSkeleton(doc, &slow); err != nil {
		t.Fatalf("decodeCommon took %q, json.Unmarshal refuses it: %v", doc, err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("%q:\ndecodeCommon  %+v\njson.Unmarshal %+v", doc, fast, slow)
	}
	return true
}

func TestDecodeCommonAgreesWithUnmarshal(t *testing.T) {
	t.Parallel()
	for _, c := range commonSamples {
		if got := sameDecoding(t, []byte(c.doc)); got != c.common {
			t.Errorf("decodeCommon took %.60q: %v, want %v", c.doc, got, c.common)
		}
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, DefaultJSON()); err != nil {
		t.Fatal(err)
	}
	for _, doc := range [][]byte{DefaultJSON(), compact.Bytes()} {
		if !sameDecoding(t, doc) {
			t.Error("decodeCommon leaves the default seed to json.Unmarshal")
		}
	}
}

func FuzzDecodeCommon(f *testing.F) {
	for _, c := range commonSamples {
		f.Add([]byte(c.doc))
	}
	f.Add([]byte(strings.ReplaceAll(smallSeed, " ", "")))
	f.Fuzz(func(t *testing.T, doc []byte) {
		end, ok := jsonscan.SkipValue(doc, 0)
		if !ok || end != len(doc) || doc[0] != '{' {
			return // decodeDocument hands decodeCommon only a valid, trimmed value
		}
		sameDecoding(t, doc)
	})
}
