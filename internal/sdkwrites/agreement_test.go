package sdkwrites_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/heavy"
	"github.com/mixcoatl/mixcoatl/internal/openapicheck"
)

// difference is a verdict our checker and the reference give differently
// on purpose; docs/emulator-behaviour.md lists them too.
type difference struct {
	name, reason string
	applies      func(e exchange) bool
}

// exchange is one request (resp nil) or answer being judged, with its
// body.
type exchange struct {
	req  *http.Request
	resp *http.Response
	body []byte
}

// deliberateDifferences are the places where internal/openapicheck parts
// from the reference on purpose.
func deliberateDifferences() []difference {
	return []difference{{
		name: "a JSON null answer",
		reason: "the reference reads an answer whose JSON body is null as having no body and accepts it; " +
			"the checker checks null against the answer's schema (every one wants an object or a list), as both do for requests",
		applies: func(e exchange) bool {
			return e.resp != nil && bytes.Equal(bytes.TrimSpace(e.body), []byte("null"))
		},
	}}
}

// judge runs our checker and the reference on one exchange; ok is false
// for a path outside the versioned API.
func (j *judges) judge(e exchange) (d disagreement, ok bool, err error) {
	ver := j.contract.VersionOf(e.req.URL.Path)
	if ver == "" {
		return d, false, nil
	}
	ours, ref, err := j.version(ver)
	if err != nil {
		return d, false, err
	}
	if e.resp == nil {
		d = disagreement{what: fmt.Sprintf("request %s %s", e.req.Method, e.req.URL), ours: ours.Request(e.req), ref: ref.Request(e.req)}
	} else {
		d = disagreement{what: fmt.Sprintf("answer %d to %s %s", e.resp.StatusCode, e.req.Method, e.req.URL),
			ours: ours.Response(e.req, e.resp), ref: ref.Response(e.req, e.resp)}
	}
	return d, true, nil
}

// agree reports whether the verdicts are the same, or differ only where
// deliberateDifferences says they may.
func (d disagreement) agree(e exchange) bool {
	if (len(d.ours) == 0) == (len(d.ref) == 0) {
		return true
	}
	for _, diff := range deliberateDifferences() {
		if diff.applies(e) {
			return true
		}
	}
	return false
}

// agreeing is a transport that has every API request and answer passing
// through it judged by our checker and the reference, and records where
// they disagree.
type agreeing struct {
	base   http.RoundTripper
	judges *judges

	mu       sync.Mutex
	compared int
	problems []string
}

func (a *agreeing) RoundTrip(r *http.Request) (*http.Response, error) {
	a.record(exchange{req: r, body: readBack(&r.Body)})
	resp, err := a.base.RoundTrip(r)
	if err == nil {
		a.record(exchange{req: r, resp: resp, body: readBack(&resp.Body)})
	}
	return resp, err
}

func (a *agreeing) record(e exchange) {
	d, ok, err := a.judges.judge(e)
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case err != nil:
		a.problems = append(a.problems, err.Error())
	case ok:
		a.compared++
		if !d.agree(e) {
			a.problems = append(a.problems, d.String())
		}
	}
}

// report fails the test for each disagreement and when fewer than least
// exchanges were compared.
func (a *agreeing) report(t *testing.T, least int) {
	t.Helper()
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, p := range a.problems {
		if i == 20 {
			t.Errorf("… and %d more disagreements", len(a.problems)-i)
			break
		}
		t.Error(p)
	}
	if a.compared < least {
		t.Errorf("%d requests and answers compared with the reference, want at least %d", a.compared, least)
	}
}

// TestDeliberateDifferencesHold: each listed difference is real (so the
// list cannot keep an entry the checker no longer needs): on an example
// of it our checker and the reference part as the entry says.
func TestDeliberateDifferencesHold(t *testing.T) {
	heavy.NotUnderRace(t)
	t.Parallel()
	cat := catalog.Load()
	j := newJudges(openapicheck.NewContract(cat))
	examples := map[string]func() exchange{
		"a JSON null answer": func() exchange {
			r := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:15000/api/enstratus/"+cat.CurrentVersion+"/network/FirewallRule", nil)
			h := http.Header{}
			h.Set("Content-Type", "application/json")
			return exchange{req: r, body: []byte("null"), resp: &http.Response{StatusCode: http.StatusOK, Header: h, Body: io.NopCloser(strings.NewReader("null"))}}
		},
	}
	for _, diff := range deliberateDifferences() {
		example, ok := examples[diff.name]
		if !ok {
			t.Errorf("%s: no example of the difference", diff.name)
			continue
		}
		e := example()
		d, _, err := j.judge(e)
		if err != nil {
			t.Fatal(err)
		}
		if !diff.applies(e) || len(d.ours) == 0 || len(d.ref) > 0 {
			t.Errorf("%s: %v, want ours to refuse and the reference to accept", diff.name, d)
		}
	}
}
