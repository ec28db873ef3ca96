package engine

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// A tier's analytics come from its servers: those launched from one of its
// launch configurations, that is whose machine image is a configuration's
// primary image, in the configuration's region when it names one. No
// recorded field links a server to its tier (inferred). At each point the
// active servers are those that ran in the interval; utilisations are
// their averages, and each measure is judged against the tier's
// thresholds (disk against fixed ones, 20 and 90 %):
//
//   - efficiency: utilisation as a share of the upper threshold (≤ 100),
//     waste the rest;
//   - overallocation: how far below the lower threshold, as a share of it;
//   - underallocation: how far above the upper one, as a share of the
//     headroom above it;
//   - impairment: the share of active servers above the upper threshold;
//   - breach state: BREACH_UPPER or BREACH_LOWER when the CPU average is
//     outside the thresholds;
//   - trailing availability: the share of the trailing day, week, 30 and
//     365 days (since the tier's first server started) in which at least
//     one of its servers ran.

// tierFacts is what a tier's analytics are derived from.
type tierFacts struct {
	id                int64
	servers           []serverFacts
	cpuLow, cpuHigh   float64
	ramLow, ramHigh   float64
	up                []span // when at least one server ran
	firstUp           int64
	diskLow, diskHigh float64
}

func (c *call) tierFacts(ctx context.Context, tier *item) (tierFacts, error) {
	f := tierFacts{cpuLow: 20, cpuHigh: 80, ramLow: 20, ramHigh: 80, diskLow: 20, diskHigh: 90}
	f.id, _ = asInt(tier.data["tierId"])
	for name, dst := range map[string]*float64{"lowerCpuThreshold": &f.cpuLow, "upperCpuThreshold": &f.cpuHigh,
		"lowerRamThreshold": &f.ramLow, "upperRamThreshold": &f.ramHigh} {
		if n, ok := asInt(tier.data[name]); ok && n > 0 && n < 100 {
			*dst = float64(n)
		}
	}
	type origin struct{ image, region int64 }
	var origins []origin
	customer := tier.rec.Customer
	err := c.scanDecoded(ctx, customer, "LaunchConfiguration", func(lc *item) {
		if matchesID(lc.data["tier"], "tierId", "", f.id) {
			img, _ := asInt(mustRef(lc.data["primaryMachineImage"], "machineImageId"))
			region, _ := asInt(mustRef(lc.data["region"], "regionId"))
			origins = append(origins, origin{img, region})
		}
	})
	if err != nil {
		return f, err
	}
	var members []*item
	err = c.scanDecoded(ctx, customer, "Server", func(srv *item) {
		img, _ := asInt(mustRef(srv.data["machineImage"], "machineImageId"))
		region, _ := asInt(mustRef(srv.data["region"], "regionId"))
		for _, o := range origins {
			if o.image != 0 && o.image == img && (o.region == 0 || o.region == region) {
				members = append(members, srv)
				return
			}
		}
	})
	if err != nil {
		return f, err
	}
	var all []span
	for _, srv := range members {
		sf, err := c.serverFacts(ctx, srv)
		if err != nil {
			return f, err
		}
		f.servers = append(f.servers, sf)
		all = append(all, sf.life...)
	}
	f.up = union(all, c.now.UnixMilli())
	if len(f.up) > 0 {
		f.firstUp = f.up[0].from
	}
	return f, nil
}

// scanDecoded calls fn with each of the customer's own records of kind.
func (c *call) scanDecoded(ctx context.Context, customer int64, kind string, fn func(*item)) error {
	var decodeErr error
	err := c.tx.Scan(ctx, store.Filter{Customer: customer, Kind: kind}, func(r store.Record) bool {
		if r.Customer != customer {
			return true
		}
		it, err := decodeRecord(r)
		if err != nil {
			decodeErr = err
			return false
		}
		fn(it)
		return true
	})
	if err == nil {
		err = decodeErr
	}
	return err
}

// union merges spans into disjoint closed ones (open ones end at until).
func union(spans []span, until int64) []span {
	closed := make([]span, 0, len(spans))
	for _, s := range spans {
		if s.to == 0 {
			s.to = until
		}
		if s.to > s.from {
			closed = append(closed, s)
		}
	}
	sort.Slice(closed, func(i, j int) bool { return closed[i].from < closed[j].from })
	var out []span
	for _, s := range closed {
		if n := len(out); n > 0 && s.from <= out[n-1].to {
			out[n-1].to = max(out[n-1].to, s.to)
			continue
		}
		out = append(out, s)
	}
	return out
}

