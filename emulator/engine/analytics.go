package engine

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// Analytics are derived, not stored: a server's data points come from its
// life (life.go: when it ran), its product (CPUs, memory, disk) and the
// volumes attached to it; a tier's from the servers of the tier. Values
// that a real hypervisor would measure are drawn deterministically from
// the server's id and the point's time, so the same question always gets
// the same answer, a server that did not run has zeros, and a tier's
// averages are the averages of its servers' points. Every metric the
// recordings show is answered, numbers as strings (spec §9).
//
// Periods: periodStart and periodEnd (epoch ms) and interval (minutes)
// where the catalogue takes them; without them the last hour, in the
// intervals the recordings used (1 minute for a server, 5 for a tier).

// maxDataPoints bounds one answer; a longer period needs a longer interval.
const maxDataPoints = 10000

// derivedRead answers the resources that are computed rather than stored;
// ok is false for any other resource.
func (c *call) derivedRead(ctx context.Context) (items []map[string]any, ok bool, err error) {
	switch c.res.Name {
	case "ServerAnalytics":
		items, err = c.serverAnalytics(ctx)
	case "TierAnalytics":
		items, err = c.tierAnalytics(ctx)
	default:
		return nil, false, nil
	}
	return items, true, err
}

// derived reports whether the catalogue marks a resource computed, so
// that no stored record may answer for it.
func derived(res *catalog.Resource) bool { return res != nil && res.Derived }

// period is the points' grid: from start, every step, before end.
type period struct {
	start, end, step int64 // epoch ms
	now              int64 // open intervals of a life run until now
}

func (c *call) period(defaultMinutes int64) (period, error) {
	params, err := c.opParams()
	if err != nil {
		return period{}, err
	}
	p := period{now: c.now.UnixMilli(), end: c.now.UnixMilli(), step: defaultMinutes * 60000}
	if v, ok := params["periodEnd"].(int64); ok {
		p.end = v
	}
	p.start = p.end - time.Hour.Milliseconds()
	if v, ok := params["periodStart"].(int64); ok {
		p.start = v
	}
	if v, ok := params["interval"].(int64); ok {
		if v <= 0 {
			return period{}, c.errorf(http.StatusBadRequest, "query parameter interval: want minutes > 0, got %d", v)
		}
		p.step = v * 60000
	}
	if p.end <= p.start {
		return period{}, c.errorf(http.StatusBadRequest, "query parameters periodStart and periodEnd: the period ends before it starts")
	}
	if n := (p.end - p.start + p.step - 1) / p.step; n > maxDataPoints {
		return period{}, c.errorf(http.StatusBadRequest, "%d data points: at most %d, give a longer interval", n, maxDataPoints)
	}
	return p, nil
}

// envelope is an analytics answer around its data points.
func (p period) envelope(key string, id int64, points []any) map[string]any {
	return map[string]any{key: id, "periodStart": FormatTime(time.UnixMilli(p.start)), "periodEnd": FormatTime(time.UnixMilli(p.end)),
		"intervalInMinutes": p.step / 60000, "dataPoints": points}
}

// serverFacts is what a server's analytics are derived from.
type serverFacts struct {
	id      int64
	life    []span
	cpus    int64
	ramMb   int64
	diskGb  int64 // the product's own disk plus attached volumes
	volumes int64
}

func (c *call) serverFacts(ctx context.Context, srv *item) (serverFacts, error) {
	f := serverFacts{life: lifeOf(srv), cpus: 1, ramMb: 1024}
	f.id, _ = asInt(srv.data["serverId"])
	if id, ok := refID(srv.data["product"], "productId"); ok {
		if n, isInt := asInt(id); isInt {
			p, found, err := load(ctx, c.tx, srv.rec.Customer, "ServerProduct", idKey(n))
			if err != nil {
				return f, err
			}
			if found {
				// A product that does not say keeps the defaults: 1 CPU, 1 GB.
				if n := intOf(p.data["cpuCount"]); n > 0 {
					f.cpus = n
				}
				if n := intOf(p.data["ramInMb"]); n > 0 {
					f.ramMb = n
				}
				f.diskGb = intOf(p.data["diskSizeInGb"])
			}
		}
	}
	err := c.scanDecoded(ctx, srv.rec.Customer, "Volume", func(v *item) {
		if matchesID(v.data["server"], "serverId", "", f.id) {
			f.volumes++
			f.diskGb += intOf(v.data["sizeInGb"])
		}
	})
	return f, err
}

func intOf(v any) int64 {
	n, _ := asInt(v)
	return n
}

// usage is a server's measured load in one interval: zero when it did not
// run, else drawn from its id and the time, scaled by the share of the
// interval it ran.
type usage struct {
	running             float64 // share of the interval, 0…1
	cpu                 float64 // percent
	ramInUseMb          float64
	procs, responseMs   int64
	ping                float64
	diskRead, diskWrite float64 // bytes
	netIn               float64 // bytes
}

