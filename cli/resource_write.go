package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// writeOptions are the flags of one write command (create, update, action
// or delete of a resource).
type writeOptions struct {
	og     *opGroup
	fields []*fieldFlag
	params *queryFlags // delete parameters (reason, terminateAfter, …)
	data   string
	// region is the scope of a data centre given by name, for ops whose
	// payload has a data centre but no region (server launch, add volume).
	region string
	// set are payload members fixed by the command itself (rename's name).
	set    map[string]string
	dryRun bool
	yes    bool
	wait   waitOptions
}

// waitOptions are --wait and its tuning, on every async verb.
type waitOptions struct {
	enabled  bool
	timeout  time.Duration
	interval time.Duration
}

func (w *waitOptions) register(fs *pflag.FlagSet) {
	fs.BoolVar(&w.enabled, "wait", false, "wait for the job to finish, then print the resulting resource (exit 6 if the job fails, 7 on timeout)")
	fs.DurationVar(&w.timeout, "wait-timeout", 30*time.Minute, "give up waiting after this long (exit 7)")
	fs.DurationVar(&w.interval, "wait-interval", time.Second, "first pause between job polls; it doubles up to 30s")
	_ = fs.MarkHidden("wait-interval")
}

// flagAliases are extra spellings of generated flags: the names users
// know from the old tools and from cli/resolve's reference flags.
func flagAliases(res *catalog.Resource, og *opGroup) map[string]string {
	aliases := map[string]string{}
	for _, f := range og.Fields() {
		switch f.Name {
		case "machineImage":
			aliases["image"] = "machine-image"
		case "dataCenter":
			aliases["datacenter"] = "data-center"
		case "firewalls":
			aliases["firewall"] = "firewalls"
		case "deviceId":
			aliases["device"] = "device-id"
		case "owningGroups":
			aliases["groups"], aliases["group"] = "owning-groups", "owning-groups"
		}
	}
	return aliases
}

// normalizeAliases installs flag aliases on a command's flags.
func normalizeAliases(fs *pflag.FlagSet, aliases map[string]string) {
	if len(aliases) == 0 {
		return
	}
	fs.SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if to, ok := aliases[name]; ok {
			return pflag.NormalizedName(to)
		}
		return pflag.NormalizedName(name)
	})
}

func (rc *resourceCommand) newWriteCommand(og *opGroup) *cobra.Command {
	o := &writeOptions{og: og}
	cmd := &cobra.Command{
		Use:     rc.writeUse(og),
		Aliases: og.aliases(rc.res),
		Short:   rc.writeShort(og),
		Long:    rc.writeLong(og),
		Example: rc.writeExample(og),
		Args:    rc.writeArgs(og),
	}
	fs := cmd.Flags()
	required := map[string]bool{}
	for _, form := range og.Forms {
		for _, f := range form.Fields {
			required[f.Name] = required[f.Name] || f.Required
		}
	}
	for _, f := range og.Fields() {
		o.fields = append(o.fields, newFieldFlag(fs, f, required[f.Name] && !defaultedField(og, f)))
	}
	o.params = newQueryFlags(resourceCommandName(rc.res)+" "+og.commandName(), og.Params(), fs)
	if og.hasRef("DataCenter") && !og.hasField("region") {
		fs.StringVar(&o.region, "region", "", "region (id or name) of a --data-center given by name")
	}
	if og.Kind != catalog.KindDelete {
		fs.StringVar(&o.data, "data", "", "the "+og.Verb+" payload object as JSON, @FILE or - (stdin); flags override its fields")
	}
	fs.BoolVar(&o.dryRun, "dry-run", false, "print the signed request (secrets redacted) and send nothing")
	if og.destructive() {
		fs.BoolVarP(&o.yes, "yes", "y", false, "do not ask for confirmation (required when stdin is not a terminal)")
	}
	if og.Async() {
		o.wait.register(fs)
	}
	normalizeAliases(fs, flagAliases(rc.res, og))
	cmd.RunE = runE(func(cmd *cobra.Command, args []string) error {
		return rc.runWrite(cmd.Context(), cmd.Flags(), o, args)
	})
	return cmd
}

// defaultedField reports a required field the command fills itself: a
// required description defaults to the name, which users rarely want to
// type twice.
func defaultedField(og *opGroup, f *catalog.Field) bool {
	return f.Name == "description" && og.hasField("name")
}

