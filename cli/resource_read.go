package cli

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/mixcoatl/mixcoatl/catalog"
	outfmt "github.com/mixcoatl/mixcoatl/cli/output"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// listOptions are the flags of `<resource> list` and `<resource> count`.
type listOptions struct {
	filters *queryFlags
	all     bool // --all: the bool filters that default to true set to false
	details string
}

// defaultTrueFilters are the bool filters the API defaults to true
// (activeOnly, active), which --all turns off.
func defaultTrueFilters(res *catalog.Resource) []catalog.Param {
	var out []catalog.Param
	for _, p := range res.Filters {
		if p.Type == catalog.TypeBool && p.Default == "true" {
			out = append(out, p)
		}
	}
	return out
}

func (rc *resourceCommand) newListCommand() *cobra.Command {
	o := &listOptions{}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   fmt.Sprintf("List %s, page by page", humanPlural(rc.res)),
		Example: rc.listExample("list"),
		Args:    rangeArgs(0, 0, "no arguments (filters are flags)"),

		ValidArgsFunction: noFiles,
	}
	fs := cmd.Flags()
	o.filters = newQueryFlags(rc.cat, rc.res, resourceCommandName(rc.res)+" list", rc.res.Filters, fs)
	if dt := defaultTrueFilters(rc.res); len(dt) > 0 {
		fs.BoolVar(&o.all, "all", false, "include inactive ones too (sends --"+kebabAll(paramNames(dt), "=false --")+"=false)")
	}
	fs.StringVar(&o.details, "details", "", "detail level: none, basic (default) or extended (references expanded)")
	normalizeAliases(fs, filterAliases(rc.res.Filters))
	cmd.RunE = runE(func(cmd *cobra.Command, _ []string) error {
		return rc.runList(cmd.Context(), cmd.Flags(), o)
	})
	return cmd
}

func paramNames(ps []catalog.Param) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

func (rc *resourceCommand) listExample(verb string) string {
	cmdPath := "mixcoatl --local " + resourceCommandName(rc.res) + " " + verb
	var req []string
	for _, p := range rc.res.Filters {
		if p.Required || len(p.RequiredUnless) > 0 {
			req = append(req, "--"+wire.Kebab(p.Name)+" "+orID(p.Example))
		}
	}
	lines := []string{"  " + strings.TrimSpace(cmdPath+" "+strings.Join(req, " "))}
	if verb == "list" {
		lines = append(lines, "  "+strings.TrimSpace(cmdPath+" "+strings.Join(req, " ")+" -o json"))
		for _, p := range rc.res.Filters {
			if !p.Required && len(p.RequiredUnless) == 0 && p.Type != catalog.TypeBool {
				if p.Example != "" {
					lines = append(lines, "  "+strings.TrimSpace(cmdPath+" "+strings.Join(req, " ")+" --"+wire.Kebab(p.Name)+" "+p.Example))
					break
				}
			}
		}
	}
	return strings.Join(lines, "\n")
}

func orID(v string) string {
	if v == "" {
		return "ID"
	}
	return v
}

// listQuery validates the filters and builds the query (names resolved
// through client).
func (rc *resourceCommand) listQuery(ctx context.Context, fs *pflag.FlagSet, o *listOptions, client *dcm.Client) (url.Values, error) {
	q, err := o.filters.values(ctx, fs, rc.resolver(client))
	if err != nil {
		return nil, err
	}
	if o.all {
		for _, p := range defaultTrueFilters(rc.res) {
			if flagChanged(fs, wire.Kebab(p.Name)) {
				return nil, usagef("%s list: --all and --%s cannot be combined", wire.Kebab(rc.res.Name), wire.Kebab(p.Name))
			}
			q.Set(p.Name, "false")
		}
	}
	return q, nil
}

// details is the detail level of a read: --details when given, else
// extended when --columns reach inside a reference (region.name), which
// basic answers carry only as ids, else the default.
func (rc *resourceCommand) details(flag string) (dcm.Details, error) {
	if strings.TrimSpace(flag) == "" && rc.columnsNeedExtended() {
		return dcm.DetailsExtended, nil
	}
	return parseDetails(flag)
}

