package cli

import "github.com/spf13/cobra"

// addResourceCommands adds `mixcoatl <resource> <verb>` for every catalogue
// resource.
func addResourceCommands(root *cobra.Command, g *globalOptions, env *Env) {}
