package engine_test

import (
	"context"
	"errors"
	"flag"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// The long form of TestInterleavings: go test ./emulator/engine -run
// Interleavings -interleave.for=5m (on each store).
var (
	interleaveFor  = flag.Duration("interleave.for", 0, "also drive random sequences of operations for this long on each store (long form of TestInterleavings)")
	interleaveSeed = flag.Uint64("interleave.seed", 0, "seed of the random choices of TestInterleavings (0: from the clock; the test logs it)")
)

// opBodies are the payloads (JSON under the verb) of every asynchronous
// operation of a resource with states; $SERVER is the trial's own server.
// A test fails when the catalogue gains such an operation without one here.
var opBodies = map[string]string{
	"Server.launch":          launchBody,
	"Server.start":           `[{}]`,
	"Server.stop":            `[{"reason": "test"}]`,
	"Server.pause":           `[{}]`,
	"Server.provisionUser":   `[{"user": {"userId": 500}}]`,
	"Server.deprovisionUser": `[{"user": {"userId": 500}}]`,
	"Server.delete":          "",
	"Volume.addVolume":       addVolumeBody,
	"Volume.attach":          `[{"server": {"serverId": $SERVER}}]`,
	"Volume.detach":          `[{}]`,
	"Volume.delete":          "",
	"Snapshot.addSnapshot":   `[{"volume": {"volumeId": 1000}, "name": "s", "description": "d", "budget": 400}]`,
	"MachineImage.imageServer": `[{"name": "img", "description": "d", "budget": 400,
	   "server": {"serverId": $SERVER}}]`,
	"Firewall.addFirewall": `[{"name": "fw", "description": "d", "region": {"regionId": 10}, "budget": 400}]`,
	"Network.addNetwork": `[{"name": "n", "description": "d", "networkAddress": "192.168.0.0/24",
	   "region": {"regionId": 10}, "budget": 400}]`,
	"Deployment.launch":         `[{}]`,
	"Deployment.stop":           `[{}]`,
	"RelationalDatabase.delete": "",
}

// recordTemplates make a record of a resource with states for a trial
// whose first operation is not a create ($ID, $STATUS).
var recordTemplates = map[string]string{
	"Server": `{"serverId": $ID, "name": "s", "status": "$STATUS", "budget": 400, "dataCenter": {"dataCenterId": 100},
	   "region": {"regionId": 10}, "cloud": {"cloudId": 1}, "owningAccount": {"accountId": 600}}`,
	"Volume": `{"volumeId": $ID, "name": "v", "status": "$STATUS", "sizeInGb": 8, "budget": 400,
	   "dataCenter": {"dataCenterId": 100}, "region": {"regionId": 10}, "cloud": {"cloudId": 1}}`,
	"Snapshot":           `{"snapshotId": $ID, "name": "snap", "status": "$STATUS", "volume": {"volumeId": 1000}, "region": {"regionId": 10}}`,
	"MachineImage":       `{"machineImageId": $ID, "name": "img", "status": "$STATUS", "region": {"regionId": 10}, "cloud": {"cloudId": 1}}`,
	"Firewall":           `{"firewallId": $ID, "name": "fw", "status": "$STATUS", "region": {"regionId": 10}, "budget": 400}`,
	"Network":            `{"networkId": $ID, "name": "net", "status": "$STATUS", "region": {"regionId": 10}}`,
	"Deployment":         `{"deploymentId": $ID, "name": "dep", "status": "$STATUS", "budget": 400}`,
	"RelationalDatabase": `{"relationalDatabaseId": $ID, "name": "db", "status": "$STATUS", "region": {"regionId": 10}}`,
}

// asyncOp is an asynchronous operation of a resource with states.
type asyncOp struct {
	res  *catalog.Resource
	op   *catalog.Op
	verb string // the op's verb, "delete" for DELETE
	body string
}

// machines returns, for every catalogue resource with a transition, its
// asynchronous operations: the resources the state machine governs.
func machines(t *testing.T, cat *catalog.Catalog) map[string][]asyncOp {
	t.Helper()
	out := map[string][]asyncOp{}
	for _, res := range cat.Resources {
		if !slices.ContainsFunc(res.Ops, func(o *catalog.Op) bool { return o.State != nil }) {
			continue
		}
		if _, ok := recordTemplates[res.Name]; !ok {
			t.Errorf("%s has states but no record template in recordTemplates", res.Name)
		}
		for _, op := range res.Ops {
			if !op.Async {
				continue
			}
			verb := op.Verb
			if verb == "" {
				verb = string(op.Kind)
			}
			body, ok := opBodies[res.Name+"."+verb]
			if !ok {
				t.Errorf("no payload for %s.%s in opBodies", res.Name, verb)
				continue
			}
			out[res.Name] = append(out[res.Name], asyncOp{res: res, op: op, verb: verb, body: body})
		}
	}
	if len(out) == 0 {
		t.Fatal("the catalogue has no resource with states")
	}
	return out
}

// event is a step of a trial: issue operation op, or finish its job.
type event struct {
	finish bool
	op     int
}

// orders lists every order of the events of n operations in which
// operation i is issued after operation i-1 and its job finishes after it
// was issued.
func orders(n int) [][]event {
	var out [][]event
	var walk func(seq []event, next int, open []int)
	walk = func(seq []event, next int, open []int) {
		if next == n && len(open) == 0 {
			out = append(out, slices.Clone(seq))
			return
		}
		if next < n {
			walk(append(seq, event{op: next}), next+1, append(slices.Clone(open), next))
		}
		for i, o := range open {
			rest := append(slices.Clone(open[:i]), open[i+1:]...)
			walk(append(seq, event{finish: true, op: o}), next, rest)
		}
	}
	walk(nil, 0, nil)
	return out
}

// randomOrder is one order of the events of n operations, as orders
// defines them, drawn at random.
func randomOrder(rng *rand.Rand, n int) []event {
	var seq []event
	var open []int
	for next := 0; next < n || len(open) > 0; {
		if next < n && (len(open) == 0 || rng.IntN(2) == 0) {
			seq = append(seq, event{op: next})
			open = append(open, next)
			next++
			continue
		}
		i := rng.IntN(len(open))
		seq = append(seq, event{finish: true, op: open[i]})
		open = append(open[:i], open[i+1:]...)
	}
	return seq
}

// TestInterleavings drives every pair of asynchronous operations on one
// record of every resource with states, in every order of issuing them
// and finishing their jobs (by polls or by force, at random), on the
// memory and the SQLite store, and checks the state machine's promises
// after every step (trial.check). The long form (-interleave.for) adds
// random sequences of up to five operations, jobs also finishing by time.
func TestInterleavings(t *testing.T) {
	t.Parallel()
	seed := *interleaveSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("-interleave.seed=%d", seed)
	for _, kind := range []string{"memory", "sqlite"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			var st store.Store = store.NewMemory()
			if kind == "sqlite" {
				s, err := sqlite.Open(filepath.Join(t.TempDir(), "engine.db"))
				if err != nil {
					t.Fatal(err)
				}
				st = s
			}
			t.Cleanup(func() { _ = st.Close() })
			h := newHarnessOver(t, catalog.Load(), st)
			rng := rand.New(rand.NewPCG(seed, 7))
			ops := machines(t, h.cat)
			names := make([]string, 0, len(ops))
			for name := range ops {
				names = append(names, name)
			}
			slices.Sort(names)
			trials, ids := 0, int64(200000)
			for _, name := range names {
				for _, a := range ops[name] {
					for _, b := range ops[name] {
						if b.op.Kind == catalog.KindCreate {
							continue
						}
						for _, order := range orders(2) {
							runTrial(h, rng, &ids, []asyncOp{a, b}, order, false)
							trials++
						}
					}
					if a.op.Kind == catalog.KindCreate && len(ops[name]) == 1 {
						runTrial(h, rng, &ids, []asyncOp{a}, orders(1)[0], false)
						trials++
					}
				}
			}
			deadline := time.Now().Add(*interleaveFor)
			for time.Now().Before(deadline) {
				name := names[rng.IntN(len(names))]
				later := slices.DeleteFunc(slices.Clone(ops[name]), func(o asyncOp) bool { return o.op.Kind == catalog.KindCreate })
				seq := []asyncOp{ops[name][rng.IntN(len(ops[name]))]}
				for n := rng.IntN(5); len(later) > 0 && n > 0; n-- {
					seq = append(seq, later[rng.IntN(len(later))])
				}
				runTrial(h, rng, &ids, seq, randomOrder(rng, len(seq)), true)
				trials++
			}
			t.Logf("%d trials", trials)
		})
	}
}

