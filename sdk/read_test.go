package sdk

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

func TestScanEnvelopeMatchesReference(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"servers":[{"serverId":1},{"serverId":2,"x":[1,2]}]}`, `{"servers":[]}`, `{"servers":null}`,
		`{"servers":{"serverId":1}}`, `{"servers":[null, {"a":"\u00e9"} ]}`, `{"other":1}`, `{"servers":"x"}`,
		`{"servers":[1,"a",true]}`, `{"servers":[{}],"servers":[{"serverId":3}]}`, `{"ser\u0076ers":[{}]}`,
		`{"servers":[{"serverId":1}]`, `[]`, `null`, `{"servers":[{"serverId":01}]}`, `{"Servers":[{}]}`,
		"{ \"servers\" : [ { \"serverId\" : 1 } ] , \"x\" : 2 }",
	} {
		want, wantErr := envelopeItemsSlow("servers", []byte(body))
		got, err := envelopeItems("servers", []byte(body))
		if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
			t.Errorf("%s: error %v, reference %v", body, err, wantErr)
			continue
		}
		if !reflect.DeepEqual(compact(t, got), compact(t, want)) || (got == nil) != (want == nil) {
			t.Errorf("%s: items %q, reference %q", body, got, want)
		}
	}
}

func compact(t *testing.T, items []json.RawMessage) []string {
	t.Helper()
	var out []string
	for _, it := range items {
		var b bytes.Buffer
		if err := json.Compact(&b, it); err != nil {
			t.Fatal(err)
		}
		out = append(out, b.String())
	}
	return out
}
