package engine_test

import (
	"slices"
	"testing"
	"time"
)

const launchBody = `[{"name": "web-1", "description": "a web server", "budget": "400",
  "product": {"productId": "m1.small"}, "machineImage": {"machineImageId": 300},
  "dataCenter": {"dataCenterId": "100"}, "firewalls": [{"firewallId": 1100}], "label": "red"}]`

func TestLaunchJobPollsToRunning(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	resp := h.must(202, req{resource: "Server", kind: "create", verb: "launch", body: launchBody})
	job := jobID(t, resp)
	if got := resp.Jobs[0]["status"]; got != "RUNNING" {
		t.Fatalf("new job status %v", got)
	}
	if got := resp.Jobs[0]["description"]; got != "Launch Server web-1" {
		t.Errorf("job description %q", got)
	}
	// First poll: still running, and the server exists in PENDING.
	j := h.get(custA, "Job", job)
	if j["status"] != "RUNNING" {
		t.Fatalf("after 1 poll: %v", j["status"])
	}
	if _, ok := j["endDate"]; ok {
		t.Errorf("running job has endDate")
	}
	servers := h.list(custA, "Server", "")
	if len(servers) != 2 {
		t.Fatalf("servers while launching: %v", servers)
	}
	srv := h.get(custA, "Server", servers[1])
	if srv["status"] != "PENDING" {
		t.Errorf("launching server status %v", srv["status"])
	}
	// Second poll completes it (the default mode) with message = server id.
	j = h.get(custA, "Job", job)
	if j["status"] != "COMPLETE" || j["message"] != servers[1] {
		t.Fatalf("after 2 polls: status %v message %v, want COMPLETE %s", j["status"], j["message"], servers[1])
	}
	if j["endDate"] != "2015-06-01T12:00:00.000+0000" {
		t.Errorf("endDate %v", j["endDate"])
	}
	srv = h.get(custA, "Server", servers[1])
	checks := map[string]any{
		"status": "RUNNING", "name": "web-1", "providerProductId": "m1.small", "platform": "CENT_OS",
		"architecture": "I64", "startDate": "2015-06-01T12:00:00.000+0000", "label": "red",
	}
	for k, want := range checks {
		if srv[k] != want {
			t.Errorf("server %s = %v, want %v", k, srv[k], want)
		}
	}
	for k, want := range map[string]string{"product": "200", "region": "10", "cloud": "1", "dataCenter": "100", "owningUser": "500", "owningAccount": "600"} {
		ref, _ := srv[k].(map[string]any)
		var got string
		for _, v := range ref {
			got = idOf(v)
		}
		if got != want {
			t.Errorf("server %s = %v, want id %s", k, srv[k], want)
		}
	}
	if p, _ := srv["providerId"].(string); len(p) != 10 || p[:2] != "i-" {
		t.Errorf("providerId %q", p)
	}
	if ips, _ := srv["privateIpAddresses"].([]any); len(ips) != 1 {
		t.Errorf("privateIpAddresses %v", srv["privateIpAddresses"])
	}
}

func TestLaunchProductForms(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.must(202, req{resource: "Server", kind: "create", verb: "launch", version: "2012-06-15", body: `[{"name": "old", "description": "2012 form",
	  "budget": 400, "productId": "t1.micro", "machineImage": {"machineImageId": 300}, "dataCenter": {"dataCenterId": 100}}]`})
	h.must(202, req{resource: "Server", kind: "create", verb: "launch", body: `[{"name": "n", "description": "numeric",
	  "budget": 400, "product": {"productId": "202"}, "machineImage": {"machineImageId": 300}, "dataCenter": {"dataCenterId": 100}}]`})
	h.fails(400, `launch: field "product": no server product "m9.huge" in region 10`, req{resource: "Server", kind: "create", verb: "launch", body: `[{"name": "x", "description": "x",
	  "budget": 400, "product": {"productId": "m9.huge"}, "machineImage": {"machineImageId": 300}, "dataCenter": {"dataCenterId": 100}}]`})
	h.fails(400, `launch: field "dataCenter": no such DataCenter ID: 999`, req{resource: "Server", kind: "create", verb: "launch", body: `[{"name": "x", "description": "x",
	  "budget": 400, "product": {"productId": "m1.small"}, "machineImage": {"machineImageId": 300}, "dataCenter": {"dataCenterId": 999}}]`})
	h.fails(400, `launch: field "budget": no such BillingCode ID: 5400`, req{resource: "Server", kind: "create", verb: "launch", body: `[{"name": "x", "description": "x",
	  "budget": 5400, "product": {"productId": "m1.small"}, "machineImage": {"machineImageId": 300}, "dataCenter": {"dataCenterId": 100}}]`})
}

