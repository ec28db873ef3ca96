package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/cli/resolve"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/spf13/pflag"
)

// writeRun is one run of a write command, carried through its steps:
// validate (usage errors, before any request) → build (names resolved,
// payload checked and wrapped by the SDK's executor) → send (once per id,
// after confirmation) → report (each answer) → wait (for the jobs).
type writeRun struct {
	rc      *resourceCommand
	fs      *pflag.FlagSet
	o       *writeOptions
	ids     []string // the ids to act on, names resolved by build
	typed   []string // the positional arguments as given
	op      sdk.Operation
	p       itemPrinter
	client  *dcm.Client
	version string
	form    *catalog.Op                // the op form of the client's API version
	prep    *sdk.Prepared              // the request, built once for every id
	data    map[string]json.RawMessage // the members of --data
}

// runWrite runs a write command's steps in order.
func (rc *resourceCommand) runWrite(ctx context.Context, fs *pflag.FlagSet, o *writeOptions, ids []string) error {
	w := &writeRun{rc: rc, fs: fs, o: o, ids: ids, typed: ids,
		op: sdk.Operation{Resource: rc.res, Kind: o.og.Kind, Verb: o.og.Verb}}
	if err := w.validate(ctx); err != nil {
		return err
	}
	if err := w.build(ctx); err != nil {
		return err
	}
	jobs, err := w.send(ctx)
	if err != nil {
		return err
	}
	return w.wait(ctx, jobs)
}

// name is the command as the user typed it: "server launch".
func (w *writeRun) name() string {
	return resourceCommandName(w.rc.res) + " " + w.o.og.commandName()
}

// validate refuses what is wrong with the command line before any request
// and before the configuration is read: several profiles, bad ids, every
// missing required flag at once; then, with the client (and so the API
// version) made, flags of another version's form. It reads --data and
// makes the printer and the client.
func (w *writeRun) validate(ctx context.Context) error {
	if profiles := splitProfiles(w.rc.g.profile); len(profiles) > 1 {
		return usagef("%s: --profile with several profiles is for reads only", w.name())
	}
	if err := w.rc.checkIDs(w.ids); err != nil {
		return err
	}
	if w.op.Kind != catalog.KindDelete {
		var err error
		if w.data, err = basePayload(w.o.data, w.rc.env.Stdin, w.o.og.Forms[0]); err != nil {
			return err
		}
	}
	if err := w.checkRequired(); err != nil {
		return err
	}
	if w.o.wait.enabled && w.o.wait.timeout <= 0 {
		return usagef("%s: --wait-timeout must be positive", w.name())
	}
	var err error
	if w.p, err = w.rc.newItemPrinter(ctx); err != nil {
		return err
	}
	if w.client, err = w.rc.client(); err != nil {
		return err
	}
	w.version = w.client.Config().APIVersion
	var members []string
	for _, ff := range w.o.fields {
		if flagChanged(w.fs, ff.flag) {
			members = append(members, ff.field.Name)
		}
	}
	w.form, err = w.op.Form(w.version, members...)
	return w.usage(err)
}

// build resolves names (with real reads, even under --dry-run, so that a
// printed request carries the ids that would be sent) and has the SDK's
// executor check and build the request.
func (w *writeRun) build(ctx context.Context) error {
	var err error
	if w.ids, err = w.o.ids.resolve(ctx, w.client, w.ids); err != nil {
		return err
	}
	resolve := w.rc.resolver(w.client)
	q, err := w.o.params.values(ctx, w.fs, resolve)
	if err != nil {
		return err
	}
	var payload map[string]any
	if w.op.Kind != catalog.KindDelete {
		if payload, err = w.payload(ctx, resolve); err != nil {
			return err
		}
		if err := w.checkForm(payload, q); err != nil {
			return err
		}
	}
	w.prep, err = w.op.Prepare(w.version, payload, q)
	return w.usage(err)
}

// payload is the op's payload: --data's members, the flags the user set
// (their names resolved) and the values the command fixes, with a
// defaulted description.
func (w *writeRun) payload(ctx context.Context, resolve refResolver) (map[string]any, error) {
	payload := map[string]any{}
	for k, v := range w.data {
		payload[k] = v
	}
	resolve = w.inferRegion(resolve)
	scope := url.Values{}
	if w.o.region != "" {
		region, err := resolve(ctx, "Region", w.o.region, nil)
		if err != nil {
			return nil, err
		}
		scope.Set("regionId", region)
	}
	for _, ff := range w.o.fields {
		if !flagChanged(w.fs, ff.flag) {
			continue
		}
		v, err := ff.value(ctx, w.rc.env.Stdin, resolve, scope)
		if err != nil {
			return nil, err
		}
		payload[ff.field.Name] = v
	}
	for k, v := range w.o.set {
		payload[k] = v
	}
	for _, f := range w.form.Fields {
		if _, given := payload[f.Name]; !given && defaultedField(w.o.og, f) {
			if n, ok := payload["name"]; ok {
				payload[f.Name] = n
			}
		}
	}
	return payload, nil
}

