package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/mixcoatl/mixcoatl/cli/compat"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

const compatLong = `Run one of the old mixcoatl 1.5.1 tools (dcm-get, dcm-list-servers,
es-dump.py, …) with its own flags: short and long forms, unique prefixes of
long flags and required flags behave as they did.

The list and describe tools (dcm-list-*, dcm-describe-*) print what
mixcoatl 1.5.1 printed for the same answer: --json with snake_case keys,
sorted, indented by 4; --xml as <root><item>…</item></root>; --csv as the
old tool quoted it; no format flag the old tool's table, with its columns.
The write and action tools (dcm-create-*, dcm-start-server, …) send the
request the old tool sent and print what it printed about the answer: a
job id, the new object's id, its sentence, the Python repr of the answer,
or nothing; dcm-post, dcm-put and dcm-delete print the Python value of the
answer as they did. dcm-get prints the answer as the server sent its keys,
sorted and indented by 2 (XML on one line, as minidom wrote it), dcm-head
the count, es-dump.py (which mixcoatl had before 1.5.1) what its last
version printed; 'mixcoatl --version' this program's version.

The same happens when the mixcoatl binary is started under a tool's name, for
example through a symlink made by 'mixcoatl dcm install DIR'.

mixcoatl's global flags (--profile, --endpoint, --local, …) are accepted
among a tool's flags; a tool's own flag of the same name wins. Exit codes are
mixcoatl's (see 'mixcoatl help exit-codes'), except where an old tool
defined its own: dcm-check-job exits 1 when the job does not exist, a
describe tool exits 1 when the object does not exist, a write tool exits 1
where it printed its own message (an object it could not find, the API's
error message), and a tool that printed its help for a missing flag exits
1, as they did. Where an old tool printed an error and still exited 0, the
text is printed and the exit status is mixcoatl's for the error.`

const compatExample = `  mixcoatl dcm dcm-list-servers --json
  mixcoatl dcm dcm-get geography/DataCenter "{'regionId':19344}"
  mixcoatl dcm dcm-check-job 3411
  mixcoatl dcm list
  mixcoatl dcm install ~/bin
  dcm-list-servers --regionid 19344 --csv      # through the symlink`

// legacyInvocation maps the program name to the arguments that select a
// compatible old tool: nil for mixcoatl itself, ["dcm", name] for a dcm-*
// name or es-dump(.py) (symlinks made by `mixcoatl dcm install`). Unknown
// dcm-* names are kept so the user hears which tools exist.
func legacyInvocation(argv0 string) []string {
	name := filepath.Base(argv0)
	if runtime.GOOS == "windows" {
		name = strings.TrimSuffix(strings.ToLower(name), ".exe")
	}
	if strings.HasPrefix(name, "dcm-") || name == "es-dump.py" || name == "es-dump" {
		return []string{"dcm", name}
	}
	return nil
}

// newCompatCommand is `mixcoatl dcm <tool> …`, with `dcm list` and `dcm
// install DIR`.
func newCompatCommand(g *globalOptions, env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "dcm TOOL [FLAGS…]",
		Short:   "Run an old mixcoatl 1.5.1 tool (dcm-*, es-dump.py) by its name and flags",
		Long:    compatLong,
		Example: compatExample,
		Args:    cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("dcm: name a tool; 'mixcoatl dcm list' shows them")
			}
			return usagef("dcm: unknown tool %q; 'mixcoatl dcm list' shows the tools", args[0])
		},
	}
	return cmd
}

// addCompatToolCommands adds the old tools ts selects to `mixcoatl dcm`,
// then its list and install commands.
func addCompatToolCommands(dcm *cobra.Command, env *Env, ts treeSelection) {
	if !ts.all {
		if ts.tool != nil {
			dcm.AddCommand(newCompatToolCommand(ts.tool, env))
		}
	} else {
		for _, tool := range compat.Tools() {
			dcm.AddCommand(newCompatToolCommand(tool, env))
		}
	}
	dcm.AddCommand(newCompatListCommand(env), newCompatInstallCommand(env))
}