// judge is one measure against its thresholds, in percent.
func judge(avg, low, high float64) (efficiency, waste, over, under float64) {
	efficiency = min(100, avg/high*100)
	over = max(0, (low-avg)/low*100)
	under = max(0, (avg-high)/(100-high)*100)
	return efficiency, 100 - efficiency, over, under
}

// tierPoint is one recorded-shape data point of a tier.
func (f tierFacts) tierPoint(p period, t int64, previousActive int) (map[string]any, int) {
	var cpu, ram, disk, active, volumes, diskGb float64
	var cpuHot, ramHot float64
	for _, s := range f.servers {
		u := s.usageAt(p, t)
		if u.running == 0 {
			continue
		}
		active++
		volumes += float64(s.volumes)
		diskGb += float64(s.diskGb)
		cpu += u.cpu
		r := u.ramInUseMb / float64(s.ramMb) * 100
		ram += r
		disk += 25 + 50*unitNoise(s.id, t, 9)
		if u.cpu > f.cpuHigh {
			cpuHot++
		}
		if r > f.ramHigh {
			ramHot++
		}
	}
	pt := map[string]any{"timestamp": FormatTime(time.UnixMilli(t)), "resourceState": "NORMAL",
		"maximumActiveServers": count(active), "maximumActiveVolumes": count(volumes), "maximumDiskAllocatedInGb": count(diskGb),
		"netServerChange": strconv.Itoa(int(active) - previousActive)}
	tt := time.UnixMilli(t).UTC()
	for k, v := range map[string]int{"year": tt.Year(), "month": int(tt.Month()), "dayOfMonth": tt.Day(), "hour": tt.Hour(), "minute": tt.Minute()} {
		pt[k] = strconv.Itoa(v)
	}
	pt["operationalState"], pt["breachState"] = "DOWN", "BREACH_LOWER"
	measures := []struct {
		name            string
		sum, hot        float64
		low, high       float64
		impairmentShare bool
	}{{"Cpu", cpu, cpuHot, f.cpuLow, f.cpuHigh, true}, {"Ram", ram, ramHot, f.ramLow, f.ramHigh, true}, {"Disk", disk, 0, f.diskLow, f.diskHigh, false}}
	for _, m := range measures {
		avg, impaired := 0.0, 0.0
		if active > 0 {
			avg, impaired = m.sum/active, m.hot/active*100
		}
		eff, waste, over, under := judge(avg, m.low, m.high)
		if active == 0 {
			eff, waste, over, under = 0, 0, 0, 0 // nothing ran: nothing was allocated
		}
		if !m.impairmentShare && avg > m.high {
			impaired = 100
		}
		lower := "cpu"
		switch m.name {
		case "Ram":
			lower = "ram"
		case "Disk":
			lower = "disk"
		}
		pt["average"+m.name+"Utilization"] = num(avg)
		pt[lower+"Efficiency"], pt[lower+"Waste"] = num(eff), num(waste)
		pt[lower+"Overallocation"], pt[lower+"Underallocation"], pt[lower+"Impairment"] = num(over), num(under), num(impaired)
		if m.name == "Cpu" && active > 0 {
			pt["operationalState"], pt["breachState"] = "NORMAL", breach(avg, m.low, m.high)
		}
	}
	end := t + p.step
	for name, days := range map[string]int64{"Daily": 1, "Weekly": 7, "Monthly": 30, "Yearly": 365} {
		pt["trailing"+name+"Availability"] = num(f.availability(end-days*24*time.Hour.Milliseconds(), end))
	}
	return pt, int(active)
}

func breach(avg, low, high float64) string {
	switch {
	case avg > high:
		return "BREACH_UPPER"
	case avg < low:
		return "BREACH_LOWER"
	}
	return "NORMAL"
}

// availability is the share, in percent, of [from, to) — from no earlier
// than the tier's first server started — in which a server of it ran.
func (f tierFacts) availability(from, to int64) float64 {
	if f.firstUp == 0 || to <= f.firstUp {
		return 0
	}
	from = max(from, f.firstUp)
	return float64(runningIn(f.up, from, to, to)) / float64(to-from) * 100
}

// tierAnalytics is GET analytics/TierAnalytics/<tierId>.
func (c *call) tierAnalytics(ctx context.Context) ([]map[string]any, error) {
	return c.analyticsOf(ctx, "Tier", "tierId", 5, func(tier *item, p period) ([]any, error) {
		f, err := c.tierFacts(ctx, tier)
		if err != nil {
			return nil, err
		}
		var points []any
		prev := 0
		if p.start-p.step >= 0 {
			_, prev = f.tierPoint(p, p.start-p.step, 0)
		}
		for t := p.start; t < p.end; t += p.step {
			var pt map[string]any
			pt, prev = f.tierPoint(p, t, prev)
			points = append(points, pt)
		}
		return points, nil
	})
}
