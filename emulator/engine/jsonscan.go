package engine

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/mixcoatl/mixcoatl/wire"
)

// errBadObject reports stored data that is not a JSON object.
var errBadObject = errors.New("engine: stored data is not a JSON object")

// decodeFields decodes only the named top-level fields of a JSON object:
// filters look at one or two fields of each record, and skipping the other
// values (wire.ObjectScanner validates them without building anything)
// costs a fraction of decoding them into maps. A field that occurs twice
// keeps its last value, as with a full decode. Values are decoded like
// decodeObject's (json.Number for numbers).
func decodeFields(b []byte, names []string) (map[string]any, error) {
	return scanFields(b, names, false)
}

// decodeCanonicalFields is decodeFields for data in canonical form
// (canon.go, its marker checked): written by the codec from a map, it is a
// valid object without repeated keys, so the scan stops once every named
// field was found instead of validating the rest.
func decodeCanonicalFields(b []byte, names []string) (map[string]any, error) {
	return scanFields(b, names, true)
}

func scanFields(b []byte, names []string, stopEarly bool) (map[string]any, error) {
	out := make(map[string]any, len(names))
	if len(b) == 0 {
		return out, nil
	}
	s := wire.NewObjectScanner(b)
	for s.Next() {
		for _, n := range names {
			if string(s.Key()) == n {
				v, err := decodeValue(s.Value())
				if err != nil {
					return nil, err
				}
				out[n] = v
				break
			}
		}
		if stopEarly && len(out) == len(names) {
			return out, nil
		}
	}
	if !s.Done() {
		return nil, errBadObject
	}
	return out, nil
}

// decodeValue decodes one JSON value; strings, literals and numbers (the
// values filters look at) take a short cut past json.Decoder.
func decodeValue(b []byte) (any, error) {
	switch {
	case len(b) == 0:
		return nil, errBadObject
	case b[0] == '"':
		if s, ok := wire.Unquote(b); ok {
			return s, nil
		}
	case string(b) == "true":
		return true, nil
	case string(b) == "false":
		return false, nil
	case string(b) == "null":
		return nil, nil
	case b[0] == '-' || '0' <= b[0] && b[0] <= '9':
		if end, ok := wire.SkipValue(b, 0); ok && end == len(b) {
			return json.Number(b), nil
		}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}
