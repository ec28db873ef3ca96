package cli

import (
	"runtime/debug"
	"strings"
	"testing"
)

// TestUsageErrors checks that every bad command line exits 2 with a message
// naming the problem, before any request reaches the server.
func TestUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no path", []string{"get"}, "expected PATH"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown flag", []string{"get", "geography/Region", "--bogus"}, "unknown flag: --bogus"},
		{"python code", []string{"get", "geography/DataCenter", "{'regionId': __import__('os')}"}, `argument 2 ({'regionId': __import__('os')}): not a valid Python dict literal: position 14: name "__import__" is not allowed`},
		{"unclosed dict", []string{"get", "geography/DataCenter", "{'regionId': 19344"}, "position 1"},
		{"dict of wrong shape", []string{"get", "geography/DataCenter", "{'a': {'b': 1}}"}, "a dict has no query-string form"},
		{"bare word", []string{"get", "geography/DataCenter", "regionId"}, `argument 2 (regionId): expected key=value`},
		{"empty key", []string{"get", "geography/DataCenter", "=5"}, "parameter name before '=' is empty"},
		{"bad details", []string{"get", "geography/Region", "--details", "full"}, `--details "full": expected none, basic or extended`},
		{"conflicting details", []string{"get", "geography/Region", "--extended", "--details", "none"}, "conflicting detail levels: --details none, --extended"},
		{"two detail words", []string{"get", "geography/Region", "none", "basic"}, "detail level given twice"},
		{"xml and json", []string{"get", "geography/Region", "--xml", "--json"}, "[json xml] were all set"},
		{"full URL", []string{"get", "https://api.enstratus.com/api/enstratus/2012-06-15/geography/Region"}, "is a URL"},
		{"endpoint path", []string{"get", "/api/enstratus/2012-06-15/geography/Region"}, "includes the endpoint's own path"},
		{"dot segment", []string{"get", "geography/../admin/ApiKey"}, "'..' segment"},
		{"empty path", []string{"get", "/"}, "PATH is empty"},
		{"space in path", []string{"get", "geography/Data Center"}, "space or control character"},
		{"bad inline query", []string{"get", "geography/DataCenter?regionId=%zz"}, "bad query string"},
		{"invalid JSON", []string{"post", "infrastructure/Volume", "--data", `{"addVolume": [}`}, "--data: the payload is not valid JSON: line 1, column 16"},
		{"trailing JSON", []string{"post", "infrastructure/Volume", "--data", `{} {}`}, "more data after the first value"},
		{"truncated JSON", []string{"post", "infrastructure/Volume", "--data", `{"a":`}, "ends before the value is complete"},
		{"empty stdin", []string{"post", "infrastructure/Volume", "--data", "-"}, "standard input is empty"},
		{"missing file", []string{"put", "infrastructure/Server/1", "--data", "@/nonexistent/payload.json"}, "cannot read /nonexistent/payload.json"},
		{"bad XML", []string{"put", "infrastructure/Server/1", "--xml", "--data", "<stop><force>true</stop>"}, "not well-formed XML"},
		{"two XML roots", []string{"put", "infrastructure/Server/1", "--xml", "--data", "<a/><b/>"}, "exactly one root element"},
		{"data on get", []string{"get", "geography/Region", "--data", "{}"}, "unknown flag: --data"},
		{"negative timeout", []string{"get", "geography/Region", "--timeout", "-1s"}, "--timeout must not be negative"},
		{"bad timeout", []string{"get", "geography/Region", "--timeout", "soon"}, `invalid argument "soon"`},
		{"args to version", []string{"version", "extra"}, "expected no arguments"},
		{"exclusive api-versions flags", []string{"api-versions", "--latest", "--active"}, "were all set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api, srv := newFakeAPI(t)
			res := runCLI(t, envFor(srv, testSecret), "", tt.args...)
			if res.code != ExitUsage {
				t.Errorf("exit code = %d, want %d (usage)", res.code, ExitUsage)
			}
			if !strings.HasPrefix(res.stderr, "mixcoatl: ") || !strings.Contains(res.stderr, tt.want) {
				t.Errorf("stderr = %q, want a mixcoatl: message containing %q", res.stderr, tt.want)
			}
			if !strings.Contains(res.stderr, "--help' for usage") {
				t.Errorf("stderr = %q, want a pointer to --help", res.stderr)
			}
			if res.stdout != "" {
				t.Errorf("stdout = %q, want nothing", res.stdout)
			}
			if n := len(api.requests()); n != 0 {
				t.Errorf("%d request(s) reached the server, want none", n)
			}
		})
	}
}

func TestHelpAndVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, []string{"Usage:", "get", "post", "put", "delete", "head", "api-versions", "exit-codes"}},
		{[]string{"help", "exit-codes"}, []string{"3  configuration or authentication", "5  network error", "6  job failed"}},
		{[]string{"get", "--help"}, []string{"Examples:", `mixcoatl get geography/DataCenter "{'regionId':19344}"`, "--statuscode", "--extended"}},
		{[]string{"post", "--help"}, []string{"--data", "@create_volume.json"}},
		{[]string{"version"}, []string{"mixcoatl 0.1.0-dev", "go go1.", "default API version 2012-06-15"}},
		{[]string{"--version"}, []string{"mixcoatl 0.1.0-dev", "default API version"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			res := runCLI(t, nil, "", tt.args...)
			if res.code != ExitOK || res.stderr != "" {
				t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, res.stdout)
				}
			}
		})
	}
}

// TestEveryCommandHasExamples keeps the --help text useful as commands are added.
func TestEveryCommandHasExamples(t *testing.T) {
	t.Parallel()
	env := Env{}.withDefaults()
	root := newRootCommand(&env)
	for _, c := range root.Commands() {
		if c.Runnable() && c.Name() != "help" && c.Name() != "completion" && c.Example == "" {
			t.Errorf("command %q has no Example", c.Name())
		}
	}
}

// version names the commit a binary was built from, when go build stamped
// one, and says so when it did not.
func TestVersionNamesTheCommit(t *testing.T) {
	t.Parallel()
	stamped := &debug.BuildInfo{Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "9d09a28c0ffee"}, {Key: "vcs.time", Value: "2015-06-01T12:00:00Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	if got := commitLine(stamped); got != "commit 9d09a28c0ffee+modified (2015-06-01T12:00:00Z)" {
		t.Errorf("stamped: %q", got)
	}
	if got := commitLine(&debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}); got != "module version v1.2.3" {
		t.Errorf("go install @version: %q", got)
	}
	if got := commitLine(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}); !strings.HasPrefix(got, "commit unknown") {
		t.Errorf("unstamped: %q", got)
	}
	res := runCLI(t, nil, "", "version")
	if !strings.Contains(res.stdout, "\ncommit ") {
		t.Errorf("version prints no commit line:\n%s", res.stdout)
	}
}
