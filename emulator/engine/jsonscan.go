package engine

import (
	"bytes"
	"errors"

	"github.com/mixcoatl/mixcoatl/emulator/internal/jsonvalue"
	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// errBadObject reports stored data that is not a JSON object.
var errBadObject = errors.New("engine: stored data is not a JSON object")

// decodeFields decodes only the named top-level fields of a JSON object:
// filters look at one or two fields of each record, and skipping the other
// values (jsonscan.ObjectScanner validates them without building anything)
// costs a fraction of decoding them into maps. A field that occurs twice
// keeps its last value, as with a full decode. Values are decoded like
// decodeObject's (json.Number for numbers).
func decodeFields(b []byte, names []string) (map[string]any, error) {
	out := make(map[string]any, len(names))
	if len(b) == 0 {
		return out, nil
	}
	s := jsonscan.NewObjectScanner(b)
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
	}
	if !s.Done() {
		return nil, errBadObject
	}
	return out, nil
}

// decodeCanonicalFields is decodeFields for data in canonical form
// (canon.go, its marker checked): written by the codec from a map, it is a
// compact, valid object without repeated keys. So nothing needs
// validating: strings are skipped to their closing quote (IndexByte), the
// scan stops once every named field was found, and a list's filter reads
// a record at about the speed of memchr.
func decodeCanonicalFields(b []byte, names []string) (map[string]any, error) {
	return decodeCanonicalUntil(b, names, nil)
}

// decodeCanonicalUntil is decodeCanonicalFields stopping as soon as enough
// says the fields found so far are all the caller needs (nil: once every
// named field was found).
func decodeCanonicalUntil(b []byte, names []string, enough func(found map[string]any) bool) (map[string]any, error) {
	out := make(map[string]any, len(names))
	done := func() bool {
		if enough != nil {
			return enough(out)
		}
		return len(out) == len(names)
	}
	i := bytes.IndexByte(b, '{')
	if i < 0 {
		return nil, errBadObject
	}
	for i++; i < len(b) && b[i] != '}' && !done(); {
		if b[i] == ',' {
			i++
		}
		if i >= len(b) || b[i] != '"' {
			return nil, errBadObject
		}
		keyEnd := skipCanonicalString(b, i)
		if keyEnd >= len(b) || b[keyEnd] != ':' {
			return nil, errBadObject
		}
		key := b[i+1 : keyEnd-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			u, ok := jsonscan.Unquote(b[i:keyEnd])
			if !ok {
				return nil, errBadObject
			}
			key = []byte(u)
		}
		valStart := keyEnd + 1
		valEnd := skipCanonicalValue(b, valStart)
		if valEnd > len(b) || valEnd <= valStart {
			return nil, errBadObject
		}
		for _, n := range names {
			if string(key) == n {
				v, err := decodeValue(b[valStart:valEnd])
				if err != nil {
					return nil, err
				}
				out[n] = v
				break
			}
		}
		i = valEnd
	}
	return out, nil
}

// skipCanonicalString returns the index after the string starting at
// b[i] (a quote), or len(b)+1 when it does not end.
func skipCanonicalString(b []byte, i int) int {
	for j := i + 1; ; {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return len(b) + 1
		}
		end := j + k
		escapes := 0
		for p := end - 1; p > i && b[p] == '\\'; p-- {
			escapes++
		}
		if escapes%2 == 0 {
			return end + 1
		}
		j = end + 1
	}
}

// skipCanonicalValue returns the index after the value starting at b[i]
// (compact JSON), or more than len(b) when it does not end.
func skipCanonicalValue(b []byte, i int) int {
	if i >= len(b) {
		return len(b) + 1
	}
	switch b[i] {
	case '"':
		return skipCanonicalString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); {
			switch b[j] {
			case '"':
				j = skipCanonicalString(b, j)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
			j++
		}
		return len(b) + 1
	}
	for j := i; j < len(b); j++ {
		if c := b[j]; c == ',' || c == '}' || c == ']' {
			return j
		}
	}
	return len(b) + 1
}

// decodeValue decodes one JSON value (jsonvalue.Decode); nothing at all
// is an error.
func decodeValue(b []byte) (any, error) {
	if len(b) == 0 {
		return nil, errBadObject
	}
	return jsonvalue.Decode(b)
}
