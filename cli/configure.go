package cli

import "github.com/spf13/cobra"

// newConfigureCommand is `mixcoatl configure`: create or update a profile.
func newConfigureCommand(g *globalOptions, env *Env) *cobra.Command {
	return &cobra.Command{Use: "configure", Hidden: true}
}
