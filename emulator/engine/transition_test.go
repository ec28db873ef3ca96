package engine_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// force ends a job now through the control path.
func (h *harness) force(job, status string) {
	h.t.Helper()
	n, err := strconv.ParseInt(job, 10, 64)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx := context.Background()
	if err := h.st.Update(ctx, func(tx store.Tx) error { return h.eng.ForceJob(ctx, tx, custA, n, status, "") }); err != nil {
		h.t.Fatalf("force job %s %s: %v", job, status, err)
	}
}

// The repro: a launch finishing after an acknowledged terminate
// no longer brings the server back to RUNNING.
func TestTerminateWinsOverAnEarlierLaunch(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	launch := jobID(t, h.must(202, req{resource: "Server", kind: "create", verb: "launch", body: launchBody}))
	id := idOf(h.list(custA, "Server", "")[1])
	if s := h.get(custA, "Server", id)["status"]; s != "PENDING" {
		t.Fatalf("launched server is %v", s)
	}
	term := jobID(t, h.must(202, req{resource: "Server", kind: "delete", id: id}))
	j := h.get(custA, "Job", launch)
	if j["status"] != "ERROR" || !strings.Contains(j["message"].(string), "superseded by delete (job "+term+")") {
		t.Fatalf("launch job after the terminate: %v %v", j["status"], j["message"])
	}
	h.fails(409, "delete (job "+term+") is under way and cannot be superseded", req{resource: "Server", kind: "action", verb: "start", id: id, body: `[{}]`})
	h.fails(409, "cannot be superseded", req{resource: "Server", kind: "action", verb: "stop", id: id, body: `[{}]`})
	h.force(term, "COMPLETE")
	if s := h.get(custA, "Server", id)["status"]; s != "TERMINATED" {
		t.Fatalf("terminated server is %v", s)
	}
	// The old launch cannot be forced into completing either.
	n, _ := strconv.ParseInt(launch, 10, 64)
	ctx := context.Background()
	err := h.st.Update(ctx, func(tx store.Tx) error { return h.eng.ForceJob(ctx, tx, custA, n, "COMPLETE", "") })
	if ee, ok := err.(*engine.Error); !ok || ee.Status != 409 {
		t.Fatalf("forcing the superseded launch: %v", err)
	}
	if s := h.get(custA, "Server", id)["status"]; s != "TERMINATED" {
		t.Fatalf("server after the old launch: %v", s)
	}
}

// A stop during a launch wins; if the stop then fails, the server is where
// the launch would have left it.
func TestStopDuringLaunchAndItsFailure(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	launch := jobID(t, h.must(202, req{resource: "Server", kind: "create", verb: "launch", body: launchBody}))
	id := idOf(h.list(custA, "Server", "")[1])
	stop := jobID(t, h.must(202, req{resource: "Server", kind: "action", verb: "stop", id: id, body: `[{}]`}))
	if j := h.get(custA, "Job", launch); j["status"] != "ERROR" || !strings.Contains(j["message"].(string), "launch of Server "+id+" superseded by stop (job "+stop+")") {
		t.Fatalf("launch job %v %v", j["status"], j["message"])
	}
	h.force(stop, "ERROR")
	if s := h.get(custA, "Server", id)["status"]; s != "RUNNING" {
		t.Fatalf("server after its stop failed: %v, want RUNNING (the launch's state)", s)
	}
	// A start supersedes a stop under way (the catalogue allows start from
	// STOPPING), and the start's own job then decides.
	stop = jobID(t, h.must(202, req{resource: "Server", kind: "action", verb: "stop", id: id, body: `[{}]`}))
	h.fails(409, "is already STOPPING (stop, job "+stop+")", req{resource: "Server", kind: "action", verb: "stop", id: id, body: `[{}]`})
	start := jobID(t, h.must(202, req{resource: "Server", kind: "action", verb: "start", id: id, body: `[{}]`}))
	h.force(start, "COMPLETE")
	if j := h.get(custA, "Job", stop); j["status"] != "ERROR" {
		t.Fatalf("stop job %v", j)
	}
	if s := h.get(custA, "Server", id)["status"]; s != "RUNNING" {
		t.Fatalf("server after start: %v", s)
	}
}

// A scheduled terminate and a status set through the control API take the
// record from the operation in flight.
func TestOutsideChangesSupersede(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	stop := jobID(t, h.must(202, req{resource: "Server", kind: "action", verb: "stop", id: "900", body: `[{}]`}))
	h.must(204, req{resource: "Server", kind: "delete", id: "900", query: "terminateAfter=0"})
	if j := h.get(custA, "Job", stop); j["status"] != "ERROR" || !strings.Contains(j["message"].(string), "superseded by the scheduled terminate") {
		t.Fatalf("stop job after the scheduled terminate: %v %v", j["status"], j["message"])
	}
	if s := h.get(custA, "Server", "900")["status"]; s != "TERMINATED" {
		t.Fatalf("server %v", s)
	}

	job := jobID(t, h.must(202, req{resource: "Volume", kind: "create", verb: "addVolume", body: addVolumeBody}))
	id := idOf(h.list(custA, "Volume", "")[1])
	ctx := context.Background()
	if err := h.st.Update(ctx, func(tx store.Tx) error { return h.eng.SetStatus(ctx, tx, custA, "Volume", id, "available") }); err != nil {
		t.Fatal(err)
	}
	h.get(custA, "Job", job)
	if j := h.get(custA, "Job", job); j["status"] != "ERROR" || !strings.Contains(j["message"].(string), "superseded by a status set through the control API") {
		t.Fatalf("addVolume job after SetStatus: %v %v", j["status"], j["message"])
	}
}
