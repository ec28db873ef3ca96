package emulator_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
)

func TestDiscoveryJSON(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	cat := catalog.Load()
	rec := e.serve(newRequest(http.MethodGet, "/api/enstratus", "", map[string]string{"Accept": "application/json"}))
	wantStatus(t, rec, http.StatusOK)
	var doc struct {
		Current struct {
			VersionID string `json:"versionId"`
		} `json:"current"`
		Supported []struct {
			VersionID string `json:"versionId"`
		} `json:"supported"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("decode: %v\n%s", err, rec.Body)
	}
	if doc.Current.VersionID != cat.CurrentVersion {
		t.Errorf("current = %q, want %q", doc.Current.VersionID, cat.CurrentVersion)
	}
	if len(doc.Supported) != len(cat.Versions) {
		t.Fatalf("%d supported versions, want %d", len(doc.Supported), len(cat.Versions))
	}
	for i, v := range doc.Supported {
		if want := cat.Versions[len(cat.Versions)-1-i]; v.VersionID != want {
			t.Errorf("supported[%d] = %q, want %q (newest first)", i, v.VersionID, want)
		}
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json;charset=UTF-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if rec.Header().Get("x-es-request") == "" || rec.Header().Get("x-es-version") == "" {
		t.Errorf("missing x-es-request / x-es-version: %v", rec.Header())
	}
}

func TestDiscoveryHTMLWhenNotJSON(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	rec := e.serve(newRequest(http.MethodGet, "/api/enstratus", "", nil))
	wantStatus(t, rec, http.StatusOK)
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type = %q, want HTML", ct)
	}
	for _, v := range catalog.Load().Versions {
		if !strings.Contains(rec.Body.String(), ">"+v+"</a>") {
			t.Errorf("HTML lacks a link for %s", v)
		}
	}
}

func TestDiscoveryRejectsPost(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	rec := e.serve(newRequest(http.MethodPost, "/api/enstratus", "{}", nil))
	wantError(t, rec, http.StatusMethodNotAllowed, "POST")
	if rec.Header().Get("Allow") == "" {
		t.Error("405 without Allow")
	}
}

func TestUnknownPathsAndVersions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	for _, tc := range []struct{ target, want string }{
		{"/nothing/here", "unknown path"},
		{"/api/enstratus/1999-01-01/geography/Cloud", "unknown API version"},
		{"/api/enstratus/latest/geography/Cloud", "unknown API version"},
	} {
		rec := e.serve(newRequest(http.MethodGet, tc.target, "", nil))
		wantError(t, rec, http.StatusNotFound, tc.want)
		if rec.Header().Get("x-es-request") == "" {
			t.Errorf("%s: no x-es-request", tc.target)
		}
	}
}
