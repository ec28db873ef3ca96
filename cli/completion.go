package cli

import (
	"github.com/spf13/cobra"
)

const completionLong = `Print the shell completion script for mixcoatl: commands, subcommands, flags
and the values some flags take.

Bash (needs the bash-completion package):
  current shell:   source <(mixcoatl completion bash)
  every shell:     mixcoatl completion bash > ~/.local/share/bash-completion/completions/mixcoatl

Zsh:
  if completion is not yet on:  echo "autoload -U compinit; compinit" >> ~/.zshrc
  every shell:     mixcoatl completion zsh > "${fpath[1]}/_mixcoatl"   (then start a new shell)

Fish:
  current shell:   mixcoatl completion fish | source
  every shell:     mixcoatl completion fish > ~/.config/fish/completions/mixcoatl.fish

PowerShell:
  current shell:   mixcoatl completion powershell | Out-String | Invoke-Expression
  every shell:     add that line to your $PROFILE`

// newCompletionCommand is `mixcoatl completion bash|zsh|fish|powershell`,
// replacing cobra's default one with install help of our own.
func newCompletionCommand(env *Env) *cobra.Command {
	var noDescriptions bool
	cmd := &cobra.Command{
		Use:       "completion bash|zsh|fish|powershell",
		Short:     "Print the shell completion script (bash, zsh, fish, powershell)",
		Long:      completionLong,
		Example:   "  source <(mixcoatl completion bash)\n  mixcoatl completion fish > ~/.config/fish/completions/mixcoatl.fish",
		ValidArgs: []string{"bash", "zsh", "fish", "powershell"},
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("completion: name one shell: bash, zsh, fish or powershell")
			}
			return cobra.OnlyValidArgs(cmd, args)
		},
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			root, w := cmd.Root(), env.Stdout
			desc := !noDescriptions
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(w, desc)
			case "zsh":
				if desc {
					return root.GenZshCompletion(w)
				}
				return root.GenZshCompletionNoDesc(w)
			case "fish":
				return root.GenFishCompletion(w, desc)
			default: // powershell; Args allows nothing else
				if desc {
					return root.GenPowerShellCompletionWithDesc(w)
				}
				return root.GenPowerShellCompletion(w)
			}
		}),
	}
	cmd.Flags().BoolVar(&noDescriptions, "no-descriptions", false, "leave out the description of each completion")
	return cmd
}
