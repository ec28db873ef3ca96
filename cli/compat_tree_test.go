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
			// the same data or does the same work, then its arguments
			// (upper-case placeholders) and flags, which it must have.
			words, flags := newCommandWords(tool.New)
			cmd, rest, err := root.Find(words)
			if err != nil || !cmd.Runnable() || len(rest) > 0 {
				t.Errorf("%s: New %q is no command (%v, rest %q)", tool.Name, tool.New, err, rest)
				continue
			}
			for _, f := range flags {
				if cmd.Flag(f) == nil {
					t.Errorf("%s: New %q: %s has no flag --%s", tool.Name, tool.New, cmd.CommandPath(), f)
				}
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

// newCommandWords splits a tool's New text into the command's words (up to
// the first argument, flag or ellipsis) and the names of the flags it
// shows.
func newCommandWords(text string) (words, flags []string) {
	inCommand := true
	for _, w := range strings.Fields(text) {
		w = strings.Trim(w, "[]")
		switch {
		case strings.HasPrefix(w, "--"):
			flags = append(flags, strings.TrimPrefix(w, "--"))
			inCommand = false
		case inCommand && w != "" && w == strings.ToLower(w) && !strings.ContainsAny(w, "…|'"):
			words = append(words, w)
		default:
			inCommand = false
		}
	}
	return words, flags
}
