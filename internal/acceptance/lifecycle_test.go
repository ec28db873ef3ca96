package acceptance

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// pollJob polls admin/Job/<id> until it leaves RUNNING (bounded) and returns it.
func pollJob(t *testing.T, c *rawClient, jobID string) map[string]any {
	t.Helper()
	for range 20 {
		list := items(t, c.do(t, "GET", "admin/Job/"+jobID, nil, ""), "jobs")
		job := list[0].(map[string]any)
		if job["status"] != "RUNNING" {
			return job
		}
	}
	t.Fatalf("job %s still RUNNING after 20 polls", jobID)
	return nil
}

func acceptedJob(t *testing.T, r reply) string {
	t.Helper()
	if r.status != 202 {
		t.Fatalf("want 202, got %d: %s", r.status, r.body)
	}
	jobs := items(t, r, "jobs")
	if len(jobs) != 1 || jobs[0].(map[string]any)["status"] != "RUNNING" {
		t.Fatalf("want one RUNNING job, got %s", r.body)
	}
	return field(t, jobs[0], "jobId")
}

// The life of a server as a client of the original service saw it: launch
// (202 + job), poll the job to COMPLETE whose message is the server id, the
// server RUNNING, terminate with a reason (job), TERMINATED.
func TestLaunchPollTerminate(t *testing.T) {
	t.Parallel()
	c := startEmulator(t)
	dc := items(t, c.do(t, "GET", "geography/DataCenter", url.Values{"regionId": {"19344"}}, ""), "dataCenters")[0]
	dcID := field(t, dc, "dataCenterId")
	img := items(t, c.do(t, "GET", "infrastructure/MachineImage", url.Values{"regionId": {"19344"}}, ""), "images")[0]
	product := items(t, c.do(t, "GET", "infrastructure/ServerProduct", url.Values{"regionId": {"19344"}}, ""), "serverProducts")[0]
	budget := field(t, items(t, c.do(t, "GET", "admin/BillingCode", nil, ""), "billingCodes")[0], "billingCodeId")

	body := fmt.Sprintf(`{"launch":[{"name":"acceptance-1","description":"from the acceptance test","budget":%s,
		"product":{"productId":%q},"machineImage":{"machineImageId":%s},"dataCenter":{"dataCenterId":%s}}]}`,
		budget, field(t, product, "providerProductId"), field(t, img, "machineImageId"), dcID)
	job := pollJob(t, c, acceptedJob(t, c.do(t, "POST", "infrastructure/Server", nil, body)))
	if job["status"] != "COMPLETE" {
		t.Fatalf("launch job ended %v: %v", job["status"], job["message"])
	}
	serverID, _ := job["message"].(string)
	server := items(t, c.do(t, "GET", "infrastructure/Server/"+serverID, nil, ""), "servers")[0].(map[string]any)
	if server["status"] != "RUNNING" || server["name"] != "acceptance-1" {
		t.Fatalf("server %s after launch: status %v name %v", serverID, server["status"], server["name"])
	}
	if got := field(t, server["dataCenter"], "dataCenterId"); got != dcID {
		t.Errorf("server data centre %s, want %s", got, dcID)
	}

	term := c.do(t, "DELETE", "infrastructure/Server/"+serverID, url.Values{"reason": {"acceptance done"}}, "")
	if job := pollJob(t, c, acceptedJob(t, term)); job["status"] != "COMPLETE" {
		t.Fatalf("terminate job ended %v: %v", job["status"], job["message"])
	}
	all := items(t, c.do(t, "GET", "infrastructure/Server/"+serverID, nil, ""), "servers")
	if got := all[0].(map[string]any)["status"]; got != "TERMINATED" {
		t.Fatalf("server after terminate: %v", got)
	}
	active := items(t, c.do(t, "GET", "infrastructure/Server", nil, ""), "servers")
	for _, s := range active {
		if field(t, s, "serverId") == serverID {
			t.Errorf("terminated server listed by default (activeOnly)")
		}
	}
}

// Wrong secret, a stale timestamp and a User-Agent other than the signed one
// are refused with 403 and the error envelope; the right signature passes.
func TestAuthRejections(t *testing.T) {
	t.Parallel()
	c := startEmulator(t)
	if r := c.do(t, "GET", "geography/Cloud", nil, ""); r.status != 200 {
		t.Fatalf("correctly signed request: %d %s", r.status, r.body)
	}
	cases := map[string]*rawClient{
		"wrong secret": {secret: "not-the-secret"},
		"stale":        {now: func() time.Time { return time.Now().Add(-10 * time.Minute) }},
		"future":       {now: func() time.Time { return time.Now().Add(20 * time.Minute) }},
		"agent":        {tamper: func(r *http.Request) { r.Header.Set("User-Agent", "someone-else") }},
		"unknown key":  {access: "NOSUCHKEYNOSUCHKEYAB"},
		"unsigned":     {tamper: func(r *http.Request) { r.Header.Del("x-esauth-signature") }},
	}
	for name, mod := range cases {
		bad := *c
		if mod.secret != "" {
			bad.secret = mod.secret
		}
		if mod.access != "" {
			bad.access = mod.access
		}
		bad.now, bad.tamper = mod.now, mod.tamper
		r := bad.do(t, "GET", "geography/Cloud", nil, "")
		if r.status != 403 {
			t.Errorf("%s: status %d, want 403", name, r.status)
			continue
		}
		if msg := r.errorMessage(t); strings.Contains(msg, testSecret) {
			t.Errorf("%s: message reveals the secret", name)
		}
	}
}
