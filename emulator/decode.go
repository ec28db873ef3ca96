package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"sort"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/internal/jsonvalue"
)

// wireFormat is a body format.
type wireFormat int

const (
	formatJSON wireFormat = iota
	formatXML
)

// responseFormat picks the format from Accept: the first JSON or XML media
// type listed wins; anything else (absent, */*) means JSON.
func responseFormat(accept string) wireFormat {
	switch accept {
	case "", "*/*", "application/json":
		return formatJSON
	}
	for _, part := range strings.Split(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch {
		case strings.HasSuffix(mt, "/json") || strings.HasSuffix(mt, "+json"):
			return formatJSON
		case strings.HasSuffix(mt, "/xml") || strings.HasSuffix(mt, "+xml"):
			return formatXML
		}
	}
	return formatJSON
}

// requestFormat picks the body format from Content-Type, falling back to the
// first non-space byte: mixcoatl sent no Content-Type at all.
func requestFormat(contentType string, body []byte) wireFormat {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		switch {
		case strings.HasSuffix(mt, "/json") || strings.HasSuffix(mt, "+json"):
			return formatJSON
		case strings.HasSuffix(mt, "/xml") || strings.HasSuffix(mt, "+xml"):
			return formatXML
		}
	}
	if t := bytes.TrimLeft(body, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '<' {
		return formatXML
	}
	return formatJSON
}

// payload is a decoded write body: the verb and the value under it.
type payload struct {
	verb  string
	value any
}

// decodeJSONPayload decodes {"<verb>": value}; numbers stay json.Number.
// A body nesting deeper than maxDepth is refused before it is decoded.
func decodeJSONPayload(body []byte, maxDepth int) (payload, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return payload{}, errors.New("request body is empty: expected a JSON object with one operation key, e.g. {\"launch\":[{…}]}")
	}
	if jsonDepth(body) > maxDepth {
		return payload{}, fmt.Errorf("request body nests deeper than %d levels", maxDepth)
	}
	v, ok := jsonvalue.Parse(body) // the whole body, one valid value
	if !ok {
		// The decoder says what is wrong, and where.
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return payload{}, fmt.Errorf("malformed JSON body: %s", describeJSONError(err, dec))
		}
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			return payload{}, errors.New("malformed JSON body: unexpected data after the top-level object")
		}
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return payload{}, fmt.Errorf("request body must be a JSON object with one operation key, not %s", jsonKind(v))
	}
	if len(obj) != 1 {
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return payload{}, fmt.Errorf("request body must have exactly one top-level key (the operation), found %d: %s", len(obj), strings.Join(keys, ", "))
	}
	var p payload
	for k, val := range obj {
		p = payload{verb: k, value: val}
	}
	return p, nil
}

func describeJSONError(err error, dec *json.Decoder) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Sprintf("%s (at byte %d)", syn.Error(), syn.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Sprintf("unexpected end of input (at byte %d)", dec.InputOffset())
	}
	return err.Error()
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

// selectOp picks the write operation named by verb for the method's kinds in
// this API version, or says which verbs would have been accepted.
func selectOp(res *catalog.Resource, kinds []catalog.Kind, verb, version string) (*catalog.Op, error) {
	for _, k := range kinds {
		if op, ok := res.Op(k, verb, version); ok {
			return op, nil
		}
	}
	var want []string
	seen := map[string]bool{}
	for _, op := range res.Ops {
		for _, k := range kinds {
			if op.Kind == k && op.Verb != "" && !seen[op.Verb] && catalog.InRange(version, op.Since, op.Until) {
				seen[op.Verb] = true
				want = append(want, op.Verb)
			}
		}
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("%s has no such operation in API version %s", res.Path, version)
	}
	return nil, fmt.Errorf("unknown operation %q for %s in API version %s; expected one of: %s", verb, res.Path, version, strings.Join(want, ", "))
}

// jsonDepth is the deepest nesting of objects and arrays in a JSON text
// (brackets inside strings do not count). It reads any bytes: a malformed
// text gets the depth of its brackets, and the decoder then says what is
// wrong with it.
func jsonDepth(b []byte) int {
	depth, deepest, inString := 0, 0, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inString && c == '\\':
			i++
		case inString:
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			deepest = max(deepest, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return deepest
}
