package cli

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
)

var launchArgs = []string{"server", "launch", "--name", "web-9", "--image", "300", "--product", "615",
	"--datacenter", "64351", "--budget", "1512", "-o", "json"}

func TestLaunchWaitPrintsRunningServer(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	got := runResource(t, emu, nil, append(launchArgs, "--wait", "--wait-interval", "10ms")...)
	if got.code != ExitOK {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	items := decodeItems(t, got.stdout)
	if len(items) != 1 || items[0]["status"] != "RUNNING" || items[0]["name"] != "web-9" || items[0]["description"] != "web-9" {
		t.Fatalf("printed %v, want the RUNNING server web-9 (description defaulted to the name)", items)
	}
}

func TestLaunchWithoutWaitPrintsJob(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	got := runResource(t, emu, nil, launchArgs...)
	items := decodeItems(t, got.stdout)
	if got.code != ExitOK || len(items) != 1 || items[0]["jobId"] == nil || items[0]["status"] != "RUNNING" {
		t.Fatalf("exit %d, printed %v\n%s", got.code, items, got.stderr)
	}
}

func TestWaitJobErrorExits6(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		emu := dcmtest.New(t, dcmtest.WithJobMode("", engine.JobMode{Mode: "fail", Polls: 2, Message: "no capacity in us-west-2a"}))
		got := runResource(t, emu, nil, append(launchArgs, "--wait")...)
		if got.code != ExitJobFailed || !strings.Contains(got.stderr, "no capacity in us-west-2a") {
			t.Fatalf("exit %d, want %d with the job's message\n%s", got.code, ExitJobFailed, got.stderr)
		}
	})
}

func TestWaitTimeoutExits7(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		emu := dcmtest.New(t, dcmtest.WithJobMode("", engine.JobMode{Mode: "duration", Duration: time.Hour}))
		got := runResource(t, emu, nil, "server", "stop", "331810", "--yes", "--wait", "--wait-timeout", "2m")
		if got.code != ExitWaitTimeout {
			t.Fatalf("exit %d, want %d\n%s", got.code, ExitWaitTimeout, got.stderr)
		}
	})
}

func TestDryRunPrintsRedactedRequestAndChangesNothing(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	before := runResource(t, emu, nil, "server", "count", "--all")
	got := runResource(t, emu, nil, "server", "terminate", "331810", "--reason", "old", "--terminate-after", "2h", "--dry-run", "--debug")
	if got.code != ExitOK {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	for _, want := range []string{"DELETE " + emu.Config.Endpoint + "/infrastructure/Server/331810?", "reason=old",
		"terminateAfter=7200000", "X-Esauth-Signature: [REDACTED]", "X-Esauth-Access: " + emu.Config.AccessKey} {
		if !strings.Contains(got.stdout, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, got.stdout)
		}
	}
	if n := countWrites(emu); n != 0 {
		t.Errorf("%d write(s) reached the emulator", n)
	}
	after := runResource(t, emu, nil, "server", "get", "331810", "-o", "json")
	if items := decodeItems(t, after.stdout); len(items) != 1 || items[0]["status"] != "RUNNING" {
		t.Errorf("server changed: %v", items)
	}
	if again := runResource(t, emu, nil, "server", "count", "--all"); again.stdout != before.stdout {
		t.Errorf("count %q, was %q", again.stdout, before.stdout)
	}
}