// newRenameCommand is `<resource> rename ID NAME`, the update op with only
// the name set.
func (rc *resourceCommand) newRenameCommand(og *opGroup) *cobra.Command {
	o := &writeOptions{og: og, set: map[string]string{}}
	cmd := &cobra.Command{
		Use:     "rename ID NEW-NAME",
		Short:   fmt.Sprintf("Rename %s (%s with only the name)", rc.article(), og.Verb),
		Example: fmt.Sprintf("  mixcoatl --local %s rename %s new-name", resourceCommandName(rc.res), exampleID(rc.res)),
		Args:    rangeArgs(2, 2, rc.keyName()+" and the new name"),
	}
	o.params = newQueryFlags(resourceCommandName(rc.res)+" rename", nil, cmd.Flags())
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "print the signed request (secrets redacted) and send nothing")
	cmd.RunE = runE(func(cmd *cobra.Command, args []string) error {
		if strings.TrimSpace(args[1]) == "" {
			return usagef("rename: the new name is empty")
		}
		o.set["name"] = args[1]
		return rc.runWrite(cmd.Context(), cmd.Flags(), o, args[:1])
	})
	return cmd
}

func (rc *resourceCommand) writeUse(og *opGroup) string {
	if og.Kind == catalog.KindCreate {
		return og.commandName() + " [flags]"
	}
	return og.commandName() + " ID… [flags]"
}

func (rc *resourceCommand) writeArgs(og *opGroup) cobra.PositionalArgs {
	if og.Kind == catalog.KindCreate {
		return rangeArgs(0, 0, "no arguments (fields are flags)")
	}
	return rangeArgs(1, -1, "one or more "+rc.keyName()+"s")
}

func (rc *resourceCommand) writeShort(og *opGroup) string {
	n := humanName(rc.res)
	var s string
	switch og.Kind {
	case catalog.KindCreate:
		s = fmt.Sprintf("Create %s (%s)", rc.article(), og.Verb)
	case catalog.KindUpdate:
		s = fmt.Sprintf("Change %s (%s)", wire.Plural(n), og.Verb)
	case catalog.KindDelete:
		s = fmt.Sprintf("Delete %s", wire.Plural(n))
	default:
		if wire.Kebab(og.Verb) == og.Verb {
			s = fmt.Sprintf("%s %s", wire.UpperFirst(og.Verb), wire.Plural(n))
		} else {
			s = fmt.Sprintf("Perform %s on %s", og.Verb, wire.Plural(n))
		}
	}
	if og.Async() {
		s += "; async, --wait to wait"
	}
	return s
}

func (rc *resourceCommand) writeLong(og *opGroup) string {
	var b strings.Builder
	b.WriteString(rc.writeShort(og) + ".\n\n")
	if og.Kind == catalog.KindDelete {
		fmt.Fprintf(&b, "Sends DELETE %s/ID for each id.", rc.res.Path)
	} else {
		method := http.MethodPut + " " + rc.res.Path + "/ID"
		if og.Kind == catalog.KindCreate {
			method = http.MethodPost + " " + rc.res.Path
		}
		fmt.Fprintf(&b, "Sends %s with a %q payload built from the flags (and --data).", method, og.Verb)
		b.WriteString(" Required fields are checked before anything is sent.")
	}
	if og.Async() {
		b.WriteString("\n\nThe API answers with a job, which is printed; --wait polls it and prints the\nresource once the job is done.")
	}
	if og.destructive() {
		b.WriteString("\n\nAsks for confirmation on a terminal; scripts must pass --yes.")
	}
	if len(og.Forms) > 1 {
		b.WriteString("\n\nThe payload's form depends on the API version: flags of the other form are refused.")
	}
	for _, f := range og.Forms {
		if f.Doc != "" {
			b.WriteString("\n\n" + f.Doc)
			break
		}
	}
	return b.String()
}

