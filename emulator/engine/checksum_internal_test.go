package engine

import (
	"hash/crc32"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// Both ways of summing give crc32's Castagnoli sums, in one piece or in
// chunks, and the fast table is made only after fastAfter bytes.
func TestChecksumIsCRC32C(t *testing.T) {
	ref := crc32.MakeTable(crc32.Castagnoli)
	rng := rand.New(rand.NewPCG(1, 2))
	c := newChecksum()
	for c.fast.Load() == nil {
		b := make([]byte, rng.IntN(3000))
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		seed := rng.Uint32()
		before := c.summed.Load()
		if got, want := c.update(seed, b), crc32.Update(seed, ref, b); got != want {
			t.Fatalf("%d bytes after %d summed: %08x, want %08x", len(b), before, got, want)
		}
		if c.fast.Load() != nil && c.summed.Load() <= fastAfter {
			t.Fatalf("fast table made after %d bytes, want more than %d", c.summed.Load(), fastAfter)
		}
	}
	b := []byte("the fast table from here on")
	if got, want := c.update(7, b), crc32.Update(7, ref, b); got != want {
		t.Fatalf("fast: %08x, want %08x", got, want)
	}
	// A marker summed in chunks is the marker summed at once.
	whole := make([]byte, 5000)
	for i := range whole {
		whole[i] = byte(i * 7)
	}
	small := newChecksum()
	if got, want := small.update(small.update(3, whole[:1234]), whole[1234:]), crc32.Update(3, ref, whole); got != want {
		t.Fatalf("chunked: %08x, want %08x", got, want)
	}
}

// The catalogue fingerprint is the same whichever way it is summed: markers
// written by an emulator (fast table) pass in a --local command (small
// table) and the other way round.
func TestCatalogFingerprintSameBothWays(t *testing.T) {
	cat := catalog.Load()
	fast := newChecksum()
	fast.update(0, make([]byte, fastAfter+1))
	if fast.fast.Load() == nil {
		t.Fatal("no fast table")
	}
	small := newChecksum()
	if a, b := catalogFingerprint(cat, small), catalogFingerprint(cat, fast); a != b {
		t.Fatalf("fingerprint %08x the small way, %08x the fast way", a, b)
	}
	if small.fast.Load() != nil {
		t.Errorf("the fingerprint alone (%d bytes) made the fast table", small.summed.Load())
	}
}

// Concurrent requests sum markers at once across the switch.
func TestChecksumConcurrent(t *testing.T) {
	ref := crc32.MakeTable(crc32.Castagnoli)
	c := newChecksum()
	b := make([]byte, 4096)
	for i := range b {
		b[i] = byte(i)
	}
	want := crc32.Update(9, ref, b)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 8 {
				if got := c.update(9, b); got != want {
					t.Errorf("%08x, want %08x", got, want)
				}
			}
		})
	}
	wg.Wait()
	if c.fast.Load() == nil {
		t.Errorf("%d bytes summed without the fast table", c.summed.Load())
	}
}
