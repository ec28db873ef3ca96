package engine

import (
	"net/http"
	"sort"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
)

// unwrap takes the operation's arguments out of the verb-wrapped body
// (spec §8): list-wrapped ops carry exactly one object in a list,
// object-wrapped ones an object, or the Container object inside it. A bare
// object for a list-wrapped op and a one-element list for an object-wrapped
// one are accepted too (XML decoding cannot tell them apart).
func (c *call) unwrap() (map[string]any, error) {
	body := c.req.Body
	if body == nil {
		if c.op.Kind == catalog.KindCreate {
			return nil, c.errorf(http.StatusBadRequest, "missing payload: send {%q: …}", c.op.Verb)
		}
		return map[string]any{}, nil
	}
	if list, ok := body.([]any); ok {
		if len(list) != 1 {
			return nil, c.errorf(http.StatusBadRequest, "payload must be a list holding exactly one object, got %d elements", len(list))
		}
		body = list[0]
	}
	obj, ok := body.(map[string]any)
	if !ok {
		return nil, c.errorf(http.StatusBadRequest, "payload must be an object, got %s", describe(body))
	}
	if c.op.Container != "" {
		inner, present := obj[c.op.Container]
		if !present {
			return nil, c.errorf(http.StatusBadRequest, "payload must hold the %q object", c.op.Container)
		}
		if list, ok := inner.([]any); ok && len(list) == 1 {
			inner = list[0]
		}
		if obj, ok = inner.(map[string]any); !ok {
			return nil, c.errorf(http.StatusBadRequest, "%q must be an object, got %s", c.op.Container, describe(inner))
		}
	}
	return obj, nil
}

// validate checks the arguments against the op's fields for the request's
// API version (wire.Check, leniently: what clients of every generation
// sent) and returns the known fields in stored form: ints as int64,
// references as {"<refKey>": int64} (or the string a client sent for a
// non-numeric key), booleans as bool, money as {currency, value}. A member
// only other versions of the operation take is refused or kept as the
// catalogue's out-of-version policy says (outOfVersion); members no
// version knows are ignored; null counts as absent.
func (c *call) validate(args map[string]any) (map[string]any, error) {
	out := map[string]any{}
	// Another version's members first: a client speaking another version
	// learns that before it hears of this version's required fields.
	if err := c.outOfVersion(args, out); err != nil {
		return nil, err
	}
	for _, f := range c.op.Fields {
		if !f.In(c.req.Version) {
			continue
		}
		v, present := args[f.Name]
		if !present || v == nil {
			if f.Required {
				return nil, c.errorf(http.StatusBadRequest, "field %q: required", f.Name)
			}
			continue
		}
		if err := c.keep(out, f, v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// keep checks v as f and stores it in out.
func (c *call) keep(out map[string]any, f *catalog.Field, v any) error {
	n, err := wire.Check(c.e.cat, f, v, wire.Lenient)
	if err != nil {
		return c.errorf(http.StatusBadRequest, "field %q: %v", f.Name, err)
	}
	out[f.Name] = cloneValue(n) // the engine edits what it keeps
	return nil
}

// outOfVersion handles the members that only other API versions of the
// operation take (the 2014 rule's permission at 2012-06-15): never
// dropped in silence, they are refused with 400 naming the member and the
// versions that take it, or, under the "store" policy, checked with that
// version's definition and kept. Members are looked at in name order, so
// the first refused is always the same.
func (c *call) outOfVersion(args, out map[string]any) error {
	names := make([]string, 0, len(args))
	for name, v := range args {
		if _, taken := fieldOf(c.op.Fields, name, c.req.Version); !taken && v != nil {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		f, since, until, ok := c.res.OtherVersions(c.op, name, c.req.Version)
		if !ok {
			continue // no version knows it: the API grew fields the catalogue may not list
		}
		if !c.e.cat.OutOfVersion.Stores() {
			return c.errorf(http.StatusBadRequest, "field %q is not in API version %s (API versions %s have it)",
				name, c.req.Version, catalog.VersionsText(since, until))
		}
		if err := c.keep(out, f, args[name]); err != nil {
			return err
		}
	}
	return nil
}

// fieldOf finds an op field by name that applies to the version.
func fieldOf(fields []*catalog.Field, name, version string) (*catalog.Field, bool) {
	for _, f := range fields {
		if f.Name == name && catalog.InRange(version, f.Since, f.Until) {
			return f, true
		}
	}
	return nil, false
}
