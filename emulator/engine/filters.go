package engine

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// predicate reports whether a record (decoded wire form) passes a filter.
type predicate func(data map[string]any) bool

// Filter semantics (list and head):
//
//   - Required filters (Param.Required) must be present and non-empty;
//     RequiredUnless ones unless one of the alternatives is given. A filter
//     with a catalogue Default applies it when absent.
//   - Values are typed: ints must parse, booleans accept True/true/1 and
//     False/false/0 in any case. Unknown query parameters are ignored.
//   - activeOnly=true hides TERMINATED and DELETED records.
//   - active=true (MachineImage) keeps ACTIVE/AVAILABLE (or status-less)
//     records; active=false applies no filter.
//   - registered=true keeps records with an agentVersion > 0 (images usable
//     with the enStratus agent); false keeps the others.
//   - publicOnly=true (Cloud) hides private clouds.
//   - An int filter named xId matches a reference field whose refKey is xId
//     (regionId → region, accountId → owningAccount or account, …), any
//     element of a reference list, or a top-level int field of that name.
//   - A string filter matches the same-named field case-insensitively
//     (status, jurisdiction, engine, architecture).
//   - Filters the data cannot express (Region scope, BillingCode regionId,
//     Environment cmAccountId, analytics ranges) are accepted and ignored.
//   - Relational ones are resolved through other records, see
//     specialFilter.
func (c *call) filters(ctx context.Context) (fs filterSet, empty bool, err error) {
	values, err := parseFilters(c.res, c.req.Query)
	if err != nil {
		return filterSet{}, false, err
	}
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		v := values[name]
		p, r, none, err := c.filterPredicate(ctx, name, v, values)
		if err != nil {
			return filterSet{}, false, err
		}
		if none {
			return filterSet{}, true, nil
		}
		if p != nil {
			fs.add(p, r)
		}
	}
	return fs, false, nil
}

// filterSet is a list's filters and what they read of a record: most read
// one or two top-level fields, so a record is decoded only that far; the
// relational ones read the whole record.
type filterSet struct {
	preds  []predicate
	reads  []reads  // what each predicate reads
	fields []string // top-level fields the predicates read
	whole  bool     // some predicate reads more than fields
}

// reads is what a predicate reads of a record: top-level fields (nil: the
// whole record). enough, when set, tells from the fields found so far
// that the predicate reads no more of them: statusOf reads "state" only
// when there is no string "status", so the activeOnly filter's scan of a
// canonical record stops at its status instead of looking for a state to
// its end.
type reads struct {
	fields []string
	enough func(found map[string]any) bool
}

// add appends a predicate reading r.
func (fs *filterSet) add(p predicate, r reads) {
	fs.preds = append(fs.preds, p)
	fs.reads = append(fs.reads, r)
	if r.fields == nil {
		fs.whole = true
	}
	fs.fields = append(fs.fields, r.fields...)
}

// settled reports whether found holds everything the predicates read.
func (fs *filterSet) settled(found map[string]any) bool {
	for _, r := range fs.reads {
		if r.enough != nil && r.enough(found) {
			continue
		}
		for _, f := range r.fields {
			if _, ok := found[f]; !ok {
				return false
			}
		}
	}
	return true
}

// none reports that every record passes.
func (fs *filterSet) none() bool { return len(fs.preds) == 0 }

// match decodes what the predicates read of a record's data and tests it.
// The map it returns holds only those fields unless whole is set.
//
// canonical says raw is in canonical form (canon.go), which lets the scan
// for the filters' fields stop once it has them.
func (fs *filterSet) match(raw []byte, canonical bool) (bool, map[string]any, error) {
	var d map[string]any
	var err error
	switch {
	case fs.whole:
		d, err = decodeObject(raw)
	case canonical:
		d, err = decodeCanonicalUntil(raw, fs.fields, fs.settled)
	default:
		d, err = decodeFields(raw, fs.fields)
	}
	if err != nil {
		return false, nil, err
	}
	for _, p := range fs.preds {
		if !p(d) {
			return false, d, nil
		}
	}
	return true, d, nil
}

// parseFilters reads the catalogue's filters from the query: required
// checks, defaults and typed parsing. Values are int64, bool or string.
func parseFilters(res *catalog.Resource, q map[string][]string) (map[string]any, error) {
	given := func(n string) bool { return len(q[n]) > 0 && strings.TrimSpace(q[n][0]) != "" }
	var missing []string
	out := map[string]any{}
	for _, p := range res.Filters {
		raw := ""
		if given(p.Name) {
			raw = strings.TrimSpace(q[p.Name][0])
		} else {
			required := p.Required
			alternatives := false
			for _, alt := range p.RequiredUnless {
				required = true
				if given(alt) {
					alternatives = true
				}
			}
			if required && !alternatives {
				m := p.Name
				if len(p.RequiredUnless) > 0 {
					m += " (or " + strings.Join(p.RequiredUnless, " or ") + ")"
				}
				missing = append(missing, m)
				continue
			}
			if p.Default == "" {
				continue
			}
			raw = p.Default
		}
		v, err := parseParam(p, raw)
		if err != nil {
			return nil, Errorf(http.StatusBadRequest, "%v", err)
		}
		out[p.Name] = v
	}
	if len(missing) == 1 {
		return nil, Errorf(http.StatusBadRequest, "%s list: missing required query parameter %s", res.Name, missing[0])
	}
	if len(missing) > 1 {
		return nil, Errorf(http.StatusBadRequest, "%s list: missing required query parameters %s", res.Name, strings.Join(missing, ", "))
	}
	return out, nil
}