func TestServerActionsAndTerminate(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.fails(409, "Server 900 is RUNNING; start needs it to be PAUSED or STOPPING", req{resource: "Server", kind: "action", verb: "start", id: "900", body: `[{}]`})
	stop := jobID(t, h.must(202, req{resource: "Server", kind: "action", verb: "stop", id: "900", body: `[{"reason": "test"}]`}))
	if s := h.get(custA, "Server", "900")["status"]; s != "STOPPING" {
		t.Fatalf("stopping server: %v", s)
	}
	h.clock.advance(10 * time.Second) // the default mode completes 10 s after start without polls
	if s := h.get(custA, "Server", "900")["status"]; s != "PAUSED" {
		t.Fatalf("after 10s: %v", s)
	}
	if j := h.get(custA, "Job", stop); j["status"] != "COMPLETE" || j["message"] != "" {
		t.Fatalf("stop job %v %v", j["status"], j["message"])
	}
	term := jobID(t, h.must(202, req{resource: "Server", kind: "delete", id: "900", query: "reason=done"}))
	if j := h.get(custA, "Job", term); j["description"] != "Terminate 900" {
		t.Errorf("description %v", j["description"])
	}
	h.get(custA, "Job", term)
	srv := h.get(custA, "Server", "900")
	if srv["status"] != "TERMINATED" || srv["terminationTimestamp"] == nil {
		t.Fatalf("terminated server %v %v", srv["status"], srv["terminationTimestamp"])
	}
	if ids := h.list(custA, "Server", ""); slices.Contains(ids, "900") {
		t.Errorf("activeOnly default lists the terminated server: %v", ids)
	}
	if ids := h.list(custA, "Server", "activeOnly=False"); !slices.Contains(ids, "900") {
		t.Errorf("activeOnly=false hides the terminated server: %v", ids)
	}
	h.fails(409, "Server 900 is TERMINATED", req{resource: "Server", kind: "delete", id: "900"})
	h.fails(404, "No such server ID: 77", req{resource: "Server", kind: "get", id: "77"})
	h.fails(400, `invalid Server ID "abc": want an integer`, req{resource: "Server", kind: "get", id: "abc"})
}

func TestScheduledTerminateAndPause(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.must(204, req{resource: "Server", kind: "delete", id: "900", query: "pauseAfter=60000"})
	srv := h.get(custA, "Server", "900")
	if srv["pauseAfter"] != "2015-06-01T12:01:00.000+0000" || srv["status"] != "RUNNING" {
		t.Fatalf("scheduled pause: %v %v", srv["pauseAfter"], srv["status"])
	}
	h.clock.advance(59 * time.Second)
	if s := h.get(custA, "Server", "900")["status"]; s != "RUNNING" {
		t.Fatalf("paused early: %v", s)
	}
	h.clock.advance(time.Second)
	if s := h.get(custA, "Server", "900")["status"]; s != "PAUSED" {
		t.Fatalf("not paused when due: %v", s)
	}
	h.must(204, req{resource: "Server", kind: "delete", id: "900", query: "terminateAfter=3600000"})
	// Rescheduling replaces the earlier time.
	h.must(204, req{resource: "Server", kind: "delete", id: "900", query: "terminateAfter=7200000"})
	h.clock.advance(time.Hour)
	if s := h.get(custA, "Server", "900")["status"]; s != "PAUSED" {
		t.Fatalf("terminated at the replaced time: %v", s)
	}
	h.clock.advance(time.Hour)
	if s := h.get(custA, "Server", "900")["status"]; s != "TERMINATED" {
		t.Fatalf("not terminated when due: %v", s)
	}
	h.fails(400, "query parameter terminateAfter: want an integer", req{resource: "Server", kind: "delete", id: "900", query: "terminateAfter=soon"})
}
