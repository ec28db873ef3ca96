package sdk_test

import (
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/infrastructure"
	"github.com/mixcoatl/mixcoatl/sdk"
)

// regionReads counts the GETs of single regions in the request log.
func regionReads(emu *dcmtest.Emulator) (total int, distinct map[string]bool) {
	distinct = map[string]bool{}
	for _, r := range emu.Server.Requests() {
		if i := strings.Index(r.Path, "geography/Region/"); i >= 0 && r.Method == "GET" {
			total++
			distinct[r.Path[i:]] = true
		}
	}
	return total, distinct
}

// Reading Region.Name on every server of a listing makes one GET per
// distinct region (request log), not one per server; with extended details
// it makes none.
func TestListingSharesReferences(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	servers := infrastructure.New(emu.Client()).Servers
	all, err := servers.All(t.Context(), infrastructure.ServerFilter{})
	if err != nil || len(all) < 3 {
		t.Fatalf("%d servers, %v", len(all), err)
	}
	regions := map[int64]bool{}
	for _, s := range all {
		regions[s.Region.ID()] = true
		if _, err := s.Region.Name(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	total, distinct := regionReads(emu)
	t.Logf("%d servers in %d regions: %d region GETs", len(all), len(regions), total)
	if total != len(regions) || len(distinct) != len(regions) || len(regions) >= len(all) {
		t.Errorf("%d servers, %d distinct regions: %d region GETs (%v), want one per region", len(all), len(regions), total, distinct)
	}
	// Shared state: a second read, on any server, asks nothing.
	if _, err := all[len(all)-1].Region.Jurisdiction(t.Context()); err != nil {
		t.Fatal(err)
	}
	if again, _ := regionReads(emu); again != total {
		t.Errorf("a second read made %d more GETs", again-total)
	}

	emu.Server.ResetRequests()
	ext, err := servers.All(t.Context(), infrastructure.ServerFilter{}, sdk.WithDetails(dcm.DetailsExtended))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ext {
		if _, err := s.Region.Name(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := regionReads(emu); n != 0 {
		t.Errorf("extended details: %d region GETs, want none", n)
	}
}