// columnsNeedExtended reports a --columns path that goes into a reference
// field beyond its id.
func (rc *resourceCommand) columnsNeedExtended() bool {
	for _, entry := range rc.out.columns {
		for _, path := range strings.Split(entry, ",") {
			parts := strings.Split(strings.TrimSpace(path), ".")
			if len(parts) < 2 {
				continue
			}
			for _, f := range rc.res.Fields {
				if !strings.EqualFold(f.Name, parts[0]) || (f.Type != catalog.TypeRef && f.Type != catalog.TypeRefs) {
					continue
				}
				if key := refKey(f); !strings.EqualFold(parts[1], key) {
					return true
				}
			}
		}
	}
	return false
}

func parseDetails(s string) (dcm.Details, error) {
	if strings.TrimSpace(s) == "" {
		return dcm.DetailsDefault, nil
	}
	d, ok := wire.ParseDetails(s)
	if !ok {
		return "", usagef("--details %q: expected none, basic or extended", s)
	}
	return dcm.Details(d), nil
}

// runList streams every page: each page's items go to the printer before
// the next page is asked for, so memory stays flat however long the list.
// A page that fails after items were printed (the paging guard, a lost
// connection) ends the output properly, so it stays a valid document (a
// JSON array closed, a table printed), and the error says on stderr that
// it is incomplete and how many items it holds, with exit 4 or 5: the
// rule dcm.Client.Pages documents.
func (rc *resourceCommand) runList(ctx context.Context, fs *pflag.FlagSet, o *listOptions) error {
	if err := o.filters.check(fs); err != nil {
		return err
	}
	details, err := rc.details(o.details)
	if err != nil {
		return err
	}
	p, err := rc.newItemPrinter(ctx)
	if err != nil {
		return err
	}
	if profiles := splitProfiles(rc.g.profile); len(profiles) > 1 {
		return rc.readProfiles(ctx, p, profiles, func(ctx context.Context, c *dcm.Client, emit func(itemFrom) error) error {
			return rc.listInto(ctx, fs, o, c, details, nil, emit)
		})
	}
	client, err := rc.client()
	if err != nil {
		return err
	}
	if err := p.Begin(); err != nil {
		return err
	}
	printed := 0
	err = rc.listInto(ctx, fs, o, client, details, p.Flush, func(it itemFrom) error {
		printed++
		return p.Item(it.raw)
	})
	if err != nil && printed == 0 {
		return err // nothing to keep: no empty list that would read as "none"
	}
	if err != nil {
		return errors.Join(&incompleteError{err: err, items: printed}, p.End())
	}
	return p.End()
}

// incompleteError is a list that failed after some of its items were
// printed; it keeps the exit code of its cause.
type incompleteError struct {
	err   error
	items int
}

func (e *incompleteError) Error() string     { return e.err.Error() + outfmt.IncompleteNote(e.items) }
func (e *incompleteError) Unwrap() error     { return e.err }
func (e *incompleteError) ItemsPrinted() int { return e.items }

// listInto emits every item of every page; pageDone (may be nil) runs
// after each page, so output appears page by page.
func (rc *resourceCommand) listInto(ctx context.Context, fs *pflag.FlagSet, o *listOptions, client *dcm.Client, details dcm.Details, pageDone func() error, emit func(itemFrom) error) error {
	q, err := rc.listQuery(ctx, fs, o, client)
	if err != nil {
		return err
	}
	for items, err := range sdk.ListPages(ctx, client, rc.res, q, sdk.WithDetails(details)) {
		if err != nil {
			return err
		}
		for _, raw := range items {
			if err := emit(itemFrom{raw: raw}); err != nil {
				return err
			}
		}
		if pageDone != nil {
			if err := pageDone(); err != nil {
				return err
			}
		}
	}
	return nil
}

// getOptions are the flags of `<resource> get`.
type getOptions struct {
	params  *queryFlags
	ids     *idArgs
	details string
}

