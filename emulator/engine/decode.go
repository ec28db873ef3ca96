package engine

import (
	"encoding/json"

	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// parseObject decodes the JSON object b as decodeObject's json.Decoder
// (UseNumber) does: objects become map[string]any (a repeated key keeps
// its last value), arrays []any, numbers json.Number of their text,
// strings unescaped as encoding/json unescapes them (jsonscan.Unquote, which
// hands whatever is not plain to encoding/json). It builds the values in
// one pass over b, several times faster than the reflection-driven
// decoder; every record a request loads goes through here, inside the
// serialised Update for writes.
//
// ok is false for anything it does not take on: b not an object
// (null included), invalid JSON, nesting deeper than jsonscan.MaxDepth, or
// anything but white space after the object. decodeObject then asks
// encoding/json, whose answer (and error) stands, so the two never
// disagree.
func parseObject(b []byte) (map[string]any, bool) {
	i := jsonscan.SkipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	v, end, ok := parseValue(b, i, 0)
	if !ok || jsonscan.SkipSpace(b, end) != len(b) {
		return nil, false
	}
	m, _ := v.(map[string]any)
	return m, true
}

// parseValue decodes the value starting at b[i] (no leading space) and
// returns the index after it.
func parseValue(b []byte, i, depth int) (any, int, bool) {
	if i >= len(b) {
		return nil, 0, false
	}
	switch c := b[i]; {
	case c == '"':
		return parseString(b, i)
	case c == '{':
		return parseMembers(b, i, depth+1)
	case c == '[':
		return parseElements(b, i, depth+1)
	case c == 't', c == 'f', c == 'n', c == '-', '0' <= c && c <= '9':
		end, ok := jsonscan.SkipValue(b, i)
		if !ok {
			return nil, 0, false
		}
		switch string(b[i:end]) {
		case "true":
			return true, end, true
		case "false":
			return false, end, true
		case "null":
			return nil, end, true
		}
		return json.Number(b[i:end]), end, true
	}
	return nil, 0, false
}

func parseString(b []byte, i int) (any, int, bool) {
	end, plain, ok := jsonscan.SkipString(b, i)
	if !ok {
		return nil, 0, false
	}
	if plain {
		return string(b[i+1 : end-1]), end, true
	}
	s, ok := jsonscan.Unquote(b[i:end])
	return s, end, ok
}

func parseMembers(b []byte, i, depth int) (any, int, bool) {
	if depth > jsonscan.MaxDepth {
		return nil, 0, false
	}
	m := map[string]any{}
	i = jsonscan.SkipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return m, i + 1, true
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return nil, 0, false
		}
		k, end, ok := parseString(b, i)
		if !ok {
			return nil, 0, false
		}
		i = jsonscan.SkipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return nil, 0, false
		}
		v, end, ok := parseValue(b, jsonscan.SkipSpace(b, i+1), depth)
		if !ok {
			return nil, 0, false
		}
		m[k.(string)] = v
		i = jsonscan.SkipSpace(b, end)
		switch {
		case i < len(b) && b[i] == ',':
			i = jsonscan.SkipSpace(b, i+1)
		case i < len(b) && b[i] == '}':
			return m, i + 1, true
		default:
			return nil, 0, false
		}
	}
}

func parseElements(b []byte, i, depth int) (any, int, bool) {
	if depth > jsonscan.MaxDepth {
		return nil, 0, false
	}
	list := []any{}
	i = jsonscan.SkipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return list, i + 1, true
	}
	for {
		v, end, ok := parseValue(b, i, depth)
		if !ok {
			return nil, 0, false
		}
		list = append(list, v)
		i = jsonscan.SkipSpace(b, end)
		switch {
		case i < len(b) && b[i] == ',':
			i = jsonscan.SkipSpace(b, i+1)
		case i < len(b) && b[i] == ']':
			return list, i + 1, true
		default:
			return nil, 0, false
		}
	}
}
