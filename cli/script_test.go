package cli

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain registers the real entry point as the "mixcoatl" command of the
// testscript scripts, run in a re-executed test binary (no build needed).
// The old tool names run the same entry point, as a symlink would.
func TestMain(m *testing.M) {
	run := func() {
		code := Main(os.Args, os.Stdin, os.Stdout, os.Stderr)
		// Scripts check exact exit codes with the exitcode command.
		if f := os.Getenv(exitFileVar); f != "" {
			_ = os.WriteFile(f, []byte(strconv.Itoa(code)), 0o600)
		}
		os.Exit(code)
	}
	testscript.Main(m, map[string]func(){
		"mixcoatl":         run,
		"dcm-list-servers": run,
		"dcm-get":          run,
		"es-dump.py":       run,
	})
}

// exitFileVar names the file the scripts' mixcoatl writes its exit code
// into, for the exitcode command.
const exitFileVar = "MIXCOATL_TEST_EXIT_FILE"

// TestScripts runs testdata/script/*.txtar end to end through Main, each
// against its own fake API whose endpoint and keys are in the environment.
func TestScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(e *testscript.Env) error {
			srv := httptest.NewServer(&fakeAPI{})
			e.Defer(srv.Close)
			e.Setenv(exitFileVar, filepath.Join(e.WorkDir, ".exit"))
			e.Setenv("ES_ACCESS_KEY", testAccess)
			e.Setenv("ES_SECRET_KEY", testSecret)
			e.Setenv("ES_ENDPOINT", srv.URL+"/api/enstratus/"+testVersion)
			e.Setenv("UNREACHABLE", "http://127.0.0.1:1/api/enstratus/"+testVersion)
			return nil
		},
		Cmds: scriptCommands,
	})
}

// localSetup gives every script a home of its own, so --local state starts
// from the seed in each.
func localSetup(e *testscript.Env) error {
	e.Setenv(exitFileVar, filepath.Join(e.WorkDir, ".exit"))
	e.Setenv("HOME", e.WorkDir)
	e.Setenv("XDG_DATA_HOME", filepath.Join(e.WorkDir, "data"))
	e.Setenv("XDG_CONFIG_HOME", filepath.Join(e.WorkDir, "config"))
	e.Setenv("XDG_CACHE_HOME", filepath.Join(e.WorkDir, "cache"))
	return nil
}

// TestScriptsLocal runs testdata/local/*.txtar: user journeys on the
// in-process emulator (--local), as a new user would type them.
func TestScriptsLocal(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{Dir: "testdata/local", Setup: localSetup, Cmds: scriptCommands})
}

// TestScriptsEveryResource generates one script per catalogue resource that
// lists it (with its required filters), reads one item by id and runs each
// of its write operations on a fresh state file, all through the real
// command tree and Main in a separate process.
func TestScriptsEveryResource(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, res := range catalog.Load().Resources {
		script := resourceScript(res)
		if err := os.WriteFile(filepath.Join(dir, res.Name+".txtar"), []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	testscript.Run(t, testscript.Params{Dir: dir, Setup: localSetup})
}

// skippedInScripts are ops whose precondition needs a finished job first;
// in a script that would mean waiting in real time, so the in-process tests
// (TestEveryWriteOpHasAWorkingCommand, with immediate jobs) cover them.
var skippedInScripts = map[string]string{
	"Deployment/launch": "the seeded deployment runs; launching needs a finished stop job",
}

func resourceScript(res *catalog.Resource) string {
	var b strings.Builder
	name := resourceCommandName(res)
	fmt.Fprintf(&b, "# %s: generated from the catalogue by TestScriptsEveryResource.\n", res.Path)
	local := "mixcoatl --local --local-state $WORK/state.db "
	if res.Has(catalog.KindList) {
		fmt.Fprintf(&b, "exec %s%s list -o json %s\n", local, name, strings.Join(requiredFilterArgs(res), " "))
		fmt.Fprintf(&b, "stdout '\"%s\":'\n! stderr .\n", res.Key)
	}
	if res.Has(catalog.KindGet) {
		id := ""
		if !res.Flat {
			id = seededID(res)
		}
		fmt.Fprintf(&b, "exec %s%s get %s -o json\n", local, name, id)
		if res.Flat {
			fmt.Fprintf(&b, "stdout '\"%s\":'\n", res.Fields[0].Name)
		} else {
			fmt.Fprintf(&b, "stdout '\"%s\": \"?%s\"?'\n", res.Key, id)
		}
	}
	for i, og := range writeOpGroups(res) {
		if why, skip := skippedInScripts[res.Name+"/"+og.Verb]; skip {
			fmt.Fprintf(&b, "# %s %s: skipped here (%s)\n", name, og.commandName(), why)
			continue
		}
		args := writeArgs(res, og, catalog.Load().DefaultVersion)
		fmt.Fprintf(&b, "exec mixcoatl --local --local-state $WORK/op%d.db %s -o json\n", i, quoteArgs(args))
		if og.Async() {
			b.WriteString("stdout '\"jobId\":'\n")
		}
	}
	return b.String()
}

// seededID is the id of the first record of the resource that the default
// seed gives the demo customer (its own or a global one).
func seededID(res *catalog.Resource) string {
	sd := seed.Default()
	first := sd.Customers[0].CustomerID
	for _, r := range sd.Records() {
		// --local replaces the customer's own key, renaming its record.
		renamed := r.ID == sd.Customers[0].APIKey.AccessKey
		if r.Kind == res.Name && (r.Customer == 0 || r.Customer == first) && !renamed {
			return r.ID
		}
	}
	return exampleID(res)
}

// quoteArgs writes arguments for a testscript command line.
func quoteArgs(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, " '\"{}[]$#") || a == "" {
			a = "'" + strings.ReplaceAll(a, "'", "''") + "'"
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}

// TestScriptsProfiles runs testdata/profiles/*.txtar with two seeded
// emulators on loopback, configured as the profiles a and b.
func TestScriptsProfiles(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir: "testdata/profiles",
		Setup: func(e *testscript.Env) error {
			if err := localSetup(e); err != nil {
				return err
			}
			profiles := map[string]any{}
			for _, name := range []string{"a", "b"} {
				emu, stop, err := dcmtest.Start()
				if err != nil {
					return err
				}
				e.Defer(stop)
				srv := httptest.NewServer(emu.Server)
				e.Defer(srv.Close)
				profiles[name] = map[string]string{
					"access_key": emu.Config.AccessKey, "secret_key": emu.Config.SecretKey,
					"endpoint": srv.URL + "/api/enstratus/" + emu.Config.APIVersion,
				}
			}
			doc, err := json.Marshal(map[string]any{"version": 1, "profiles": profiles})
			if err != nil {
				return err
			}
			dir := filepath.Join(e.WorkDir, "config", "mixcoatl")
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, "config.json"), doc, 0o600)
		},
		Cmds: scriptCommands,
	})
}
