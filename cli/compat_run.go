package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
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
	case compat.SpecialStatusCodeOnly:
		return runStatusCodeOnly(cmd, env, g, call)
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
	client, err := g.newClient(env)
	if err != nil {
		return wrapRunErr(err)
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

// runStatusCodeOnly is dcm-get --statuscodeonly: the status code alone,
// exit 0 whatever it is; only a missing answer is an error.
func runStatusCodeOnly(cmd *cobra.Command, env *Env, g *globalOptions, call *compat.Call) error {
	t, err := parseTarget(call.Arg(0), call.Args[1:])
	if err != nil {
		return err
	}
	details := dcm.DetailsBasic
	if call.Bool("extended") {
		details = dcm.DetailsExtended
	}
	format := dcm.FormatJSON
	if call.Bool("xml") {
		format = dcm.FormatXML
	}
	client, err := g.newClient(env)
	if err != nil {
		return err
	}
	code := 0
	resp, err := client.Do(cmd.Context(), &dcm.Request{Method: http.MethodGet, Path: t.path, Query: t.query, Format: format, Details: details})
	switch {
	case err == nil:
		code = resp.StatusCode
	case dcm.StatusCode(err) != 0:
		code = dcm.StatusCode(err)
	default:
		return err
	}
	return render(env.Stdout, output{lines: []string{strconv.Itoa(code)}})
}
