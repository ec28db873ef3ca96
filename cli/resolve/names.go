package resolve

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/sdk"
)

// ListingRefresh is the least time between two listings of one collection
// made to name references or complete a command line: within it the
// cached listing answers, so a table naming regions, or a shell asking for
// completions at every key press, lists each collection at most once a
// minute.
const ListingRefresh = time.Minute

// namesVersion is the layout of a names file.
const namesVersion = 1

// namesDoc is the content of one names file: what listings showed of each
// resource, by catalogue name. A collection stays raw JSON until asked for
// (namesCache.collection): a command naming one resource's references
// decodes that resource's items only, and a change writes the others back
// as they were read.
type namesDoc struct {
	Version   int                        `json:"version"`
	Resources map[string]json.RawMessage `json:"resources"`
}

// namedCollection is what is known of one resource's objects.
type namedCollection struct {
	// Listed is when the collection was last listed whole, by the filters
	// that narrowed the listing (url.Values.Encode, "" for none).
	Listed map[string]time.Time `json:"listed,omitempty"`
	Items  map[string]namedItem `json:"items"` // by id
}

// namedItem is one object: its display name ("" when looked up and not
// found), its other lookup values (provider ids), the listing it came from
// and when it was seen.
type namedItem struct {
	Name  string    `json:"name,omitempty"`
	Also  []string  `json:"also,omitempty"`
	Scope string    `json:"scope,omitempty"`
	At    time.Time `json:"at"`
}

// namesCache is one endpoint's names file. It reads the file once and
// keeps what it read, or last wrote, for later lookups (doc): a Resolver
// serves one command, whose table may name several resources (regions,
// then data centres) from one read. A change reads the file again, so it
// never writes over what another process stored since.
type namesCache struct {
	file jsonFile
	doc  *namesDoc // the file as last read or written; guarded by file's lock
}

// load decodes the file; an empty document when it is missing, unreadable
// or of another layout.
func (c *namesCache) load() *namesDoc {
	var doc namesDoc
	if !c.file.load(&doc) || doc.Version != namesVersion || doc.Resources == nil {
		doc = namesDoc{Version: namesVersion, Resources: map[string]json.RawMessage{}}
	}
	c.doc = &doc
	return c.doc
}

// decode is the collection of resource in doc, nil when there is none or
// it does not decode.
func (doc *namesDoc) decode(resource string) *namedCollection {
	raw, ok := doc.Resources[resource]
	if !ok {
		return nil
	}
	var coll namedCollection
	if json.Unmarshal(raw, &coll) != nil {
		return nil
	}
	return &coll
}

// collection is a copy of what is known of resource.
func (c *namesCache) collection(resource string) *namedCollection {
	var coll *namedCollection
	c.file.view(func() {
		doc := c.doc
		if doc == nil {
			doc = c.load()
		}
		coll = doc.decode(resource)
	})
	if coll == nil {
		coll = &namedCollection{}
	}
	return coll
}

// change edits the collection of resource and writes the file.
func (c *namesCache) change(resource string, edit func(*namedCollection)) error {
	return c.file.update(func() (any, bool) {
		doc := c.load()
		coll := doc.decode(resource)
		if coll == nil {
			coll = &namedCollection{}
		}
		if coll.Listed == nil {
			coll.Listed = map[string]time.Time{}
		}
		if coll.Items == nil {
			coll.Items = map[string]namedItem{}
		}
		edit(coll)
		raw, err := json.Marshal(coll)
		if err != nil {
			return nil, false
		}
		doc.Resources[resource] = raw
		return doc, true
	})
}

// storeListing records a whole listing of res narrowed by q: its objects
// replace those of the previous listing with the same filters.
func (c *namesCache) storeListing(res *catalog.Resource, q url.Values, items []item, now time.Time) error {
	scope := q.Encode()
	return c.change(res.Name, func(coll *namedCollection) {
		for id, it := range coll.Items {
			if it.Scope == scope {
				delete(coll.Items, id)
			}
		}
		for _, it := range items {
			coll.Items[it.id] = namedItem{Name: displayName(res, it), Also: alsoValues(res, it), Scope: scope, At: now}
		}
		coll.Listed[scope] = now
	})
}

// displayName is what a table shows for an object: its name, else its
// first lookup value.
func displayName(res *catalog.Resource, it item) string {
	if n := it.values["name"]; n != "" {
		return n
	}
	for _, f := range res.Lookup {
		if v := it.values[f]; v != "" {
			return v
		}
	}
	return ""
}

