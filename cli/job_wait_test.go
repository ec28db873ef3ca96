package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
)

// runningServer is a RUNNING server of the default seed.
const runningServer = "331810"

// runJobWaitCommand runs `job wait -o json` through Run against emu (a
// later -o in args wins).
func runJobWaitCommand(ctx context.Context, emu *dcmtest.Emulator, args ...string) result {
	return runEnv(ctx, emulatorEnv(emu, append([]string{"job", "wait", "-o", "json"}, args...)...))
}

// stopServer starts an asynchronous stop and returns its job id.
func stopServer(t *testing.T, emu *dcmtest.Emulator) string {
	t.Helper()
	resp, err := emu.Client().Put(context.Background(), "infrastructure/Server/"+runningServer, []byte(`{"stop":[{"reason":"test"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := dcm.DecodeJobs(resp.Body, dcm.FormatJSON)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("stop answered %s (%v)", resp.Body, err)
	}
	return jobIDText(jobs[0])
}

func jobIDText(j dcm.Job) string {
	b, _ := json.Marshal(j.JobID)
	return string(b)
}

func TestJobWaitCompletePrintsJobs(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		emu := dcmtest.New(t, dcmtest.WithJobMode("", engine.JobMode{Mode: "polls", Polls: 3}))
		id := stopServer(t, emu)
		res := runJobWaitCommand(context.Background(), emu, id)
		if res.code != ExitOK {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", res.code, res.stdout, res.stderr)
		}
		var out []dcm.Job
		if err := json.Unmarshal([]byte(res.stdout), &out); err != nil || len(out) != 1 {
			t.Fatalf("stdout %q is not the jobs (%v)", res.stdout, err)
		}
		if got := out[0]; jobIDText(got) != id || got.Status != dcm.JobStatusComplete {
			t.Errorf("printed %+v, want job %s COMPLETE", got, id)
		}
		// Not a terminal: plain progress lines on stderr, never on stdout.
		if !strings.Contains(res.stderr, "job "+id) || !strings.Contains(res.stderr, "COMPLETE after") {
			t.Errorf("stderr %q lacks the progress lines", res.stderr)
		}
		if strings.Contains(res.stdout, "RUNNING") || strings.ContainsAny(res.stderr, "\r\x1b") {
			t.Errorf("progress leaked to stdout or drew a spinner off a terminal:\nstdout %q\nstderr %q", res.stdout, res.stderr)
		}
	})
}

func TestJobWaitErrorExits6(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		emu := dcmtest.New(t, dcmtest.WithJobMode("", engine.JobMode{Mode: "fail", Polls: 2, Message: "the hypervisor said no"}))
		id := stopServer(t, emu)
		res := runJobWaitCommand(context.Background(), emu, id)
		if res.code != ExitJobFailed {
			t.Fatalf("exit %d, want %d\nstderr: %s", res.code, ExitJobFailed, res.stderr)
		}
		if !strings.Contains(res.stderr, "the hypervisor said no") {
			t.Errorf("stderr %q lacks the job's message", res.stderr)
		}
		if !strings.Contains(res.stdout, `"status": "ERROR"`) {
			t.Errorf("the failed job was not printed: %q", res.stdout)
		}
	})
}

func TestJobWaitTimeoutExits7(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		emu := dcmtest.New(t, dcmtest.WithJobMode("", engine.JobMode{Mode: "duration", Duration: time.Hour}))
		id := stopServer(t, emu)
		start := time.Now()
		res := runJobWaitCommand(context.Background(), emu, id, "--timeout", "90s")
		if res.code != ExitWaitTimeout {
			t.Fatalf("exit %d, want %d\nstderr: %s", res.code, ExitWaitTimeout, res.stderr)
		}
		if got := time.Since(start); got != 90*time.Second {
			t.Errorf("gave up after %s, want 90s", got)
		}
		if !strings.Contains(res.stderr, "mixcoatl job wait "+id) {
			t.Errorf("stderr %q does not say how to continue", res.stderr)
		}
		if res.stdout != "" {
			t.Errorf("a job still running was printed: %q", res.stdout)
		}
	})
}

// Under the job command, with the resource tree's output flags, job wait
// prints in the -o format chosen, and rejects a bad one before waiting.
func TestJobWaitUsesInheritedOutputFlags(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		emu := dcmtest.New(t, dcmtest.WithJobMode("", engine.JobMode{Mode: "polls", Polls: 1}))
		id := stopServer(t, emu)
		res := runJobWaitCommand(context.Background(), emu, id, "-o", "yaml")
		if res.code != ExitOK || !strings.Contains(res.stdout, "jobId: "+id) || !strings.Contains(res.stdout, "status: COMPLETE") {
			t.Errorf("-o yaml: exit %d, stdout %q, stderr %q", res.code, res.stdout, res.stderr)
		}
		res = runJobWaitCommand(context.Background(), emu, id, "-o", "jsonl", "--query", ".[].status")
		if res.code != ExitOK || strings.TrimSpace(res.stdout) != `"COMPLETE"` {
			t.Errorf("--query .[].status: exit %d, stdout %q, stderr %q", res.code, res.stdout, res.stderr)
		}
		before := len(emu.Server.Requests())
		res = runJobWaitCommand(context.Background(), emu, id, "-o", "pdf")
		if res.code != ExitUsage {
			t.Errorf("-o pdf: exit %d, want %d", res.code, ExitUsage)
		}
		if len(emu.Server.Requests()) != before {
			t.Error("a bad -o still polled the job")
		}
	})
}

func TestJobWaitBadArguments(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	for _, args := range [][]string{{}, {"abc"}, {"0"}, {"12", "-3"}, {"12", "--timeout", "-1s"}} {
		res := runJobWaitCommand(context.Background(), emu, args...)
		if res.code != ExitUsage {
			t.Errorf("job wait %q: exit %d, want %d (%s)", args, res.code, ExitUsage, res.stderr)
		}
	}
	if n := len(emu.Server.Requests()); n != 0 {
		t.Errorf("bad arguments sent %d requests", n)
	}
}

func TestJobWaitUnknownJobIsAnAPIError(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	res := runJobWaitCommand(context.Background(), emu, "987654321")
	if res.code != ExitAPI {
		t.Errorf("exit %d, want %d (%s)", res.code, ExitAPI, res.stderr)
	}
}

// `job wait` under the job resource command, through the real entry point,
// gives the same exit codes as the harness above.
func TestJobWaitThroughRun(t *testing.T) {
	t.Parallel()
	probe := Env{}
	if cmd, _, err := newRootCommand(&probe).Find([]string{"job", "wait"}); err != nil || cmd.Name() != "wait" {
		t.Skip("`job wait` is not attached to the command tree yet")
	}
	synctest.Test(t, func(t *testing.T) {
		emu := dcmtest.New(t, dcmtest.WithJobMode("", engine.JobMode{Mode: "fail", Polls: 1, Message: "boom"}))
		failed := stopServer(t, emu)
		if res := runEnv(context.Background(), emulatorEnv(emu, "job", "wait", failed)); res.code != ExitJobFailed {
			t.Errorf("failed job: exit %d, want %d (%s)", res.code, ExitJobFailed, res.stderr)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		emu := dcmtest.New(t, dcmtest.WithJobMode("", engine.JobMode{Mode: "duration", Duration: time.Hour}))
		slow := stopServer(t, emu)
		if res := runEnv(context.Background(), emulatorEnv(emu, "job", "wait", "--timeout", "1m", slow)); res.code != ExitWaitTimeout {
			t.Errorf("timeout: exit %d, want %d (%s)", res.code, ExitWaitTimeout, res.stderr)
		}
	})
}