func (rc *resourceCommand) newGetCommand() *cobra.Command {
	o := &getOptions{}
	op, _ := rc.res.Op(catalog.KindGet, "", "")
	use, args := "get ID…", rangeArgs(1, -1, "one or more "+rc.keyName()+"s")
	example := fmt.Sprintf("  mixcoatl --local %s get %s\n  mixcoatl --local %s get %s -o yaml",
		resourceCommandName(rc.res), exampleID(rc.res), resourceCommandName(rc.res), exampleID(rc.res))
	if rc.res.Flat {
		use, args = "get", rangeArgs(0, 0, "no arguments")
		example = fmt.Sprintf("  mixcoatl --local %s get", resourceCommandName(rc.res))
	}
	cmd := &cobra.Command{
		Use:     use,
		Aliases: []string{"show", "describe"},
		Short:   rc.getShort(),
		Example: example,
		Args:    args,

		ValidArgsFunction: noFiles,
	}
	if completesIDs(rc.res, catalog.KindGet) {
		cmd.ValidArgsFunction = rc.idCompletion
	}
	fs := cmd.Flags()
	o.params = newQueryFlags(rc.cat, rc.res, resourceCommandName(rc.res)+" get", op.Params, fs)
	fs.StringVar(&o.details, "details", "", "detail level: none, basic (default) or extended (references expanded)")
	o.ids = rc.newIDArgs(fs)
	cmd.RunE = runE(func(cmd *cobra.Command, ids []string) error {
		return rc.runGet(cmd.Context(), cmd.Flags(), o, ids)
	})
	return cmd
}

// getShort is the get verb's sentence.
func (rc *resourceCommand) getShort() string {
	switch {
	case rc.res.Flat:
		return fmt.Sprintf("Show the %s", humanName(rc.res))
	case nameResolvable(rc.cat, rc.res.Name) && rc.res.KeyType != catalog.TypeString:
		return fmt.Sprintf("Show %s by id or name, in detail", humanPlural(rc.res))
	}
	return fmt.Sprintf("Show %s by id, in detail", humanPlural(rc.res))
}

func (rc *resourceCommand) keyName() string {
	if rc.res.Key == "" {
		return "id"
	}
	return rc.res.Key
}

// article is "a server", "an image".
func (rc *resourceCommand) article() string {
	n := humanName(rc.res)
	if strings.ContainsRune("aeiou", rune(n[0])) {
		return "an " + n
	}
	return "a " + n
}

// runGet reads each id in turn and prints the objects as one list.
func (rc *resourceCommand) runGet(ctx context.Context, fs *pflag.FlagSet, o *getOptions, ids []string) error {
	if err := o.params.check(fs); err != nil {
		return err
	}
	details, err := rc.details(o.details)
	if err != nil {
		return err
	}
	if err := rc.checkIDs(ids); err != nil {
		return err
	}
	p, err := rc.newItemPrinter(ctx)
	if err != nil {
		return err
	}
	if rc.res.Flat {
		ids = []string{""}
	}
	read := func(ctx context.Context, c *dcm.Client, emit func(itemFrom) error) error {
		q, err := o.params.values(ctx, fs, idsOnly)
		if err != nil {
			return err
		}
		ids, err := o.ids.resolve(ctx, c, ids) // names mean something per endpoint
		if err != nil {
			return err
		}
		// Of several ids, those the API refuses (not found, say) are
		// reported after the others have printed: partial results with
		// a non-zero exit. Anything else (network, interrupt) stops.
		var refused []error
		for _, id := range ids {
			raw, err := rc.getOne(ctx, c, id, q, details)
			if _, isAPI := errors.AsType[*dcm.APIError](err); isAPI && len(ids) > 1 {
				refused = append(refused, err)
				continue
			}
			if err != nil {
				return errors.Join(append(refused, err)...)
			}
			if err := emit(itemFrom{raw: raw}); err != nil {
				return err
			}
		}
		return errors.Join(refused...)
	}
	if profiles := splitProfiles(rc.g.profile); len(profiles) > 1 {
		return rc.readProfiles(ctx, p, profiles, read)
	}
	client, err := rc.client()
	if err != nil {
		return err
	}
	if len(ids) == 1 { // one object prints as itself, not as a list of one
		return read(ctx, client, func(it itemFrom) error { return p.One(it.raw) })
	}
	if err := p.Begin(); err != nil {
		return err
	}
	readErr := read(ctx, client, func(it itemFrom) error { return p.Item(it.raw) })
	return errors.Join(readErr, p.End())
}