// trial is one run of a sequence of operations on a fresh record.
type trial struct {
	h        *harness
	rng      *rand.Rand
	seq      []asyncOp
	res      *catalog.Resource
	id       string // the record; "" until a create made it
	server   string // the trial's own server, for payloads that need one
	initial  string // the record's status before the first operation
	accepted []accepted
	failed   map[string]bool // jobs ended by a forced ERROR
	desc     []string        // the steps so far, for failure messages
	long     bool            // also finish jobs by time
}

// accepted is an operation the engine acknowledged (202).
type accepted struct {
	asyncOp
	job  string
	prev string // the status a failure of its job restores (rule 5)
}

// runTrial runs seq in order on fresh records whose ids it takes from
// *ids.
func runTrial(h *harness, rng *rand.Rand, ids *int64, seq []asyncOp, order []event, long bool) {
	h.t.Helper()
	tr := &trial{h: h, rng: rng, seq: seq, res: seq[0].res, long: long, failed: map[string]bool{}}
	*ids += 10
	tr.server = strconv.FormatInt(*ids, 10)
	h.put(custA, `{"Server": [`+strings.NewReplacer("$ID", tr.server, "$STATUS", "RUNNING").Replace(recordTemplates["Server"])+`]}`)
	if seq[0].op.Kind != catalog.KindCreate {
		tr.id = strconv.FormatInt(*ids+1, 10)
		tr.initial = startState(rng, seq[0], long)
		doc := strings.NewReplacer("$ID", tr.id, "$STATUS", tr.initial).Replace(recordTemplates[tr.res.Name])
		h.put(custA, `{"`+tr.res.Name+`": [`+doc+`]}`)
	}
	byOp := map[int]int{} // operation index → index in accepted
	for _, ev := range order {
		if ev.finish {
			if i, ok := byOp[ev.op]; ok {
				tr.finish(tr.accepted[i])
			}
		} else if tr.issue(seq[ev.op]) {
			byOp[ev.op] = len(tr.accepted) - 1
		}
		tr.check()
	}
	for _, a := range tr.accepted {
		if s, _ := tr.job(a.job); s == "RUNNING" {
			h.t.Fatalf("%s: job %s of %s still RUNNING after every job finished", tr, a.job, a.verb)
		}
	}
}