// inferRegion lets a data centre given by id stand for its region: a
// name that needs a region to be looked up (a product, an image) is
// looked up in the data centre's region, read once, when --region is not
// given.
func (w *writeRun) inferRegion(base refResolver) refResolver {
	return func(ctx context.Context, resource, text string, scope url.Values) (string, error) {
		id, err := base(ctx, resource, text, scope)
		se, ok := errors.AsType[*resolve.ScopeError](err)
		if !ok || !slices.Equal(se.Missing, []string{"regionId"}) || scope == nil || scope.Has("regionId") {
			return id, err
		}
		region, rerr := w.dataCenterRegion(ctx)
		if rerr != nil || region == "" {
			return id, errors.Join(err, rerr)
		}
		scope.Set("regionId", region)
		return base(ctx, resource, text, scope)
	}
}

// dataCenterRegion is the region of the data centre the command was given
// by id ("" when it was given none, or a name).
func (w *writeRun) dataCenterRegion(ctx context.Context) (string, error) {
	for _, ff := range w.o.fields {
		if ff.field.Ref != "DataCenter" || ff.str == nil || !flagChanged(w.fs, ff.flag) || !isDigits(strings.TrimSpace(*ff.str)) {
			continue
		}
		dc, ok := w.rc.cat.Resource("DataCenter")
		if !ok {
			return "", nil
		}
		raw, err := sdk.GetItem(ctx, w.client, dc, strings.TrimSpace(*ff.str), nil)
		if err != nil {
			return "", fmt.Errorf("--%s %s: reading its region: %w", ff.flag, *ff.str, err)
		}
		var got struct {
			Region struct {
				RegionID json.Number `json:"regionId"`
			} `json:"region"`
		}
		if err := json.Unmarshal(raw, &got); err != nil {
			return "", fmt.Errorf("--%s %s: reading its region: %w", ff.flag, *ff.str, err)
		}
		return got.Region.RegionID.String(), nil
	}
	return "", nil
}

// usage turns the executor's refusals into usage errors (exit 2) that
// name flags; other errors pass as they are.
func (w *writeRun) usage(err error) error {
	if err == nil {
		return nil
	}
	verb := w.o.og.Verb
	if fe, ok := errors.AsType[*sdk.FormError](err); ok {
		if flag := wire.Kebab(fe.Member); flagChanged(w.fs, flag) {
			return usagef("--%s is not part of %s in API version %s", flag, verb, fe.Version)
		}
		return usagef("--data: %q is not part of %s in API version %s", fe.Member, verb, fe.Version)
	}
	if mf, ok := errors.AsType[*sdk.MissingFieldError](err); ok {
		return usagef("%s: --%s is required (%s needs %s)", w.name(), wire.Kebab(mf.Field), verb, mf.Field)
	}
	if mf, ok := errors.AsType[*sdk.MissingFilterError](err); ok {
		return usagef("%s: --%s is required", w.name(), wire.Kebab(mf.Filter))
	}
	if ue, ok := errors.AsType[*sdk.UnsupportedError](err); ok {
		return usagef("%s is not available in API version %s", w.name(), ue.Version)
	}
	return err
}

// send asks for confirmation (or, under --dry-run, prints each request
// instead of sending it), then sends the request once per id and reports
// each answer, returning the jobs of asynchronous ones.
func (w *writeRun) send(ctx context.Context) ([]dcm.Job, error) {
	var sender dcm.Doer = w.client
	if w.o.dryRun {
		dry := &dryRunTransport{w: w.rc.env.Stdout, secret: w.client.Config().SecretKey}
		c, err := w.rc.g.newClient(w.rc.env, dcm.WithTransport(dry))
		if err != nil {
			return nil, err
		}
		sender = c
	} else if err := w.rc.confirm(w.o, w.shown()); err != nil {
		return nil, err
	}
	if len(w.ids) == 0 {
		w.ids = []string{""}
	}
	var jobs []dcm.Job
	for _, id := range w.ids {
		res, err := w.prep.Send(ctx, sender, id)
		if w.o.dryRun && errors.Is(err, errDryRun) {
			continue
		}
		if err != nil {
			return nil, err
		}
		got, err := w.report(id, res)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, got...)
	}
	return jobs, nil
}

// shown names the objects acted on for a person: the id, and the name it
// was given by.
func (w *writeRun) shown() []string {
	out := make([]string, len(w.ids))
	for i, id := range w.ids {
		out[i] = id
		if i < len(w.typed) && w.typed[i] != id {
			out[i] = w.typed[i] + " (" + id + ")"
		}
	}
	return out
}

// report prints a synchronous result (201: the created objects; 204: a
// confirmation on stderr, keeping stdout clean for scripts) and returns
// the jobs of an asynchronous one.
func (w *writeRun) report(id string, res *sdk.Result) ([]dcm.Job, error) {
	if res.Async() {
		return res.Jobs, nil
	}
	if res.Empty() {
		fmt.Fprintln(w.rc.env.Stderr, w.rc.doneMessage(w.o.og, id))
		return nil, nil
	}
	items, err := res.Items()
	if err != nil {
		return nil, err
	}
	if err := w.p.Begin(); err != nil {
		return nil, err
	}
	for _, it := range items {
		if err := w.p.Item(it); err != nil {
			return nil, err
		}
	}
	return nil, w.p.End()
}

// wait prints the jobs, or with --wait polls them and prints what they
// made or changed.
func (w *writeRun) wait(ctx context.Context, jobs []dcm.Job) error {
	if w.o.dryRun || len(jobs) == 0 {
		return nil
	}
	if !w.o.wait.enabled {
		return w.p.Jobs(jobs)
	}
	return w.rc.waitAndShow(ctx, w.client, w.p, w.o, w.ids, jobs)
}
