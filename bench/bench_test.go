package bench

import (
	"flag"
	"testing"
	"time"
)

// TestMain keeps every measurement at toy size under `go test`: each case
// runs a fixed, small number of iterations instead of a second.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.benchtime"); f != nil && f.Value.String() == f.DefValue {
		_ = f.Value.Set("20x")
	}
	m.Run()
}

func TestSDKOverhead(t *testing.T) {
	res, err := SDKOverhead(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.BodyBytes == 0 || len(res.Stats) != 4 {
		t.Fatalf("result = %+v", res)
	}
	for _, s := range res.Stats {
		t.Logf("%-40s %8.0f ns/op %4d allocs/op %6d B/op", s.Name, s.NsPerOp, s.AllocsPerOp, s.BytesPerOp)
	}
}

func TestRoundTrips(t *testing.T) {
	res, err := RoundTrips(t.Context(), 60, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res)
	if res.AllItems != res.Servers || res.PerItems != res.Servers {
		t.Fatalf("listed %d and fetched %d of %d servers", res.AllItems, res.PerItems, res.Servers)
	}
	if res.AllRequests != res.AllPages || res.PerObjectRequests != res.Servers {
		t.Fatalf("All made %d requests for %d pages; per object %d for %d servers",
			res.AllRequests, res.AllPages, res.PerObjectRequests, res.Servers)
	}
}
