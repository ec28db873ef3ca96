package emulator

import (
	"bytes"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine/codec"
)

// FuzzDecodeBody feeds arbitrary bytes to both body decoders: they must not
// panic, and whatever they accept must encode back (JSON and XML) without
// error into output that parses again.
func FuzzDecodeBody(f *testing.F) {
	for _, s := range []string{
		`{"launch":[{"name":"a","machineImage":{"machineImageId":1}}]}`,
		`{"addGroup":{"group":{"name":"g"}}}`,
		`<launch><servers><server><name>a</name><firewalls><firewall firewallId="1"/></firewalls></server></servers></launch>`,
		`<stop><force>true</force></stop>`,
		`<?xml version="1.0"?><addGroup><group><name>g</name></group></addGroup>`,
		`<a xmlns:x="u" x:y="1"><b/><b/></a>`,
		`[1,2]`, `{"a":1,"b":2}`, `{"a":1e999}`,
	} {
		f.Add([]byte(s), uint8(0))
	}
	cat := catalog.Load()
	var ops []struct {
		res *catalog.Resource
		op  *catalog.Op
	}
	for _, r := range cat.Resources {
		for _, o := range r.Ops {
			if o.Verb != "" {
				ops = append(ops, struct {
					res *catalog.Resource
					op  *catalog.Op
				}{r, o})
			}
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, pick uint8) {
		target := ops[int(pick)%len(ops)]
		s := codec.Of(cat, target.res)
		if p, err := decodeJSONPayload(body, DefaultMaxDepth); err == nil {
			reencode(t, p.value, s)
		}
		if root, err := parseXML(body, DefaultMaxDepth); err == nil {
			reencode(t, xmlPayload(root, target.op, s), s)
		}
	})
}

// reencode checks that the emulator's own JSON and XML of a decoded value
// decode again. The wrapping element (and XML's item elements) add levels,
// so the depth limit is not what is tested here.
func reencode(t *testing.T, v any, s codec.Shape) {
	t.Helper()
	const anyDepth = 1 << 16
	js, err := codec.AppendJSON([]byte(`{"v":`), v, s)
	if err != nil {
		t.Fatalf("codec.AppendJSON(%#v): %v", v, err)
	}
	if _, err := decodeJSONPayload(append(js, '}'), anyDepth); err != nil {
		t.Fatalf("own JSON does not decode: %v\n%s", err, js)
	}
	var xs bytes.Buffer
	if err := encodeXMLDocument(&xs, "v", v, s); err != nil {
		t.Fatalf("encodeXMLDocument(%#v): %v", v, err)
	}
	if _, err := parseXML(xs.Bytes(), anyDepth); err != nil {
		t.Fatalf("own XML does not parse: %v\n%s", err, xs.String())
	}
}
