package engine

import (
	"bytes"
	"encoding/json"
	"errors"
)

// errBadObject reports stored data that is not a JSON object.
var errBadObject = errors.New("engine: stored data is not a JSON object")

// decodeFields decodes only the named top-level fields of a JSON object:
// filters look at one or two fields of each record, and skipping the other
// values byte by byte costs a fraction of decoding them into maps. A field
// that occurs twice keeps its last value, as with a full decode. Values are
// decoded like decodeObject's (json.Number for numbers).
func decodeFields(b []byte, names []string) (map[string]any, error) {
	out := make(map[string]any, len(names))
	i := skipSpace(b, 0)
	if len(b) == 0 {
		return out, nil
	}
	if i >= len(b) || b[i] != '{' {
		return nil, errBadObject
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return out, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return nil, errBadObject
		}
		end, escaped, ok := stringEnd(b, i)
		if !ok {
			return nil, errBadObject
		}
		key := b[i+1 : end-1]
		if escaped {
			var s string
			if err := json.Unmarshal(b[i:end], &s); err != nil {
				return nil, errBadObject
			}
			key = []byte(s)
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return nil, errBadObject
		}
		start := skipSpace(b, i+1)
		stop, ok := valueEnd(b, start)
		if !ok {
			return nil, errBadObject
		}
		for _, n := range names {
			if string(key) == n {
				v, err := decodeValue(b[start:stop])
				if err != nil {
					return nil, err
				}
				out[n] = v
				break
			}
		}
		i = skipSpace(b, stop)
		switch {
		case i < len(b) && b[i] == ',':
			i = skipSpace(b, i+1)
		case i < len(b) && b[i] == '}':
			return out, nil
		default:
			return nil, errBadObject
		}
	}
}

// decodeValue decodes one JSON value; plain strings, literals and numbers
// (the values filters look at) take a short cut past json.Decoder.
func decodeValue(b []byte) (any, error) {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && plainASCII(b[1:len(b)-1]) {
		return string(b[1 : len(b)-1]), nil
	}
	switch string(b) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// plainASCII reports whether a string's body needs no decoding: printable
// ASCII without quotes or escapes.
func plainASCII(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index after the closing quote of the string that
// starts at b[i] and whether it holds escapes.
func stringEnd(b []byte, i int) (end int, escaped, ok bool) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			return j + 1, escaped, true
		}
	}
	return 0, false, false
}

// valueEnd returns the index after the JSON value that starts at b[i]. It
// only finds the value's extent; decodeValue validates the values it keeps.
func valueEnd(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return 0, false
	}
	switch b[i] {
	case '"':
		end, _, ok := stringEnd(b, i)
		return end, ok
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, _, ok := stringEnd(b, j)
				if !ok {
					return 0, false
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, true
				}
			}
		}
		return 0, false
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
		j++
	}
	return j, j > i
}
