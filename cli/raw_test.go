package cli

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wantDataCenters is dataCentersJSON indented by two spaces, keys in the
// server's order.
const wantDataCenters = `{
  "dataCenters": [
    {
      "dataCenterId": 64351,
      "zeta": "last letter first",
      "name": "us-west-2a",
      "region": {
        "regionId": 19344
      },
      "alpha": true,
      "status": "ACTIVE"
    }
  ]
}
`

const wantJobs = `{
  "jobs": [
    {
      "jobId": 84322,
      "status": "RUNNING"
    }
  ]
}
`

func TestGetDataCentersAllParamForms(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"get", "geography/DataCenter", "{'regionId':19344}"},
		{"get", "geography/DataCenter", "regionId=19344"},
		{"get", "/geography/DataCenter?regionId=19344"},
		{"get", "geography/DataCenter", "{u'regionId': u'19344'}", "basic"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			api, srv := newFakeAPI(t)
			res := runCLI(t, envFor(srv, testSecret), "", args...)
			if res.code != ExitOK || res.stdout != wantDataCenters || res.stderr != "" {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit 0 and:\n%s", res.code, res.stdout, res.stderr, wantDataCenters)
			}
			reqs := api.requests()
			if len(reqs) != 1 || reqs[0].RawQuery != "regionId=19344" || reqs[0].Details != "basic" || reqs[0].Accept != "application/json" {
				t.Errorf("requests = %+v, want one GET with regionId=19344, details basic, JSON", reqs)
			}
		})
	}
}

// TestWrongSecretNeverLeaks is the acceptance test for authentication
// failures: the server's message, exit 3, and no secret or signature in any
// output, with or without the debug trace.
func TestWrongSecretNeverLeaks(t *testing.T) {
	t.Parallel()
	const wrongSecret = "WRONGwrongWRONGwrongWRONGwrongWRONGwrong"
	for _, mode := range []string{"plain", "--debug", "DCM_DEBUG=1"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			api, srv := newFakeAPI(t)
			args := []string{"get", "geography/DataCenter", "{'regionId':19344}"}
			vars := envFor(srv, wrongSecret)
			switch mode {
			case "--debug":
				args = append(args, "--debug")
			case "DCM_DEBUG=1":
				vars["DCM_DEBUG"] = "1"
			}
			debug := mode != "plain"
			res := runCLI(t, vars, "", args...)
			if res.code != ExitConfig {
				t.Errorf("exit code = %d, want %d (authentication)", res.code, ExitConfig)
			}
			if !strings.Contains(res.stderr, "mixcoatl: Invalid access keys") {
				t.Errorf("stderr = %q, want the server's message", res.stderr)
			}
			if res.stdout != "" {
				t.Errorf("stdout = %q, want nothing", res.stdout)
			}
			if debug && !strings.Contains(res.stderr, "geography/DataCenter") {
				t.Errorf("--debug printed no trace of the request:\n%s", res.stderr)
			}
			sigs := api.signaturesSeen()
			if len(sigs) == 0 {
				t.Fatal("the server saw no signed request")
			}
			for _, secret := range append([]string{wrongSecret, testSecret}, sigs...) {
				if strings.Contains(res.stdout+res.stderr, secret) {
					t.Errorf("output contains the secret or signature %q:\n%s%s", secret, res.stdout, res.stderr)
				}
			}
		})
	}
}

func TestGetServerErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr string
	}{
		{"missing required filter", []string{"get", "geography/DataCenter"}, ExitAPI, "mixcoatl: regionId is required (HTTP 400 Bad Request, request req-7)"},
		{"unknown resource", []string{"get", "geography/Nowhere"}, ExitAPI, "mixcoatl: No such resource: geography/Nowhere (HTTP 404 Not Found"},
		{"server fault", []string{"get", "admin/Broken"}, ExitAPI, "mixcoatl: kaboom (HTTP 500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, srv := newFakeAPI(t)
			res := runCLI(t, envFor(srv, testSecret), "", tt.args...)
			if res.code != tt.code || !strings.Contains(res.stderr, tt.wantErr) || res.stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and stderr containing %q", res.code, res.stdout, res.stderr, tt.code, tt.wantErr)
			}
		})
	}
}

func TestStatusCodeLine(t *testing.T) {
	t.Parallel()
	_, srv := newFakeAPI(t)
	res := runCLI(t, envFor(srv, testSecret), "", "get", "geography/DataCenter", "regionId=19344", "--statuscode")
	if res.code != ExitOK || res.stdout != "200 OK\n"+wantDataCenters {
		t.Errorf("exit %d, stdout:\n%s", res.code, res.stdout)
	}
	res = runCLI(t, envFor(srv, testSecret), "", "get", "geography/DataCenter", "--statuscode")
	if res.code != ExitAPI || res.stdout != "400 Bad Request\n" {
		t.Errorf("error case: exit %d, stdout %q", res.code, res.stdout)
	}
}

func TestGetXML(t *testing.T) {
	t.Parallel()
	api, srv := newFakeAPI(t)
	res := runCLI(t, envFor(srv, testSecret), "", "get", "geography/DataCenter", "regionId=19344", "--xml")
	want := `<dataCenters>
  <dataCenter dataCenterId="64351">
    <name>us-west-2a</name>
    <region regionId="19344"/>
  </dataCenter>
</dataCenters>
`
	if res.code != ExitOK || res.stdout != want {
		t.Errorf("exit %d, stdout:\n%s\nstderr: %s\nwant:\n%s", res.code, res.stdout, res.stderr, want)
	}
	if reqs := api.requests(); len(reqs) != 1 || reqs[0].Accept != "application/xml" {
		t.Errorf("requests = %+v, want Accept: application/xml", reqs)
	}
}

