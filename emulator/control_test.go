package emulator_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
)

// control sends a control request, as JSON (which the control API
// requires of writes) unless hdr says otherwise.
func (e *testEnv) control(t *testing.T, method, path, body string, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := newRequest(method, "/_emulator/"+path, body, nil)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return e.serve(req)
}

func decodeJSON(t *testing.T, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %s: %v", rec.Body, err)
	}
}

func TestControlAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	wantStatus(t, e.control(t, http.MethodGet, "health", "", nil), http.StatusOK)
	remote := newRequest(http.MethodGet, "/_emulator/health", "", nil)
	remote.RemoteAddr = "192.0.2.7:5555"
	wantError(t, e.serve(remote), http.StatusForbidden, "loopback")

	tok := newEnv(t, func(o *emulator.Options) { o.ControlToken = "s3cret-token" })
	remote = newRequest(http.MethodGet, "/_emulator/health", "", nil)
	remote.RemoteAddr = "192.0.2.7:5555"
	rec := tok.serve(remote)
	wantError(t, rec, http.StatusForbidden, "control token")
	remote.Header.Set("Authorization", "Bearer s3cret-token")
	wantStatus(t, tok.serve(remote), http.StatusOK)
	wantError(t, tok.control(t, http.MethodGet, "health", "", map[string]string{"Authorization": "Bearer wrong"}),
		http.StatusForbidden, "control token")
	wantError(t, e.control(t, http.MethodGet, "nothing", "", nil), http.StatusNotFound, "unknown control path")
}

func TestControlResetAndSeed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	count := func() string {
		rec := e.do(t, http.MethodHead, "admin/Group", "", nil)
		wantStatus(t, rec, http.StatusOK)
		return rec.Header().Get("x-es-count")
	}
	before := count()
	wantStatus(t, e.do(t, http.MethodPost, "admin/Group", `{"addGroup":{"group":{"name":"temp","description":"x"}}}`, nil), http.StatusCreated)
	if count() == before {
		t.Fatal("group not created")
	}
	wantStatus(t, e.control(t, http.MethodPost, "reset", "", nil), http.StatusOK)
	if got := count(); got != before {
		t.Errorf("after reset %s groups, want %s", got, before)
	}
	wantError(t, e.control(t, http.MethodGet, "reset", "", nil), http.StatusMethodNotAllowed, "GET")

	wantStatus(t, e.do(t, http.MethodPost, "admin/Group", `{"addGroup":{"group":{"name":"temp","description":"x"}}}`, nil), http.StatusCreated)
	wantStatus(t, e.control(t, http.MethodPost, "seed?replace=true", string(seed.DefaultJSON()), nil), http.StatusOK)
	if got := count(); got != before {
		t.Errorf("after seed replace %s groups, want %s", got, before)
	}
	wantError(t, e.control(t, http.MethodPost, "seed", `{"global":{"Planet":[{}]}}`, nil), http.StatusBadRequest, "Planet")
	wantError(t, e.control(t, http.MethodPost, "seed?replace=maybe", "{}", nil), http.StatusBadRequest, "replace")
	// A customer with a key and no records yet is a seed like any other.
	keyOnly := `{"customers":[{"customerId":777,"apiKey":{"accessKey":"KEYONLYACCESSKEY0001","secretKey":"key-only-secret-0001","userId":-1},"resources":{}}]}`
	wantStatus(t, e.control(t, http.MethodPost, "seed", keyOnly, nil), http.StatusOK)
}

