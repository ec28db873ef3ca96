package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/wire"
)

// runResource runs a command line through Run against emu, with the
// emulator's keys in the environment and a fresh config directory.
func runResource(t *testing.T, emu *dcmtest.Emulator, stdin io.Reader, args ...string) result {
	t.Helper()
	env := emulatorEnv(emu, args...)
	env.Stdin = stdin
	env.ConfigDir = t.TempDir()
	env = withHome(env, env.ConfigDir) // resolve cache under the test's directory
	return runEmulator(t, context.Background(), emu, env)
}

// decodeItems reads every JSON object printed, whether as a stream of
// objects or as arrays of them.
func decodeItems(t *testing.T, out string) []map[string]any {
	t.Helper()
	var items []map[string]any
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var v any
		if err := dec.Decode(&v); err == io.EOF {
			return items
		} else if err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out)
		}
		switch x := v.(type) {
		case map[string]any:
			items = append(items, x)
		case []any:
			for _, e := range x {
				if m, ok := e.(map[string]any); ok {
					items = append(items, m)
				}
			}
		}
	}
}

// requiredFilterArgs are the flags of a list that satisfy its required
// filters with seed values.
func requiredFilterArgs(res *catalog.Resource) []string {
	var args []string
	for _, p := range res.Filters {
		if p.Required || len(p.RequiredUnless) > 0 {
			args = append(args, "--"+wire.Kebab(p.Name), p.Example)
		}
	}
	return args
}

// Every resource of the catalogue can be listed (with its required
// filters) and read by an id taken from the list.
func TestEveryResourceListsAndGets(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	for _, res := range catalog.Load().Resources {
		t.Run(res.Name, func(t *testing.T) {
			t.Parallel()
			name := resourceCommandName(res)
			var id string
			if res.Has(catalog.KindList) {
				args := append([]string{name, "list", "-o", "json"}, requiredFilterArgs(res)...)
				got := runResource(t, emu, nil, args...)
				if got.code != ExitOK {
					t.Fatalf("%v: exit %d\n%s", args, got.code, got.stderr)
				}
				items := decodeItems(t, got.stdout)
				if len(items) == 0 {
					t.Fatalf("%v printed no items:\n%s", args, got.stdout)
				}
				if v, ok := items[0][res.Key]; ok {
					id = jsonScalar(v)
				}
			}
			if !res.Has(catalog.KindGet) {
				return
			}
			args := []string{name, "get", "-o", "json"}
			switch {
			case res.Flat:
			case id != "":
				args = append(args, id)
			default:
				id = exampleID(res)
				args = append(args, id)
			}
			got := runResource(t, emu, nil, args...)
			if got.code != ExitOK {
				t.Fatalf("%v: exit %d\n%s", args, got.code, got.stderr)
			}
			items := decodeItems(t, got.stdout)
			if len(items) != 1 {
				t.Fatalf("%v printed %d items, want 1", args, len(items))
			}
			if id != "" && res.Key != "" && jsonScalar(items[0][res.Key]) != id {
				t.Errorf("%v printed %s %v", args, res.Key, items[0][res.Key])
			}
		})
	}
}

func jsonScalar(v any) string {
	b, _ := json.Marshal(v)
	return strings.Trim(string(b), `"`)
}

// A list whose required filters are missing fails before any request,
// naming every one of them in one message.
func TestListRequiredFilters(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	for _, res := range catalog.Load().Resources {
		if len(requiredFilterArgs(res)) == 0 || !res.Has(catalog.KindList) {
			continue
		}
		t.Run(res.Name, func(t *testing.T) {
			t.Parallel()
			got := runResource(t, emu, nil, resourceCommandName(res), "list")
			if got.code != ExitUsage || !strings.Contains(got.stderr, " required") {
				t.Fatalf("exit %d, stderr %q", got.code, got.stderr)
			}
			for i, arg := range requiredFilterArgs(res) {
				if i%2 == 0 && !strings.Contains(got.stderr, arg) {
					t.Errorf("stderr %q does not name %s", got.stderr, arg)
				}
			}
		})
	}
}

// writeArgs is a command line of the op with every required field (and
// the ones that make the seed accept it) set to seed values.
func writeArgs(res *catalog.Resource, og *opGroup, version string) []string {
	args := []string{resourceCommandName(res), og.commandName()}
	if og.Kind != catalog.KindCreate {
		args = append(args, writeTargetID(res, og))
	}
	op, _ := res.Op(og.Kind, og.Verb, version)
	for _, f := range op.Fields {
		if !f.Required {
			continue
		}
		args = append(args, "--"+wire.Kebab(f.Name), testFieldValue(res, f))
	}
	for _, p := range og.Params() {
		if p.Required {
			args = append(args, "--"+wire.Kebab(p.Name), "1513")
		}
	}
	if og.destructive() {
		args = append(args, "--yes")
	}
	return args
}

// writeTargetID is an item the op may act on in the default seed.
func writeTargetID(res *catalog.Resource, og *opGroup) string {
	switch {
	case res.Name == "Server" && og.Verb == "start":
		return "334367" // a stopped server
	case res.Name == "Volume" && og.Verb == "detach":
		return "5101" // an attached volume
	}
	return exampleID(res)
}

