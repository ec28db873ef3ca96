package cli

import (
	"net/http"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

const rootLong = `mixcoatl talks to the enStratus / Dell Cloud Manager API.

Every resource of the API has a command with its verbs (mixcoatl server list,
server launch --wait, volume attach, firewall-rule create, …), printing tables
or -o json|yaml|csv|tsv|xml|jsonl|wide, with --query for jq expressions.
The raw REST verbs (get, post, put, delete, head) send one signed request to a
path relative to the endpoint and print the answer, like the old es-dump.py and
dcm-get tools; the old dcm-* tools themselves run as 'mixcoatl dcm <tool>' or
through symlinks ('mixcoatl compat install DIR').

--local runs any command against an emulator inside the process, with state
kept in $XDG_DATA_HOME/mixcoatl/local.db: no account needed. 'mixcoatl emulator'
serves the same emulator over HTTP.

Configuration comes from flags, then DCM_* and ES_* environment variables
(DCM_ACCESS_KEY, DCM_SECRET_KEY, DCM_ENDPOINT, DCM_API_VERSION, DCM_SSL_VERIFY,
DCM_PROFILE), then an endpoint file, then the profile in the config file
('mixcoatl configure'). Keep the secret key in the environment or the config
file, never on the command line.

Exit codes: 0 ok, 1 internal, 2 usage, 3 configuration/authentication,
4 API error, 5 network/timeout, 6 job failed, 7 wait timed out, 8 declined,
130 Ctrl-C, 143 SIGTERM; see 'mixcoatl help exit-codes'.`

const rootExample = `  mixcoatl --local server list
  mixcoatl --local server get web-01
  mixcoatl --local server launch --name web-3 --image 3801 --product m1.small --datacenter us-west-2a --region us-west-2 --budget 1512 --wait
  mixcoatl --local volume list -o csv --columns volumeId,name,server
  mixcoatl --local get geography/DataCenter "{'regionId':19344}"

  export ES_ACCESS_KEY=ABCDEFGHIJKLMNOPQRST ES_SECRET_KEY=...
  export ES_ENDPOINT=https://dcm.example.com/api/enstratus/2015-05-25
  mixcoatl server list --region us-east-1 -o json
  mixcoatl api-versions --latest`

// newRootCommand builds a fresh, complete command tree bound to env; nothing
// is shared between two runs.
func newRootCommand(env *Env) *cobra.Command {
	return buildRootCommand(env, nil)
}

// newRootCommandFor builds the command tree that runs args: the complete
// tree, except that when args plainly name one resource, one built-in
// command or one old tool, the other resources', built-ins' and tools'
// subtrees are left out (see treeFor). The command that runs, its flags,
// help and errors are the same as in the complete tree; building the 53
// resource trees and 76 tools was most of the CLI's start-up time, and the
// 15 built-in and raw commands were still a tenth of `mixcoatl version`'s.
func newRootCommandFor(env *Env, args []string) *cobra.Command {
	return buildRootCommand(env, func(root *cobra.Command, builtins []builtinCommand) treeSelection {
		return treeFor(env.catalog, root, builtins, args)
	})
}

// builtinCommand is a top-level command that is not a resource's: its name,
// known without building it (TestBuiltinNames), and how to build it.
type builtinCommand struct {
	name  string
	raw   bool // one of the raw REST verbs
	build func() *cobra.Command
}

// builtinCommands are the raw verbs, then the other built-in commands.
func builtinCommands(g *globalOptions, env *Env) []builtinCommand {
	var out []builtinCommand
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodHead} {
		out = append(out, builtinCommand{name: strings.ToLower(method), raw: true,
			build: func() *cobra.Command { return newRawCommand(method, g, env) }})
	}
	return append(out,
		builtinCommand{name: "api-versions", build: func() *cobra.Command { return newAPIVersionsCommand(g, env) }},
		builtinCommand{name: "version", build: func() *cobra.Command { return printOnly(newVersionCommand(env)) }},
		builtinCommand{name: "openapi", build: func() *cobra.Command { return printOnly(newOpenAPICommand(g, env)) }},
		builtinCommand{name: "emulator", build: func() *cobra.Command { return newEmulatorCommand(env) }},
		builtinCommand{name: "dcm", build: func() *cobra.Command { return newCompatCommand(g, env) }},
		builtinCommand{name: "configure", build: func() *cobra.Command { return newConfigureCommand(g, env) }},
		builtinCommand{name: "compat", build: func() *cobra.Command { return newCompatAdminCommand(env) }},
		builtinCommand{name: "completion", build: func() *cobra.Command { return printOnly(newCompletionCommand(env)) }},
		builtinCommand{name: "docs", build: func() *cobra.Command { return newDocsCommand(env) }},
		builtinCommand{name: "exit-codes", build: newExitCodesTopic},
	)
}

