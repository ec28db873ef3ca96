package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/cli/compat"
)

func TestLegacyInvocation(t *testing.T) {
	t.Parallel()
	cases := map[string][]string{
		"/usr/local/bin/dcm-list-servers": {"dcm", "dcm-list-servers"},
		"dcm-get":                         {"dcm", "dcm-get"},
		"../bin/es-dump.py":               {"dcm", "es-dump.py"},
		"es-dump":                         {"dcm", "es-dump"},
		"dcm-no-such-tool":                {"dcm", "dcm-no-such-tool"},
		"/usr/bin/mixcoatl":               nil,
		"mixcoatl":                        nil,
		"dcm":                             nil,
		"":                                nil,
	}
	for argv0, want := range cases {
		if got := legacyInvocation(argv0); !slices.Equal(got, want) {
			t.Errorf("legacyInvocation(%q) = %q, want %q", argv0, got, want)
		}
	}
}

// Every old tool is a subcommand of `mixcoatl dcm`, so the symlink form
// ["dcm", name] always finds it.
func TestEveryToolIsADcmSubcommand(t *testing.T) {
	t.Parallel()
	env := Env{}.withDefaults()
	root := newRootCommand(&env)
	for _, tool := range compat.Tools() {
		cmd, _, err := root.Find(append(legacyInvocation("/bin/"+tool.Name), "--json"))
		if err != nil || cmd.Name() != tool.Name {
			t.Errorf("%s: found %q (%v)", tool.Name, cmd.Name(), err)
		}
	}
}

// The acceptance check: dcm-list-servers --json through the symlink form
// prints the same servers as `mixcoatl server list -o json`, the way
// mixcoatl 1.5.1 did: snake_case keys at every depth, the same values.
func TestDcmListServersMatchesServerList(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "local.db")
	old := runCLI(t, nil, "", append(legacyInvocation("/opt/bin/dcm-list-servers"), "--json", "--local", "--local-state", state)...)
	current := runCLI(t, nil, "", "--local", "--local-state", state, "server", "list", "-o", "json")
	if old.code != ExitOK || current.code != ExitOK {
		t.Fatalf("exit %d / %d\n%s\n%s", old.code, current.code, old.stderr, current.stderr)
	}
	var oldList, newList []map[string]any
	if err := json.Unmarshal([]byte(old.stdout), &oldList); err != nil {
		t.Fatalf("dcm-list-servers --json: %v\n%s", err, old.stdout)
	}
	if err := json.Unmarshal([]byte(current.stdout), &newList); err != nil {
		t.Fatal(err)
	}
	if len(oldList) == 0 || len(oldList) != len(newList) {
		t.Fatalf("%d servers printed, server list has %d", len(oldList), len(newList))
	}
	for i, o := range oldList {
		n := newList[i]
		if o["server_id"] != n["serverId"] || o["provider_product_id"] != n["providerProductId"] || len(o) != len(n) {
			t.Errorf("server %d: %v / %v", i, o["server_id"], n["serverId"])
		}
		dc, _ := o["data_center"].(map[string]any)
		ndc, _ := n["dataCenter"].(map[string]any)
		if dc == nil || dc["data_center_id"] != ndc["dataCenterId"] {
			t.Errorf("server %v: data_center %v, dataCenter %v", o["server_id"], o["data_center"], n["dataCenter"])
		}
	}
	if strings.ContainsAny(strings.Join(keysOf(oldList), ""), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		t.Errorf("camelCase keys in dcm-list-servers --json: %v", keysOf(oldList))
	}
	if !strings.Contains(old.stdout, "\n    {\n        \"agent_version\": ") {
		t.Errorf("not indented by 4 with sorted keys:\n%.200s", old.stdout)
	}
}

// keysOf is every key of the objects, at every depth.
func keysOf(v any) []string {
	var keys []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			keys = append(append(keys, k), keysOf(e)...)
		}
	case []map[string]any:
		for _, e := range x {
			keys = append(keys, keysOf(e)...)
		}
	case []any:
		for _, e := range x {
			keys = append(keys, keysOf(e)...)
		}
	}
	return keys
}

