package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

func (h *harness) setMode(scope string, m engine.JobMode) {
	h.t.Helper()
	err := h.st.Update(context.Background(), func(tx store.Tx) error { return engine.SetJobMode(context.Background(), tx, scope, m) })
	if err != nil {
		h.t.Fatal(err)
	}
}

const addVolumeBody = `[{"name": "v", "description": "d", "dataCenter": {"dataCenterId": 100}, "sizeInGb": "20", "budget": 400}]`

func TestVolumeLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setMode("Volume", engine.JobMode{Mode: "immediate"})
	resp := h.must(202, req{resource: "Volume", kind: "create", verb: "addVolume", body: addVolumeBody})
	if resp.Jobs[0]["status"] != "COMPLETE" {
		t.Fatalf("immediate job %v", resp.Jobs[0])
	}
	id := idOf(resp.Jobs[0]["message"])
	vol := h.get(custA, "Volume", id)
	if vol["status"] != "AVAILABLE" || vol["sizeString"] != "20GB" || idOf(vol["sizeInGb"]) != "20" {
		t.Fatalf("new volume %v", vol)
	}
	if resp.Jobs[0]["description"] != "CREATE VOLUME v" {
		t.Errorf("description %v", resp.Jobs[0]["description"])
	}
	h.must(202, req{resource: "Volume", kind: "action", verb: "attach", id: id, body: `[{"server": {"serverId": "900"}, "deviceId": "/dev/sdh"}]`})
	vol = h.get(custA, "Volume", id)
	if vol["status"] != "ATTACHED" || vol["deviceId"] != "/dev/sdh" || idOf(vol["server"].(map[string]any)["serverId"]) != "900" {
		t.Fatalf("attached volume %v", vol)
	}
	h.fails(409, "Volume "+id+" is ATTACHED; attach needs it to be AVAILABLE", req{resource: "Volume", kind: "action", verb: "attach", id: id, body: `[{"server": {"serverId": 900}}]`})
	h.fails(409, "Volume "+id+" is ATTACHED; delete needs it to be AVAILABLE", req{resource: "Volume", kind: "delete", id: id})
	h.fails(409, "device /dev/sdh is already in use on Server 900", req{resource: "Volume", kind: "action", verb: "attach", id: "1000", body: `[{"server": {"serverId": 900}, "deviceId": "/dev/sdh"}]`})
	h.must(202, req{resource: "Volume", kind: "action", verb: "detach", id: id, body: `[{}]`})
	vol = h.get(custA, "Volume", id)
	if vol["status"] != "AVAILABLE" || vol["server"] != nil || vol["deviceId"] != nil {
		t.Fatalf("detached volume %v", vol)
	}
	h.must(202, req{resource: "Volume", kind: "delete", id: id, query: "reason=cleanup"})
	h.fails(404, "No such volume ID: "+id, req{resource: "Volume", kind: "get", id: id})
	h.fails(400, `addVolume: field "sizeInGb": want an integer, got "big"`, req{resource: "Volume", kind: "create", verb: "addVolume",
		body: `[{"name": "v", "description": "d", "dataCenter": {"dataCenterId": 100}, "sizeInGb": "big", "budget": 400}]`})
	h.put(custA, `{"Server": [{"serverId": 950, "name": "eu", "status": "RUNNING", "dataCenter": {"dataCenterId": 110}}]}`)
	h.fails(409, "Volume 1000 is in data center 100 but Server 950 is in data center 110", req{resource: "Volume", kind: "action", verb: "attach", id: "1000", body: `[{"server": {"serverId": 950}}]`})
}

func TestTerminateReleasesVolumes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setMode("", engine.JobMode{Mode: "immediate"})
	h.must(202, req{resource: "Volume", kind: "action", verb: "attach", id: "1000", body: `[{"server": {"serverId": 900}}]`})
	if v := h.get(custA, "Volume", "1000"); v["deviceId"] != "/dev/sdf" {
		t.Fatalf("default device %v", v["deviceId"])
	}
	h.must(202, req{resource: "Server", kind: "delete", id: "900"})
	if v := h.get(custA, "Volume", "1000"); v["status"] != "AVAILABLE" || v["server"] != nil {
		t.Fatalf("volume of a terminated server %v", v)
	}
}