func testFieldValue(res *catalog.Resource, f *catalog.Field) string {
	switch f.Type {
	case catalog.TypeObject, catalog.TypeAny:
		switch f.Name {
		case "user":
			return `{"userId":13516}`
		case "cloudSubscription":
			return `{"cloudId":1}`
		case "primaryProduct":
			return `{"productId":615}`
		}
		return "{}"
	case catalog.TypeArray:
		if f.Name == "acl" {
			return `[{"action":"ANY","qualifier":"ANY","resourceType":"ANY"}]`
		}
		return "[]"
	case catalog.TypeMoney:
		return "USD10"
	}
	return (&resourceCommand{cat: catalog.Load()}).exampleFieldValue(f)
}

// Every write op of the catalogue has a command with its flags, and runs
// against the emulator: first with --dry-run (nothing sent), then for real.
func TestEveryWriteOpHasAWorkingCommand(t *testing.T) {
	t.Parallel()
	for _, res := range catalog.Load().Resources {
		for _, og := range writeOpGroups(res) {
			t.Run(res.Name+"/"+og.commandName(), func(t *testing.T) {
				t.Parallel()
				env := Env{}.withDefaults()
				root := newRootCommand(&env) // cobra trees are not safe for concurrent use
				cmd, rest, err := root.Find([]string{resourceCommandName(res), og.commandName()})
				if err != nil || len(rest) != 0 || cmd.Name() != og.commandName() {
					t.Fatalf("no command for %s %s %s (%v)", res.Path, og.Kind, og.Verb, err)
				}
				want := []string{"dry-run"}
				for _, f := range og.Fields() {
					want = append(want, wire.Kebab(f.Name))
				}
				for _, p := range og.Params() {
					want = append(want, wire.Kebab(p.Name))
				}
				if og.Async() {
					want = append(want, "wait", "wait-timeout")
				}
				if og.destructive() {
					want = append(want, "yes")
				}
				for _, name := range want {
					if cmd.Flags().Lookup(name) == nil {
						t.Errorf("%s lacks --%s", cmd.CommandPath(), name)
					}
				}
				if cmd.Example == "" {
					t.Errorf("%s has no example", cmd.CommandPath())
				}

				emu := dcmtest.New(t, dcmtest.WithJobMode("", engine.JobMode{Mode: "immediate"}))
				args := writeArgs(res, og, emu.Config.APIVersion)
				prepared := 0
				if res.Name == "Deployment" && og.Verb == "launch" { // the seed's deployment runs
					if got := runResource(t, emu, nil, "deployment", "stop", "2101", "--yes", "--wait"); got.code != ExitOK {
						t.Fatalf("deployment stop: exit %d: %s", got.code, got.stderr)
					}
					prepared = 1
				}
				dry := runResource(t, emu, nil, append(args, "--dry-run")...)
				if dry.code != ExitOK || !strings.Contains(dry.stdout, res.Path) {
					t.Fatalf("%v --dry-run: exit %d\nstdout: %s\nstderr: %s", args, dry.code, dry.stdout, dry.stderr)
				}
				if n := countWrites(emu) - prepared; n != 0 {
					t.Fatalf("--dry-run sent %d write(s)", n)
				}
				got := runResource(t, emu, nil, append(args, "-o", "json")...)
				if got.code != ExitOK {
					t.Fatalf("%v: exit %d\nstdout: %s\nstderr: %s", args, got.code, got.stdout, got.stderr)
				}
				if n := countWrites(emu) - prepared; n != 1 {
					t.Errorf("%d write(s) reached the emulator, want 1", n)
				}
			})
		}
	}
}

// countWrites counts the POST, PUT and DELETE requests the emulator saw.
func countWrites(emu *dcmtest.Emulator) int {
	n := 0
	for _, e := range emu.Server.Requests() {
		switch e.Method {
		case "POST", "PUT", "DELETE":
			n++
		}
	}
	return n
}

// stdinWith is a standard input holding text.
func stdinWith(text string) io.Reader { return bytes.NewBufferString(text) }

// No two top-level commands answer to the same name or alias, so every
// resource alias reaches its resource; job wait hangs under job.
func TestResourceCommandNamesAreUnique(t *testing.T) {
	t.Parallel()
	env := Env{}.withDefaults()
	root := newRootCommand(&env)
	owner := map[string]string{}
	for _, c := range root.Commands() {
		for _, n := range append([]string{c.Name()}, c.Aliases...) {
			if prev, dup := owner[n]; dup {
				t.Errorf("%q names both %s and %s", n, prev, c.Name())
			}
			owner[n] = c.Name()
		}
	}
	for alias, want := range map[string]string{"datacenters": "data-center", "machineimage": "machine-image",
		"cm-account": "configuration-management-account", "servers": "server", "image": "machine-image"} {
		if owner[alias] != want {
			t.Errorf("alias %q reaches %q, want %q", alias, owner[alias], want)
		}
	}
	if cmd, _, err := root.Find([]string{"job", "wait"}); err != nil || cmd.Name() != "wait" {
		t.Errorf("job wait is not attached (%v)", err)
	}
}