func TestControlJobs(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	servers := envelope(t, e.do(t, http.MethodGet, "infrastructure/Server", "", nil), "servers")
	var running []string
	for _, s := range servers {
		if s["status"] == "RUNNING" {
			running = append(running, fmt.Sprint(s["serverId"]))
		}
	}
	if len(running) < 2 {
		t.Fatalf("need two running servers in the seed, have %v", running)
	}
	jobStatus := func(id any) string {
		rec := e.do(t, http.MethodGet, fmt.Sprintf("admin/Job/%v", id), "", nil)
		wantStatus(t, rec, http.StatusOK)
		return fmt.Sprint(envelope(t, rec, "jobs")[0]["status"])
	}

	// immediate: the job is already COMPLETE when the 202 is sent.
	wantStatus(t, e.control(t, http.MethodPut, "jobs/mode", `{"scope":"Server.stop","mode":"immediate"}`, nil), http.StatusOK)
	rec := e.do(t, http.MethodPut, "infrastructure/Server/"+running[0], `{"stop":[{}]}`, nil)
	wantStatus(t, rec, http.StatusAccepted)
	if s := jobStatus(envelope(t, rec, "jobs")[0]["jobId"]); s != "COMPLETE" {
		t.Errorf("immediate job is %s", s)
	}
	var modes struct{ Modes map[string]json.RawMessage }
	decodeJSON(t, e.control(t, http.MethodGet, "jobs/mode", "", nil), &modes)
	if _, ok := modes.Modes["Server.stop"]; !ok {
		t.Errorf("modes = %v", modes.Modes)
	}

	// polls far away, then forced to ERROR through the control API.
	wantStatus(t, e.control(t, http.MethodPut, "jobs/mode", `{"scope":"Server","mode":"polls","polls":50}`, nil), http.StatusOK)
	wantStatus(t, e.control(t, http.MethodPut, "jobs/mode", `{"scope":"Server.stop","mode":""}`, nil), http.StatusOK)
	rec = e.do(t, http.MethodPut, "infrastructure/Server/"+running[1], `{"stop":[{}]}`, nil)
	wantStatus(t, rec, http.StatusAccepted)
	job := envelope(t, rec, "jobs")[0]["jobId"]
	if s := jobStatus(job); s != "RUNNING" {
		t.Fatalf("job is %s, want RUNNING", s)
	}
	wantStatus(t, e.control(t, http.MethodPost, fmt.Sprintf("jobs/%v", job), `{"status":"ERROR","message":"kaboom!"}`, nil), http.StatusOK)
	if s := jobStatus(job); s != "ERROR" {
		t.Errorf("forced job is %s", s)
	}
	wantError(t, e.control(t, http.MethodPost, fmt.Sprintf("jobs/%v", job), `{"status":"COMPLETE"}`, nil), http.StatusConflict, "")
	wantError(t, e.control(t, http.MethodPost, "jobs/abc", `{"status":"COMPLETE"}`, nil), http.StatusBadRequest, "job id")
	wantError(t, e.control(t, http.MethodPut, "jobs/mode", `{"mode":"sometimes"}`, nil), http.StatusBadRequest, "sometimes")
	wantError(t, e.control(t, http.MethodPut, "jobs/mode", `{"scope":"Planet","mode":"immediate"}`, nil), http.StatusBadRequest, "Planet")
	wantError(t, e.control(t, http.MethodPut, "jobs/mode", `{"mode":"polls","polls":0}`, nil), http.StatusBadRequest, "polls")
	wantError(t, e.control(t, http.MethodPut, "jobs/mode", `{"mode":"immediate","extra":1}`, nil), http.StatusBadRequest, "extra")
}

func TestControlSetStatus(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	server := firstID(t, e, "infrastructure/Server", "servers", "serverId")
	wantStatus(t, e.control(t, http.MethodPut, "state/Server/"+server, `{"status":"PAUSED"}`, nil), http.StatusOK)
	got := envelope(t, e.do(t, http.MethodGet, "infrastructure/Server/"+server, "", nil), "servers")[0]
	if got["status"] != "PAUSED" {
		t.Errorf("status = %v", got["status"])
	}
	wantError(t, e.control(t, http.MethodPut, "state/Server/0", `{"status":"PAUSED"}`, nil), http.StatusNotFound, "")
	wantError(t, e.control(t, http.MethodPut, "state/Server", `{"status":"PAUSED"}`, nil), http.StatusNotFound, "state/<Resource>/<id>")
	wantError(t, e.control(t, http.MethodPut, "state/Server/"+server, `not json`, nil), http.StatusBadRequest, "invalid control request")
}

func TestRequestLog(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.do(t, http.MethodGet, "geography/Cloud?status=ACTIVE", "", nil)
	e.do(t, http.MethodGet, "geography/Planet", "", nil)
	e.control(t, http.MethodGet, "health", "", nil) // control requests are not logged
	recs := e.srv.Requests()
	if len(recs) != 2 {
		t.Fatalf("%d requests logged, want 2: %+v", len(recs), recs)
	}
	if recs[0].Method != "GET" || recs[0].Query != "status=ACTIVE" || recs[0].Status != 200 || recs[0].RequestID == "" {
		t.Errorf("first entry %+v", recs[0])
	}
	if recs[1].Status != 404 || recs[0].RequestID == recs[1].RequestID {
		t.Errorf("second entry %+v", recs[1])
	}
	var doc struct {
		Requests []struct {
			Path       string  `json:"path"`
			Status     int     `json:"status"`
			RequestID  string  `json:"requestId"`
			DurationMs float64 `json:"durationMs"`
		} `json:"requests"`
	}
	decodeJSON(t, e.control(t, http.MethodGet, "requests", "", nil), &doc)
	if len(doc.Requests) != 2 || doc.Requests[1].Status != 404 || doc.Requests[0].DurationMs < 0 {
		t.Errorf("GET requests = %+v", doc.Requests)
	}
	wantStatus(t, e.control(t, http.MethodDelete, "requests", "", nil), http.StatusNoContent)
	if n := len(e.srv.Requests()); n != 0 {
		t.Errorf("%d entries after DELETE", n)
	}
}

func TestRequestLogIsBounded(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *emulator.Options) { o.RequestLogSize = 3 })
	for range 5 {
		e.serve(newRequest(http.MethodGet, "/nowhere", "", nil))
	}
	e.serve(newRequest(http.MethodGet, "/last", "", nil))
	recs := e.srv.Requests()
	if len(recs) != 3 || recs[2].Path != "/last" {
		t.Errorf("log = %+v", recs)
	}
}
