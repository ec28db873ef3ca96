package engine

import (
	"net/http"

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
// non-numeric key), booleans as bool, money as {currency, value}. Unknown
// fields are ignored; null counts as absent.
func (c *call) validate(args map[string]any) (map[string]any, error) {
	out := map[string]any{}
	for _, f := range c.op.Fields {
		if !catalog.InRange(c.req.Version, f.Since, f.Until) {
			continue
		}
		v, present := args[f.Name]
		if !present || v == nil {
			if f.Required {
				return nil, c.errorf(http.StatusBadRequest, "field %q: required", f.Name)
			}
			continue
		}
		n, err := wire.Check(c.e.cat, f, v, wire.Lenient)
		if err != nil {
			return nil, c.errorf(http.StatusBadRequest, "field %q: %v", f.Name, err)
		}
		out[f.Name] = cloneValue(n) // the engine edits what it keeps
	}
	return out, nil
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
