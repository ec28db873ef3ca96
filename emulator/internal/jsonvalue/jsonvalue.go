// Package jsonvalue decodes JSON into the generic values the emulator
// works on, by one rule: what a json.Decoder with UseNumber makes of it.
// Objects become map[string]any (a repeated key keeps its last value),
// arrays []any, numbers json.Number of their text, strings unescaped as
// encoding/json unescapes them. The engine decodes every record a request
// loads this way, and the seed validator every seeded object.
//
// A one-pass parser builds the values, several times faster than the
// reflection-driven decoder. What it does not take on (invalid JSON,
// nesting deeper than jsonscan.MaxDepth, anything but white space after
// the value) goes to a json.Decoder, whose answer and error stand, so the
// two routes never disagree.
package jsonvalue

import (
	"bytes"
	"encoding/json"

	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// Decode decodes the JSON value b.
func Decode(b []byte) (any, error) {
	if v, ok := Parse(b); ok {
		return v, nil
	}
	var v any
	err := decoder(b).Decode(&v)
	return v, err
}

// DecodeObject decodes b into a map, as the decoder does: null gives a
// nil map, anything else but an object an error.
func DecodeObject(b []byte) (map[string]any, error) {
	if m, ok := ParseObject(b); ok {
		return m, nil
	}
	var m map[string]any
	err := decoder(b).Decode(&m)
	return m, err
}

func decoder(b []byte) *json.Decoder {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec
}

// Parse is the fast route of Decode: ok is false for whatever it leaves
// to the decoder.
func Parse(b []byte) (any, bool) {
	i := jsonscan.SkipSpace(b, 0)
	v, end, ok := parseValue(b, i, 0)
	if !ok || jsonscan.SkipSpace(b, end) != len(b) {
		return nil, false
	}
	return v, true
}

// ParseObject is the fast route of DecodeObject: ok is also false when b
// is no object (null included).
func ParseObject(b []byte) (map[string]any, bool) {
	i := jsonscan.SkipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	v, ok := Parse(b)
	m, _ := v.(map[string]any)
	return m, ok
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
