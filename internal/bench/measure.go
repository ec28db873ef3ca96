package bench

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
)

// Case is one side of a comparison, written as a Go benchmark body.
type Case struct {
	Name string
	Fn   func(b *testing.B)
}

// Stat is what one Case measured: the median time per operation over the
// rounds, and the allocations of one operation.
type Stat struct {
	Name        string
	NsPerOp     float64
	AllocsPerOp int64
	BytesPerOp  int64
	Err         error
}

// Interleave runs the cases round-robin for rounds rounds (A B C A B C …),
// so drift in machine load hits every case alike, and reports each case's
// median. A case calling b.Fatal ends with Err set.
func Interleave(rounds int, cases []Case) []Stat {
	times := make([][]float64, len(cases))
	stats := make([]Stat, len(cases))
	for r := 0; r < rounds; r++ {
		for i, c := range cases {
			var failure error
			res := testing.Benchmark(func(b *testing.B) {
				b.ReportAllocs()
				defer func() {
					if b.Failed() {
						failure = fmt.Errorf("bench: case %s failed", c.Name)
					}
				}()
				c.Fn(b)
			})
			if res.N == 0 && failure == nil {
				failure = fmt.Errorf("bench: case %s did not run (it failed)", c.Name)
			}
			if failure != nil {
				stats[i].Err = failure
				continue
			}
			times[i] = append(times[i], float64(res.NsPerOp()))
			stats[i].AllocsPerOp, stats[i].BytesPerOp = res.AllocsPerOp(), res.AllocedBytesPerOp()
		}
	}
	for i, c := range cases {
		stats[i].Name = c.Name
		stats[i].NsPerOp = median(times[i])
	}
	return stats
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Percentile returns the p-th percentile (0–100) of sorted values (durations,
// page fault counts) by the
// nearest-rank method.
func Percentile[T cmp.Ordered](sorted []T, p float64) T {
	if len(sorted) == 0 {
		var zero T
		return zero
	}
	rank := int(p/100*float64(len(sorted))+0.5) - 1
	rank = max(0, min(rank, len(sorted)-1))
	return sorted[rank]
}

// Ratio is a/b, or 0 when b is 0.
func Ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
