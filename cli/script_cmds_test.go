package cli

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCommands are the scripts' own commands:
//
//	exitcode N
//	    the last mixcoatl run exited with N (testscript's exec only tells
//	    zero from non-zero)
//	interrupt INT|TERM PATTERN mixcoatl ARGS…
//	    runs mixcoatl, sends it the signal once a line of its stderr
//	    matches PATTERN (so the signal arrives while it waits, with no
//	    timing guess), and keeps its output in $WORK/interrupted.stdout and
//	    $WORK/interrupted.stderr
var scriptCommands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"exitcode":  cmdExitCode,
	"interrupt": cmdInterrupt,
}

func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: exitcode N")
	}
	got := strings.TrimSpace(ts.ReadFile(ts.Getenv(exitFileVar)))
	if got != args[0] {
		ts.Fatalf("mixcoatl exited %s, want %s", got, args[0])
	}
}

func cmdInterrupt(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: interrupt INT|TERM PATTERN PROGRAM ARGS…")
	}
	sig := map[string]os.Signal{"INT": os.Interrupt, "TERM": syscall.SIGTERM}[args[0]]
	if sig == nil {
		ts.Fatalf("unknown signal %s", args[0])
	}
	ready, err := regexp.Compile(args[1])
	ts.Check(err)
	cmd := exec.Command(lookPath(ts, args[2]), args[3:]...)
	cmd.Dir = ts.Getenv("WORK")
	cmd.Env = scriptEnv(ts)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	pipe, err := cmd.StderrPipe()
	ts.Check(err)
	ts.Check(cmd.Start())
	lines := bufio.NewReader(pipe)
	for {
		line, err := lines.ReadString('\n')
		stderr.WriteString(line)
		if ready.MatchString(line) {
			break
		}
		if err != nil {
			_ = cmd.Wait()
			ts.Fatalf("%s ended before its stderr matched %q:\n%s", args[2], args[1], stderr.String())
		}
	}
	ts.Check(cmd.Process.Signal(sig))
	_, _ = io.Copy(&stderr, lines)
	err = cmd.Wait()
	if _, ok := errors.AsType[*exec.ExitError](err); err != nil && !ok {
		ts.Fatalf("%s: %v", args[2], err)
	}
	work := ts.Getenv("WORK")
	ts.Check(os.WriteFile(filepath.Join(work, "interrupted.stdout"), stdout.Bytes(), 0o600))
	ts.Check(os.WriteFile(filepath.Join(work, "interrupted.stderr"), stderr.Bytes(), 0o600))
	ts.Logf("[exit %d]", cmd.ProcessState.ExitCode())
}

// lookPath finds a program on the script's PATH (where testscript puts the
// test binary under the names TestMain registers).
func lookPath(ts *testscript.TestScript, name string) string {
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	ts.Fatalf("%s is not on the script's PATH", name)
	return ""
}

// scriptEnv is the environment a script's commands run with, as far as the
// CLI reads it.
func scriptEnv(ts *testscript.TestScript) []string {
	env := os.Environ()
	for _, k := range []string{"PATH", "HOME", "WORK", "TMPDIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
		exitFileVar, "ES_ACCESS_KEY", "ES_SECRET_KEY", "ES_ENDPOINT"} {
		env = append(env, k+"="+ts.Getenv(k))
	}
	return env
}
