package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// Two --local commands in a row share state through the state file in the
// data directory, as two invocations on a fresh machine would.
func TestLocalCommandsShareState(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	vars := map[string]string{"XDG_DATA_HOME": data}

	created := runCLI(t, vars, "", "--local", "post", "admin/Group",
		"--data", `{"addGroup":{"group":{"name":"local-team","description":"made by one command"}}}`)
	if created.code != ExitOK {
		t.Fatalf("post: exit %d\n%s%s", created.code, created.stdout, created.stderr)
	}
	var body struct {
		Groups []struct {
			GroupID json.Number `json:"groupId"`
			Name    string      `json:"name"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(created.stdout), &body); err != nil || len(body.Groups) != 1 {
		t.Fatalf("post printed %q (%v)", created.stdout, err)
	}
	id := body.Groups[0].GroupID.String()

	got := runCLI(t, vars, "", "--local", "get", "admin/Group/"+id)
	if got.code != ExitOK || !strings.Contains(got.stdout, `"name": "local-team"`) {
		t.Fatalf("second command does not see the group: exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
}

func TestLocalShowsSeededData(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"HOME": t.TempDir()}
	res := runCLI(t, vars, "", "--local", "get", "geography/DataCenter", "{'regionId':19344}")
	if res.code != ExitOK || !strings.Contains(res.stdout, `"dataCenters": [`) || !strings.Contains(res.stdout, "us-west-2a") {
		t.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}

func TestLocalRejectsEndpointFlags(t *testing.T) {
	t.Parallel()
	res := runCLI(t, map[string]string{"HOME": t.TempDir()}, "", "--local", "--endpoint", "http://x/api/enstratus/2012-06-15", "get", "geography/Cloud")
	if res.code != ExitUsage || !strings.Contains(res.stderr, "--local cannot be combined") {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
}

func TestEmulatorCommandRejectsBadFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"emulator", "--auth", "maybe"},
		{"emulator", "--job-mode", "polls:0"},
		{"emulator", "--page-size", "-1"},
		{"emulator", "--default-details", "extended"},
		{"emulator", "--access-key", "ABCDEFGHIJKLMNOPQRST"},
		{"emulator", "extra"},
	} {
		res := runCLI(t, nil, "", args...)
		if res.code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, res.code, ExitUsage, res.stderr)
		}
	}
}

// Under -o json a failing command's error is a JSON document on stderr, so a
// script parsing the output can parse the failure too.
func TestErrorsAreJSONUnderOutputJSON(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"HOME": t.TempDir()}
	res := runCLI(t, vars, "", "--local", "server", "get", "999999", "-o", "json")
	var doc struct {
		Error struct {
			Message  string `json:"message"`
			ExitCode int    `json:"exitCode"`
			Status   int    `json:"status"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(res.stderr), &doc); err != nil {
		t.Fatalf("stderr is not JSON (%v):\n%s", err, res.stderr)
	}
	if res.code != ExitAPI || res.stdout != "" || doc.Error.Status != 404 || doc.Error.ExitCode != ExitAPI || !strings.Contains(doc.Error.Message, "999999") {
		t.Fatalf("exit %d, stdout %q, error %+v", res.code, res.stdout, doc.Error)
	}
	plain := runCLI(t, vars, "", "--local", "server", "get", "999999")
	if !strings.HasPrefix(plain.stderr, "mixcoatl: ") {
		t.Fatalf("without -o json the error is plain text, got %q", plain.stderr)
	}
}

// Version discovery is unsigned, so it works with an endpoint and no keys;
// a signed command in the same environment still says which keys are missing.
func TestAPIVersionsNeedsNoKeys(t *testing.T) {
	t.Parallel()
	_, srv := newFakeAPI(t)
	vars := map[string]string{"ES_ENDPOINT": srv.URL + "/api/enstratus/" + testVersion}
	if res := runCLI(t, vars, "", "api-versions"); res.code != ExitOK || res.stdout == "" {
		t.Fatalf("api-versions without keys: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	res := runCLI(t, vars, "", "get", "geography/Cloud")
	if res.code != ExitConfig || !strings.Contains(res.stderr, "ES_ACCESS_KEY") {
		t.Fatalf("signed request without keys: exit %d, %s", res.code, res.stderr)
	}
}