// checkIDs refuses ids that cannot be this resource's before any request:
// empty ones, and anything but digits for a resource with numeric ids that
// cannot be named.
func (rc *resourceCommand) checkIDs(ids []string) error {
	for _, id := range ids {
		if strings.TrimSpace(id) == "" {
			return usagef("%s: empty %s", wire.Kebab(rc.res.Name), rc.keyName())
		}
		if rc.res.KeyType == catalog.TypeInt && !isDigits(id) && !nameResolvable(rc.cat, rc.res.Name) {
			return usagef("%s: %s %q is not a number (%s can only be given by id)", wire.Kebab(rc.res.Name), rc.keyName(), id, humanPlural(rc.res))
		}
	}
	return nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// getOne reads one object ("" id: a flat singleton) through the SDK's
// executor.
func (rc *resourceCommand) getOne(ctx context.Context, c *dcm.Client, id string, q url.Values, details dcm.Details) ([]byte, error) {
	return sdk.GetItem(ctx, c, rc.res, id, q, sdk.WithDetails(details))
}

func (rc *resourceCommand) newCountCommand() *cobra.Command {
	o := &listOptions{}
	cmd := &cobra.Command{
		Use:     "count",
		Short:   fmt.Sprintf("Count %s without listing them", humanPlural(rc.res)),
		Example: rc.listExample("count"),
		Args:    rangeArgs(0, 0, "no arguments (filters are flags)"),

		ValidArgsFunction: noFiles,
	}
	fs := cmd.Flags()
	o.filters = newQueryFlags(rc.cat, rc.res, resourceCommandName(rc.res)+" count", rc.res.Filters, fs)
	if dt := defaultTrueFilters(rc.res); len(dt) > 0 {
		fs.BoolVar(&o.all, "all", false, "count inactive ones too")
	}
	normalizeAliases(fs, filterAliases(rc.res.Filters))
	cmd.RunE = runE(func(cmd *cobra.Command, _ []string) error {
		return rc.runCount(cmd.Context(), cmd.Flags(), o)
	})
	return cmd
}

func (rc *resourceCommand) runCount(ctx context.Context, fs *pflag.FlagSet, o *listOptions) error {
	if err := o.filters.check(fs); err != nil {
		return err
	}
	p, err := rc.newItemPrinter(ctx)
	if err != nil {
		return err
	}
	if profiles := splitProfiles(rc.g.profile); len(profiles) > 1 {
		return rc.countProfiles(ctx, fs, o, p, profiles)
	}
	client, err := rc.client()
	if err != nil {
		return err
	}
	n, err := rc.count(ctx, fs, o, client)
	if err != nil {
		return err
	}
	return p.Value(n)
}

func (rc *resourceCommand) count(ctx context.Context, fs *pflag.FlagSet, o *listOptions, client *dcm.Client) (int, error) {
	q, err := rc.listQuery(ctx, fs, o, client)
	if err != nil {
		return 0, err
	}
	return sdk.CountItems(ctx, client, rc.res, q)
}

// profileCount is one line of a count across profiles.
type profileCount struct {
	Profile  string `json:"profile"`
	Endpoint string `json:"endpoint"`
	Count    int    `json:"count"`
}

// countProfiles counts in every profile at once and prints one line per
// profile that answered (PROFILE, ENDPOINT, COUNT), then the failures.
func (rc *resourceCommand) countProfiles(ctx context.Context, fs *pflag.FlagSet, o *listOptions, p itemPrinter, profiles []string) error {
	clients, err := rc.profileClients(profiles)
	if err != nil {
		return err
	}
	counts := make([]profileCount, len(profiles))
	errs := make([]error, len(profiles))
	var wg sync.WaitGroup
	for i, name := range profiles {
		wg.Go(func() {
			n, err := rc.count(ctx, fs, o, clients[i])
			counts[i] = profileCount{Profile: name, Endpoint: clients[i].Config().Endpoint, Count: n}
			if err != nil {
				errs[i] = fmt.Errorf("profile %s: %w", name, err)
			}
		})
	}
	wg.Wait()
	var answered []profileCount
	for i, c := range counts {
		if errs[i] == nil {
			answered = append(answered, c)
		}
	}
	if len(answered) > 0 {
		if err := p.Value(answered); err != nil {
			return err
		}
	}
	return errors.Join(errs...)
}
