package emulator

import (
	"math"
	"runtime/debug"
	"testing"
)

// While a seed loads the memory limit follows the document's size, and
// afterwards the previous limit is back; GOGC or GOMEMLIMIT in the
// environment leave the limit alone.
func TestSeedingGC(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	restore := seedingGC(100 << 20)
	if got := debug.SetMemoryLimit(-1); got != 3*(100<<20)+64<<20 {
		t.Errorf("limit while seeding = %d", got)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != prev {
		t.Errorf("limit after seeding = %d, want %d", got, prev)
	}
	restore = seedingGC(math.MaxInt) // no overflow
	if got := debug.SetMemoryLimit(-1); got <= 0 {
		t.Errorf("limit for a huge document = %d", got)
	}
	restore()
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "off")
			restore := seedingGC(100 << 20)
			if got := debug.SetMemoryLimit(-1); got != prev {
				t.Errorf("limit with %s set = %d, want %d", env, got, prev)
			}
			restore()
		})
	}
}
