package output

import (
	"bufio"
	"strconv"
	"strings"
	"unicode"
)

// yamlEmitter writes YAML from the JSON items itself, instead of going
// through map[string]any, so that key order and number text survive; the
// tests read its output back with sigs.k8s.io/yaml. Lists are block
// sequences ("- " per item, written as they arrive); sequences inside
// mappings are not indented, as kubectl and sigs.k8s.io/yaml print them.
type yamlEmitter struct {
	w    *bufio.Writer
	list bool
	n    int
	buf  []byte
}

func (e *yamlEmitter) item(raw []byte) error {
	v, err := parseValue(raw)
	if err != nil {
		return err
	}
	e.n++
	e.buf = e.buf[:0]
	if e.list {
		e.buf = append(e.buf, "- "...)
		e.buf = appendYAMLAfterDash(e.buf, v, 2)
	} else {
		switch {
		case v.kind == kindObject && len(v.keys) > 0:
			e.buf = appendYAMLMapping(e.buf, v, 0, false)
		case v.kind == kindArray && len(v.elems) > 0:
			e.buf = appendYAMLSequence(e.buf, v, 0, false)
		default:
			e.buf = append(appendYAMLScalar(e.buf, v), '\n')
		}
	}
	_, err = e.w.Write(e.buf)
	return err
}

func (e *yamlEmitter) end() error {
	if e.list && e.n == 0 {
		_, err := e.w.WriteString("[]\n")
		return err
	}
	return nil
}

func appendIndent(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}

// appendYAMLMapping writes the members of a non-empty object at indent;
// with firstInline the first line's indentation is already written.
func appendYAMLMapping(b []byte, v *value, indent int, firstInline bool) []byte {
	for i, k := range v.keys {
		if i > 0 || !firstInline {
			b = appendIndent(b, indent)
		}
		b = appendYAMLString(b, k)
		b = append(b, ':')
		elem := v.elems[i]
		switch {
		case elem.kind == kindObject && len(elem.keys) > 0:
			b = append(b, '\n')
			b = appendYAMLMapping(b, elem, indent+2, false)
		case elem.kind == kindArray && len(elem.elems) > 0:
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
func appendYAMLSequence(b []byte, v *value, indent int, firstInline bool) []byte {
	for i, elem := range v.elems {
		if i > 0 || !firstInline {
			b = appendIndent(b, indent)
		}
		b = append(b, "- "...)
		b = appendYAMLAfterDash(b, elem, indent+2)
	}
	return b
}

func appendYAMLAfterDash(b []byte, v *value, indent int) []byte {
	switch {
	case v.kind == kindObject && len(v.keys) > 0:
		return appendYAMLMapping(b, v, indent, true)
	case v.kind == kindArray && len(v.elems) > 0:
		return appendYAMLSequence(b, v, indent, true)
	}
	return append(appendYAMLScalar(b, v), '\n')
}

// appendYAMLScalar writes a scalar or an empty collection in flow style.
func appendYAMLScalar(b []byte, v *value) []byte {
	switch v.kind {
	case kindNull:
		return append(b, "null"...)
	case kindBool, kindNumber:
		return append(b, v.text...)
	case kindString:
		return appendYAMLString(b, v.text)
	case kindObject:
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
