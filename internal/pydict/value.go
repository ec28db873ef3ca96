// Package pydict parses Python literals such as "{'regionId': 19344}", the
// query-parameter argument of the old es-dump.py and dcm-get tools, which
// eval-ed it. Here it is only ever parsed: strings, numbers, True/False/None,
// lists, tuples and dicts are accepted, and anything else (names, calls,
// operators, comprehensions, f-strings) is a syntax error naming its
// position. Nesting depth and input length are bounded so hostile input
// cannot exhaust the stack or memory.
package pydict

import (
	"fmt"
	"strings"
)

// Kind is the Python type of a Value.
type Kind uint8

// Kinds of values.
const (
	String Kind = iota + 1 // str (or bytes)
	Int                    // int, arbitrary size
	Float                  // float
	Bool                   // True / False
	None                   // None
	List                   // [...]
	Tuple                  // (...)
	Dict                   // {...}
)

var kindNames = [...]string{
	String: "str", Int: "int", Float: "float", Bool: "bool",
	None: "NoneType", List: "list", Tuple: "tuple", Dict: "dict",
}

// String returns the Python type name.
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Value is a parsed literal.
type Value struct {
	Kind Kind
	// Text is the decoded string (String), the canonical decimal form (Int) or
	// Python's repr of the number (Float).
	Text    string
	Bool    bool    // Bool
	Items   []Value // List and Tuple elements
	Entries []Entry // Dict entries in source order, duplicate keys merged as Python does
}

// Entry is one key: value pair of a dict.
type Entry struct {
	Key   Value
	Value Value
}

// Str renders the value as Python's str() would, which is how the old tools'
// HTTP library turned a parameter value into query text.
func (v Value) Str() string {
	switch v.Kind {
	case String, Int, Float:
		return v.Text
	case Bool:
		if v.Bool {
			return "True"
		}
		return "False"
	case None:
		return "None"
	case List:
		return "[" + joinRepr(v.Items) + "]"
	case Tuple:
		if len(v.Items) == 1 {
			return "(" + v.Items[0].repr() + ",)"
		}
		return "(" + joinRepr(v.Items) + ")"
	case Dict:
		parts := make([]string, len(v.Entries))
		for i, e := range v.Entries {
			parts[i] = e.Key.repr() + ": " + e.Value.repr()
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return ""
}

func joinRepr(items []Value) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = it.repr()
	}
	return strings.Join(parts, ", ")
}

// repr is Str with strings quoted and control characters escaped, so that
// Parse(v.repr()) gives v back (close to, not exactly, Python's repr).
func (v Value) repr() string {
	switch {
	case v.Kind == String:
		var b strings.Builder
		b.WriteByte('\'')
		for _, r := range v.Text {
			switch {
			case r == '\\' || r == '\'':
				b.WriteByte('\\')
				b.WriteRune(r)
			case r < 0x20 || r == 0x7f:
				fmt.Fprintf(&b, "\\x%02x", r)
			default:
				b.WriteRune(r)
			}
		}
		b.WriteByte('\'')
		return b.String()
	case v.Kind == Float && v.Text == "inf":
		return "1e999"
	case v.Kind == Float && v.Text == "-inf":
		return "-1e999"
	}
	return v.Str()
}

// sameKey reports whether two dict keys are the same Python key. Python also
// treats 1, 1.0 and True as one key; that corner is not worth modelling for
// query parameters, so keys match on kind and text.
func sameKey(a, b Value) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case Bool:
		return a.Bool == b.Bool
	case Tuple:
		if len(a.Items) != len(b.Items) {
			return false
		}
		for i := range a.Items {
			if !sameKey(a.Items[i], b.Items[i]) {
				return false
			}
		}
		return true
	}
	return a.Text == b.Text
}
