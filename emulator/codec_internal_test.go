package emulator

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine/codec"
)

// The engine must get the same value from an XML body as from the JSON body
// a modern client would send.
func TestXMLPayloadMatchesJSON(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	cases := []struct {
		resource, xml, json string
	}{
		{"Server",
			`<launch><servers><server><name>a</name><budget>10</budget><machineImage machineImageId="300"/>` +
				`<product>1:512</product><firewalls><firewall firewallId="1"/><firewall firewallId="2"/></firewalls></server></servers></launch>`,
			`{"launch":[{"name":"a","budget":10,"machineImage":{"machineImageId":300},"product":{"productId":"1:512"},` +
				`"firewalls":[{"firewallId":1},{"firewallId":2}]}]}`},
		{"Server", `<launch><server><name>a</name></server><server><name>b</name></server></launch>`,
			`{"launch":[{"name":"a"},{"name":"b"}]}`},
		{"Server", `<stop><force>true</force><reason>why</reason></stop>`, `{"stop":[{"force":true,"reason":"why"}]}`},
		{"Server", `<start/>`, `{"start":[{}]}`},
		{"Group", `<?xml version="1.0"?><addGroup><group><name>g</name></group></addGroup>`, `{"addGroup":{"group":{"name":"g"}}}`},
		{"Group", `<describeGroup><name>g</name></describeGroup>`, `{"describeGroup":{"group":{"name":"g"}}}`},
		{"Account", `<assignCloud><accounts><cloudSubscription><cloudId>1</cloudId></cloudSubscription></accounts></assignCloud>`,
			`{"assignCloud":{"accounts":{"cloudSubscription":{"cloudId":"1"}}}}`},
	}
	for _, tc := range cases {
		res, _ := cat.Resource(tc.resource)
		root, err := parseXML([]byte(tc.xml), DefaultMaxDepth)
		if err != nil {
			t.Fatalf("%s: %v", tc.xml, err)
		}
		want, err := decodeJSONPayload([]byte(tc.json), DefaultMaxDepth)
		if err != nil {
			t.Fatal(err)
		}
		if root.Name != want.verb {
			t.Fatalf("verb %q, want %q", root.Name, want.verb)
		}
		op, err := selectOp(res, []catalog.Kind{catalog.KindCreate, catalog.KindUpdate, catalog.KindAction}, root.Name, "")
		if err != nil {
			t.Fatal(err)
		}
		got := xmlPayload(root, op, codec.Of(cat, res))
		if !reflect.DeepEqual(got, want.value) {
			t.Errorf("%s\n got %#v\nwant %#v", tc.xml, got, want.value)
		}
	}
}

func TestXMLNamesAreAlwaysValid(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	v := map[string]any{"ok": 1, "1bad": 2, "with space": "x", "xmlns": "y", "list": []any{"a", "b"}}
	if err := encodeXMLDocument(&buf, "root", v, codec.Shape{}); err != nil {
		t.Fatal(err)
	}
	if _, err := parseXML(buf.Bytes(), DefaultMaxDepth); err != nil {
		t.Fatalf("own output does not parse: %v\n%s", err, buf.String())
	}
}