// writeExample builds a runnable example from the catalogue: every
// required flag with a value from the default seed.
func (rc *resourceCommand) writeExample(og *opGroup) string {
	words := []string{"  mixcoatl --local", resourceCommandName(rc.res), og.commandName()}
	if og.Kind != catalog.KindCreate {
		words = append(words, exampleID(rc.res))
	}
	for _, f := range og.Forms[len(og.Forms)-1].Fields {
		if f.Required {
			words = append(words, "--"+wire.Kebab(f.Name), exampleFieldValue(f))
		}
	}
	for _, p := range og.Params() {
		if p.Name == "reason" {
			words = append(words, "--reason", "'no longer needed'")
		}
	}
	if og.destructive() {
		words = append(words, "--yes")
	}
	line := strings.Join(words, " ")
	out := line + "\n" + line + " --dry-run"
	if og.Async() {
		out += "\n" + line + " --wait"
	}
	return out
}

func exampleFieldValue(f *catalog.Field) string {
	if f.Ref != "" {
		if res, ok := catalog.Load().Resource(f.Ref); ok {
			return exampleID(res)
		}
	}
	switch {
	case budgetField(f):
		return "1512"
	case f.Name == "regionId":
		return "19344"
	case f.Name == "firewallId":
		return "24002"
	case f.Name == "email":
		return "ops@example.com"
	case f.Name == "direction":
		return "INGRESS"
	case f.Name == "protocol":
		return "TCP"
	case f.Name == "cidr" || f.Name == "source":
		return "10.0.0.0/8"
	case f.Type == catalog.TypeInt:
		return "1"
	case f.Type == catalog.TypeBool:
		return "true"
	case f.Type == catalog.TypeObject, f.Type == catalog.TypeArray, f.Type == catalog.TypeAny:
		return "@" + f.Name + ".json"
	case f.Type == catalog.TypeEnum && len(f.Values) > 0:
		return f.Values[0]
	}
	return "example-" + wire.Kebab(f.Name)
}

// runWrite validates everything, asks for confirmation when needed, then
// sends the op once per id and reports the result.
func (rc *resourceCommand) runWrite(ctx context.Context, fs *pflag.FlagSet, o *writeOptions, ids []string) error {
	name := resourceCommandName(rc.res) + " " + o.og.commandName()
	if profiles := splitProfiles(rc.g.profile); len(profiles) > 1 {
		return usagef("%s: --profile with several profiles is for reads only", name)
	}
	if err := rc.checkIDs(ids); err != nil {
		return err
	}
	if err := o.params.check(fs); err != nil {
		return err
	}
	if o.wait.enabled && o.wait.timeout <= 0 {
		return usagef("%s: --wait-timeout must be positive", name)
	}
	p, err := rc.newItemPrinter()
	if err != nil {
		return err
	}
	client, err := rc.g.newClient(rc.env)
	if err != nil {
		return err
	}
	version := client.Config().APIVersion
	op, err := rc.pickForm(o.og, version, fs, o)
	if err != nil {
		return err
	}
	// Names are resolved with real reads even under --dry-run, so the
	// printed request carries the ids that would be sent.
	req, err := rc.buildRequest(ctx, fs, o, op, client)
	if err != nil {
		return err
	}
	reader := client
	if o.dryRun {
		dry := &dryRunTransport{w: rc.env.Stdout, secret: client.Config().SecretKey}
		if client, err = rc.g.newClient(rc.env, dcm.WithTransport(dry)); err != nil {
			return err
		}
	} else if err := rc.confirm(o, ids); err != nil {
		return err
	}
	if len(ids) == 0 {
		ids = []string{""}
	}
	var jobs []dcm.Job
	for _, id := range ids {
		r := *req
		if id != "" {
			r.Path += "/" + url.PathEscape(id)
		}
		resp, err := client.Do(ctx, &r)
		if o.dryRun && errors.Is(err, errDryRun) {
			continue
		}
		if err != nil {
			return err
		}
		got, err := rc.report(p, o, op, id, resp)
		if err != nil {
			return err
		}
		jobs = append(jobs, got...)
	}
	if o.dryRun || len(jobs) == 0 {
		return nil
	}
	if !o.wait.enabled {
		return p.Jobs(jobs)
	}
	return rc.waitAndShow(ctx, reader, p, o, ids, jobs)
}