func TestDcmToolsRunAgainstLocalState(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "local.db")
	local := []string{"--local", "--local-state", state}
	run := func(args ...string) result {
		return runCLI(t, nil, "", append(append([]string{"dcm"}, args...), local...)...)
	}

	if r := run("dcm-get", "geography/DataCenter", "{'regionId':19344}"); r.code != ExitOK || !strings.Contains(r.stdout, `"dataCenters"`) {
		t.Errorf("dcm-get dict form: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run("dcm-get", "admin/Job/99999999", "--statuscodeonly"); r.code != ExitOK || strings.TrimSpace(r.stdout) != "404" {
		t.Errorf("--statuscodeonly: exit %d, stdout %q", r.code, r.stdout)
	}
	if r := run("dcm-get", "geography/Region", "--statuscode"); r.code != ExitOK || !strings.HasPrefix(r.stdout, "200\n{\n  \"regions\": [") {
		t.Errorf("--statuscode: exit %d, stdout %.40q", r.code, r.stdout)
	}
	if r := run("dcm-check-job", "99999999"); r.code != 1 || r.stdout != "NONE\n" {
		t.Errorf("check-job of a missing job: exit %d, stdout %q", r.code, r.stdout)
	}
	if r := run("dcm-check-job", "84310"); r.code != ExitOK || r.stdout != "COMPLETE\n" {
		t.Errorf("check-job of a seeded job: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := run("dcm-get", "admin/Job/99999999"); r.code != ExitAPI {
		t.Errorf("dcm-get of a missing job: exit %d, want %d", r.code, ExitAPI)
	}
	if r := run("dcm-list-regions", "--csv"); r.code != ExitOK || !strings.Contains(r.stdout, "us-east-1") {
		t.Errorf("dcm-list-regions --csv: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Client-side filters apply to the listed items, as the old tools'.
	if r := run("dcm-list-servers", "--budgetid", "1513", "--csv", "--no-such"); r.code != ExitUsage {
		t.Errorf("unknown flag among filters: exit %d", r.code)
	}
	all := run("dcm-list-servers", "--json")
	some := run("dcm-list-servers", "--budgetid", "1513", "--json")
	none := run("dcm-list-servers", "--budgetid", "999", "--json")
	if all.code != ExitOK || some.code != ExitOK || none.code != ExitOK {
		t.Fatalf("filtered lists: exit %d %d %d\n%s%s", all.code, some.code, none.code, some.stderr, none.stderr)
	}
	if n, m := strings.Count(some.stdout, `"server_id"`), strings.Count(all.stdout, `"server_id"`); n == 0 || n >= m || strings.Contains(some.stdout, `"budget": 1512`) {
		t.Errorf("--budgetid 1513 kept %d of %d servers:\n%s", n, m, some.stdout)
	}
	if strings.Contains(none.stdout, `"server_id"`) {
		t.Errorf("--budgetid 999 kept servers:\n%s", none.stdout)
	}
	if r := run("es-dump.py", "geography/Region"); r.code != ExitOK || !strings.Contains(r.stdout, `"regions"`) {
		t.Errorf("es-dump.py: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run("dcm-list-api-versions", "--active"); r.code != ExitOK || strings.TrimSpace(r.stdout) == "" {
		t.Errorf("dcm-list-api-versions --active: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run("dcm-head", "geography/Region"); r.code != ExitOK || strings.TrimSpace(r.stdout) == "" {
		t.Errorf("dcm-head: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestDcmToolRefusals(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"dcm", "dcm-list-storage-objects"}, ExitUsage, "missing required flag(s) --regionid/-r"},
		{[]string{"dcm", "dcm-post", "infrastructure/Volume"}, ExitUsage, "one of --json, --xml is required"},
		{[]string{"dcm", "dcm-list-servers", "--nope"}, ExitUsage, "unknown flag --nope"},
		{[]string{"dcm", "dcm-api-tests"}, ExitUsage, "not supported"},
		{[]string{"dcm", "dcm-set-acl", "-i"}, ExitUsage, "-i expects a value"},
		{[]string{"dcm", "dcm-no-such-tool"}, ExitUsage, "unknown tool"},
		{[]string{"dcm"}, ExitUsage, "name a tool"},
		{[]string{"dcm", "dcm-list-servers"}, ExitConfig, ""},                                // no keys configured
		{[]string{"dcm", "mixcoatl"}, 1, ""},                                                 // its help, as before
		{[]string{"dcm", "mixcoatl", "--reset_config"}, ExitUsage, "configure: no endpoint"}, // runs configure
	}
	for _, tc := range cases {
		r := runCLI(t, nil, "", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.msg) {
			t.Errorf("%q: exit %d (want %d), stderr %q (want %q)", tc.args, r.code, tc.code, r.stderr, tc.msg)
		}
	}
}

func TestDcmToolHelp(t *testing.T) {
	t.Parallel()
	r := runCLI(t, nil, "", "dcm", "dcm-list-volumes", "-h")
	if r.code != ExitOK || !strings.Contains(r.stdout, "usage: dcm-list-volumes") || !strings.Contains(r.stdout, "the same data as: mixcoatl volume list") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestCompatList(t *testing.T) {
	t.Parallel()
	r := runCLI(t, nil, "", "dcm", "list")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, tool := range compat.Tools() {
		if !strings.Contains(r.stdout, tool.Name+" ") {
			t.Errorf("compat list lacks %s", tool.Name)
		}
	}
	if !strings.Contains(r.stdout, "mixcoatl server list") {
		t.Errorf("compat list shows no new commands:\n%s", r.stdout)
	}
}

func TestCompatInstall(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "mixcoatl")
	if err := os.WriteFile(target, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	install := func(extra ...string) result {
		return runCLI(t, nil, "", append([]string{"dcm", "install", dir, "--target", target}, extra...)...)
	}
	first := install()
	if first.code != ExitOK || !strings.Contains(first.stdout, "created "+filepath.Join(dir, "dcm-list-servers")) {
		t.Fatalf("first install: exit %d\n%s%s", first.code, first.stdout, first.stderr)
	}
	for _, tool := range compat.Tools() {
		link := filepath.Join(dir, tool.Name)
		got, err := os.Readlink(link)
		if tool.Name == "mixcoatl" {
			if err == nil {
				t.Errorf("install made a link named mixcoatl")
			}
			continue
		}
		if err != nil || got != target {
			t.Errorf("%s → %q (%v), want %s", tool.Name, got, err, target)
		}
	}
	// Idempotent.
	if again := install(); again.code != ExitOK || strings.Contains(again.stdout, "created") || !strings.Contains(again.stdout, "kept") {
		t.Errorf("second install: exit %d\n%s%s", again.code, again.stdout, again.stderr)
	}
	// A link pointing elsewhere needs --force; a regular file is never replaced.
	other := filepath.Join(dir, "dcm-get")
	if err := os.Remove(other); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/elsewhere", other); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "dcm-head")
	if err := os.Remove(plain); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(plain, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	refused := install()
	if refused.code == ExitOK || !strings.Contains(refused.stderr, "--force") || !strings.Contains(refused.stderr, "not a symlink") {
		t.Errorf("install over foreign files: exit %d\n%s", refused.code, refused.stderr)
	}
	forced := install("--force")
	if got, _ := os.Readlink(other); got != target || !strings.Contains(forced.stdout, "replaced "+other) {
		t.Errorf("--force: %s → %q\n%s", other, got, forced.stdout)
	}
	if data, _ := os.ReadFile(plain); string(data) != "mine" || forced.code == ExitOK {
		t.Errorf("--force replaced a regular file or succeeded anyway: %q, exit %d", data, forced.code)
	}
	if r := runCLI(t, nil, "", "dcm", "install", filepath.Join(dir, "missing")); r.code != ExitUsage {
		t.Errorf("install into a missing directory: exit %d", r.code)
	}
}

// `mixcoatl compat list|install` is the same command under its own name,
// once the root adds newCompatAdminCommand.
func TestCompatAdminCommand(t *testing.T) {
	t.Parallel()
	env := Env{}.withDefaults()
	var out strings.Builder
	env.Stdout = &out
	root := newRootCommand(&env)
	root.AddCommand(newCompatAdminCommand(&env))
	root.SetArgs([]string{"compat", "list"})
	if err := root.Execute(); err != nil || !strings.Contains(out.String(), "dcm-list-servers") {
		t.Fatalf("compat list: %v\n%s", err, out.String())
	}
}

// The exit statuses the old list and describe tools defined, through Run:
// 1 with their own message on stdout, 2 for the old parsers' refusals.
func TestDcmToolExitStatuses(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "local.db")
	run := func(args ...string) result {
		return runCLI(t, nil, "", append(append([]string{"dcm"}, args...), "--local", "--local-state", state)...)
	}
	cases := []struct {
		args   []string
		code   int
		stdout string
	}{
		{[]string{"dcm-describe-server", "99"}, 1, "Cannot find the server by the ID.\n"},
		{[]string{"dcm-describe-job", "99"}, 1, "Cannot find the Job by the ID.\n"},
		{[]string{"dcm-list-server-products", "-p", "nowhere"}, 1, "Provider region id: nowhere not found\n"},
		{[]string{"dcm-list-servers", "-b", "999"}, ExitOK, "No results found.\n"},
		{[]string{"dcm-list-servers", "-b", "999", "--csv"}, 1, ""},
		{[]string{"dcm-list-servers", "--json", "--xml"}, ExitUsage, ""},
		{[]string{"dcm-list-volumes", "--minsize", "big"}, ExitUsage, ""},
	}
	for _, tc := range cases {
		r := run(tc.args...)
		if r.code != tc.code || r.stdout != tc.stdout {
			t.Errorf("%q: exit %d, stdout %q (want %d, %q); stderr %q", tc.args, r.code, r.stdout, tc.code, tc.stdout, r.stderr)
		}
	}
	// Without --cm the old tool printed its usage and exited 1.
	if r := run("dcm-list-cm-scripts"); r.code != 1 || !strings.HasPrefix(r.stdout, "usage: dcm-list-cm-scripts") {
		t.Errorf("dcm-list-cm-scripts without --cm: exit %d\n%s", r.code, r.stdout)
	}
}

// The write tools' exit statuses through the command line: 0 and the new
// id on success; 1 where the old tool printed the API's message and
// exited 1; mixcoatl's status for the error (with the old text on
// standard output) where the old tool printed it and exited 0.
func TestDcmWriteToolsExitStatus(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "local.db")
	run := func(args ...string) result {
		return runCLI(t, nil, "", append(append([]string{"dcm"}, args...), "--local", "--local-state", state)...)
	}
	if r := run("dcm-create-group", "-n", "qa", "-d", "Testers"); r.code != ExitOK || !regexp.MustCompile(`^\d+\n$`).MatchString(r.stdout) {
		t.Errorf("create-group: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := run("dcm-start-server", "-s", "99999999"); r.code != 1 || strings.TrimSpace(r.stdout) == "" {
		t.Errorf("start of a missing server: exit %d, stdout %q", r.code, r.stdout)
	}
	if r := run("dcm-terminate-server", "-s", "99999999"); r.code != ExitAPI || strings.TrimSpace(r.stdout) == "" || r.stderr == "" {
		t.Errorf("terminate of a missing server: exit %d (want %d), stdout %q, stderr %q", r.code, ExitAPI, r.stdout, r.stderr)
	}
}

// The old mixcoatl command reads no API: --version runs without keys.
func TestOldMixcoatlCommandNeedsNoKeys(t *testing.T) {
	t.Parallel()
	r := runCLI(t, nil, "", "dcm", "mixcoatl", "--version")
	if r.code != ExitOK || !strings.HasPrefix(r.stdout, "Mixcoatl version installed: ") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
