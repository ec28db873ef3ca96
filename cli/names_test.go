package cli

import (
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcmtest"
)

// Names stand for ids wherever an id is: positional ids of reads and
// writes, reference flags, and a data centre's id stands for its region.
func TestNamesWhereIDsAre(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"region", "get", "us-west-2", "-o", "json"}, `"regionId": 19344`},
		{[]string{"server", "get", "web-01", "-o", "json"}, `"serverId": 331810`},
		{[]string{"data-center", "get", "us-west-2a", "--region", "Oregon (us-west-2)", "-o", "json"}, `"dataCenterId": 64351`},
		{[]string{"volume", "attach", "scratch", "--server", "web-01", "--device", "/dev/sdh", "--dry-run"},
			`/infrastructure/Volume/5102` + "\n"},
		{[]string{"volume", "attach", "scratch", "--server", "web-01", "--dry-run"}, `{"attach":[{"server":{"serverId":331810}}]}`},
		{[]string{"server", "launch", "--name", "x", "--image", "3801", "--product", "m1.small", "--datacenter", "64351", "--budget", "1512", "--dry-run"},
			`"product":{"productId":616}`},
	} {
		got := runResource(t, emu, nil, tc.args...)
		if got.code != ExitOK || !strings.Contains(got.stdout, tc.want) {
			t.Errorf("%v: exit %d, stdout lacks %q\n%s%s", tc.args, got.code, tc.want, got.stdout, got.stderr)
		}
	}
	// A data centre's name needs its region; the message says which flag.
	got := runResource(t, emu, nil, "data-center", "get", "us-west-2a")
	if got.code != ExitUsage || !strings.Contains(got.stderr, "needs --region") {
		t.Errorf("exit %d\n%s", got.code, got.stderr)
	}
	// The prompt of a destructive verb shows the name and the id.
	got = runResource(t, emu, nil, "server", "stop", "web-01")
	if got.code != ExitUsage || !strings.Contains(got.stderr, "server web-01 (331810)") {
		t.Errorf("exit %d\n%s", got.code, got.stderr)
	}
}

// A table names its references with one lookup per referenced collection,
// never one per row, and the next table with none.
func TestTablesNameReferencesWithoutAskingPerRow(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	env := withHome(emulatorEnv(emu, "server", "list"), t.TempDir())
	first := runEmulator(t, t.Context(), emu, env)
	if first.code != ExitOK || !strings.Contains(first.stdout, "Oregon (us-west-2)") || !strings.Contains(first.stdout, "us-west-2a") {
		t.Fatalf("exit %d\n%s%s", first.code, first.stdout, first.stderr)
	}
	perPath := map[string]int{}
	for _, r := range emu.Server.Requests() {
		perPath[r.Method+" "+r.Path]++
	}
	for path, n := range perPath {
		if n > 1 {
			t.Errorf("%s asked %d times", path, n)
		}
	}
	if n := perPath["GET /api/enstratus/2012-06-15/geography/Region"]; n != 1 {
		t.Errorf("regions listed %d times, want once: %v", n, perPath)
	}
	emu.Server.ResetRequests()
	if again := runEmulator(t, t.Context(), emu, env); again.stdout != first.stdout {
		t.Errorf("second table differs:\n%s", again.stdout)
	}
	if n := len(emu.Server.Requests()); n != 1 {
		t.Errorf("the second table made %d requests, want only the listing", n)
	}
}
