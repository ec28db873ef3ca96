package emulator

import (
	"math"
	"os"
	"runtime/debug"
)

// The emulator runs with Go's collector defaults (GOGC=100, no memory
// limit): once seeded, the store is nearly all of its live heap, so the
// heap stays under twice the store, and a lower GOGC would cost every
// request collector time. Seeding is different: parsing and loading a seed
// makes garbage several times its size, and with GOGC=100 the heap grows
// to twice everything live at the end of the load (the document, its
// index and the store): 650 MiB for a 136 MiB seed of 100k servers.
// While a seed loads, seedingGC therefore sets a soft memory limit of
// seedLimitFactor × the document plus seedLimitBase: the collector runs
// as usual below it and more often near it (the runtime caps that at half
// the CPU, so a seed bigger than the estimate slows down instead of
// failing). GOGC or GOMEMLIMIT in the environment turn this off: the
// user's settings apply throughout.
const (
	seedLimitFactor = 3
	seedLimitBase   = 64 << 20
)

// seedingGC applies the seeding limit for a document of docBytes and
// returns what restores the previous one.
func seedingGC(docBytes int) (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prev := debug.SetMemoryLimit(int64(min(docBytes, math.MaxInt64/seedLimitFactor-seedLimitBase))*seedLimitFactor + seedLimitBase)
	return func() { debug.SetMemoryLimit(prev) }
}
