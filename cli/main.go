// Package cli is the mixcoatl command tree. Every command is an options
// struct plus a run function that only touches the world through an Env, so
// the whole CLI runs in-process in tests: no terminal, no real environment,
// no network unless a test asks for it.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	outfmt "github.com/mixcoatl/mixcoatl/cli/output"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/internal/safetext"
	"github.com/spf13/cobra"
)

// Env is everything a command may touch outside its own memory.
type Env struct {
	Args   []string // command-line arguments, without the program name
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads the environment; nil means an empty environment (Main
	// passes os.Getenv), so a test cannot pick up the developer's keys.
	Getenv func(string) string
	// ConfigDir holds config.json with the profiles; "" = the user config
	// directory's mixcoatl folder.
	ConfigDir string
	// LegacyDir holds old-style ~/.mixcoatl KEY=VALUE files; "" = ~/.mixcoatl,
	// "-" = do not look.
	LegacyDir string
	// Transport carries every request; nil = the network.
	Transport http.RoundTripper
	// ClientOptions are appended after the options built from flags, so they
	// win (tests use them for retry policies and clocks).
	ClientOptions []dcm.Option
	// DataDir holds the --local state file; "" = $XDG_DATA_HOME/mixcoatl
	// (~/.local/share/mixcoatl when XDG_DATA_HOME is unset).
	DataDir string
	// Catalog describes the resources the command tree offers and its
	// requests address; nil = the embedded catalogue (catalog.Load), read
	// only when a command needs it. Tests pass a copy with extra resources.
	Catalog *catalog.Catalog

	// armSignals starts Main's handling of SIGINT and SIGTERM when a
	// command starts running (see withSignals); nil = none.
	armSignals func()
	// closers release what a command opened (the --local state file); Run
	// calls them when the command ends.
	closers []func() error
}

// Main runs the CLI for a real process: os.Args-style args (program name
// first), the process environment, and cancellation on SIGINT and SIGTERM
// (exit 130 and 143, see signals.go).
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, arm, stop := withSignals(context.Background())
	defer stop()
	if len(args) > 0 {
		// Invoked as an old tool's name (a dcm-* symlink, es-dump.py): run
		// that tool's compatible form.
		args = append(legacyInvocation(args[0]), args[1:]...)
	}
	return Run(ctx, Env{
		Args:   args,
		Stdin:  stdin,
		Stdout: stdout,
		Stderr: stderr,
		Getenv: os.Getenv,

		armSignals: arm,
	})
}

// Run executes one command line and returns its exit code (see exitcodes.go).
func Run(ctx context.Context, env Env) int {
	env = env.withDefaults()
	root := newRootCommandFor(&env, env.Args)
	root.SetArgs(env.Args)
	cmd, err := root.ExecuteContextC(ctx)
	for _, c := range env.closers {
		if cerr := c(); cerr != nil && err == nil {
			err = &commandError{err: cerr}
		}
	}
	if err == nil {
		return ExitOK
	}
	code := ExitUsage // cobra's own errors: unknown command, bad flag, wrong arguments
	own := false
	if ce, ok := errors.AsType[*commandError](err); ok {
		err, own = ce.err, true
		code = exitCode(err)
	}
	if sig, ok := errors.AsType[*signalError](context.Cause(ctx)); ok {
		err, code = interruption(sig, err), sig.ExitCode()
	}
	if f, ok := structuredErrors(cmd); ok {
		outfmt.WriteError(env.Stderr, f, err, code)
		return code
	}
	if own {
		printError(env.Stderr, err)
	} else {
		// cobra's messages hold only what the user typed, laid out on
		// several lines ("Did you mean this?"): keep the lines, escape
		// the rest.
		lines := strings.Split(strings.TrimRight(err.Error(), "\n"), "\n")
		for i, l := range lines {
			l = safetext.Escape(strings.ReplaceAll(l, "\t", "  "))
			if i == 0 {
				l = "mixcoatl: " + l
			}
			fmt.Fprintln(env.Stderr, l)
		}
	}
	if code == ExitUsage && cmd != nil {
		fmt.Fprintf(env.Stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return code
}

// printError writes a command's error on stderr, one "mixcoatl: " line per
// error of a joined error (a multi-id get reports each id that failed).
// Server text can reach a message (an API error's message, a job's, a
// name), so each is escaped whole: no control character, newline or bidi
// override reaches the terminal, and no line can be forged.
func printError(w io.Writer, err error) {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			printError(w, e)
		}
		return
	}
	fmt.Fprintf(w, "mixcoatl: %s\n", safetext.Escape(outfmt.Message(err)))
}

// structuredErrors reports whether the command's output format (-o) asks
// for machine-readable errors: a script reading JSON gets its errors as JSON.
func structuredErrors(cmd *cobra.Command) (outfmt.Format, bool) {
	if cmd == nil {
		return "", false
	}
	flag := cmd.Flags().Lookup("output")
	if flag == nil {
		return "", false
	}
	f, err := outfmt.ParseFormat(flag.Value.String())
	if err != nil {
		return "", false
	}
	switch f {
	case outfmt.JSON, outfmt.JSONL, outfmt.YAML:
		return f, true
	}
	return "", false
}

func (e Env) withDefaults() Env {
	if e.Stdin == nil {
		e.Stdin = eofReader{}
	}
	if e.Stdout == nil {
		e.Stdout = io.Discard
	}
	if e.Stderr == nil {
		e.Stderr = io.Discard
	}
	if e.Getenv == nil {
		e.Getenv = func(string) string { return "" }
	}
	return e
}

// catalog is the catalogue the commands are built from.
func (e *Env) catalog() *catalog.Catalog {
	if e.Catalog == nil {
		return catalog.Load()
	}
	return e.Catalog
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
