// Package jsontree is a decoded JSON document that keeps what
// map[string]any loses, the order of object members and the exact text of
// numbers, with a one-pass parser (Parse) and writers for compact JSON and
// YAML. The CLI's output views, the SDK's YAML and `mixcoatl openapi -o
// yaml` share it, so the binary needs no YAML library.
package jsontree

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Kind is the JSON type of a Value.
type Kind uint8

const (
	Null Kind = iota
	Bool
	Number
	String
	Object
	Array
)

// Value is a decoded JSON Value that keeps what map[string]any loses: the
// order of object members and the exact text of numbers.
type Value struct {
	Kind  Kind
	Text  string   // string contents, number literal, "true" or "false"
	Keys  []string // object member names, in document order
	Elems []*Value // object member values (parallel to keys) or array elements
}

// member returns the Value of an object member, or nil.
func (v *Value) Member(name string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	for i, k := range v.Keys {
		if k == name {
			return v.Elems[i]
		}
	}
	return nil
}

func (v *Value) Scalar() bool {
	return v == nil || v.Kind <= String
}

// Parse decodes one JSON document. Trailing data is an error.
func Parse(raw []byte) (*Value, error) {
	if v, ok := scanValue(raw); ok {
		return v, nil
	}
	return decodeJSONValue(raw)
}

// decodeJSONValue is Parse through encoding/json, for what scanValue
// does not take: its errors are the messages users see.
func decodeJSONValue(raw []byte) (*Value, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, fmt.Errorf("invalid JSON item: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("invalid JSON item: data after the Value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (*Value, error) {
	tok, err := dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &Value{Kind: Null}, nil
	case bool:
		return &Value{Kind: Bool, Text: strconv.FormatBool(t)}, nil
	case json.Number:
		return &Value{Kind: Number, Text: t.String()}, nil
	case string:
		return &Value{Kind: String, Text: t}, nil
	case json.Delim:
		switch t {
		case '{':
			v := &Value{Kind: Object}
			for dec.More() {
				keyTok, err := dec.Token()
				if err != nil {
					return nil, err
				}
				elem, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				v.Keys = append(v.Keys, keyTok.(string))
				v.Elems = append(v.Elems, elem)
			}
			_, err := dec.Token() // '}'
			return v, err
		case '[':
			v := &Value{Kind: Array}
			for dec.More() {
				elem, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				v.Elems = append(v.Elems, elem)
			}
			_, err := dec.Token() // ']'
			return v, err
		}
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// AppendCompactJSON appends v as compact JSON, keys in document order.
func AppendCompactJSON(b []byte, v *Value) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	switch v.Kind {
	case Null:
		return append(b, "null"...)
	case Bool, Number:
		return append(b, v.Text...)
	case String:
		return AppendJSONString(b, v.Text)
	case Object:
		b = append(b, '{')
		for i, k := range v.Keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendJSONString(b, k)
			b = append(b, ':')
			b = AppendCompactJSON(b, v.Elems[i])
		}
		return append(b, '}')
	default:
		b = append(b, '[')
		for i, e := range v.Elems {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendCompactJSON(b, e)
		}
		return append(b, ']')
	}
}

// AppendJSONString appends s as a JSON string without HTML escaping, so
// "<" and "&" stay readable in cells.
func AppendJSONString(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}