func TestJobModes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		scope     string
		mode      engine.JobMode
		polls     int           // polls before the check
		wait      time.Duration // clock advance before the check
		want      string
		wantState string
	}{
		{"default-1-poll", "", engine.JobMode{}, 1, 0, "RUNNING", "PENDING"},
		{"default-2-polls", "", engine.JobMode{}, 2, 0, "COMPLETE", "AVAILABLE"},
		{"default-10s", "", engine.JobMode{}, 0, 10 * time.Second, "COMPLETE", "AVAILABLE"},
		{"default-9s", "", engine.JobMode{}, 0, 9 * time.Second, "RUNNING", "PENDING"},
		{"polls-3-of-2", "Volume", engine.JobMode{Mode: "polls", Polls: 3}, 2, time.Hour, "RUNNING", "PENDING"},
		{"polls-3-of-3", "Volume.addVolume", engine.JobMode{Mode: "polls", Polls: 3}, 3, 0, "COMPLETE", "AVAILABLE"},
		{"duration-early", "", engine.JobMode{Mode: "duration", Duration: time.Minute}, 5, 59 * time.Second, "RUNNING", "PENDING"},
		{"duration-due", "", engine.JobMode{Mode: "duration", Duration: time.Minute}, 0, time.Minute, "COMPLETE", "AVAILABLE"},
		{"other-scope", "Server", engine.JobMode{Mode: "polls", Polls: 9}, 2, 0, "COMPLETE", "AVAILABLE"},
		{"fail-now", "Volume", engine.JobMode{Mode: "fail", Message: "kaboom!"}, 0, 0, "ERROR", ""},
		{"fail-on-poll", "Volume", engine.JobMode{Mode: "fail", Polls: 2, Message: "kaboom!"}, 1, 0, "RUNNING", "PENDING"},
		{"fail-after", "Volume", engine.JobMode{Mode: "fail", Duration: time.Second, Message: "kaboom!"}, 0, time.Second, "ERROR", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			if c.mode.Mode != "" {
				h.setMode(c.scope, c.mode)
			}
			resp := h.must(202, req{resource: "Volume", kind: "create", verb: "addVolume", body: addVolumeBody})
			job := jobID(t, resp)
			h.clock.advance(c.wait)
			for range c.polls {
				h.get(custA, "Job", job)
			}
			// Settle (run before every request) applies due times; listing
			// jobs is not a poll.
			var j map[string]any
			for _, it := range h.must(200, req{resource: "Job", kind: "list"}).Items {
				if idOf(it["jobId"]) == job {
					j = it
				}
			}
			if j["status"] != c.want {
				t.Fatalf("job %v, want %s", j, c.want)
			}
			vols := h.list(custA, "Volume", "")
			if c.wantState == "" {
				if len(vols) != 1 || j["message"] != "kaboom!" {
					t.Fatalf("failed create: volumes %v, message %v", vols, j["message"])
				}
				return
			}
			if len(vols) != 2 {
				t.Fatalf("volumes %v", vols)
			}
			if s := h.get(custA, "Volume", vols[1])["status"]; s != c.wantState {
				t.Errorf("volume status %v, want %s", s, c.wantState)
			}
		})
	}
}