// pickForm chooses the op form of the client's API version and refuses
// flags that belong only to another version's form.
func (rc *resourceCommand) pickForm(og *opGroup, version string, fs *pflag.FlagSet, o *writeOptions) (*catalog.Op, error) {
	op, ok := rc.res.Op(og.Kind, og.Verb, version)
	if !ok {
		return nil, usagef("%s %s is not available in API version %s", resourceCommandName(rc.res), og.commandName(), version)
	}
	for _, ff := range o.fields {
		if flagChanged(fs, ff.flag) && !opHasField(op, ff.field.Name) {
			return nil, usagef("--%s is not part of %s in API version %s", ff.flag, og.Verb, version)
		}
	}
	return op, nil
}

func opHasField(op *catalog.Op, name string) bool {
	for _, f := range op.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// buildRequest makes the request for one id (the id is added by the
// caller): the payload from --data, flags and fixed values, checked for
// required fields; or the delete query.
func (rc *resourceCommand) buildRequest(ctx context.Context, fs *pflag.FlagSet, o *writeOptions, op *catalog.Op, client *dcm.Client) (*dcm.Request, error) {
	resolve := rc.resolver(client)
	q, err := o.params.values(ctx, fs, resolve)
	if err != nil {
		return nil, err
	}
	req := &dcm.Request{Method: sdk.MethodOf(op.Kind), Path: rc.res.Path, Query: q, Format: dcm.FormatJSON}
	if op.Kind == catalog.KindDelete {
		return req, nil
	}
	members, err := basePayload(o.data, rc.env.Stdin, op)
	if err != nil {
		return nil, err
	}
	payload := map[string]any{}
	for k, v := range members {
		payload[k] = v
	}
	scope := url.Values{}
	if o.region != "" {
		region, err := resolve(ctx, "Region", o.region, nil)
		if err != nil {
			return nil, err
		}
		scope.Set("regionId", region)
	}
	for _, ff := range o.fields {
		if !flagChanged(fs, ff.flag) {
			continue
		}
		v, err := ff.value(ctx, rc.env.Stdin, resolve, scope)
		if err != nil {
			return nil, err
		}
		payload[ff.field.Name] = v
	}
	for k, v := range o.set {
		payload[k] = v
	}
	if _, ok := payload["description"]; !ok && opHasField(op, "description") {
		if n, ok := payload["name"]; ok {
			payload["description"] = n
		}
	}
	for _, f := range op.Fields {
		if _, ok := payload[f.Name]; !ok && f.Required {
			return nil, usagef("%s %s: --%s is required (%s needs %s)",
				resourceCommandName(rc.res), o.og.commandName(), wire.Kebab(f.Name), op.Verb, f.Name)
		}
	}
	body, err := json.Marshal(sdk.Wrap(op, payload))
	if err != nil {
		return nil, err
	}
	req.Body = body
	return req, nil
}

// report prints a synchronous result (201: the created objects; 204: a
// confirmation on stderr, keeping stdout clean for scripts) and returns
// the jobs of an asynchronous one.
func (rc *resourceCommand) report(p itemPrinter, o *writeOptions, op *catalog.Op, id string, resp *dcm.Response) ([]dcm.Job, error) {
	if resp.StatusCode == http.StatusAccepted {
		jobs, err := dcm.DecodeJobs(resp.Body, dcm.FormatJSON)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", resourceCommandName(rc.res), o.og.commandName(), err)
		}
		return jobs, nil
	}
	if len(strings.TrimSpace(string(resp.Body))) > 0 {
		items, err := sdk.DecodeItems(rc.res, resp)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", resourceCommandName(rc.res), o.og.commandName(), err)
		}
		if err := p.Begin(); err != nil {
			return nil, err
		}
		for _, it := range items {
			if err := p.Item(it); err != nil {
				return nil, err
			}
		}
		return nil, p.End()
	}
	fmt.Fprintln(rc.env.Stderr, rc.doneMessage(o.og, id))
	return nil, nil
}

// doneMessage is the stderr confirmation of a finished op.
func (rc *resourceCommand) doneMessage(og *opGroup, id string) string {
	what := humanName(rc.res)
	if id != "" {
		what += " " + id
	}
	switch og.Kind {
	case catalog.KindDelete:
		return what + ": deleted"
	case catalog.KindCreate:
		return what + ": created"
	}
	return fmt.Sprintf("%s: %s done", what, og.Verb)
}

// hasRef reports whether any form of the op references the resource.
func (g *opGroup) hasRef(resource string) bool {
	for _, f := range g.Fields() {
		if f.Ref == resource {
			return true
		}
	}
	return false
}
