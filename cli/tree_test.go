package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// TestTopLevelNamesAreUnique: treeFor reads the catalogue only when the
// first word is not a built-in command, which is right only while no
// resource shares a built-in's name or alias (cobra's help and __complete
// included).
func TestTopLevelNamesAreUnique(t *testing.T) {
	env := Env{}
	root := newRootCommand(&env)
	resources := map[string]bool{}
	for _, res := range catalog.Load().Resources {
		resources[resourceCommandName(res)] = true
		for _, a := range resourceAliases(res) {
			resources[a] = true
		}
	}
	seen := map[string]string{}
	for _, c := range root.Commands() {
		for _, n := range append([]string{c.Name()}, c.Aliases...) {
			if other, dup := seen[n]; dup {
				t.Errorf("%q names both %s and %s", n, other, c.Name())
			}
			seen[n] = c.Name()
		}
	}
	for _, n := range []string{"help", "completion", "__complete", "__completeNoDesc"} {
		if resources[n] {
			t.Errorf("a resource is named %q", n)
		}
	}
}

// TestPrunedTreeFindsTheSameCommand: the tree built for a command line
// selects the same command, with the same flags, as the complete tree.
func TestPrunedTreeFindsTheSameCommand(t *testing.T) {
	lines := [][]string{
		{"version"}, {"--local", "server", "list"}, {"server", "list", "--help"},
		{"--profile", "p", "--local-state=x", "volume", "attach"}, {"image", "list"}, {"firewall-rule", "create"},
		{"job", "wait", "1"}, {"dcm", "dcm-list-servers", "--json"}, {"dcm", "--debug", "dcm-get", "x"},
		{"dcm", "list"}, {"dcm", "nope"}, {"dcm"}, {"compat", "install", "d"}, {"get", "geography/Region"},
		{"help", "server"}, {"--help"}, {"nope"}, {"-h"}, {"--", "server"}, {"docs", "d"}, {"completion", "bash"},
		{"server", "lst"}, {"--bogus", "server", "list"}, {"--timeout"}, {"exit-codes"},
		{"server", "launch", "--name", "x"}, {"server", "ls"}, {"server", "show", "1"}, {"server", "rename", "1", "n"},
		{"server", "rm", "1"}, {"server", "delete", "1"}, {"volume", "create"}, {"firewall-rule", "rm"},
		{"server", "-o", "json", "list"}, {"server", "--output", "json", "list"}, {"server", "stop", "1"}, {"server"},
		{"job", "wait"}, {"server", "help"},
	}
	for _, args := range lines {
		env := Env{}
		full := newRootCommand(&env)
		pruned := newRootCommandFor(&env, args)
		want, wantRest, wantErr := full.Find(args)
		got, gotRest, gotErr := pruned.Find(args)
		if (wantErr == nil) != (gotErr == nil) || want.CommandPath() != got.CommandPath() || !slices.Equal(wantRest, gotRest) {
			t.Errorf("%q: complete tree finds %q %q (%v), pruned tree %q %q (%v)", args,
				want.CommandPath(), wantRest, wantErr, got.CommandPath(), gotRest, gotErr)
			continue
		}
		if wantErr == nil && (want.UsageString() != got.UsageString() || want.Long != got.Long || want.Example != got.Example) {
			t.Errorf("%q: help of %s differs between the complete and the pruned tree", args, want.CommandPath())
		}
		if strings.Join(args, " ") == "version" && len(pruned.Commands()) != 1 {
			t.Errorf("version: pruned tree has %d top-level commands, want 1 (complete tree %d)", len(pruned.Commands()), len(full.Commands()))
		}
		if line := strings.Join(args, " "); line == "--local server list" || line == "server launch --name x" {
			if n, all := len(got.Parent().Commands()), len(want.Parent().Commands()); n >= all {
				t.Errorf("%s: pruned tree has %d verbs, complete tree %d", line, n, all)
			}
		}
	}
}

// TestBuiltinNames: treeFor picks a built-in command by the name its
// builtinCommand gives without building it; that name must be the built
// command's, with no alias treeFor would not know, and the complete tree's
// top level must be exactly the built-ins and the resources.
func TestBuiltinNames(t *testing.T) {
	env := Env{}
	specs := builtinCommands(&globalOptions{}, &env)
	names := map[string]bool{}
	for _, b := range specs {
		c := b.build()
		if c.Name() != b.name || len(c.Aliases) > 0 {
			t.Errorf("builtin %q builds %q with aliases %q", b.name, c.Name(), c.Aliases)
		}
		names[b.name] = true
	}
	resources := map[string]bool{}
	for _, res := range catalog.Load().Resources {
		resources[resourceCommandName(res)] = true
	}
	for _, c := range newRootCommand(&env).Commands() {
		if n := c.Name(); !names[n] && !resources[n] && n != "help" {
			t.Errorf("top-level command %q is neither a builtinCommand nor a resource's", n)
		}
		delete(names, c.Name())
	}
	for n := range names {
		t.Errorf("builtinCommand %q is not in the complete tree", n)
	}
}
