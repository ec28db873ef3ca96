package seed

import (
	"bytes"
	"encoding/json"
	"testing"
)

// BenchmarkParse parses the default seed as written (indented) and
// compact, as programs write big seeds: the document pass, the checks and
// the records, per byte of document.
func BenchmarkParse(b *testing.B) {
	var compact bytes.Buffer
	if err := json.Compact(&compact, DefaultJSON()); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		doc  []byte
	}{{"indented", DefaultJSON()}, {"compact", compact.Bytes()}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.doc)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(c.doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
