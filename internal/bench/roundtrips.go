package bench

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/infrastructure"
)

// RoundTripsResult compares listing every server with the typed All()
// against fetching each one by id, with latency injected per request.
type RoundTripsResult struct {
	Servers, PageSize  int
	Latency            time.Duration
	AllRequests        int // API requests the emulator logged for All()
	AllPages           int // ceil(Servers / PageSize): the ideal
	AllWall            time.Duration
	PerObjectRequests  int
	PerObjectWall      time.Duration
	AllItems, PerItems int
}

// RoundTrips seeds n servers (the default seed's terminated one is not listed), adds an emulator fault rule delaying every
// Server request by latency, and lists them twice from a loopback client:
// infrastructure Servers.All (one request per page) and one Servers.Get per
// server All returned (the ids are taken from that listing, so the pattern
// is not charged for finding them). Requests are counted from the emulator's
// request log.
func RoundTrips(ctx context.Context, n int, latency time.Duration) (RoundTripsResult, error) {
	emu, err := StartEmulator(ctx, EmulatorOptions{Servers: n})
	if err != nil {
		return RoundTripsResult{}, err
	}
	defer emu.Close()
	prefix := dcm.APIBasePath + "/" + emu.Config.APIVersion + "/infrastructure/Server"
	if _, err := emu.Server.AddFault(emulator.FaultRule{PathPrefix: prefix, Latency: emulator.Duration(latency)}); err != nil {
		return RoundTripsResult{}, err
	}
	client, err := dcm.New(emu.Config, dcm.WithHTTPClient(loopbackClient()))
	if err != nil {
		return RoundTripsResult{}, err
	}
	servers := infrastructure.New(client).Servers
	res := RoundTripsResult{Latency: latency, PageSize: emulator.DefaultPageSize}

	emu.Server.ResetRequests()
	start := time.Now()
	all, err := servers.All(ctx, infrastructure.ServerFilter{})
	res.AllWall = time.Since(start)
	if err != nil {
		return res, fmt.Errorf("bench: All: %w", err)
	}
	res.Servers, res.AllItems = len(all), len(all)
	res.AllRequests = countRequests(emu, prefix)
	res.AllPages = (len(all) + res.PageSize - 1) / res.PageSize

	emu.Server.ResetRequests()
	start = time.Now()
	for _, s := range all {
		if _, err := servers.Get(ctx, s.ServerID); err != nil {
			return res, fmt.Errorf("bench: Get %d: %w", s.ServerID, err)
		}
		res.PerItems++
	}
	res.PerObjectWall = time.Since(start)
	res.PerObjectRequests = countRequests(emu, prefix)
	return res, nil
}

func countRequests(emu *Emulator, prefix string) int {
	n := 0
	for _, r := range emu.Server.Requests() {
		if strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}
