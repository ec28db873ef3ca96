package seed

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
)

// windowKeys are the keys of a backup/maintenance window object.
func windowKey(k string) bool {
	switch k {
	case "daysOfWeek", "startHour", "startMinute", "endHour", "endMinute":
		return true
	}
	return false
}

// checkType returns "" when val (never nil) has the field's wire type, else
// a description of the mismatch.
func checkType(cat *catalog.Catalog, f *catalog.Field, val any) string {
	switch f.Type {
	case catalog.TypeInt:
		if _, ok := asInt(val); !ok {
			return "want an integer, got " + jsonKind(val)
		}
	case catalog.TypeNumber:
		if _, ok := val.(json.Number); !ok {
			return "want a number, got " + jsonKind(val)
		}
	case catalog.TypeString:
		if _, ok := val.(string); !ok {
			return "want a string, got " + jsonKind(val)
		}
	case catalog.TypeBool:
		if _, ok := val.(bool); !ok {
			return "want true or false, got " + jsonKind(val)
		}
	case catalog.TypeTimestamp:
		return checkTimestamp(val)
	case catalog.TypeMoney:
		return checkMoney(val)
	case catalog.TypeWindow:
		m, ok := val.(map[string]any)
		if !ok {
			return "want a window object, got " + jsonKind(val)
		}
		for k := range m {
			if !windowKey(k) {
				return fmt.Sprintf("window has unknown key %q", k)
			}
		}
	case catalog.TypeRef:
		return checkRef(cat, f, val)
	case catalog.TypeRefs:
		list, ok := val.([]any)
		if !ok {
			return "want an array of references, got " + jsonKind(val)
		}
		for i, ref := range list {
			if msg := checkRef(cat, f, ref); msg != "" {
				return fmt.Sprintf("[%d]: %s", i, msg)
			}
		}
	case catalog.TypeEnum:
		s, ok := val.(string)
		if !ok {
			return "want a string, got " + jsonKind(val)
		}
		if !f.Open && !slices.Contains(f.Values, s) {
			return fmt.Sprintf("%q is not one of %s", s, strings.Join(f.Values, "|"))
		}
	case catalog.TypeStrings:
		list, ok := val.([]any)
		if !ok {
			return "want an array of strings, got " + jsonKind(val)
		}
		for i, e := range list {
			if _, ok := e.(string); !ok {
				return fmt.Sprintf("[%d]: want a string, got %s", i, jsonKind(e))
			}
		}
	case catalog.TypeArray:
		if _, ok := val.([]any); !ok {
			return "want an array, got " + jsonKind(val)
		}
	case catalog.TypeObject:
		if _, ok := val.(map[string]any); !ok {
			return "want an object, got " + jsonKind(val)
		}
	}
	return ""
}

func checkTimestamp(val any) string {
	s, ok := val.(string)
	if !ok {
		return "want a timestamp string, got " + jsonKind(val)
	}
	t, err := time.Parse(wire.TimestampLayout, s)
	if err != nil || !strings.HasSuffix(s, "+0000") || t.Format(wire.TimestampLayout) != s {
		return fmt.Sprintf("timestamp %q is not in the form 2013-06-04T18:45:12.000+0000 (UTC)", s)
	}
	return ""
}

func checkMoney(val any) string {
	m, ok := val.(map[string]any)
	if !ok {
		return `want money {"currency":"USD","value":1.5}, got ` + jsonKind(val)
	}
	cur, ok := m["currency"].(string)
	if !ok || len(cur) != 3 || strings.ToUpper(cur) != cur {
		return "money needs a three-letter upper-case currency"
	}
	if _, ok := m["value"].(json.Number); !ok {
		return "money needs a numeric value"
	}
	if len(m) != 2 {
		return "money has keys other than currency and value"
	}
	return ""
}

// checkRef checks the shape of one reference: an object holding only the
// target's id under the field's refKey, typed like the target's key.
func checkRef(cat *catalog.Catalog, f *catalog.Field, val any) string {
	m, ok := val.(map[string]any)
	if !ok {
		return fmt.Sprintf(`want a reference {"%s": id}, got %s`, f.RefKey, jsonKind(val))
	}
	if f.RefKey == "" {
		return ""
	}
	id, ok := m[f.RefKey]
	if !ok || len(m) != 1 {
		return fmt.Sprintf(`a reference holds exactly one key, %q (basic detail)`, f.RefKey)
	}
	var keyType catalog.Type
	if target, ok := cat.Resource(f.Ref); ok {
		keyType = target.KeyType
	}
	switch keyType {
	case catalog.TypeString:
		if s, ok := id.(string); !ok || s == "" {
			return fmt.Sprintf("%s must be a non-empty string, got %s", f.RefKey, jsonKind(id))
		}
	case catalog.TypeInt:
		if _, ok := asInt(id); !ok {
			return fmt.Sprintf("%s must be an integer, got %s", f.RefKey, jsonKind(id))
		}
	default:
		if _, isInt := asInt(id); !isInt {
			if _, isStr := id.(string); !isStr {
				return fmt.Sprintf("%s must be an integer or a string, got %s", f.RefKey, jsonKind(id))
			}
		}
	}
	return ""
}

// asInt reports whether v (decoded with UseNumber) is an integer.
func asInt(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

// jsonKind describes a decoded JSON value for error messages.
func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "the number " + x.String()
	case string:
		return fmt.Sprintf("the string %q", x)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
