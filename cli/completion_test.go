package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/spf13/cobra"
)

// rootWithExtras is the root plus the commands the lead attaches from this
// package (completion, docs, compat), when it does not have them yet.
func rootWithExtras(env *Env) *cobra.Command {
	root := newRootCommand(env)
	for _, c := range []*cobra.Command{newCompletionCommand(env), newDocsCommand(env), newCompatAdminCommand(env)} {
		if found, _, err := root.Find([]string{c.Name()}); err != nil || found == root || found.Name() != c.Name() {
			root.AddCommand(c)
		}
	}
	return root
}

func TestCompletionScripts(t *testing.T) {
	t.Parallel()
	markers := map[string]string{
		"bash":       "__start_mixcoatl",
		"zsh":        "#compdef mixcoatl",
		"fish":       "complete -c mixcoatl",
		"powershell": "Register-ArgumentCompleter",
	}
	for shell, marker := range markers {
		for _, extra := range [][]string{nil, {"--no-descriptions"}} {
			var out strings.Builder
			env := Env{Stdout: &out}.withDefaults()
			root := rootWithExtras(&env)
			root.SetArgs(append([]string{"completion", shell}, extra...))
			if err := root.Execute(); err != nil {
				t.Fatalf("%s %v: %v", shell, extra, err)
			}
			if !strings.Contains(out.String(), marker) {
				t.Errorf("%s %v: no %q in the script (%d bytes)", shell, extra, marker, out.Len())
			}
		}
	}
}

func TestCompletionRejectsOtherShells(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "zsh"}} {
		env := Env{}.withDefaults()
		root := rootWithExtras(&env)
		root.SetArgs(args)
		if err := root.Execute(); err == nil {
			t.Errorf("%q: accepted", args)
		}
	}
}

func TestCompletionHelpSaysHowToInstall(t *testing.T) {
	t.Parallel()
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		if !strings.Contains(strings.ToLower(completionLong), shell) {
			t.Errorf("completion help does not cover %s", shell)
		}
	}
}

// __complete, as the shell scripts call it: ids and names of the resource
// for positional ids and reference flags, allowed values, output formats,
// and never file names where a file makes no sense.
func TestCompletionOfIDsNamesAndValues(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	complete := func(args ...string) (lines []string, directive string) {
		t.Helper()
		got := runResource(t, emu, nil, append([]string{"__complete"}, args...)...)
		if got.code != ExitOK {
			t.Fatalf("%v: exit %d\n%s", args, got.code, got.stderr)
		}
		out := strings.Split(strings.TrimSpace(got.stdout), "\n")
		return out[:len(out)-1], out[len(out)-1]
	}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"server", "get", "web"}, []string{"web-01\t331810", "web-02\t339460"}},
		{[]string{"server", "stop", "3318"}, []string{"331810\tweb-01"}},
		{[]string{"volume", "attach", "scratch", "--server", "db"}, []string{"db-01\t334367"}},
		{[]string{"data-center", "get", "--region", "us-west-2", "us-west-2"}, []string{"us-west-2a\t64351", "us-west-2b\t64352", "us-west-2c\t64353"}},
		{[]string{"server", "list", "-o", "j"}, []string{"json", "jsonl"}},
		{[]string{"firewall-rule", "add-rule", "--direction", ""}, []string{"INGRESS", "EGRESS"}},
		{[]string{"server", "list", "--columns", "serverId,na"}, []string{"serverId,name"}},
		{[]string{"server", "list", "--details", "e"}, []string{"extended"}},
	} {
		got, directive := complete(tc.args...)
		if !slices.Equal(got, tc.want) || directive == ":0" {
			t.Errorf("%v: completions %q (%s), want %q and no files", tc.args, got, directive, tc.want)
		}
	}
	for _, args := range [][]string{{"server", "list", ""}, {"server", "launch", "--name", ""}, {"server", "list", "--region-id", "nowhere"}} {
		if _, directive := complete(args...); directive != ":4" {
			t.Errorf("%v: directive %s, want :4 (no file names)", args, directive)
		}
	}
	if _, directive := complete("server", "launch", "--user-data", ""); directive != ":0" {
		t.Errorf("--user-data takes @FILE: directive %s, want file names", directive)
	}
}

// Completions come from the names cache: within a minute a second
// completion makes no request at all.
func TestCompletionUsesTheCache(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	home := t.TempDir()
	run := func() result {
		return runEmulator(t, t.Context(), emu, withHome(emulatorEnv(emu, "__complete", "server", "get", "w"), home))
	}
	first := run()
	n := len(emu.Server.Requests())
	if !strings.Contains(first.stdout, "web-01") || n != 1 {
		t.Fatalf("first completion: %d requests\n%s", n, first.stdout)
	}
	if again := run(); again.stdout != first.stdout || len(emu.Server.Requests()) != n {
		t.Errorf("second completion: %d more requests\n%s", len(emu.Server.Requests())-n, again.stdout)
	}
}
