package jsontree

import (
	"strconv"
	"strings"
	"unicode"
)

// AppendYAML appends v as a YAML document: block mappings and sequences,
// scalars plain when they cannot be read as anything else, keys in document
// order, numbers as written. Sequences inside mappings are not indented, as
// kubectl and sigs.k8s.io/yaml print them.
func AppendYAML(b []byte, v *Value) []byte {
	switch {
	case v.Kind == Object && len(v.Keys) > 0:
		return appendYAMLMapping(b, v, 0, false)
	case v.Kind == Array && len(v.Elems) > 0:
		return appendYAMLSequence(b, v, 0, false)
	}
	return append(appendYAMLScalar(b, v), '\n')
}

// AppendYAMLItem appends v as one element of a block sequence ("- " and
// the value indented under it), for a list written as its items arrive.
func AppendYAMLItem(b []byte, v *Value) []byte {
	return appendYAMLAfterDash(append(b, "- "...), v, 2)
}

// YAML converts the JSON document raw to YAML (see AppendYAML).
func YAML(raw []byte) ([]byte, error) {
	v, err := Parse(raw)
	if err != nil {
		return nil, err
	}
	return AppendYAML(nil, v), nil
}

// AppendIndent appends n spaces.
func AppendIndent(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}

// appendYAMLMapping writes the members of a non-empty object at indent;
// with firstInline the first line's indentation is already written.
func appendYAMLMapping(b []byte, v *Value, indent int, firstInline bool) []byte {
	for i, k := range v.Keys {
		if i > 0 || !firstInline {
			b = AppendIndent(b, indent)
		}
		b = appendYAMLString(b, k)
		b = append(b, ':')
		elem := v.Elems[i]
		switch {
		case elem.Kind == Object && len(elem.Keys) > 0:
			b = append(b, '\n')
			b = appendYAMLMapping(b, elem, indent+2, false)
		case elem.Kind == Array && len(elem.Elems) > 0:
			b = append(b, '\n')
			b = appendYAMLSequence(b, elem, indent, false)
		default:
			b = append(b, ' ')
			b = append(appendYAMLScalar(b, elem), '\n')
		}
	}
	return b
}

// appendYAMLSequence writes the elements of a non-empty array at indent.
func appendYAMLSequence(b []byte, v *Value, indent int, firstInline bool) []byte {
	for i, elem := range v.Elems {
		if i > 0 || !firstInline {
			b = AppendIndent(b, indent)
		}
		b = append(b, "- "...)
		b = appendYAMLAfterDash(b, elem, indent+2)
	}
	return b
}

func appendYAMLAfterDash(b []byte, v *Value, indent int) []byte {
	switch {
	case v.Kind == Object && len(v.Keys) > 0:
		return appendYAMLMapping(b, v, indent, true)
	case v.Kind == Array && len(v.Elems) > 0:
		return appendYAMLSequence(b, v, indent, true)
	}
	return append(appendYAMLScalar(b, v), '\n')
}

// appendYAMLScalar writes a scalar or an empty collection in flow style.
func appendYAMLScalar(b []byte, v *Value) []byte {
	switch v.Kind {
	case Null:
		return append(b, "null"...)
	case Bool, Number:
		return append(b, v.Text...)
	case String:
		return appendYAMLString(b, v.Text)
	case Object:
		return append(b, "{}"...)
	default:
		return append(b, "[]"...)
	}
}

// appendYAMLString writes s plain when no YAML 1.1 or 1.2 reader could take
// it for anything but that string, and double-quoted otherwise. Plain
// strings start with a letter and hold only letters, digits, spaces and
// "_-./@+" (so no ": ", " #", no leading digit that could read as a number
// or a timestamp); the words YAML reads as booleans or null are quoted. Go
// quoting uses only escapes that YAML double-quoted scalars share (\n, \t,
// \", \\, \xXX for U+00XX, \uXXXX, \UXXXXXXXX).
func appendYAMLString(b []byte, s string) []byte {
	if yamlPlainSafe(s) {
		return append(b, s...)
	}
	return strconv.AppendQuote(b, s)
}

func yamlPlainSafe(s string) bool {
	if s == "" || strings.HasSuffix(s, " ") {
		return false
	}
	for i, r := range s {
		if i == 0 && !unicode.IsLetter(r) {
			return false
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			continue
		}
		if r != ' ' && !strings.ContainsRune("_-./@+", r) {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "true", "false", "on", "off", "null":
		return false
	}
	return true
}
