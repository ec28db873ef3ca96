package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/cli/compat"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/spf13/cobra"
)

// errNoSuchJob is dcm-check-job's "NONE": a plain error, so Run exits 1 as
// the old tool did (ExitInternal is 1).
type errNoSuchJob struct{ id string }

func (e errNoSuchJob) Error() string { return "no job " + e.id }

// runCompatSpecial runs the tools whose output no new command prints.
func runCompatSpecial(cmd *cobra.Command, env *Env, g *globalOptions, special string, call *compat.Call) error {
	switch special {
	case compat.SpecialCheckJob:
		return runCheckJob(cmd, env, g, call.Arg(0))
	case compat.SpecialResetConfig:
		return runResetConfig(cmd, env, call)
	}
	return fmt.Errorf("compat: no runner for %q", special)
}

// runCompatOutput runs a tool that prints the old formats itself, with a
// client made of the pass-through global flags.
func runCompatOutput(cmd *cobra.Command, env *Env, tool *compat.Tool, call *compat.Call) error {
	g, err := parseGlobals(call.Globals)
	if err != nil {
		return err
	}
	var client *dcm.Client
	if !tool.Offline() {
		if client, err = g.newClient(env); err != nil {
			return wrapRunErr(err)
		}
	}
	stdout, done := documentOut(env)
	err = tool.RunOutput(cmd.Context(), call, compat.Env{Client: client, Catalog: env.catalog(), Out: stdout})
	err = errors.Join(err, done())
	if usage, ok := errors.AsType[*compat.UsageError](err); ok {
		return usagef("%v", usage)
	}
	if unsupported, ok := errors.AsType[*compat.UnsupportedError](err); ok {
		return usagef("%v", unsupported)
	}
	return wrapRunErr(err)
}

// runCheckJob prints a job's status, or NONE (exit 1) when it does not
// exist.
func runCheckJob(cmd *cobra.Command, env *Env, g *globalOptions, id string) error {
	if _, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64); err != nil {
		return usagef("dcm-check-job: job id %q is not a number", id)
	}
	client, err := g.newClient(env)
	if err != nil {
		return err
	}
	jobRes, ok := env.catalog().Resource("Job")
	if !ok {
		return fmt.Errorf("dcm-check-job: the catalogue has no Job resource")
	}
	raw, err := sdk.GetItem(cmd.Context(), client, jobRes, strings.TrimSpace(id), nil, sdk.WithFormat(dcm.FormatJSON))
	if _, empty := errors.AsType[*sdk.EmptyResultError](err); empty || dcm.IsNotFound(err) {
		return noneJob(env, id)
	}
	if err != nil {
		return err
	}
	var job dcm.Job
	if err := json.Unmarshal(raw, &job); err != nil {
		return fmt.Errorf("dcm-check-job: %w", err)
	}
	return render(env.Stdout, output{lines: []string{job.Status}})
}

func noneJob(env *Env, id string) error {
	if err := render(env.Stdout, output{lines: []string{"NONE"}}); err != nil {
		return err
	}
	return errNoSuchJob{id: id}
}

// runResetConfig is `mixcoatl --reset_config`, which removed the default
// configuration of mixcoatl 1.5.1: here `mixcoatl configure` makes the
// default profile again.
func runResetConfig(cmd *cobra.Command, env *Env, call *compat.Call) error {
	argv := append(slices.Clone(call.Globals), "configure")
	sub := newRootCommandFor(env, argv)
	sub.SetArgs(argv)
	_, err := sub.ExecuteContextC(cmd.Context())
	return err
}