// newCompatAdminCommand is `mixcoatl compat list|install`, the same
// commands as `mixcoatl dcm list|install` under a name of their own.
func newCompatAdminCommand(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "compat",
		Short: "List the old dcm-* tools or install symlinks that run them",
		Long: `The old mixcoatl 1.5.1 tools (dcm-*, es-dump.py) run as 'mixcoatl dcm TOOL …'
or through symlinks named after them. 'compat list' shows each tool with the
command it runs; 'compat install DIR' creates the symlinks.`,
		Args: rangeArgs(0, 0, "a subcommand: list or install"),
	}
	cmd.AddCommand(newCompatListCommand(env), newCompatInstallCommand(env))
	return cmd
}

// newCompatToolCommand is one old tool. Cobra does not parse its flags: the
// tool's own argparse-style parser does.
func newCompatToolCommand(tool *compat.Tool, env *Env) *cobra.Command {
	short := "Run " + tool.New
	if tool.HasOutput() {
		short = "Print what mixcoatl 1.5.1 printed; like mixcoatl " + tool.New
	}
	if tool.Unsupported != "" {
		short = "Not supported"
	}
	return &cobra.Command{
		Use:                tool.Name + " [FLAGS…]",
		Short:              short,
		Long:               tool.Usage(),
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCompatTool(cmd, env, tool, args)
		},
	}
}

// runCompatTool parses an old command line, then runs its translation (or
// one of the few tools run here directly). Errors from the translated
// command come back as that command returned them, so their exit codes
// stay.
func runCompatTool(cmd *cobra.Command, env *Env, tool *compat.Tool, args []string) error {
	call, err := tool.Parse(args, rootGlobalFlags(cmd.Root().PersistentFlags()))
	if errors.As(err, new(compat.HelpRequest)) {
		_, err := fmt.Fprint(env.Stdout, tool.Usage())
		return err
	}
	if err != nil {
		return usagef("%v", err)
	}
	if special := tool.Special(call); special != compat.SpecialNone {
		g, err := parseGlobals(call.Globals)
		if err != nil {
			return err
		}
		return wrapRunErr(runCompatSpecial(cmd, env, g, special, call))
	}
	if tool.HasOutput() {
		return runCompatOutput(cmd, env, tool, call)
	}
	argv, err := tool.Translate(call)
	if err != nil {
		return usagef("%v", err)
	}
	sub := newRootCommandFor(env, argv)
	sub.SetArgs(argv)
	_, err = sub.ExecuteContextC(cmd.Context())
	if err != nil {
		if _, ok := errors.AsType[*commandError](err); !ok {
			// cobra refused the translated line: say what it was.
			return usagef("%v (running: mixcoatl %s)", err, strings.Join(argv, " "))
		}
	}
	return err
}

// wrapRunErr marks an error of a directly run tool as a command error, so
// Run classifies it.
func wrapRunErr(err error) error {
	if err == nil {
		return nil
	}
	return &commandError{err: err}
}

// rootGlobalFlags tells the old tools' parser which flags are mixcoatl's
// persistent ones.
func rootGlobalFlags(fs *pflag.FlagSet) compat.GlobalFlag {
	return func(name string, short bool) (bool, bool) {
		var f *pflag.Flag
		if short {
			f = fs.ShorthandLookup(name)
		} else {
			f = fs.Lookup(name)
		}
		if f == nil {
			return false, false
		}
		return f.NoOptDefVal == "", true
	}
}

// parseGlobals reads pass-through global flags for a tool run here.
func parseGlobals(args []string) (*globalOptions, error) {
	g := &globalOptions{}
	fs := pflag.NewFlagSet("mixcoatl", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.register(fs)
	if err := fs.Parse(args); err != nil {
		return nil, usagef("%v", err)
	}
	return g, nil
}
