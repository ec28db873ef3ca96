// Package resolve turns what a user types for a reference flag (--region,
// --datacenter, --image, --product, …) into the id the API wants. The text
// may already be an id, a display name, or the cloud provider's own id
// (us-east-1, us-west-2a, ami-…, m1.large); anything but an id is looked up
// by listing the resource and remembered in a small per-endpoint cache, so a
// script that passes --region us-west-2 a hundred times lists regions once.
package resolve

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/sdk"
)

// DefaultTTL is how long a resolved name is trusted when Options.TTL is 0.
const DefaultTTL = time.Hour

// Options tunes a Resolver.
type Options struct {
	// CacheDir holds one cache file per endpoint and access key; "" turns
	// the cache off (every name is looked up).
	CacheDir string
	// TTL is the age after which a cached id is looked up again; 0 means
	// DefaultTTL, a negative value keeps nothing.
	TTL time.Duration
	// Now is the clock for cache ages; nil means time.Now.
	Now func() time.Time
	// Scope holds list filters that narrow a lookup, by wire name
	// ("regionId": "19344"). Filters a resource requires (a data centre's
	// region) must be here; those it merely accepts are applied when present.
	Scope map[string]string
	// Catalog describes the resources and their lookup fields; nil means
	// the embedded catalogue (catalog.Load).
	Catalog *catalog.Catalog
	// Partition separates caches that share an endpoint and access key
	// but not their data: every --local state file answers at the same
	// made-up endpoint with the same key.
	Partition string
}

// Lister is what a Resolver needs from the client: paged lists (read
// through the SDK's executor), and the endpoint and access key that name
// the cache file. *dcm.Client and any sdk.Client satisfy it.
type Lister = sdk.Lister

// Resolver resolves reference texts to ids. It is safe for concurrent use.
// It reads its names file once (namesCache) and so serves one command: a
// listing another process stores later is seen by the next command.
type Resolver struct {
	client  Lister
	catalog *catalog.Catalog
	opts    Options
	cache   *fileCache  // nil when caching is off
	names   *namesCache // listings for names and completion; nil when caching is off
}

// New builds a Resolver over c. It performs no I/O.
func New(c Lister, opts Options) *Resolver {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TTL == 0 {
		opts.TTL = DefaultTTL
	}
	if opts.Catalog == nil {
		opts.Catalog = catalog.Load()
	}
	r := &Resolver{client: c, catalog: opts.Catalog, opts: opts}
	if opts.CacheDir != "" && opts.TTL > 0 {
		cfg := c.Config()
		r.cache = &fileCache{file: jsonFile{path: cacheFile(opts.CacheDir, "resolve", cfg.Endpoint, cfg.AccessKey, opts.Partition)}}
		r.names = &namesCache{file: jsonFile{path: cacheFile(opts.CacheDir, "names", cfg.Endpoint, cfg.AccessKey, opts.Partition)}}
	}
	return r
}

// The SDK's client interface is enough for a Resolver.
var _ Lister = sdk.Client(nil)

// Resolve returns the id of the resource (a catalogue name such as
// "DataCenter", or its path "geography/DataCenter") that text designates.
// Digits are taken as an id without any request (for resources with numeric
// ids). Otherwise the resource is listed, narrowed by the Scope filters it
// accepts, and text is compared with the resource's lookup fields (the
// catalogue's Resource.Lookup, best first): an exact match anywhere beats a
// case-insensitive one, and a provider id beats a name. Errors: *ScopeError (a required filter is not in
// Scope), *NotFoundError, *AmbiguousError, or the listing's own error.
func (r *Resolver) Resolve(ctx context.Context, resource, text string) (string, error) {
	res, err := r.resource(resource)
	if err != nil {
		return "", err
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return "", fmt.Errorf("empty %s reference", res.Name)
	}
	if res.KeyType != "string" && isDigits(text) {
		return text, nil
	}
	query, err := r.scopeQuery(res, text)
	if err != nil {
		return "", err
	}
	key := cacheKey(res.Name, query, text)
	if r.cache != nil {
		if id, ok := r.cache.lookup(key, r.opts.Now(), r.opts.TTL); ok {
			return id, nil
		}
	}
	id, err := r.lookup(ctx, res, query, text)
	if err != nil {
		return "", err
	}
	if r.cache != nil {
		// A cache that cannot be written only costs a lookup next time.
		_ = r.cache.store(key, id, r.opts.Now())
	}
	return id, nil
}

// Forget drops the cached id of text (as given to Resolve with the same
// Scope), for a caller whose request with that id came back 404: the next
// Resolve looks the name up again.
func (r *Resolver) Forget(resource, text string) error {
	if r.cache == nil {
		return nil
	}
	res, err := r.resource(resource)
	if err != nil {
		return err
	}
	query, err := r.scopeQuery(res, strings.TrimSpace(text))
	if err != nil {
		return err
	}
	return r.cache.remove(cacheKey(res.Name, query, strings.TrimSpace(text)))
}

