package output

import (
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"runtime"
	"testing"

	"github.com/mixcoatl/mixcoatl/internal/heavy"
)

// streamedItems is the number of servers of the memory test: retained,
// they would take about 60 MB.
const streamedItems = 200_000

// heapGrowthBound is generous for a streaming printer (it keeps one item
// and a write buffer) and far below what keeping the items would take.
const heapGrowthBound = 16 << 20

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// manyServers yields n distinct servers and samples the heap every 20,000,
// recording the peak growth over base into *peak.
func manyServers(n int, base uint64, peak *uint64) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		for i := range n {
			if i%20_000 == 19_999 {
				if h := heapInUse(); h > base && h-base > *peak {
					*peak = h - base
				}
			}
			raw := fmt.Appendf(nil, `{"serverId":%d,"name":"server-%d, rack %d","status":"RUNNING",`+
				`"region":{"regionId":19344},"firewalls":[{"firewallId":%d}],"description":"line\none",`+
				`"publicIpAddress":"10.%d.%d.%d","cost":{"currency":"USD","value":0.12}}`,
				i, i, i%40, i%7, i>>16, (i>>8)&255, i&255)
			if !yield(raw, nil) {
				return
			}
		}
	}
}

func heapGrowth(t *testing.T, f Format, n int) uint64 {
	t.Helper()
	p, err := New(io.Discard, Options{Format: f, Resource: testServer()})
	if err != nil {
		t.Fatal(err)
	}
	base := heapInUse()
	var peak uint64
	if err := p.Items(manyServers(n, base, &peak)); err != nil {
		t.Fatal(err)
	}
	return peak
}

// Listing 200,000 servers must not hold them: the heap, sampled while the
// items flow, stays within a bound far below their size. Table, which
// keeps its cells by design, must exceed the bound, which shows the
// measurement can see retention. Not parallel: heap samples need a heap no
// other test is filling.
func TestStreamingUsesFlatMemory(t *testing.T) {
	heavy.NotUnderRace(t)
	if testing.Short() {
		t.Skip("streams 200,000 items per format")
	}
	// yaml and xml parse every item like csv does; a quarter of the items
	// keeps the test quick and still far above the bound if retained.
	for f, n := range map[Format]int{JSON: streamedItems, JSONL: streamedItems, CSV: streamedItems,
		TSV: streamedItems, YAML: streamedItems / 4, XML: streamedItems / 4} {
		if g := heapGrowth(t, f, n); g > heapGrowthBound {
			t.Errorf("-o %s: heap grew by %d MB over %d items; it should stream", f, g>>20, n)
		}
	}
	if g := heapGrowth(t, Table, streamedItems); g <= heapGrowthBound {
		t.Errorf("-o table grew by only %d MB holding %d rows: the measurement cannot see retention", g>>20, streamedItems)
	}
}
