package openapicheck_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/internal/heavy"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/openapicheck"
)

// signed is a request as a client sends it: the three security headers set
// (their values are not the validator's concern).
func signed(method, path, accept, body string) *http.Request {
	r := httptest.NewRequest(method, "http://127.0.0.1:15000/api/enstratus/"+path, strings.NewReader(body))
	for _, h := range []string{"x-esauth-access", "x-esauth-timestamp", "x-esauth-signature"} {
		r.Header.Set(h, "1")
	}
	r.Header.Set("Accept", accept)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

func answer(status int, contentType, body string) *http.Response {
	h := http.Header{}
	h.Set("Content-Type", contentType)
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}
}

const (
	jsonType = "application/json;charset=UTF-8"
	xmlType  = "application/xml;charset=UTF-8"
)

// TestAnswersAreCheckedPerVersion: the check is not vacuous. A field of
// another API version, a wrong type, an unknown field, a wrong XML element
// are each a violation; the same answers at a version that has them are not.
func TestAnswersAreCheckedPerVersion(t *testing.T) {
	heavy.NotUnderRace(t)
	t.Parallel()
	c := openapicheck.NewContract(catalog.Load())
	cases := []struct {
		version, accept, body string
		bad                   bool
	}{
		{"2012-06-15", jsonType, `{"rules":[{"firewallRuleId":1,"networkAddress":"10.0.0.0/8"}]}`, false},
		{"2012-06-15", jsonType, `{"rules":[{"firewallRuleId":1,"permission":"ALLOW"}]}`, true}, // a 2014 field
		{"2014-07-30", jsonType, `{"rules":[{"firewallRuleId":1,"permission":"ALLOW"}]}`, false},
		{"2014-07-30", jsonType, `{"rules":[{"firewallRuleId":1,"networkAddress":"10.0.0.0/8"}]}`, true}, // gone by then
		{"2014-07-30", jsonType, `{"rules":[{"firewallRuleId":"one"}]}`, true},
		{"2014-07-30", jsonType, `{"rules":[{"firewallRuleId":1,"noSuchField":1}]}`, true},
		{"2014-07-30", jsonType, `{"rules":[{"firewallRuleId":1,"firewall":{"firewallId":2,"name":"web"}}]}`, false}, // extended
		{"2014-07-30", jsonType, `{"rules":[{"firewallRuleId":1,"firewall":{"firewallId":2,"extra":3}}]}`, true},
		{"2014-07-30", jsonType, `{"rules":[{"firewallRuleId":1,"firewall":{"firewallId":"x"}}]}`, true},
		{"2014-07-30", xmlType, `<rules><firewallRule firewallRuleId="1"><firewall firewallId="2"/><permission>ALLOW</permission></firewallRule></rules>`, false},
		{"2014-07-30", xmlType, `<rules></rules>`, false},
		{"2012-06-15", xmlType, `<rules><firewallRule firewallRuleId="1"><permission>ALLOW</permission></firewallRule></rules>`, true},
		{"2014-07-30", xmlType, `<rules><rule firewallRuleId="1"/></rules>`, true},                         // entry name
		{"2014-07-30", xmlType, `<firewallRules><firewallRule firewallRuleId="1"/></firewallRules>`, true}, // root name
		{"2014-07-30", xmlType, `<rules><firewallRule firewallRuleId="x"/></rules>`, true},
		{"2014-07-30", xmlType, `<rules><firewallRule><firewallRuleId>1</firewallRuleId></firewallRule></rules>`, true}, // the key is an attribute
	}
	for _, tc := range cases {
		r := signed(http.MethodGet, tc.version+"/network/FirewallRule", tc.accept, "")
		got, checked := c.Exchange(r, answer(http.StatusOK, tc.accept, tc.body))
		if !checked {
			t.Fatalf("%s: not checked", r.URL.Path)
		}
		if bad := len(got) > 0; bad != tc.bad {
			t.Errorf("%s %s: violations %v, want any: %v", tc.version, tc.body, got, tc.bad)
		}
	}
}

// TestRequestsAreCheckedPerVersion: a payload member of another version's
// form, or one without a required member, is a violation.
func TestRequestsAreCheckedPerVersion(t *testing.T) {
	heavy.NotUnderRace(t)
	t.Parallel()
	c := openapicheck.NewContract(catalog.Load())
	cases := []struct {
		version, body string
		bad           bool
	}{
		{"2012-06-15", `{"addRule":[{"firewallId":1,"cidr":"10.0.0.0/8","direction":"INGRESS","protocol":"TCP"}]}`, false},
		{"2012-06-15", `{"addRule":[{"firewallId":1,"cidr":"10.0.0.0/8","direction":"INGRESS","protocol":"TCP","destination":"x"}]}`, true},
		{"2012-06-15", `{"addRule":[{"firewallId":1,"direction":"INGRESS","protocol":"TCP"}]}`, true},
		{"2014-07-30", `{"addRule":[{"firewallId":1,"source":"10.0.0.0/8","direction":"INGRESS","protocol":"TCP","destination":"x"}]}`, false},
		{"2014-07-30", `{"addRule":{"firewallId":1}}`, true},
		{"2014-07-30", `{"nosuchverb":[{}]}`, true},
	}
	for _, tc := range cases {
		r := signed(http.MethodPost, tc.version+"/network/FirewallRule", jsonType, tc.body)
		got, _ := c.Exchange(r, nil)
		if bad := len(got) > 0; bad != tc.bad {
			t.Errorf("%s %s: violations %v, want any: %v", tc.version, tc.body, got, tc.bad)
		}
		if b, _ := io.ReadAll(r.Body); string(b) != tc.body {
			t.Errorf("the check did not put the request body back: %q", b)
		}
	}
}

// TestMiddlewareLogsViolatingAnswers: --validate-responses passes answers
// through unchanged and logs one line for an answer that breaks the
// document, none for one that keeps it; paths outside the API are not
// checked.
func TestMiddlewareLogsViolatingAnswers(t *testing.T) {
	t.Parallel()
	c := openapicheck.NewContract(catalog.Load())
	for _, tc := range []struct {
		path, body string
		lines      int
	}{
		{"2014-07-30/network/FirewallRule", `{"rules":[{"firewallRuleId":1}]}`, 0},
		{"2012-06-15/network/FirewallRule", `{"rules":[{"firewallRuleId":1,"permission":"ALLOW"}]}`, 1},
		{"2012-06-15/openapi.json", `not checked`, 0},
	} {
		var logs bytes.Buffer
		h := openapicheck.Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", jsonType)
			_, _ = io.WriteString(w, tc.body)
		}), c, slog.New(slog.NewTextHandler(&logs, nil)))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, signed(http.MethodGet, tc.path, jsonType, ""))
		if rec.Body.String() != tc.body {
			t.Errorf("%s: the answer was changed to %q", tc.path, rec.Body)
		}
		if n := strings.Count(logs.String(), "violates the OpenAPI document"); n != tc.lines {
			t.Errorf("%s: %d log lines, want %d:\n%s", tc.path, n, tc.lines, logs.String())
		}
	}
}
