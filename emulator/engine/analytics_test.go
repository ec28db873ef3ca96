package engine_test

import (
	"fmt"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// finish polls a job until it is complete.
func (h *harness) finish(job string) {
	h.t.Helper()
	for range 5 {
		if h.get(custA, "Job", job)["status"] == "COMPLETE" {
			return
		}
	}
	h.t.Fatalf("job %s does not complete", job)
}

// launchedAndStopped launches a server from image 300 (the launch
// configuration of tier 1400 names it), lets it run for half an hour and
// stops it; the clock then stands half an hour later. It returns the
// server id and the launch time.
func launchedAndStopped(t *testing.T, h *harness) (string, time.Time) {
	t.Helper()
	h.put(custA, `{"LaunchConfiguration": [{"launchConfigurationId": 1450, "status": "ACTIVE", "tier": {"tierId": 1400},
		"primaryMachineImage": {"machineImageId": 300}, "region": {"regionId": 10}}],
		"Volume": [{"volumeId": 1050, "name": "logs", "status": "AVAILABLE", "sizeInGb": 40, "dataCenter": {"dataCenterId": 100}}]}`)
	resp := h.must(202, req{resource: "Server", kind: "create", verb: "launch", body: launchBody})
	h.finish(jobID(t, resp))
	ids := h.list(custA, "Server", "")
	id := ids[len(ids)-1]
	launched := h.clock.now()
	h.finish(jobID(t, h.must(202, req{resource: "Volume", kind: "action", verb: "attach", id: "1050", body: `[{"server": {"serverId": ` + id + `}}]`})))
	h.clock.advance(30 * time.Minute)
	h.finish(jobID(t, h.must(202, req{resource: "Server", kind: "action", verb: "stop", id: id, body: `[{}]`})))
	h.clock.advance(30 * time.Minute)
	return id, launched
}

func points(t *testing.T, answer map[string]any) []map[string]any {
	t.Helper()
	raw, _ := answer["dataPoints"].([]any)
	out := make([]map[string]any, len(raw))
	for i, p := range raw {
		out[i] = p.(map[string]any)
	}
	return out
}

// TestServerAnalyticsFollowTheServersLife: a server launched, run for half
// an hour and stopped has data points with its product's size and load
// while it ran, zeros after, and the same answer every time.
func TestServerAnalyticsFollowTheServersLife(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	id, launched := launchedAndStopped(t, h)
	from := launched.UnixMilli()
	q := fmt.Sprintf("periodStart=%d&periodEnd=%d&interval=5", from, from+time.Hour.Milliseconds())
	read := func() map[string]any {
		return h.must(200, req{resource: "ServerAnalytics", kind: "get", id: id, query: q}).Items[0]
	}
	a := read()
	if !reflect.DeepEqual(a, read()) {
		t.Error("two reads differ")
	}
	if a["intervalInMinutes"] != int64(5) || a["periodStart"] != "2015-06-01T12:00:00.000+0000" || a["periodEnd"] != "2015-06-01T13:00:00.000+0000" {
		t.Errorf("envelope %v", a)
	}
	ps := points(t, a)
	if len(ps) != 12 {
		t.Fatalf("%d points, want 12", len(ps))
	}
	for i, p := range ps {
		guest, hv := p["guest"].(map[string]any), p["hypervisor"].(map[string]any)
		if len(hv) != 18 || len(guest) != 7 {
			t.Fatalf("point %d: %d hypervisor and %d guest metrics, want 18 and 7", i, len(hv), len(guest))
		}
		running := i < 6
		cpu, _ := strconv.ParseFloat(guest["cpuUtilization"].(string), 64)
		if running != (p["operationalState"] == "NORMAL") || running != (cpu > 0) || running != (guest["totalRamInMb"] == "1024") {
			t.Errorf("point %d (%v): %v", i, p["timestamp"], p)
		}
		avg, _ := strconv.ParseFloat(hv["averageCpuUtilization"].(string), 64)
		hi, _ := strconv.ParseFloat(hv["maximumCpuUtilization"].(string), 64)
		lo, _ := strconv.ParseFloat(hv["minimumCpuUtilization"].(string), 64)
		if !(lo <= avg && avg <= hi && hi <= 100) || avg != cpu {
			t.Errorf("point %d: cpu %v, min %v avg %v max %v", i, cpu, lo, avg, hi)
		}
		if ping := p["icmpPingResponseTimeInMillis"]; running == (ping == "-1") {
			t.Errorf("point %d: ping %v", i, ping)
		}
	}
	h.fails(400, "the period ends before it starts", req{resource: "ServerAnalytics", kind: "get", id: id,
		query: fmt.Sprintf("periodStart=%d&periodEnd=%d", from, from)})
	h.fails(404, "No such server ID: 4242", req{resource: "ServerAnalytics", kind: "get", id: "4242"})
}

// TestTierAnalyticsAreTheirServers: the tier's points count its server
// (with the volume attached to it) while it ran, average exactly its
// server's load, and its availability is the share of time it ran.
func TestTierAnalyticsAreTheirServers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	id, _ := launchedAndStopped(t, h)
	// The tier's default period is the last hour in 5-minute steps.
	tier := points(t, h.must(200, req{resource: "TierAnalytics", kind: "get", id: "1400"}).Items[0])
	from := h.clock.now().Add(-time.Hour).UnixMilli()
	srv := points(t, h.must(200, req{resource: "ServerAnalytics", kind: "get", id: id,
		query: fmt.Sprintf("periodStart=%d&periodEnd=%d&interval=5", from, from+time.Hour.Milliseconds())}).Items[0])
	if len(tier) != 12 || len(srv) != 12 {
		t.Fatalf("%d tier and %d server points, want 12", len(tier), len(srv))
	}
	for i, p := range tier {
		if len(p) != 35 {
			t.Fatalf("point %d has %d metrics, want 35: %v", i, len(p), p)
		}
		running := i < 6
		want := map[string]string{"maximumActiveServers": "0", "maximumActiveVolumes": "0", "operationalState": "DOWN", "netServerChange": "0"}
		if running {
			want = map[string]string{"maximumActiveServers": "1", "maximumActiveVolumes": "1", "operationalState": "NORMAL", "netServerChange": "0",
				"maximumDiskAllocatedInGb": "40", "averageCpuUtilization": srv[i]["guest"].(map[string]any)["cpuUtilization"].(string)}
		}
		switch i {
		case 0:
			want["netServerChange"] = "1"
		case 6:
			want["netServerChange"] = "-1"
		}
		for k, v := range want {
			if p[k] != v {
				t.Errorf("point %d: %s = %v, want %s", i, k, p[k], v)
			}
		}
		if p["timestamp"] != srv[i]["timestamp"] || p["minute"] != strconv.Itoa(5*i) || p["year"] != "2015" {
			t.Errorf("point %d at %v (minute %v, year %v)", i, p["timestamp"], p["minute"], p["year"])
		}
	}
	// At the last point the tier existed for an hour and ran for half.
	if got := tier[11]["trailingDailyAvailability"]; got != "50.00" {
		t.Errorf("trailing daily availability %v, want 50.00", got)
	}
	if got := tier[5]["trailingWeeklyAvailability"]; got != "100.00" {
		t.Errorf("while running, trailing weekly availability %v, want 100.00", got)
	}
}
