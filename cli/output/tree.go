package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// kind is the JSON type of a value.
type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindObject
	kindArray
)

// value is a decoded JSON value that keeps what map[string]any loses: the
// order of object members and the exact text of numbers.
type value struct {
	kind  kind
	text  string   // string contents, number literal, "true" or "false"
	keys  []string // object member names, in document order
	elems []*value // object member values (parallel to keys) or array elements
}

// member returns the value of an object member, or nil.
func (v *value) member(name string) *value {
	if v == nil || v.kind != kindObject {
		return nil
	}
	for i, k := range v.keys {
		if k == name {
			return v.elems[i]
		}
	}
	return nil
}

func (v *value) scalar() bool {
	return v == nil || v.kind <= kindString
}

// parseValue decodes one JSON document. Trailing data is an error.
func parseValue(raw []byte) (*value, error) {
	if v, ok := scanValue(raw); ok {
		return v, nil
	}
	return decodeJSONValue(raw)
}

// decodeJSONValue is parseValue through encoding/json, for what scanValue
// does not take: its errors are the messages users see.
func decodeJSONValue(raw []byte) (*value, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, fmt.Errorf("invalid JSON item: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("invalid JSON item: data after the value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (*value, error) {
	tok, err := dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &value{kind: kindNull}, nil
	case bool:
		return &value{kind: kindBool, text: strconv.FormatBool(t)}, nil
	case json.Number:
		return &value{kind: kindNumber, text: t.String()}, nil
	case string:
		return &value{kind: kindString, text: t}, nil
	case json.Delim:
		switch t {
		case '{':
			v := &value{kind: kindObject}
			for dec.More() {
				keyTok, err := dec.Token()
				if err != nil {
					return nil, err
				}
				elem, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				v.keys = append(v.keys, keyTok.(string))
				v.elems = append(v.elems, elem)
			}
			_, err := dec.Token() // '}'
			return v, err
		case '[':
			v := &value{kind: kindArray}
			for dec.More() {
				elem, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				v.elems = append(v.elems, elem)
			}
			_, err := dec.Token() // ']'
			return v, err
		}
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// appendCompactJSON appends v as compact JSON, keys in document order.
func appendCompactJSON(b []byte, v *value) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	switch v.kind {
	case kindNull:
		return append(b, "null"...)
	case kindBool, kindNumber:
		return append(b, v.text...)
	case kindString:
		return appendJSONString(b, v.text)
	case kindObject:
		b = append(b, '{')
		for i, k := range v.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			b = appendCompactJSON(b, v.elems[i])
		}
		return append(b, '}')
	default:
		b = append(b, '[')
		for i, e := range v.elems {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCompactJSON(b, e)
		}
		return append(b, ']')
	}
}

// appendJSONString appends s as a JSON string without HTML escaping, so
// "<" and "&" stay readable in cells.
func appendJSONString(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}
