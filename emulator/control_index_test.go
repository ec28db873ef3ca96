package emulator_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
)

// GET /_emulator/ lists the control API; every endpoint it lists answers
// its method, accepts its example body, and is in the README's section on
// the control API.
func TestControlIndexIsTrue(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	rec := e.control(t, http.MethodGet, "", "", nil)
	wantStatus(t, rec, http.StatusOK)
	var index struct {
		Endpoints []struct {
			Method, Path, Query, Doc string
			Body                     json.RawMessage
		}
	}
	decodeJSON(t, rec, &index)
	if len(index.Endpoints) < 10 {
		t.Fatalf("the index lists %d endpoints:\n%s", len(index.Endpoints), rec.Body)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "### The control API")
	if !ok {
		t.Fatal("the README has no section \"### The control API\"")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	server := firstRunning(t, e)
	for _, ep := range index.Endpoints {
		if ep.Doc == "" {
			t.Errorf("%s %s has no description", ep.Method, ep.Path)
		}
		if !strings.Contains(section, ep.Method+" "+ep.Path) {
			t.Errorf("the README's control API section does not mention %s %s", ep.Method, ep.Path)
		}
		path := strings.NewReplacer("<jobId>", "1", "<Resource>", "Server", "<id>", server).Replace(strings.TrimPrefix(ep.Path, "/_emulator/"))
		body := ""
		if len(ep.Body) > 0 {
			body = string(ep.Body)
		}
		rec := e.control(t, ep.Method, path, body, nil)
		msg := ""
		if rec.Code >= 400 {
			msg = errorMessage(t, rec)
		}
		if rec.Code == http.StatusMethodNotAllowed || strings.Contains(msg, "unknown control path") || strings.Contains(msg, "invalid control request body") ||
			rec.Code >= 400 && rec.Code != http.StatusNotFound && rec.Code != http.StatusConflict {
			t.Errorf("%s %s with %s: %d %s", ep.Method, path, body, rec.Code, rec.Body)
		}
	}
}