func (f serverFacts) usageAt(p period, t int64) usage {
	r := float64(runningIn(f.life, t, t+p.step, p.now)) / float64(p.step)
	if r <= 0 {
		return usage{}
	}
	n := func(i int) float64 { return unitNoise(f.id, t, i) }
	disk := float64(max(f.diskGb, 1)) * 1024
	return usage{
		running:    r,
		cpu:        r * (8 + 50*n(1)),
		ramInUseMb: r * float64(f.ramMb) * (0.3 + 0.4*n(2)),
		procs:      60 + int64(40*n(3)),
		responseMs: 15 + int64(200*n(4)),
		ping:       0.3 + 1.2*n(5),
		diskRead:   r * disk * (2 + 8*n(6)),
		diskWrite:  r * disk * (4 + 10*n(7)),
		netIn:      r * float64(f.ramMb) * 64 * (1 + n(8)),
	}
}

// unitNoise is a stable pseudo-random number in [0, 1) for a server, a
// time and a metric.
func unitNoise(id, t int64, metric int) float64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%d/%d", id, t, metric)
	return float64(h.Sum64()%1000000) / 1000000
}

func num(v float64) string { return fmt.Sprintf("%.2f", v) }
func count(v float64) string {
	return fmt.Sprintf("%d", int64(math.Round(v)))
}

// serverPoint is one recorded-shape data point of a server.
func (f serverFacts) serverPoint(p period, t int64) map[string]any {
	l := f.usageAt(p, t)
	state, cpus, ram, ping := "DOWN", 0.0, 0.0, "-1"
	if l.running > 0 {
		state, cpus, ram, ping = "NORMAL", float64(f.cpus), float64(f.ramMb), num(l.ping)
	}
	hv := map[string]any{}
	// spread answers a measure's average, maximum and minimum over the
	// interval; limit caps the maximum (utilisation is a percentage).
	spread := func(name string, avg, limit float64, format func(float64) string) {
		hv["average"+name], hv["maximum"+name], hv["minimum"+name] = format(avg), format(math.Min(avg*1.5, limit)), format(avg*0.5)
	}
	inf := math.Inf(1)
	spread("CpuUtilization", l.cpu, 100, num)
	spread("DiskReadBytes", l.diskRead, inf, count)
	spread("DiskReadOps", l.diskRead/4096, inf, count)
	spread("DiskWriteBytes", l.diskWrite, inf, count)
	spread("DiskWriteOps", l.diskWrite/4096, inf, count)
	spread("NetworkInput", l.netIn, inf, count)
	return map[string]any{
		"timestamp": FormatTime(time.UnixMilli(t)), "operationalState": state, "resourceState": "NORMAL",
		"icmpPingResponseTimeInMillis": ping,
		"guest": map[string]any{"cpuCount": count(cpus), "cpuLoad": num(l.cpu / 100 * cpus), "cpuUtilization": num(l.cpu),
			"processCount": count(float64(l.procs) * math.Ceil(l.running)), "ramInUseInMb": count(l.ramInUseMb),
			"responseTimeInMillis": count(float64(l.responseMs) * math.Ceil(l.running)), "totalRamInMb": count(ram)},
		"hypervisor": hv,
	}
}

// analyticsOf answers the analytics of one record of kind (the id in the
// URL), as key: points builds its data points for the period, which
// defaults to the last hour in steps of defaultMinutes.
func (c *call) analyticsOf(ctx context.Context, kind, key string, defaultMinutes int64,
	points func(it *item, p period) ([]any, error)) ([]map[string]any, error) {
	res, _ := c.e.cat.Resource(kind)
	it, err := mustLoad(ctx, c.tx, c.req.Customer, res, c.req.ID)
	if err != nil {
		return nil, err
	}
	p, err := c.period(defaultMinutes)
	if err != nil {
		return nil, err
	}
	pts, err := points(it, p)
	if err != nil {
		return nil, err
	}
	id, _ := asInt(it.data[key])
	return []map[string]any{p.envelope(key, id, pts)}, nil
}

// serverAnalytics is GET analytics/ServerAnalytics/<serverId>.
func (c *call) serverAnalytics(ctx context.Context) ([]map[string]any, error) {
	return c.analyticsOf(ctx, "Server", "serverId", 1, func(srv *item, p period) ([]any, error) {
		f, err := c.serverFacts(ctx, srv)
		if err != nil {
			return nil, err
		}
		var points []any
		for t := p.start; t < p.end; t += p.step {
			points = append(points, f.serverPoint(p, t))
		}
		return points, nil
	})
}