func (tr *trial) String() string {
	return tr.res.Name + " " + tr.id + " from " + tr.initial + ": " + strings.Join(tr.desc, ", ")
}

// startState is a status the first operation accepts: the first of its
// From states, else a state another operation of the resource leads to
// that is neither its own During nor To. The long form picks any known
// state, refusals included.
func startState(rng *rand.Rand, first asyncOp, anyState bool) string {
	var cands []string
	for _, op := range first.res.Ops {
		if st := op.State; st != nil && op.Kind != catalog.KindDelete {
			cands = append(cands, st.To)
			cands = append(cands, st.From...)
		}
	}
	st := first.op.State
	if anyState && len(cands) > 0 {
		return cands[rng.IntN(len(cands))]
	}
	if st != nil && len(st.From) > 0 {
		return st.From[0]
	}
	for _, c := range cands {
		if st == nil || c != st.To && c != st.During {
			return c
		}
	}
	return "ACTIVE"
}

// issue sends an operation; it reports whether it was accepted (202). A
// refusal must be a 409.
func (tr *trial) issue(o asyncOp) bool {
	h := tr.h
	h.t.Helper()
	version := version
	if !catalog.InRange(version, o.op.Since, o.op.Until) {
		version = o.op.Since
	}
	prev, _ := tr.record()
	if n := tr.newestTransition(); n >= 0 {
		if js, _ := tr.job(tr.accepted[n].job); js == "RUNNING" {
			prev = tr.accepted[n].op.State.To
		}
	}
	r := req{resource: o.res.Name, kind: o.op.Kind, verb: o.op.Verb, id: tr.id, version: version,
		body: strings.ReplaceAll(o.body, "$SERVER", tr.server)}
	if o.op.Kind == catalog.KindCreate {
		r.id = ""
	}
	resp, err := h.do(r)
	var ee *engine.Error
	switch {
	case errors.As(err, &ee) && ee.Status == 409:
		tr.desc = append(tr.desc, o.verb+" refused")
		return false
	case errors.As(err, &ee) && ee.Status == 404 && tr.id != "" && !tr.exists():
		tr.desc = append(tr.desc, o.verb+" found nothing")
		return false
	case err != nil:
		h.t.Fatalf("%s: %s: %v", tr, o.verb, err)
	case resp.Status != 202 || len(resp.Jobs) != 1:
		h.t.Fatalf("%s: %s answered %d with %d jobs, want 202 and one job", tr, o.verb, resp.Status, len(resp.Jobs))
	}
	for _, a := range tr.accepted {
		if a.op.Kind == catalog.KindDelete && !tr.failed[a.job] {
			h.t.Fatalf("%s: %s accepted after the acknowledged delete (job %s)", tr, o.verb, a.job)
		}
	}
	job := idOf(resp.Jobs[0]["jobId"])
	if o.op.Kind == catalog.KindCreate {
		tr.id = tr.newest()
	}
	tr.accepted = append(tr.accepted, accepted{asyncOp: o, job: job, prev: prev})
	tr.desc = append(tr.desc, o.verb+" (job "+job+")")
	return true
}