// buildRootCommand builds the tree; sel (nil = everything) chooses which
// built-in, resource and tool subtrees to build once the root's flags
// exist.
func buildRootCommand(env *Env, sel func(root *cobra.Command, builtins []builtinCommand) treeSelection) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:           "mixcoatl",
		Short:         "Command line for the enStratus / Dell Cloud Manager API",
		Long:          rootLong,
		Example:       rootExample,
		Version:       versionText(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.PersistentPreRun = armSignals(env)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usagef("%v", err) })
	root.SetUsageFunc(usageFunc(func() string { return g.helpVersion(env) }))
	g.register(root.PersistentFlags())

	specs := builtinCommands(g, env)
	ts := treeSelection{all: true}
	if sel != nil {
		ts = sel(root, specs)
	}
	var raw, builtins []*cobra.Command
	var dcm *cobra.Command
	for _, b := range specs {
		if !ts.all && b.name != ts.builtin {
			continue
		}
		c := b.build()
		switch {
		case b.raw:
			c.GroupID = groupRaw
			raw = append(raw, c)
			continue
		case b.name == "dcm":
			dcm = c
		}
		builtins = append(builtins, c)
	}
	if dcm != nil {
		addCompatToolCommands(dcm, env, ts)
	}
	addResourceCommands(root, g, env, ts)
	root.AddGroup(&cobra.Group{ID: groupRaw, Title: "Raw requests (a path, any resource; the answer as the server sent it):"},
		&cobra.Group{ID: groupTools, Title: "Tools:"})
	for _, c := range builtins {
		if c.Runnable() || c.HasSubCommands() {
			c.GroupID = groupTools
		}
	}
	root.AddCommand(raw...)
	root.AddCommand(builtins...)
	// Our own completion command is in every tree that can run it; cobra
	// would add its default one to a tree built without it.
	root.CompletionOptions.DisableDefaultCmd = true
	if completing(env.Args) {
		registerRootCompletions(root, raw, env)
	}
	return root
}

// registerRootCompletions completes the global flags (--color's values,
// files for the flags that take one, nothing for the others) and the raw
// verbs' PATH (the catalogue's resource paths).
func registerRootCompletions(root *cobra.Command, raw []*cobra.Command, env *Env) {
	root.PersistentFlags().VisitAll(func(f *pflag.Flag) {
		switch {
		case f.Value.Type() == "bool" || fileFlag(f):
		case f.Name == "color":
			_ = root.RegisterFlagCompletionFunc(f.Name, fixed("auto", "always", "never"))
		default:
			_ = root.RegisterFlagCompletionFunc(f.Name, noFiles)
		}
	})
	paths := func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, res := range env.catalog().Resources {
			out = append(out, res.Path)
		}
		return matching(out, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
	for _, c := range raw {
		if c.ValidArgsFunction == nil {
			c.ValidArgsFunction = paths
		}
	}
}

// The groups of the root's commands, after the resources' (one per scope,
// see addResourceCommands).
const (
	groupRaw   = "raw"
	groupTools = "tools"
)

// runE adapts a run function so Run can tell its errors from cobra's own
// command-line errors.
func runE(run func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := run(cmd, args); err != nil {
			return &commandError{err: err}
		}
		return nil
	}
}

// rangeArgs accepts between minN and maxN arguments (maxN < 0: no limit),
// failing with a usage error that says what was expected.
func rangeArgs(minN, maxN int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < minN || (maxN >= 0 && len(args) > maxN) {
			return usagef("%s: expected %s, got %d argument(s)", cmd.Name(), what, len(args))
		}
		return nil
	}
}

// newExitCodesTopic is the `mixcoatl help exit-codes` help topic: a command
// without a run function, which cobra lists under additional help topics.
func newExitCodesTopic() *cobra.Command {
	return &cobra.Command{
		Use:   "exit-codes",
		Short: "The exit codes of mixcoatl commands",
		Long:  exitCodesHelp,
	}
}

// markExclusive records flags that cannot be combined (checked by cobra).
func markExclusive(cmd *cobra.Command, names ...string) {
	cmd.MarkFlagsMutuallyExclusive(names...)
}

// flagChanged reports whether the user set a flag.
func flagChanged(fs *pflag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	return f != nil && f.Changed
}