func (r *Resolver) resource(name string) (*catalog.Resource, error) {
	if res, ok := r.catalog.Resource(name); ok {
		return res, nil
	}
	if res, ok := r.catalog.ByPath(name); ok {
		return res, nil
	}
	return nil, fmt.Errorf("resolve: no resource %q in the catalogue", name)
}

// scopeQuery builds the list filters from Scope: every filter the resource
// accepts that Scope sets, and a *ScopeError when a required one is unset.
func (r *Resolver) scopeQuery(res *catalog.Resource, text string) (url.Values, error) {
	q := url.Values{}
	for _, f := range res.Filters {
		if v := r.opts.Scope[f.Name]; v != "" {
			q.Set(f.Name, v)
		}
	}
	var missing []string
	for _, f := range res.Filters {
		if q.Has(f.Name) {
			continue
		}
		required := f.Required
		if len(f.RequiredUnless) > 0 {
			required = !slices.ContainsFunc(f.RequiredUnless, q.Has)
		}
		if required {
			missing = append(missing, f.Name)
		}
	}
	// The API asks for ServerProduct's region only when no image is given,
	// but a product name means nothing without a region, so ask for one.
	if len(missing) == 0 && res.Name == "ServerProduct" && !q.Has("regionId") && !q.Has("machineImageId") {
		missing = append(missing, "regionId")
	}
	if len(missing) > 0 {
		return nil, &ScopeError{Resource: res.Name, Text: text, Missing: missing}
	}
	return q, nil
}

// lookup lists the resource and picks the one item text designates.
func (r *Resolver) lookup(ctx context.Context, res *catalog.Resource, q url.Values, text string) (string, error) {
	fields := res.Lookup
	if len(fields) == 0 {
		return "", fmt.Errorf("%s %q: %s can only be given by id", res.Name, text, res.Name)
	}
	items, err := r.list(ctx, res, q)
	if err != nil {
		return "", fmt.Errorf("looking up %s %q: %w", res.Name, text, err)
	}
	return pick(res, q, fields, items, text)
}

// list reads every object of res matching q, reduced to ids and lookup
// fields, and remembers the listing for names and completion.
func (r *Resolver) list(ctx context.Context, res *catalog.Resource, q url.Values) ([]item, error) {
	var items []item
	pages := sdk.ListPages(ctx, r.client, res, q, sdk.WithFormat(dcm.FormatJSON), sdk.WithDetails(dcm.DetailsBasic))
	for raws, err := range pages {
		if err != nil {
			return nil, err
		}
		for _, raw := range raws {
			if it, ok := decodeItem(res, res.Lookup, raw); ok {
				items = append(items, it)
			}
		}
	}
	if r.names != nil {
		// A cache that cannot be written only costs a listing next time.
		_ = r.names.storeListing(res, q, items, r.opts.Now())
	}
	return items, nil
}

// item is one listed object, reduced to its id and its match fields.
type item struct {
	id     string
	values map[string]string // match field → value
}

func decodeItem(res *catalog.Resource, fields []string, raw json.RawMessage) (item, bool) {
	var obj map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil {
		return item{}, false
	}
	id := scalar(obj[res.Key])
	if id == "" {
		return item{}, false
	}
	it := item{id: id, values: map[string]string{}}
	for _, f := range fields {
		if v := scalar(obj[f]); v != "" {
			it.values[f] = v
		}
	}
	return it, true
}

// scalar renders a JSON string or number as text; anything else is "".
func scalar(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case json.Number:
		return v.String()
	}
	return ""
}

// pick applies the matching rules: exact before case-insensitive, and within
// each, the match fields in order; the first (strictness, field) pair that
// matches anything decides, and more than one item there is ambiguous.
func pick(res *catalog.Resource, q url.Values, fields []string, items []item, text string) (string, error) {
	equal := []func(a, b string) bool{
		func(a, b string) bool { return a == b },
		strings.EqualFold,
	}
	for _, eq := range equal {
		for _, f := range fields {
			var found []item
			for _, it := range items {
				if v, ok := it.values[f]; ok && eq(v, text) && !slices.ContainsFunc(found, func(o item) bool { return o.id == it.id }) {
					found = append(found, it)
				}
			}
			switch len(found) {
			case 0:
				continue
			case 1:
				return found[0].id, nil
			}
			return "", &AmbiguousError{Resource: res.Name, Text: text, Field: f, Candidates: candidates(fields, found)}
		}
	}
	return "", &NotFoundError{Resource: res.Name, Text: text, Fields: fields, Scope: q}
}

// candidates names each item by its name, or else its first match field.
func candidates(fields []string, items []item) []Candidate {
	out := make([]Candidate, len(items))
	for i, it := range items {
		name := it.values["name"]
		for _, f := range fields {
			if name != "" {
				break
			}
			name = it.values[f]
		}
		out[i] = Candidate{ID: it.id, Name: name}
	}
	return out
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
