package cli

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/cli/resolve"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/spf13/pflag"
)

// idArgs are the positional ids of a verb (get, stop, delete, …). For a
// resource people name (the catalogue gives it lookup fields), each may be
// a name or the cloud's own id as well, looked up like a reference flag;
// a resource listed only within a parent (a data centre within its
// region) gets that parent's flag (--region) to narrow the lookup.
type idArgs struct {
	rc    *resourceCommand
	scope map[string]*string // list filter → its flag's value
}

// newIDArgs adds the scope flags a name lookup of the resource needs,
// unless the command has a flag of that name already.
func (rc *resourceCommand) newIDArgs(fs *pflag.FlagSet) *idArgs {
	a := &idArgs{rc: rc, scope: map[string]*string{}}
	if !nameResolvable(rc.cat, rc.res.Name) || rc.res.KeyType == catalog.TypeString || !rc.res.Has(catalog.KindList) {
		return a
	}
	for _, p := range rc.res.Filters {
		if !p.Required && len(p.RequiredUnless) == 0 {
			continue
		}
		flag := resolve.FilterFlag(p.Name)
		if fs.Lookup(flag) != nil {
			continue
		}
		what := wire.Spaced(p.Name)
		if target := filterResource(rc.cat, p.Name); target != "" {
			what = humanNameOf(rc.cat, target) + " (id or name)"
		}
		a.scope[p.Name] = fs.String(flag, "", fmt.Sprintf("%s of the %s given by name (not needed for ids)", what, humanName(rc.res)))
		annotate(fs.Lookup(flag), annotRef, filterResource(rc.cat, p.Name))
	}
	return a
}

func humanNameOf(cat *catalog.Catalog, resource string) string {
	if res, ok := cat.Resource(resource); ok {
		return humanName(res)
	}
	return wire.Spaced(resource)
}

// names reports whether the resource's positional ids may be names (a
// command without ids, a create, has no idArgs).
func (a *idArgs) names() bool {
	return a != nil && nameResolvable(a.rc.cat, a.rc.res.Name) && a.rc.res.KeyType != catalog.TypeString
}

// resolve turns the positional arguments into ids through client: digits
// pass untouched; names are looked up (one listing, cached per endpoint),
// an ambiguous or unknown name being a usage error.
func (a *idArgs) resolve(ctx context.Context, client *dcm.Client, args []string) ([]string, error) {
	if !a.names() || !slices.ContainsFunc(args, func(s string) bool { return !isDigits(s) }) {
		return args, nil
	}
	resolveRef := a.rc.resolver(client)
	scope := url.Values{}
	for name, v := range a.scope {
		if *v == "" {
			continue
		}
		id := *v
		if target := filterResource(a.rc.cat, name); target != "" {
			var err error
			if id, err = resolveRef(ctx, target, *v, nil); err != nil {
				return nil, err
			}
		}
		scope.Set(name, id)
	}
	out := make([]string, len(args))
	for i, arg := range args {
		if isDigits(arg) {
			out[i] = arg
			continue
		}
		id, err := resolveRef(ctx, a.rc.res.Name, arg, scope)
		if se, ok := errors.AsType[*resolve.ScopeError](err); ok {
			flags := make([]string, len(se.Missing))
			for j, m := range se.Missing {
				flags[j] = "--" + resolve.FilterFlag(m)
			}
			return nil, usagef("%s %q: a name of a %s needs %s (or give its id)", resourceCommandName(a.rc.res), arg, humanName(a.rc.res), strings.Join(flags, " and "))
		}
		if err != nil {
			return nil, err
		}
		out[i] = id
	}
	return out, nil
}