// parseParam reads a query parameter's text by its catalogue type
// (wire.CheckParam): int64, bool or string.
func parseParam(p catalog.Param, raw string) (any, error) {
	v, err := wire.CheckParam(p, raw)
	if err != nil {
		return nil, fmt.Errorf("query parameter %s: %w", p.Name, err)
	}
	return v, nil
}

// statusReads is what statusOf reads: "status", and "state" only when
// there is no string status.
func statusReads() reads {
	return reads{fields: []string{"status", "state"}, enough: func(found map[string]any) bool {
		_, ok := found["status"].(string)
		return ok
	}}
}

// filterPredicate builds the predicate for one parsed filter and says what
// it reads; none reports that the filter matches nothing (e.g. it names a
// region that does not exist), nil predicate that it is ignored.
func (c *call) filterPredicate(ctx context.Context, name string, v any, all map[string]any) (predicate, reads, bool, error) {
	switch name {
	case "activeOnly":
		if v == true {
			return func(d map[string]any) bool {
				s := statusOf(d)
				return s != "TERMINATED" && s != "DELETED"
			}, statusReads(), false, nil
		}
		return nil, reads{}, false, nil
	case "active":
		if v == true {
			return func(d map[string]any) bool {
				s := statusOf(d)
				return s == "" || s == "ACTIVE" || s == "AVAILABLE"
			}, statusReads(), false, nil
		}
		return nil, reads{}, false, nil
	case "registered":
		want := v == true
		return func(d map[string]any) bool {
			n, _ := asInt(d["agentVersion"])
			return (n > 0) == want
		}, reads{fields: []string{"agentVersion"}}, false, nil
	case "publicOnly":
		if v == true {
			return func(d map[string]any) bool { return d["privateCloud"] != true }, reads{fields: []string{"privateCloud"}}, false, nil
		}
		return nil, reads{}, false, nil
	}
	if p, none, handled, err := c.specialFilter(ctx, name, v, all); handled || err != nil {
		return p, reads{}, none, err
	}
	switch x := v.(type) {
	case int64:
		p, fields := refFilter(c.res, name, x)
		return p, reads{fields: fields}, false, nil
	case string:
		if _, ok := c.res.Field(name); ok {
			return func(d map[string]any) bool {
				s, _ := d[name].(string)
				return strings.EqualFold(s, x)
			}, reads{fields: []string{name}}, false, nil
		}
	}
	return nil, reads{}, false, nil
}

// refFilter matches an id filter against the resource's reference fields
// with that refKey or a top-level field of the same name, and names those
// fields; nil when the resource has none (the filter is then ignored).
func refFilter(res *catalog.Resource, name string, id int64) (predicate, []string) {
	var refs []*catalog.Field
	for _, f := range res.Fields {
		if (f.Type == catalog.TypeRef || f.Type == catalog.TypeRefs) && f.RefKey == name || f.Name == name {
			refs = append(refs, f)
		}
	}
	if len(refs) == 0 {
		return nil, nil
	}
	fields := make([]string, len(refs))
	for i, f := range refs {
		fields[i] = f.Name
	}
	return func(d map[string]any) bool {
		for _, f := range refs {
			if matchesID(d[f.Name], f.RefKey, name, id) {
				return true
			}
		}
		return false
	}, fields
}

// matchesID reports whether a field value (bare id, reference or list of
// references) holds the id.
func matchesID(v any, refKey, name string, id int64) bool {
	if refKey == "" {
		refKey = name
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			if matchesID(e, refKey, name, id) {
				return true
			}
		}
		return false
	case map[string]any:
		n, ok := asInt(t[refKey])
		return ok && n == id
	}
	n, ok := asInt(v)
	return ok && n == id
}

// scanData calls fn with the decoded data of every record of the kind the
// customer can see.
func scanData(ctx context.Context, tx store.Tx, customer int64, kind string, fn func(map[string]any)) error {
	var decodeErr error
	err := tx.Scan(ctx, store.Filter{Customer: customer, Kind: kind}, func(rec store.Record) bool {
		d, err := decodeObject(rec.Data)
		if err != nil {
			decodeErr = err
			return false
		}
		fn(d)
		return true
	})
	if err != nil {
		return err
	}
	return decodeErr
}