// newestTransition is the index of the newest accepted operation with a
// transition, -1 when there is none.
func (tr *trial) newestTransition() int {
	newest := -1
	for i, a := range tr.accepted {
		if a.op.State != nil {
			newest = i
		}
	}
	return newest
}

// finish ends a job if it still runs: by its polls, by force (COMPLETE
// or, now and then, ERROR), or (long form) by letting its time pass.
func (tr *trial) finish(a accepted) {
	h := tr.h
	h.t.Helper()
	if s, _ := tr.job(a.job); s != "RUNNING" {
		return
	}
	n := 4
	if tr.long {
		n = 5
	}
	switch tr.rng.IntN(n) {
	case 0, 1:
		tr.desc = append(tr.desc, "poll "+a.job)
		for i := 0; i < 10; i++ {
			if s := h.get(custA, "Job", a.job)["status"]; s != "RUNNING" {
				return
			}
		}
		h.t.Fatalf("%s: job %s still RUNNING after 10 polls", tr, a.job)
	case 2:
		tr.desc = append(tr.desc, "force "+a.job)
		h.force(a.job, "COMPLETE")
	case 3:
		tr.desc = append(tr.desc, "fail "+a.job)
		h.force(a.job, "ERROR")
		tr.failed[a.job] = true
	default:
		tr.desc = append(tr.desc, "10s pass")
		h.clock.advance(10 * time.Second)
		h.must(200, req{resource: "Job", kind: "head"}) // any request settles
	}
}

