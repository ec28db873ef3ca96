package sqlite

import (
	"context"
	"testing"
)

// BenchmarkOpenView is what a read-only `mixcoatl --local` command asks of
// a state file whose schema is current: Open, the reads of
// readCurrentFile, Close.
func BenchmarkOpenView(b *testing.B) {
	ctx := context.Background()
	path := currentFile(b)
	b.ReportAllocs()
	for b.Loop() {
		st, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := readCurrentFile(ctx, st); err != nil {
			b.Fatal(err)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
