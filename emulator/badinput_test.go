package emulator_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator"
)

func TestBadBodiesAre4xx(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *emulator.Options) { o.MaxBody = 4096 })
	for _, tc := range []struct {
		name, body string
		status     int
		want       string
	}{
		{"empty", "", 400, "empty"},
		{"malformed", `{"addGroup":`, 400, "malformed JSON"},
		{"syntax", `{"addGroup" 1}`, 400, "malformed JSON"},
		{"array", `[{"addGroup":{}}]`, 400, "not an array"},
		{"string", `"addGroup"`, 400, "JSON object"},
		{"two verbs", `{"addGroup":{},"addRole":{}}`, 400, "exactly one top-level key"},
		{"no verb", `{}`, 400, "exactly one top-level key"},
		{"trailing", `{"addGroup":{}} {}`, 400, "after the top-level object"},
		{"unknown verb", `{"addServer":{}}`, 400, "addGroup"},
		{"payload not object", `{"addGroup":17}`, 400, ""},
		{"missing fields", `{"addGroup":{"group":{}}}`, 400, ""},
		{"xml garbage", `<addGroup><<`, 400, "malformed XML"},
		{"xml two roots", `<addGroup/><addGroup/>`, 400, "more than one root"},
		{"oversized", `{"addGroup":{"group":{"name":"` + strings.Repeat("x", 5000) + `"}}}`, 413, "limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := e.do(t, http.MethodPost, "admin/Group", tc.body, nil)
			wantError(t, rec, tc.status, tc.want)
		})
	}
}

func TestBadIDsAndQueries(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	for _, tc := range []struct {
		rel    string
		status int
	}{
		{"infrastructure/Server/abc", 400},
		{"infrastructure/Server/-1", 404},
		{"infrastructure/Server/99999999999999999999999", 400},
		{"geography/DataCenter", 400},                // required regionId missing
		{"geography/DataCenter?regionId=north", 400}, // mistyped filter
	} {
		rec := e.do(t, http.MethodGet, tc.rel, "", nil)
		if rec.Code < 400 || rec.Code >= 500 {
			t.Errorf("GET %s: status %d, want a 4xx; body %s", tc.rel, rec.Code, rec.Body)
			continue
		}
		if rec.Code != tc.status {
			t.Logf("GET %s: status %d (expected %d)", tc.rel, rec.Code, tc.status)
		}
		errorMessage(t, rec)
	}
}