// check verifies the state machine's promises after a step:
//   - the record is in the During state of the newest accepted operation
//     with a transition while its job runs, and in its To state (or gone,
//     for a delete) once the job completed; that job ends in ERROR only
//     when the trial failed it, and then the record is back in the state
//     the operation started from (gone, for a create);
//   - every older such job has ended: COMPLETE, ERROR naming a later
//     accepted operation and its job as what superseded it, or failed by
//     the trial;
//   - operations without a transition are never superseded, and a failure
//     of their job changes no state;
//   - a job whose record is gone (a failed create removed it) ends in
//     ERROR saying so.
func (tr *trial) check() {
	h := tr.h
	h.t.Helper()
	status, found := tr.record()
	newest := tr.newestTransition()
	switch {
	case newest < 0 && tr.id != "" && (!found || status != tr.initial):
		h.t.Fatalf("%s: record is %q (found %v) though no transition was accepted", tr, status, found)
	case newest >= 0:
		a := tr.accepted[newest]
		js, msg := tr.job(a.job)
		want := a.op.State.During
		switch js {
		case "COMPLETE":
			want = a.op.State.To
			if a.op.Kind == catalog.KindDelete && !found {
				want = ""
			}
		case "ERROR":
			if !tr.failed[a.job] {
				h.t.Fatalf("%s: the newest operation %s (job %s) failed: %s", tr, a.verb, a.job, msg)
			}
			want = a.prev
			if a.op.Kind == catalog.KindCreate {
				if found {
					h.t.Fatalf("%s: the record of the failed %s (job %s) is still there, %s", tr, a.verb, a.job, status)
				}
				want = ""
			}
		}
		if want != "" && (!found || status != want) {
			h.t.Fatalf("%s: record is %q (found %v), want %s after %s (job %s) is %s", tr, status, found, want, a.verb, a.job, js)
		}
	}
	for i, a := range tr.accepted {
		js, msg := tr.job(a.job)
		if i == newest || js == "COMPLETE" || js == "RUNNING" && a.op.State == nil || tr.failed[a.job] ||
			js == "ERROR" && !found && strings.HasSuffix(msg, " no longer exists") {
			continue
		}
		if js == "RUNNING" {
			h.t.Fatalf("%s: %s (job %s) still RUNNING though %s superseded it", tr, a.verb, a.job, tr.accepted[newest].verb)
		}
		named := false
		for _, later := range tr.accepted[i+1:] {
			named = named || later.op.State != nil && strings.Contains(msg, "superseded by "+later.verb+" (job "+later.job+")")
		}
		if a.op.State == nil || !named {
			h.t.Fatalf("%s: %s (job %s) ended %s with %q, want COMPLETE or superseded by a later operation", tr, a.verb, a.job, js, msg)
		}
	}
}

// exists reports whether the record is there (a delete, or a failed
// create, removes it).
func (tr *trial) exists() bool {
	_, found := tr.record()
	return found
}

// record reads the trial record's status from the store.
func (tr *trial) record() (string, bool) {
	if tr.id == "" {
		return "", false
	}
	d, ok := tr.read(tr.res.Name, tr.id)
	s, _ := d["status"].(string)
	return s, ok
}

// job reads a job's status and message from the store (a GET would count
// a poll).
func (tr *trial) job(id string) (status, message string) {
	d, ok := tr.read("Job", id)
	if !ok {
		tr.h.t.Fatalf("%s: job %s is missing", tr, id)
	}
	s, _ := d["status"].(string)
	m, _ := d["message"].(string)
	return s, m
}

func (tr *trial) read(kind, id string) (map[string]any, bool) {
	ctx := context.Background()
	var data map[string]any
	err := tr.h.st.View(ctx, func(tx store.Tx) error {
		r, err := tx.Get(ctx, custA, kind, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		data, _ = decodeJSON(tr.h.t, string(r.Data)).(map[string]any)
		return nil
	})
	if err != nil {
		tr.h.t.Fatal(err)
	}
	return data, data != nil
}

// newest is the id of the customer's newest record of the trial's resource
// (the one a create just made).
func (tr *trial) newest() string {
	ctx := context.Background()
	var last string
	err := tr.h.st.View(ctx, func(tx store.Tx) error {
		return tx.Scan(ctx, store.Filter{Customer: custA, Kind: tr.res.Name}, func(r store.Record) bool {
			if r.Customer == custA {
				last = r.ID
			}
			return true
		})
	})
	if err != nil {
		tr.h.t.Fatal(err)
	}
	return last
}

func TestOrdersEnumeratesEveryInterleaving(t *testing.T) {
	t.Parallel()
	// For n operations: (2n)! / (2^n) orders keep each finish after its
	// issue, and of those 1/n! keep the issues in order.
	for n, want := range map[int]int{1: 1, 2: 3, 3: 15} {
		got := orders(n)
		seen := map[string]bool{}
		for _, o := range got {
			seen[fmtEvents(o)] = true
		}
		if len(got) != want || len(seen) != want {
			t.Errorf("orders(%d): %d orders (%d distinct), want %d", n, len(got), len(seen), want)
		}
	}
}

func fmtEvents(es []event) string {
	var b strings.Builder
	for _, e := range es {
		if e.finish {
			b.WriteString("f")
		} else {
			b.WriteString("d")
		}
		b.WriteString(strconv.Itoa(e.op))
		b.WriteString(" ")
	}
	return b.String()
}
