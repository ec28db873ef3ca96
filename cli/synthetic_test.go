package cli

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/internal/synthetic"
)

// A resource that only a copy of the catalogue describes gets the whole
// command tree: aliases, list with pagination and filters, get, a create
// whose form depends on the API version, an async action with name
// resolution and --wait, a delete with a required parameter, and help
// whose examples come from the catalogue. No code names the resource.
func TestCLIRunsASyntheticResource(t *testing.T) {
	t.Parallel()
	cat, err := synthetic.Catalog(synthetic.Widget)
	if err != nil {
		t.Fatal(err)
	}
	api := synthetic.NewAPI()
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	home := t.TempDir()
	run := func(version string, args ...string) result {
		t.Helper()
		vars := map[string]string{
			"DCM_ACCESS_KEY": "ACCESS", "DCM_SECRET_KEY": "SECRET-KEY-OF-THE-TEST",
			"DCM_ENDPOINT": srv.URL + dcm.APIBasePath + "/" + version, "HOME": home,
		}
		env := Env{Args: args, Catalog: cat, Getenv: func(k string) string { return vars[k] }, LegacyDir: "-", ConfigDir: home}
		got := runEnv(context.Background(), env)
		if strings.Contains(got.stdout+got.stderr, vars["DCM_SECRET_KEY"]) {
			t.Errorf("%v printed the secret key", args)
		}
		return got
	}
	const now, old = "2015-05-25", "2012-06-15"

	for _, tc := range []struct {
		args []string
		want string // a member of every printed object, or "" for none
		n    int    // objects printed
	}{
		{[]string{"widget", "list", "-o", "json"}, `"widgetId"`, 3},
		{[]string{"gizmos", "list", "--shelf-id", "3", "-o", "json"}, `"shelfId"`, 2},
		{[]string{"widget", "get", "8", "-o", "json"}, `"gizmo-two"`, 1},
		{[]string{"widget", "create", "--name", "new-one", "--color", "teal", "-o", "json"}, `"teal"`, 1},
		{[]string{"widget", "spin", "7", "--turns", "2", "--partner", "gizmo-two", "-o", "json"}, `"RUNNING"`, 1},
		{[]string{"widget", "twirl", "8", "--turns", "1", "--wait", "-o", "json"}, `"gizmo-two"`, 1},
	} {
		got := run(now, tc.args...)
		items := decodeItems(t, got.stdout)
		if got.code != ExitOK || len(items) != tc.n || !strings.Contains(got.stdout, tc.want) {
			t.Errorf("%v: exit %d, %d objects, want %d with %s\nstdout: %s\nstderr: %s", tc.args, got.code, len(items), tc.n, tc.want, got.stdout, got.stderr)
		}
	}
	// Shelf 3 holds the two seeded widgets and the one created above.
	if got := run(now, "widget", "count", "--shelf-id", "3"); got.code != ExitOK || strings.TrimSpace(got.stdout) != "3" {
		t.Errorf("count: exit %d, printed %q\n%s", got.code, got.stdout, got.stderr)
	}
	if got := run(now, "widget", "delete", "9", "--reason", "old", "--yes"); got.code != ExitOK || !strings.Contains(got.stderr, "widget 9: deleted") {
		t.Errorf("delete: exit %d\n%s", got.code, got.stderr)
	}
	// The spin named its partner: the name was looked up with a list.
	var spin string
	for _, r := range api.Requests() {
		if r.Method == "PUT" && r.Path == "platform/Widget/7" {
			spin = string(r.Body)
		}
	}
	if spin != `{"spin":{"partner":{"widgetId":8},"turns":2}}` {
		t.Errorf("spin sent %s, want the partner's name resolved to its id", spin)
	}

	before := len(api.Requests())
	for _, tc := range []struct {
		version string
		args    []string
		want    string
	}{
		{old, []string{"widget", "create", "--name", "x", "--color", "red"}, "--color is not part of addWidget in API version 2012-06-15"},
		{old, []string{"widget", "create", "--data", `{"name":"x","color":"red"}`}, `"color" is not part of addWidget in API version 2012-06-15`},
		{now, []string{"widget", "create", "--color", "red"}, "--name is required (addWidget needs name)"},
		{now, []string{"widget", "delete", "8", "--yes"}, "--reason is required"},
		{now, []string{"widget", "spin", "8"}, "--turns is required"},
		{now, []string{"widget", "delete", "8", "--reason", "x"}, "would delete widget 8: pass --yes"},
	} {
		got := run(tc.version, tc.args...)
		if got.code != ExitUsage || !strings.Contains(got.stderr, tc.want) {
			t.Errorf("%v at %s: exit %d, stderr %q, want exit %d saying %q", tc.args, tc.version, got.code, got.stderr, ExitUsage, tc.want)
		}
	}
	if n := len(api.Requests()) - before; n != 0 {
		t.Errorf("usage errors sent %d request(s)", n)
	}
	if got := run(old, "widget", "create", "--name", "x", "--colour", "red", "-o", "json"); got.code != ExitOK || !strings.Contains(got.stdout, `"red"`) {
		t.Errorf("create in the older form: exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}

	help := run(now, "widget", "spin", "--help")
	for _, want := range []string{"mixcoatl --local widget spin 7 --turns 3", "--partner string", "widget id or name", "Aliases:\n  spin, twirl"} {
		if !strings.Contains(help.stdout, want) {
			t.Errorf("widget spin --help lacks %q:\n%s", want, help.stdout)
		}
	}
	if help := run(now, "gizmo", "--help"); !strings.Contains(help.stdout, "mixcoatl --local widget list\n  mixcoatl --local widget get 7") {
		t.Errorf("widget --help examples:\n%s", help.stdout)
	}
}
