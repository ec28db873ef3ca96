package compat_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mixcoatl/mixcoatl/cli/compat"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/rogpeppe/go-internal/txtar"
)

// update rewrites the runs of the archives with this implementation's
// output, for when the emulator's answers change on purpose; review the
// diff: only the changed members may move.
var update = flag.Bool("update", false, "rewrite testdata/golden/*.txtar from the current output")

// goldenClock is the time of the golden runs (dcm-list-server-terminate
// counts hours from it).
var goldenClock = time.Date(2014, 6, 5, 12, 0, 0, 0, time.UTC)

// exitSuffix marks a run's expected exit status in its file name: a
// number, or "error" for an error the cli package classifies by
// mixcoatl's exit codes (an API error's status).
var exitSuffix = regexp.MustCompile(` \(exit (\d+|error)\)$`)

// errorExit is the status of a run that ends in mixcoatl's error.
const errorExit = -1

// Every list and describe tool, in every format, against a fixed state
// (testdata/golden/seed.json): the text must be what mixcoatl 1.5.1
// printed, as testdata/golden/README.md and each archive's comment explain.
// Each file of an archive is one run: its name is the command line (and
// the exit status when it is not 0), its content standard output.
func TestGoldenOutputs(t *testing.T) {
	t.Parallel()
	seedDoc := goldenSeed(t)
	shared := goldenClient(t, seedDoc)
	reads, err := filepath.Glob("testdata/golden/*.txtar")
	if err != nil || len(reads) == 0 {
		t.Fatalf("no golden archives (%v)", err)
	}
	writes, err := filepath.Glob("testdata/golden/writes/*.txtar")
	if err != nil || len(writes) == 0 {
		t.Fatalf("no golden archives of the write tools (%v)", err)
	}
	covered := map[string]bool{}
	for _, path := range slices.Concat(reads, writes) {
		ar, err := txtar.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(bytes.TrimSpace(ar.Comment)) == 0 {
			t.Errorf("%s: no rule in the archive's comment", path)
		}
		for _, f := range ar.Files {
			covered[strings.Fields(f.Name)[0]] = true
		}
		if !slices.Contains(writes, path) {
			if *update {
				rewrite(t, shared, path, ar)
				continue
			}
			for _, f := range ar.Files {
				t.Run(f.Name, func(t *testing.T) {
					t.Parallel()
					checkRun(t, shared, path, f)
				})
			}
			continue
		}
		// The runs of a write tool's archive are a scenario: they change
		// the state, so they run in order against an emulator of their
		// own, seeded alike, whose jobs are done when accepted; a later
		// run may show what an earlier one did.
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			client := goldenClient(t, seedDoc, dcmtest.WithImmediateJobs())
			if *update {
				rewrite(t, client, path, ar)
				return
			}
			for _, f := range ar.Files {
				t.Run(f.Name, func(t *testing.T) { checkRun(t, client, path, f) })
			}
		})
	}
	for _, tool := range compat.Tools() {
		if tool.HasOutput() && !covered[tool.Name] {
			t.Errorf("%s prints the old formats but has no golden runs", tool.Name)
		}
	}
}

// checkRun runs one file of an archive and compares its output and exit
// status.
func checkRun(t *testing.T, client *dcm.Client, path string, f txtar.File) {
	t.Helper()
	line, want := f.Name, 0
	if m := exitSuffix.FindStringSubmatch(line); m != nil {
		line = strings.TrimSuffix(line, m[0])
		want = errorExit
		if m[1] != "error" {
			want, _ = strconv.Atoi(m[1])
		}
	}
	out, code := runTool(t, client, strings.Fields(line))
	if code != want {
		t.Errorf("exit %d, want %d", code, want)
	}
	if diff := cmp.Diff(string(f.Data), out); diff != "" {
		t.Errorf("output differs from %s (-want +got):\n%s", filepath.Base(path), diff)
	}
}

// rewrite replaces the archive's runs with the current output, keeping
// its comment and its command lines.
func rewrite(t *testing.T, client *dcm.Client, path string, ar *txtar.Archive) {
	t.Helper()
	for i, f := range ar.Files {
		line := exitSuffix.ReplaceAllString(f.Name, "")
		out, code := runTool(t, client, strings.Fields(line))
		switch code {
		case 0:
		case errorExit:
			line += " (exit error)"
		default:
			line += " (exit " + strconv.Itoa(code) + ")"
		}
		ar.Files[i] = txtar.File{Name: line, Data: []byte(out)}
	}
	if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// goldenSeed is the golden state, testdata/golden/seed.json.
func goldenSeed(t *testing.T) []byte {
	t.Helper()
	seedDoc, err := os.ReadFile("testdata/golden/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	return seedDoc
}

// goldenClient is a client of an emulator holding the golden state, at
// the golden clock and API version.
func goldenClient(t *testing.T, seedDoc []byte, opts ...dcmtest.Option) *dcm.Client {
	t.Helper()
	return goldenEmulator(t, seedDoc, opts...).Client()
}

// goldenEmulator is an emulator holding the golden state, at the golden
// clock and API version.
func goldenEmulator(t *testing.T, seedDoc []byte, opts ...dcmtest.Option) *dcmtest.Emulator {
	t.Helper()
	opts = append([]dcmtest.Option{dcmtest.WithSeedJSON(seedDoc), dcmtest.WithClock(func() time.Time { return goldenClock })}, opts...)
	emu := dcmtest.New(t, opts...)
	emu.Config.APIVersion = "2015-06-29"
	emu.Config.Endpoint = dcmtest.BaseURL + wire.BasePath + "/" + emu.Config.APIVersion
	return emu
}

// runTool runs an old command line against client; its output and exit
// status.
func runTool(t *testing.T, client *dcm.Client, argv []string) (string, int) {
	t.Helper()
	out, err := run(t, client, argv...)
	var exit *compat.ExitError
	switch {
	case err == nil:
		return out, 0
	case errors.As(err, &exit):
		return out, exit.Code
	case dcm.StatusCode(err) != 0:
		return out, errorExit
	}
	t.Fatalf("%s: %v", strings.Join(argv, " "), err)
	return "", 0
}
