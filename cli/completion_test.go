package cli

import (
	"strings"
	"testing"

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