func TestDetailLevels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"get", "geography/DataCenter", "regionId=19344"}, "basic"},
		{[]string{"get", "geography/DataCenter", "regionId=19344", "--extended"}, "extended"},
		{[]string{"get", "geography/DataCenter", "regionId=19344", "--details", "NONE"}, "none"},
		{[]string{"get", "geography/DataCenter", "{'regionId':19344}", "extended"}, "extended"},
		{[]string{"get", "geography/DataCenter", "regionId=19344", "--extended", "--details", "extended"}, "extended"},
		{[]string{"delete", "admin/Group/77"}, "extended"},
		{[]string{"put", "infrastructure/Server/5090", "--data", `{"stop":[{}]}`}, "basic"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			api, srv := newFakeAPI(t)
			res := runCLI(t, envFor(srv, testSecret), "", tt.args...)
			if res.code != ExitOK {
				t.Fatalf("exit %d: %s", res.code, res.stderr)
			}
			if reqs := api.requests(); len(reqs) != 1 || reqs[0].Details != tt.want {
				t.Errorf("requests = %+v, want x-es-details %q", reqs, tt.want)
			}
		})
	}
}

func TestWritesAndCounts(t *testing.T) {
	t.Parallel()
	payload := filepath.Join(t.TempDir(), "volume.json")
	if err := os.WriteFile(payload, []byte("{\n  \"addVolume\": [{\"name\": \"v1\", \"sizeInGb\": 10, \"budget\": 1512}]\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		stdin    string
		stdout   string
		wantBody string // body the server must have received
	}{
		{"post 202 prints jobs", []string{"post", "infrastructure/Volume", "--data", "@" + payload}, "", wantJobs,
			`{"addVolume":[{"name":"v1","sizeInGb":10,"budget":1512}]}`},
		{"post from stdin 201", []string{"post", "admin/Group", "--data", "-"}, `{"addGroup":{"group":{"name":"ops"}}}`,
			"{\n  \"groups\": [\n    {\n      \"groupId\": 77,\n      \"name\": \"ops\"\n    }\n  ]\n}\n",
			`{"addGroup":{"group":{"name":"ops"}}}`},
		{"put 204 prints nothing", []string{"put", "infrastructure/Server/5090", "--data", `{"describeServer":[{"name":"web"}]}`}, "", "",
			`{"describeServer":[{"name":"web"}]}`},
		{"delete 202 prints jobs", []string{"delete", "infrastructure/Volume/4411", "reason=no longer needed"}, "", wantJobs, ""},
		{"delete 204 prints nothing", []string{"delete", "admin/Group/77"}, "", "", ""},
		{"head prints the count", []string{"head", "infrastructure/Server"}, "", "42\n", ""},
		{"head with status", []string{"head", "infrastructure/Server", "--statuscode"}, "", "200 OK\n42\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api, srv := newFakeAPI(t)
			res := runCLI(t, envFor(srv, testSecret), tt.stdin, tt.args...)
			if res.code != ExitOK || res.stdout != tt.stdout || res.stderr != "" {
				t.Fatalf("exit %d\nstdout:\n%q\nstderr:\n%s\nwant stdout %q", res.code, res.stdout, res.stderr, tt.stdout)
			}
			reqs := api.requests()
			if len(reqs) != 1 || reqs[0].Body != tt.wantBody {
				t.Errorf("requests = %+v, want one with body %q", reqs, tt.wantBody)
			}
		})
	}
}

func TestDeleteReasonInQuery(t *testing.T) {
	t.Parallel()
	api, srv := newFakeAPI(t)
	res := runCLI(t, envFor(srv, testSecret), "", "delete", "infrastructure/Volume/4411", "reason=no longer needed")
	if res.code != ExitOK {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	if reqs := api.requests(); len(reqs) != 1 || reqs[0].RawQuery != "reason=no+longer+needed" || reqs[0].Path != apiPrefix+"infrastructure/Volume/4411" {
		t.Errorf("requests = %+v", reqs)
	}
}

func TestUnreachableServer(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(nil)
	srv.Close() // nothing listens on this address any more
	res := runCLI(t, envFor(srv, testSecret), "", "get", "geography/DataCenter", "regionId=19344")
	if res.code != ExitNetwork || !strings.HasPrefix(res.stderr, "mixcoatl: ") || res.stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit %d", res.code, res.stdout, res.stderr, ExitNetwork)
	}
	if strings.Contains(res.stderr, testSecret) {
		t.Errorf("stderr leaks the secret: %s", res.stderr)
	}
}

func TestMissingConfiguration(t *testing.T) {
	t.Parallel()
	res := runCLI(t, map[string]string{"ES_ENDPOINT": "http://127.0.0.1:1/api/enstratus/2012-06-15"}, "", "get", "geography/Region")
	if res.code != ExitConfig || !strings.Contains(res.stderr, "access key") {
		t.Errorf("exit %d, stderr %q; want exit %d naming the missing access key", res.code, res.stderr, ExitConfig)
	}
}
