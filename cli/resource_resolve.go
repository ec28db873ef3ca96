package cli

import (
	"context"
	"errors"
	"net/url"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/cli/resolve"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/wire"
)

// resolver returns the reference resolver of a command: ids pass as they
// are, names of the resources the catalogue gives lookup fields (regions,
// data centres, groups, billing codes, images, products, …) are looked up
// through client, cached per endpoint.
func (rc *resourceCommand) resolver(client *dcm.Client) refResolver {
	return func(ctx context.Context, resource, text string, scope url.Values) (string, error) {
		if !nameResolvable(rc.cat, resource) {
			return idsOnly(ctx, resource, text, scope)
		}
		id, err := rc.newResolver(client, scope).Resolve(ctx, resource, text)
		if err != nil {
			return "", resolveError(err)
		}
		return id, nil
	}
}

// newResolver is the cli/resolve Resolver of the command's client, its
// cache in the user's cache directory; scope holds the filters known so
// far. Every --local state file keeps caches of its own, since they all
// answer at one made-up endpoint with one key.
func (rc *resourceCommand) newResolver(client *dcm.Client, scope url.Values) *resolve.Resolver {
	sc := map[string]string{}
	for k, v := range scope {
		if len(v) > 0 {
			sc[k] = v[0]
		}
	}
	opts := resolve.Options{CacheDir: resolve.DefaultCacheDir(rc.env.Getenv), Scope: sc, Catalog: rc.cat}
	if rc.g.local {
		opts.Partition = client.Config().Source
	}
	return resolve.New(client, opts)
}

// resolveError makes a name that matches nothing, or several things, a
// usage error (exit 2); a failed lookup request keeps its own class.
func resolveError(err error) error {
	var (
		nf *resolve.NotFoundError
		am *resolve.AmbiguousError
		sc *resolve.ScopeError
	)
	if errors.As(err, &nf) || errors.As(err, &am) || errors.As(err, &sc) {
		return &usageError{msg: err.Error(), err: err}
	}
	return err
}

// filterAliases spells id filters the way cli/resolve names reference
// flags: --region for --region-id, --image for --machine-image-id.
func filterAliases(params []catalog.Param) map[string]string {
	out := map[string]string{}
	for _, p := range params {
		if alias := resolve.FilterFlag(p.Name); alias != wire.Kebab(p.Name) {
			out[alias] = wire.Kebab(p.Name)
		}
	}
	return out
}
