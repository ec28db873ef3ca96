package engine

import (
	"fmt"
	"strings"
	"time"

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
			return nil, c.errorf(400, "missing payload: send {%q: …}", c.op.Verb)
		}
		return map[string]any{}, nil
	}
	if list, ok := body.([]any); ok {
		if len(list) != 1 {
			return nil, c.errorf(400, "payload must be a list holding exactly one object, got %d elements", len(list))
		}
		body = list[0]
	}
	obj, ok := body.(map[string]any)
	if !ok {
		return nil, c.errorf(400, "payload must be an object, got %s", describe(body))
	}
	if c.op.Container != "" {
		inner, present := obj[c.op.Container]
		if !present {
			return nil, c.errorf(400, "payload must hold the %q object", c.op.Container)
		}
		if list, ok := inner.([]any); ok && len(list) == 1 {
			inner = list[0]
		}
		if obj, ok = inner.(map[string]any); !ok {
			return nil, c.errorf(400, "%q must be an object, got %s", c.op.Container, describe(inner))
		}
	}
	return obj, nil
}

// validate checks the arguments against the op's fields for the request's
// API version and returns the known fields, normalised: ints as int64,
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
				return nil, c.errorf(400, "field %q: required", f.Name)
			}
			continue
		}
		n, problem := normalize(f, v)
		if problem != "" {
			return nil, c.errorf(400, "field %q: %s", f.Name, problem)
		}
		out[f.Name] = n
	}
	return out, nil
}

// normalize checks one value against a field type; problem is "" when it
// is acceptable.
func normalize(f *catalog.Field, v any) (any, string) {
	switch f.Type {
	case catalog.TypeInt:
		if n, ok := asInt(v); ok {
			return n, ""
		}
		return nil, "want an integer, got " + describe(v)
	case catalog.TypeNumber:
		if n, ok := asFloat(v); ok {
			return n, ""
		}
		return nil, "want a number, got " + describe(v)
	case catalog.TypeString:
		switch s := v.(type) {
		case string:
			return s, ""
		case fmt.Stringer: // json.Number: old clients sent some strings as numbers
			return s.String(), ""
		}
		return nil, "want a string, got " + describe(v)
	case catalog.TypeEnum:
		s, ok := v.(string)
		if !ok {
			return nil, "want a string, got " + describe(v)
		}
		if f.Open || len(f.Values) == 0 {
			return s, ""
		}
		for _, x := range f.Values {
			if strings.EqualFold(x, s) {
				return x, ""
			}
		}
		return nil, fmt.Sprintf("want one of %s, got %q", strings.Join(f.Values, ", "), s)
	case catalog.TypeBool:
		switch b := v.(type) {
		case bool:
			return b, ""
		case string:
			if x, ok := parseBool(b); ok {
				return x, ""
			}
		}
		return nil, "want true or false, got " + describe(v)
	case catalog.TypeTimestamp:
		if s, ok := v.(string); ok {
			if t, err := time.Parse(wire.TimestampLayout, s); err == nil {
				return FormatTime(t), ""
			}
		}
		if ms, ok := asInt(v); ok {
			return FormatTime(time.UnixMilli(ms)), ""
		}
		return nil, "want a timestamp like 2006-01-02T15:04:05.000+0000, got " + describe(v)
	case catalog.TypeMoney:
		return normalizeMoney(v)
	case catalog.TypeRef:
		return normalizeRef(f, v)
	case catalog.TypeRefs:
		list, ok := v.([]any)
		if !ok {
			return nil, fmt.Sprintf("want a list of {%q: <id>}, got %s", f.RefKey, describe(v))
		}
		out := make([]any, 0, len(list))
		for _, e := range list {
			r, problem := normalizeRef(f, e)
			if problem != "" {
				return nil, problem
			}
			out = append(out, r)
		}
		return out, ""
	case catalog.TypeStrings:
		list, ok := v.([]any)
		if !ok {
			return nil, "want a list of strings, got " + describe(v)
		}
		for _, e := range list {
			if _, ok := e.(string); !ok {
				return nil, "want a list of strings, got element " + describe(e)
			}
		}
		return list, ""
	case catalog.TypeArray:
		if list, ok := v.([]any); ok {
			return cloneValue(list), ""
		}
		return nil, "want a list, got " + describe(v)
	case catalog.TypeObject, catalog.TypeWindow:
		if m, ok := v.(map[string]any); ok {
			return cloneValue(m), ""
		}
		return nil, "want an object, got " + describe(v)
	}
	return cloneValue(v), ""
}

// normalizeRef accepts {"<refKey>": id} with a number or numeric string, a
// bare id, or (for keys that are not numeric, like a launch's provider
// product id) a non-empty string.
func normalizeRef(f *catalog.Field, v any) (any, string) {
	want := fmt.Sprintf("want {%q: <id>}, got %s", f.RefKey, describe(v))
	raw := v
	if m, ok := v.(map[string]any); ok {
		id, present := m[f.RefKey]
		if !present || id == nil {
			return nil, want
		}
		raw = id
	}
	if n, ok := asInt(raw); ok {
		return map[string]any{f.RefKey: n}, ""
	}
	if s, ok := raw.(string); ok && strings.TrimSpace(s) != "" {
		return map[string]any{f.RefKey: strings.TrimSpace(s)}, ""
	}
	return nil, want
}

// normalizeMoney accepts {"currency":"USD","value":1.5} (value as a number or
// numeric string, currency defaulting to USD) and the 2011 string form
// "USD11.01".
func normalizeMoney(v any) (any, string) {
	const want = `want {"currency": "USD", "value": <number>}, got `
	switch m := v.(type) {
	case map[string]any:
		val, ok := asFloat(m["value"])
		if !ok {
			return nil, want + describe(v)
		}
		cur, _ := m["currency"].(string)
		if cur == "" {
			cur = "USD"
		}
		return map[string]any{"currency": cur, "value": val}, ""
	case string:
		if money, ok := parseMoneyString(m); ok {
			return money, ""
		}
	}
	return nil, want + describe(v)
}

// parseMoneyString reads the 2011 "USD11.01" form.
func parseMoneyString(s string) (map[string]any, bool) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return (r >= '0' && r <= '9') || r == '.' || r == '-' })
	if i < 0 {
		return nil, false
	}
	val, ok := asFloat(s[i:])
	if !ok {
		return nil, false
	}
	cur := strings.ToUpper(strings.TrimSpace(s[:i]))
	if cur == "" {
		cur = "USD"
	}
	return map[string]any{"currency": cur, "value": val}, true
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
