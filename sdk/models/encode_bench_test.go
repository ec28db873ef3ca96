package models_test

import (
	"encoding/json"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/sdk/models"
)

// BenchmarkEncode measures writing a decoded model back to JSON, for the
// same objects BenchmarkDecode reads.
func BenchmarkEncode(b *testing.B) {
	sd := seed.Default()
	for _, name := range []string{"Server", "Cloud", "Region", "User"} {
		r, _ := catalog.Load().Resource(name)
		items := append(append([]json.RawMessage(nil), sd.Global[name]...), sd.Customers[0].Resources[name]...)
		if len(items) > 0 {
			b.Run(name+"/seed", func(b *testing.B) { benchEncode(b, name, items[0]) })
		}
		rep, err := json.Marshal(representative(r))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/all-fields", func(b *testing.B) { benchEncode(b, name, rep) })
	}
}

func benchEncode(b *testing.B, name string, raw []byte) {
	m, _ := models.New(name)
	if err := json.Unmarshal(raw, m); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := json.Marshal(m); err != nil {
			b.Fatal(err)
		}
	}
}
