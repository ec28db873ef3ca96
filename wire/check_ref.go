package wire

import (
	"fmt"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// References: {"<refKey>": id}, the target's id under the field's refKey.

// checkRef checks one reference. Strict wants exactly the id at basic
// detail, typed like the target's key; Lenient also takes a bare id and
// an id as a numeric string, and returns {"<refKey>": int64} or, for ids
// that are not numbers (a launch's provider product id), the trimmed
// string.
func (c checker) checkRef(f *catalog.Field, v any) (any, error) {
	if c.mode == Strict {
		return v, c.strictRef(f, v)
	}
	id := v
	if m, ok := v.(map[string]any); ok {
		id = m[f.RefKey]
	}
	if n, ok := Int(id, Lenient); ok {
		return map[string]any{f.RefKey: n}, nil
	}
	if s, ok := id.(string); ok && strings.TrimSpace(s) != "" {
		return map[string]any{f.RefKey: strings.TrimSpace(s)}, nil
	}
	return nil, c.wantRef(f, v)
}

func (c checker) strictRef(f *catalog.Field, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return c.wantRef(f, v)
	}
	if f.RefKey == "" {
		return nil // the catalogue does not know the target's key
	}
	id, ok := m[f.RefKey]
	if !ok || len(m) != 1 {
		return fmt.Errorf("a reference holds exactly one key, %q (basic detail)", f.RefKey)
	}
	var keyType catalog.Type
	if c.cat != nil {
		if target, ok := c.cat.Resource(f.Ref); ok {
			keyType = target.KeyType
		}
	}
	_, isInt := Int(id, Strict)
	s, isString := id.(string)
	switch {
	case keyType == catalog.TypeString && (!isString || s == ""):
		return fmt.Errorf("%s must be a non-empty string, got %s", f.RefKey, c.mode.Describe(id))
	case keyType == catalog.TypeInt && !isInt:
		return fmt.Errorf("%s must be an integer, got %s", f.RefKey, c.mode.Describe(id))
	case keyType == "" && !isInt && !isString:
		return fmt.Errorf("%s must be an integer or a string, got %s", f.RefKey, c.mode.Describe(id))
	}
	return nil
}

func (c checker) wantRef(f *catalog.Field, v any) error {
	return c.wanted(fmt.Sprintf("a reference {%q: id}", f.RefKey), v)
}

// checkRefs checks a list of references; an error names the entry.
func (c checker) checkRefs(f *catalog.Field, v any) (any, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, c.wanted(fmt.Sprintf("an array of references {%q: id}", f.RefKey), v)
	}
	out := make([]any, len(list))
	for i, e := range list {
		r, err := c.checkRef(f, e)
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		out[i] = r
	}
	return c.result(v, out)
}

// RefTarget names the resource whose id a value of field f holds, or ""
// for none: a ref or refs field's Ref (the id under its RefKey), and the
// budget fields (budget, defaultBudget), whose bare int is the id of a
// BillingCode (spec: a budget is a billing code). The catalogue types
// budget fields as plain ints, so the rule for them lives here, once.
func RefTarget(f *catalog.Field) string {
	switch {
	case f.Type == catalog.TypeRef || f.Type == catalog.TypeRefs:
		return f.Ref
	case f.Type == catalog.TypeInt && (f.Name == "budget" || f.Name == "defaultBudget"):
		return "BillingCode"
	}
	return ""
}
