package jsontree

import "github.com/mixcoatl/mixcoatl/wire/jsonscan"

// scanValue builds the Value of the JSON document raw in one pass over its
// bytes, with wire's validating scanner for strings, numbers and literals:
// a table of a few hundred items parses each item, and encoding/json's
// token API costs several allocations per token (an error Value made and
// dropped after every number). It reports false for anything that is not
// one valid JSON Value, possibly surrounded by white space, or that nests
// deeper than jsonscan.MaxDepth: Parse then decodes raw with
// encoding/json, whose answer and error stand. For a valid document both
// give the same Value (TestScanValueMatchesDecoder).
func scanValue(raw []byte) (*Value, bool) {
	v, end, ok := scanAt(raw, jsonscan.SkipSpace(raw, 0), 0)
	return v, ok && jsonscan.SkipSpace(raw, end) == len(raw)
}

// scanAt builds the Value starting at b[i] (no leading space) and returns
// the index just past it.
func scanAt(b []byte, i, depth int) (*Value, int, bool) {
	if i >= len(b) {
		return nil, 0, false
	}
	switch b[i] {
	case '{', '[':
		if depth >= jsonscan.MaxDepth {
			return nil, 0, false
		}
		return scanContainer(b, i, depth+1)
	case '"':
		s, end, ok := scanString(b, i)
		return &Value{Kind: String, Text: s}, end, ok
	}
	end, ok := jsonscan.SkipValue(b, i) // a number or a literal: no nesting
	if !ok {
		return nil, 0, false
	}
	switch b[i] {
	case 'n':
		return &Value{Kind: Null}, end, true
	case 't', 'f':
		return &Value{Kind: Bool, Text: string(b[i:end])}, end, true
	}
	return &Value{Kind: Number, Text: string(b[i:end])}, end, true
}

// scanContainer builds the object or array starting at b[i].
func scanContainer(b []byte, i, depth int) (*Value, int, bool) {
	v, closing := &Value{Kind: Array}, byte(']')
	if b[i] == '{' {
		v.Kind, closing = Object, '}'
	}
	i = jsonscan.SkipSpace(b, i+1)
	if i < len(b) && b[i] == closing {
		return v, i + 1, true
	}
	for {
		if v.Kind == Object {
			if i >= len(b) || b[i] != '"' {
				return nil, 0, false
			}
			key, end, ok := scanString(b, i)
			if !ok {
				return nil, 0, false
			}
			if i = jsonscan.SkipSpace(b, end); i >= len(b) || b[i] != ':' {
				return nil, 0, false
			}
			v.Keys = append(v.Keys, key)
			i = jsonscan.SkipSpace(b, i+1)
		}
		elem, end, ok := scanAt(b, i, depth)
		if !ok {
			return nil, 0, false
		}
		v.Elems = append(v.Elems, elem)
		switch i = jsonscan.SkipSpace(b, end); {
		case i >= len(b):
			return nil, 0, false
		case b[i] == closing:
			return v, i + 1, true
		case b[i] != ',':
			return nil, 0, false
		}
		i = jsonscan.SkipSpace(b, i+1)
	}
}

// scanString reads the string starting at b[i] as encoding/json would
// (escapes resolved, invalid UTF-8 replaced).
func scanString(b []byte, i int) (string, int, bool) {
	end, plain, ok := jsonscan.SkipString(b, i)
	if !ok {
		return "", 0, false
	}
	if plain {
		return string(b[i+1 : end-1]), end, true
	}
	s, ok := jsonscan.Unquote(b[i:end])
	return s, end, ok
}