// alsoValues are the object's other lookup values (provider ids, labels)
// that differ from its name, in lookup order.
func alsoValues(res *catalog.Resource, it item) []string {
	name := displayName(res, it)
	var out []string
	for _, f := range res.Lookup {
		if v := it.values[f]; v != "" && v != name && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// fresh reports whether a time stamp is within max of now (a future stamp
// means a clock jump: distrust it).
func fresh(at, now time.Time, max time.Duration) bool {
	age := now.Sub(at)
	return !at.IsZero() && age >= 0 && age < max
}

// Names returns the display names (the name, else the first lookup value)
// of the objects of resource with the given ids, as far as they can be
// found: from the cache when seen within the TTL; else, for several ids,
// by listing the collection once, when it can be listed without filters
// and was not listed within ListingRefresh; else by reading each missing
// id (one id, as a detail view has; or resources listed only within a
// parent, such as data centres). An id that is not found is remembered as
// such for the TTL. Failures are not errors: a caller showing names falls
// back to ids.
func (r *Resolver) Names(ctx context.Context, resource string, ids []string) map[string]string {
	res, err := r.resource(resource)
	if err != nil || len(res.Lookup) == 0 {
		return nil
	}
	now := r.opts.Now()
	coll := &namedCollection{}
	if r.names != nil {
		coll = r.names.collection(res.Name)
	}
	out := map[string]string{}
	var missing []string
	for _, id := range ids {
		if slices.Contains(missing, id) {
			continue
		}
		if it, ok := coll.Items[id]; ok && fresh(it.At, now, r.opts.TTL) {
			if it.Name != "" {
				out[id] = it.Name
			}
			continue
		}
		missing = append(missing, id)
	}
	if len(missing) == 0 {
		return out
	}
	found := map[string]namedItem{}
	g, gettable := r.client.(sdk.Sender)
	gettable = gettable && res.Has(catalog.KindGet)
	if unscoped(res) && (len(missing) > 1 || !gettable) {
		if fresh(coll.Listed[""], now, ListingRefresh) {
			return out // listed a moment ago: the missing ids are not there
		}
		items, err := r.list(ctx, res, url.Values{})
		if err != nil {
			return out
		}
		for _, it := range items {
			found[it.id] = namedItem{Name: displayName(res, it)}
		}
	} else if gettable {
		for _, id := range missing {
			raw, err := sdk.GetItem(ctx, g, res, id, nil, sdk.WithFormat(dcm.FormatJSON))
			if err != nil {
				if !dcm.IsNotFound(err) {
					break // a failing endpoint: do not try every id
				}
				continue
			}
			if it, ok := decodeItem(res, res.Lookup, raw); ok {
				found[id] = namedItem{Name: displayName(res, it), Also: alsoValues(res, it)}
			}
		}
	} else {
		return out
	}
	for _, id := range missing {
		if it, ok := found[id]; ok && it.Name != "" {
			out[id] = it.Name
		}
	}
	if r.names != nil {
		_ = r.names.change(res.Name, func(c *namedCollection) {
			for _, id := range missing {
				it := found[id] // not found: an empty name, remembered
				if prev, listed := c.Items[id]; listed && it.Name != "" {
					it.Scope = prev.Scope
				}
				it.At = now
				c.Items[id] = it
			}
		})
	}
	return out
}

// unscoped reports whether res can be listed without any filter.
func unscoped(res *catalog.Resource) bool {
	return !slices.ContainsFunc(res.Filters, func(p catalog.Param) bool { return p.Required || len(p.RequiredUnless) > 0 })
}

// Choice is one object offered to complete a command line.
type Choice struct {
	ID   string
	Name string   // display name
	Also []string // other lookup values: provider ids, labels
}

// Choices returns the objects of resource, narrowed by Options.Scope (a
// *ScopeError when a filter the listing needs is missing), to complete a
// command line: from the cache when the same listing was made within
// maxAge, else listed now; when that fails, the older listing if there is
// one.
func (r *Resolver) Choices(ctx context.Context, resource string, maxAge time.Duration) ([]Choice, error) {
	res, err := r.resource(resource)
	if err != nil {
		return nil, err
	}
	q, err := r.scopeQuery(res, "")
	if err != nil {
		return nil, err
	}
	scope := q.Encode()
	var cached []Choice
	stale := true
	if r.names != nil {
		coll := r.names.collection(res.Name)
		for id, it := range coll.Items {
			if it.Scope == scope && it.Name != "" {
				cached = append(cached, Choice{ID: id, Name: it.Name, Also: it.Also})
			}
		}
		stale = !fresh(coll.Listed[scope], r.opts.Now(), maxAge)
	}
	if !stale {
		return sortChoices(cached), nil
	}
	items, err := r.list(ctx, res, q)
	if err != nil {
		if cached != nil && !errors.Is(err, context.Canceled) {
			return sortChoices(cached), nil
		}
		return nil, err
	}
	out := make([]Choice, 0, len(items))
	for _, it := range items {
		out = append(out, Choice{ID: it.id, Name: displayName(res, it), Also: alsoValues(res, it)})
	}
	return sortChoices(out), nil
}

func sortChoices(cs []Choice) []Choice {
	slices.SortFunc(cs, func(a, b Choice) int {
		if len(a.ID) != len(b.ID) {
			return len(a.ID) - len(b.ID)
		}
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	return cs
}
