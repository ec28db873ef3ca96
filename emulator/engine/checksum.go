package engine

import (
	"hash/crc32"
	"sync"
	"sync/atomic"
)

// checksum is the CRC-32C (Castagnoli) of the markers, computed two ways
// that give the same sums:
//
//   - first with a 256-entry table made here (a few hundred nanoseconds),
//     one byte at a time, as crc32 does for any table but its own;
//   - once the engine has summed fastAfter bytes, with crc32's own
//     Castagnoli table, whose SSE4.2 code is some twenty times faster but
//     whose set-up costs about 0.2 ms of CPU.
//
// A `mixcoatl --local` command sums a few kilobytes (the catalogue
// fingerprint, the records of one answer) and never pays the set-up; an
// emulator serving lists reaches fastAfter within its first requests. The
// switch is the classic rent-or-buy rule: bytes summed the slow way cost
// at most about what the set-up would have.
type checksum struct {
	small  crc32.Table
	summed atomic.Int64
	fast   atomic.Pointer[crc32.Table]
	once   sync.Once
}

// fastAfter is the number of bytes summed before the fast table is made:
// about what the slow way sums in the time the set-up takes.
const fastAfter = 64 << 10

// newChecksum makes the small table (crc32's simple table algorithm for
// the reflected Castagnoli polynomial).
func newChecksum() *checksum {
	c := &checksum{}
	for i := range c.small {
		crc := uint32(i)
		for range 8 {
			if crc&1 == 1 {
				crc = crc>>1 ^ crc32.Castagnoli
			} else {
				crc >>= 1
			}
		}
		c.small[i] = crc
	}
	return c
}

// update returns crc updated with p, as crc32.Update with the Castagnoli
// table would.
func (c *checksum) update(crc uint32, p []byte) uint32 {
	if t := c.fast.Load(); t != nil {
		return crc32.Update(crc, t, p)
	}
	if c.summed.Add(int64(len(p))) > fastAfter {
		c.once.Do(func() { c.fast.Store(crc32.MakeTable(crc32.Castagnoli)) })
		return crc32.Update(crc, c.fast.Load(), p)
	}
	return crc32.Update(crc, &c.small, p)
}