func TestDryRunRedactsPasswords(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	got := runResource(t, emu, nil, "user", "create", "--given-name", "A", "--family-name", "B",
		"--email", "a@example.com", "--password", "hunter2-very-secret", "--dry-run")
	if got.code != ExitOK || strings.Contains(got.stdout, "hunter2-very-secret") || !strings.Contains(got.stdout, `"addUser"`) {
		t.Fatalf("exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
}

// fakeTerminal is a standard input that says it is a terminal.
type fakeTerminal struct{ *bytes.Buffer }

func (fakeTerminal) IsTerminal() bool { return true }

func TestDestructiveVerbsAskForConfirmation(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	refused := runResource(t, emu, stdinWith(""), "server", "terminate", "331810")
	if refused.code != ExitUsage || !strings.Contains(refused.stderr, "--yes") || !strings.Contains(refused.stderr, "server 331810") {
		t.Fatalf("without a terminal: exit %d\n%s", refused.code, refused.stderr)
	}
	declined := runResource(t, emu, fakeTerminal{bytes.NewBufferString("n\n")}, "volume", "detach", "5101")
	if declined.code != ExitDeclined || !strings.Contains(declined.stderr, "Detach volume 5101?") ||
		!strings.Contains(declined.stderr, "nothing was sent") || strings.Contains(declined.stderr, "for usage") {
		t.Fatalf("declined: exit %d\n%s", declined.code, declined.stderr)
	}
	if n := countWrites(emu); n != 0 {
		t.Fatalf("%d write(s) sent without confirmation", n)
	}
	accepted := runResource(t, emu, fakeTerminal{bytes.NewBufferString("y\n")}, "volume", "detach", "5101")
	if accepted.code != ExitOK || countWrites(emu) != 1 {
		t.Fatalf("accepted: exit %d, %d writes\n%s", accepted.code, countWrites(emu), accepted.stderr)
	}
}

func TestUsageErrorsBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	for _, args := range [][]string{
		{"server", "launch", "--name", "x"},                  // required fields missing
		{"job", "get", "latest"},                             // not an id (jobs have no names)
		{"server", "list", "--region-id", "nowhere-at-all"},  // unknown region name
		{"server", "list", "-o", "pdf"},                      // bad format
		{"server", "stop", "331810", "--yes", "--data", "{"}, // bad JSON
		{"firewall-rule", "add-rule", "--firewall-id", "24002", "--source", "x", "--direction", "INGRESS", "--protocol", "TCP"}, // other version's form
		{"server", "list", "--profile", "a,b", "--local"},                                                                       // several profiles with --local
	} {
		got := runResource(t, emu, nil, args...)
		if got.code != ExitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, got.code, ExitUsage, got.stderr)
		}
	}
	for _, r := range emu.Server.Requests() {
		if r.Method != "GET" || !strings.HasSuffix(r.Path, "geography/Region") {
			t.Errorf("request sent: %s %s", r.Method, r.Path)
		}
	}
}

func TestDataPayloadWithFlagOverride(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	got := runResource(t, emu, nil, "group", "create", "--data", `{"addGroup":{"group":{"name":"a","description":"from data"}}}`,
		"--name", "b", "-o", "json")
	items := decodeItems(t, got.stdout)
	if got.code != ExitOK || len(items) != 1 || items[0]["name"] != "b" || items[0]["description"] != "from data" {
		t.Fatalf("exit %d, %v\n%s", got.code, items, got.stderr)
	}
}

func TestProfilesMergeInProfileOrder(t *testing.T) {
	t.Parallel()
	a, b := dcmtest.New(t), dcmtest.New(t)
	srvA, srvB := httptest.NewServer(a.Server), httptest.NewServer(b.Server)
	t.Cleanup(srvA.Close)
	t.Cleanup(srvB.Close)
	dir := t.TempDir()
	cfg := `{"version":1,"profiles":{
	  "a":{"access_key":"` + a.Config.AccessKey + `","secret_key":"` + a.Config.SecretKey + `","endpoint":"` + srvA.URL + `/api/enstratus/2012-06-15"},
	  "b":{"access_key":"` + b.Config.AccessKey + `","secret_key":"` + b.Config.SecretKey + `","endpoint":"` + srvB.URL + `/api/enstratus/2012-06-15"}}}`
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), Env{
		Args:   []string{"region", "list", "--profile", "b,a", "-o", "json"},
		Stdout: &stdout, Stderr: &stderr, ConfigDir: dir, LegacyDir: "-",
	})
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	out := stdout.String()
	for _, secret := range []string{a.Config.SecretKey, b.Config.SecretKey} {
		if strings.Contains(out+stderr.String(), secret) {
			t.Fatal("a secret key was printed")
		}
	}
	items := decodeItems(t, out)
	if len(items) < 2 || items[0]["profile"] != "b" || items[len(items)-1]["profile"] != "a" {
		t.Fatalf("items not in profile order b, a: %v", items)
	}
	half := len(items) / 2
	if items[0]["endpoint"] != srvB.URL+"/api/enstratus/2012-06-15" || items[half]["profile"] != "a" || items[half]["regionId"] != items[0]["regionId"] {
		t.Errorf("merge: %v", items)
	}
}
