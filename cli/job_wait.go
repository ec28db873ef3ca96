package cli

import (
	"os"
	"slices"
	"strconv"

	"github.com/mattn/go-isatty"
	outfmt "github.com/mixcoatl/mixcoatl/cli/output"
	"github.com/mixcoatl/mixcoatl/cli/waitui"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

const jobWaitLong = `Wait for one or more jobs to finish and print them.

Asynchronous operations (launch, start, stop, attach, delete, …) answer with
jobs; 'job wait' polls them until they leave RUNNING. Progress goes to stderr:
a live line on a terminal, one line per status change otherwise. The finished
jobs are printed on stdout, in the -o format of the job command (JSON when
there is none).

--timeout bounds the whole wait (0 = no limit). When it runs out, or on
Ctrl-C, the jobs go on on the server: nothing is cancelled, and the message
says how to wait again.

Exit codes: 0 every job COMPLETE, 6 a job ended in ERROR, 7 the wait timed
out (6 wins when both happen).`

const jobWaitExample = `  mixcoatl job wait 8317
  mixcoatl job wait 8317 8318 --timeout 10m`

// newJobWaitCommand is `mixcoatl job wait ID…`, to be attached under the
// `job` resource command.
func newJobWaitCommand(g *globalOptions, env *Env) *cobra.Command {
	return &cobra.Command{
		Use:     "wait JOB_ID...",
		Short:   "Wait for jobs to finish (exit 6 if one fails, 7 on timeout)",
		Long:    jobWaitLong,
		Example: jobWaitExample,
		Args:    rangeArgs(1, -1, "one or more job ids"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			return runJobWait(cmd, g, env, args)
		}),
	}
}

func runJobWait(cmd *cobra.Command, g *globalOptions, env *Env, args []string) error {
	ids, err := parseJobIDs(args)
	if err != nil {
		return err
	}
	if g.timeout < 0 {
		return usagef("--timeout must not be negative, got %s", g.timeout)
	}
	// Build the printer first, so a bad -o fails before any waiting.
	printer, err := newJobPrinter(cmd.Flags(), g, env)
	if err != nil {
		return err
	}
	// Here --timeout bounds the whole wait, not each poll: build the client
	// without the per-request limit.
	unbounded := *g
	unbounded.timeout = 0
	client, err := unbounded.newClient(env)
	if err != nil {
		return err
	}
	jobs := make([]dcm.Job, len(ids))
	for i, id := range ids {
		jobs[i] = dcm.Job{JobID: id, Status: dcm.JobStatusRunning}
	}
	waited, waitErr := waitui.Wait(cmd.Context(), client, jobs, waitui.Options{
		Timeout:  g.timeout,
		Progress: env.Stderr,
		Terminal: isTerminal(env),
	})
	var finished []dcm.Job
	for _, j := range waited {
		if j.Status == dcm.JobStatusComplete || j.Status == dcm.JobStatusError {
			finished = append(finished, j)
		}
	}
	if len(finished) > 0 {
		if err := printer.Jobs(finished); err != nil && waitErr == nil {
			return err
		}
	}
	return waitErr
}

// parseJobIDs reads positive job ids, dropping repeats (one poll per job).
func parseJobIDs(args []string) ([]int64, error) {
	var ids []int64
	for _, a := range args {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			return nil, usagef("job wait: %q is not a job id (a positive number)", a)
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// newJobPrinter prints jobs through cli/output with the output flags the
// command inherits from the resource tree (-o, --columns, --no-headers,
// --query), looked up by name so this command works attached anywhere;
// without an -o flag, jobs print as JSON.
func newJobPrinter(fs *pflag.FlagSet, g *globalOptions, env *Env) (*outfmt.Printer, error) {
	color, err := g.colorOutput(env)
	if err != nil {
		return nil, err
	}
	opts := outfmt.Options{Format: outfmt.JSON, Notes: env.Stderr, Terminal: stdoutIsTerminal(env), Color: color}
	if f := fs.Lookup("output"); f != nil {
		format, err := outfmt.ParseFormat(f.Value.String())
		if err != nil {
			return nil, usagef("%v", err)
		}
		opts.Format = format
	}
	if f := fs.Lookup("columns"); f != nil {
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			opts.Columns = sv.GetSlice()
		}
	}
	if f := fs.Lookup("no-headers"); f != nil {
		opts.NoHeaders = f.Value.String() == "true"
	}
	if f := fs.Lookup("query"); f != nil {
		opts.Query = f.Value.String()
	}
	p, err := outfmt.New(env.Stdout, opts)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return p, nil
}

// isTerminal reports whether stderr is an interactive terminal that can
// redraw a line in place (not TERM=dumb).
func isTerminal(env *Env) bool {
	f, ok := env.Stderr.(*os.File)
	if !ok || env.Getenv("TERM") == "dumb" {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}
