package emulator_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator"
)

func TestFaultStatusTimesAndMatching(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	rule, err := e.srv.AddFault(emulator.FaultRule{Method: "get", PathPrefix: e.url("geography/"), Times: 2, Status: 503, Message: "maintenance"})
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, e.do(t, http.MethodGet, "admin/Job", "", nil), http.StatusOK) // other path
	wantError(t, e.do(t, http.MethodGet, "geography/Cloud", "", nil), 503, "maintenance")
	wantError(t, e.do(t, http.MethodGet, "geography/Region", "", nil), 503, "maintenance")
	wantStatus(t, e.do(t, http.MethodGet, "geography/Cloud", "", nil), http.StatusOK) // used up
	if got := e.srv.Faults(); len(got) != 1 || got[0].ID != rule.ID || got[0].Fired != 2 {
		t.Errorf("faults = %+v", got)
	}
	recs := e.srv.Requests()
	if len(recs) != 4 || recs[1].Status != 503 {
		t.Errorf("request log = %+v", recs)
	}
	e.srv.ClearFaults()
	if len(e.srv.Faults()) != 0 {
		t.Error("faults not cleared")
	}
}

func TestFaultRegexAndRateLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	if _, err := e.srv.AddFault(emulator.FaultRule{PathRegex: `/Server/\d+$`, RetryAfter: 7}); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, e.do(t, http.MethodGet, "infrastructure/Server", "", nil), http.StatusOK)
	rec := e.do(t, http.MethodGet, "infrastructure/Server/1", "", nil)
	wantError(t, rec, http.StatusTooManyRequests, "")
	if got := rec.Header().Get("Retry-After"); got != "7" {
		t.Errorf("Retry-After = %q", got)
	}
}

func TestFaultProbabilityIsSeeded(t *testing.T) {
	t.Parallel()
	pattern := func() string {
		e := newEnv(t, func(o *emulator.Options) { o.FaultSeed = 42 })
		if _, err := e.srv.AddFault(emulator.FaultRule{Probability: 0.5, Status: 500}); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for range 40 {
			if e.serve(newRequest(http.MethodGet, "/api/enstratus", "", nil)).Code == 500 {
				b.WriteByte('x')
			} else {
				b.WriteByte('.')
			}
		}
		return b.String()
	}
	a, b := pattern(), pattern()
	if a != b {
		t.Errorf("same seed, different patterns:\n%s\n%s", a, b)
	}
	if n := strings.Count(a, "x"); n < 8 || n > 32 {
		t.Errorf("probability 0.5 fired %d of 40 times: %s", n, a)
	}
}

func TestFaultLatency(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, nil)
		if _, err := e.srv.AddFault(emulator.FaultRule{PathPrefix: "/api/enstratus", Latency: emulator.Duration(3 * time.Second)}); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		rec := e.serve(newRequest(http.MethodGet, "/api/enstratus", "", map[string]string{"Accept": "application/json"}))
		wantStatus(t, rec, http.StatusOK) // latency only: the request goes through
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("request took %s, want 3s", d)
		}
	})
}

func TestFaultDropConnection(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	if _, err := e.srv.AddFault(emulator.FaultRule{Drop: true, Times: 2}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(e.srv)
	defer ts.Close()
	resp, err := ts.Client().Get(ts.URL + "/api/enstratus")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("dropped connection answered %s", resp.Status)
	}
	// Logged before the connection closed, so already there now.
	if recs := e.srv.Requests(); len(recs) != 1 || recs[0].Status != 0 {
		t.Fatalf("request log after the drop = %+v", recs)
	}
	// The in-process transport reports the drop as an error too.
	_, err = (&http.Client{Transport: e.srv.RoundTripper()}).Get("http://emulator.test/api/enstratus")
	if !errors.Is(err, emulator.ErrConnectionDropped) {
		t.Fatalf("in-process drop error = %v", err)
	}
	resp, err = ts.Client().Get(ts.URL + "/api/enstratus")
	if err != nil {
		t.Fatalf("after the rule is used up: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if recs := e.srv.Requests(); len(recs) != 3 || recs[0].Status != 0 {
		t.Errorf("request log = %+v", recs)
	}
}

func TestFaultRulesAreValidated(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	for _, tc := range []struct {
		body, want string
	}{
		{`{"status":200}`, "between 400 and 599"},
		{`{"probability":2,"status":500}`, "probability"},
		{`{"pathRegex":"(","status":500}`, "pathRegex"},
		{`{}`, "needs an action"},
		{`{"drop":true,"status":500}`, "drop cannot"},
		{`{"latency":5}`, "duration"},
		{`{"latency":"1h","status":500}`, "latency"},
		{`{"times":-1,"status":500}`, "times"},
	} {
		wantError(t, e.control(t, http.MethodPost, "faults", tc.body, nil), http.StatusBadRequest, tc.want)
	}
	rec := e.control(t, http.MethodPost, "faults", `{"method":"POST","pathPrefix":"/api","status":500,"latency":"10ms"}`, nil)
	wantStatus(t, rec, http.StatusOK)
	var doc struct {
		Faults []emulator.FaultRule `json:"faults"`
	}
	decodeJSON(t, e.control(t, http.MethodGet, "faults", "", nil), &doc)
	if len(doc.Faults) != 1 || doc.Faults[0].Latency != emulator.Duration(10*time.Millisecond) {
		t.Errorf("faults = %+v", doc.Faults)
	}
	wantStatus(t, e.control(t, http.MethodDelete, "faults", "", nil), http.StatusNoContent)
	if len(e.srv.Faults()) != 0 {
		t.Error("DELETE faults left rules")
	}
}
