package cli

import (
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/cli/compat"
)

// Every tool's example translates into a command line the real command
// tree accepts: the command exists and runs, its flags parse and its
// positional arguments are valid. This is what keeps the compat table and
// the resource commands in step.
func TestCompatTranslationsFitTheCommandTree(t *testing.T) {
	t.Parallel()
	env := Env{}.withDefaults()
	for _, tool := range compat.Tools() {
		if tool.Unsupported != "" {
			continue
		}
		root := newRootCommand(&env)
		if tool.HasOutput() {
			// It prints its own output; New names the command that reads
			// the same data.
			if cmd, rest, err := root.Find(strings.Fields(tool.New)); err != nil || !cmd.Runnable() || len(rest) > 0 {
				t.Errorf("%s: New %q is no command (%v, rest %q)", tool.Name, tool.New, err, rest)
			}
			continue
		}
		argv := strings.Fields(tool.Example)
		call, err := tool.Parse(argv[1:], rootGlobalFlags(root.PersistentFlags()))
		if err != nil {
			t.Errorf("%s: %v", tool.Example, err)
			continue
		}
		if tool.Special(call) != compat.SpecialNone {
			continue
		}
		newArgv, err := tool.Translate(call)
		if err != nil {
			t.Errorf("%s: %v", tool.Example, err)
			continue
		}
		cmd, rest, err := root.Find(newArgv)
		if err != nil || cmd == root || !cmd.Runnable() {
			t.Errorf("%s → %q: no runnable command (%v)", tool.Example, newArgv, err)
			continue
		}
		if err := cmd.ParseFlags(rest); err != nil {
			t.Errorf("%s → %q: %v", tool.Example, newArgv, err)
			continue
		}
		if err := cmd.ValidateArgs(cmd.Flags().Args()); err != nil {
			t.Errorf("%s → %q: %v", tool.Example, newArgv, err)
		}
	}
}
