package models_test

import (
	"encoding/json"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/sdk/models"
)

// BenchmarkDecode measures decoding one wire object into its model: the
// seed's first object of the resource (what the emulator serves) and the
// representative object with every catalogue field plus an unknown member.
func BenchmarkDecode(b *testing.B) { benchObjects(b, benchDecode) }

// benchObjects runs bench, as sub-benchmarks named resource/object, on the
// objects the codec benchmarks measure.
func benchObjects(b *testing.B, bench func(b *testing.B, name string, raw []byte)) {
	sd := seed.Default()
	for _, name := range []string{"Server", "Cloud", "Region", "User"} {
		r, _ := catalog.Load().Resource(name)
		items := append(append([]json.RawMessage(nil), sd.Global[name]...), sd.Customers[0].Resources[name]...)
		if len(items) > 0 {
			b.Run(name+"/seed", func(b *testing.B) { bench(b, name, items[0]) })
		}
		rep, err := json.Marshal(representative(r))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/all-fields", func(b *testing.B) { bench(b, name, rep) })
	}
}

func benchDecode(b *testing.B, name string, raw []byte) {
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		m, _ := models.New(name)
		if err := json.Unmarshal(raw, m); err != nil {
			b.Fatal(err)
		}
	}
}