// A job's GET counts a poll because the catalogue marks it Mutates: served
// from a catalogue without the mark, the same GETs leave the job running.
func TestJobPollsFollowTheCatalogue(t *testing.T) {
	t.Parallel()
	cat := catalogCopy(t)
	jobRes, _ := cat.Resource("Job")
	get, ok := jobRes.Op(catalog.KindGet, "", "")
	if !ok || !get.Mutates {
		t.Fatalf("the catalogue's job GET is not marked mutating: %+v", get)
	}
	get.Mutates = false
	h := newHarnessOn(t, cat)
	job := jobID(t, h.must(202, req{resource: "Volume", kind: "create", verb: "addVolume", body: addVolumeBody}))
	for range 3 {
		if got := h.get(custA, "Job", job)["status"]; got != "RUNNING" {
			t.Fatalf("job %s is %v after a GET that is not a poll", job, got)
		}
	}
}

func TestFailedActionRestoresStatus(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setMode("Server.stop", engine.JobMode{Mode: "fail", Message: "cloud said no"})
	resp := h.must(202, req{resource: "Server", kind: "action", verb: "stop", id: "900", body: `[{}]`})
	if resp.Jobs[0]["status"] != "ERROR" || resp.Jobs[0]["message"] != "cloud said no" {
		t.Fatalf("job %v", resp.Jobs[0])
	}
	if s := h.get(custA, "Server", "900")["status"]; s != "RUNNING" {
		t.Fatalf("server after failed stop %v", s)
	}
}

func TestSetJobModeRejectsBadModes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, m := range []engine.JobMode{{Mode: "sometimes"}, {Mode: "polls"}, {Mode: "duration"}} {
		err := h.st.Update(context.Background(), func(tx store.Tx) error { return engine.SetJobMode(context.Background(), tx, "", m) })
		if ee, ok := err.(*engine.Error); !ok || ee.Status != 400 {
			t.Errorf("SetJobMode(%+v) = %v, want a 400", m, err)
		}
	}
}

func TestRestartContinuesJob(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	job := jobID(t, h.must(202, req{resource: "Server", kind: "create", verb: "launch", body: launchBody}))
	h.get(custA, "Job", job)
	// A new engine on the same store (a new emulator process) continues.
	h.eng = engine.New(h.cat, h.clock.now)
	j := h.get(custA, "Job", job)
	if j["status"] != "COMPLETE" {
		t.Fatalf("job after restart %v", j)
	}
	if s := h.get(custA, "Server", idOf(j["message"]))["status"]; s != "RUNNING" {
		t.Fatalf("server %v", s)
	}
}

func TestForceJobAndSetStatus(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	job := jobID(t, h.must(202, req{resource: "Server", kind: "action", verb: "stop", id: "900", body: `[{}]`}))
	ctx := context.Background()
	n := int64(0)
	for _, c := range job {
		n = n*10 + int64(c-'0')
	}
	err := h.st.Update(ctx, func(tx store.Tx) error {
		return h.eng.ForceJob(ctx, tx, custA, n, "complete", "done by test")
	})
	if err != nil {
		t.Fatal(err)
	}
	if j := h.get(custA, "Job", job); j["status"] != "COMPLETE" || j["message"] != "done by test" {
		t.Fatalf("forced job %v", j)
	}
	if s := h.get(custA, "Server", "900")["status"]; s != "PAUSED" {
		t.Fatalf("server %v", s)
	}
	err = h.st.Update(ctx, func(tx store.Tx) error { return h.eng.ForceJob(ctx, tx, custA, n, "ERROR", "") })
	if ee, ok := err.(*engine.Error); !ok || ee.Status != 409 {
		t.Errorf("forcing a finished job: %v", err)
	}
	err = h.st.Update(ctx, func(tx store.Tx) error { return h.eng.SetStatus(ctx, tx, custA, "Server", "900", "running") })
	if err != nil {
		t.Fatal(err)
	}
	if s := h.get(custA, "Server", "900")["status"]; s != "RUNNING" {
		t.Fatalf("server after SetStatus %v", s)
	}
	err = h.st.Update(ctx, func(tx store.Tx) error { return h.eng.SetStatus(ctx, tx, custA, "Nope", "1", "X") })
	if ee, ok := err.(*engine.Error); !ok || ee.Status != 400 {
		t.Errorf("SetStatus on an unknown resource: %v", err)
	}
}
