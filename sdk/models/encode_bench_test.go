package models_test

import (
	"encoding/json"
	"testing"

	"github.com/mixcoatl/mixcoatl/sdk/models"
)

// BenchmarkEncode measures writing a decoded model back to JSON, for the
// objects BenchmarkDecode reads.
func BenchmarkEncode(b *testing.B) { benchObjects(b, benchEncode) }

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
