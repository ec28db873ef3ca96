package py2

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
)

// Int is a Python int or long, as its decimal text.
type Int string

// IsLong reports whether the number is a Python 2 long: it does not fit a
// 64-bit C long, so repr() adds an L.
func (i Int) IsLong() bool {
	n, ok := new(big.Int).SetString(string(i), 10)
	return !ok || !n.IsInt64()
}

// Dict is a Python dict: its keys in CPython 2.7's iteration order.
type Dict struct {
	t    *table
	vals map[string]any
}

// NewDict is an empty dict.
func NewDict() *Dict { return &Dict{t: newTable(), vals: map[string]any{}} }

// Set is d[key] = v: a new key takes its slot (and may resize the table);
// an existing key keeps its place.
func (d *Dict) Set(key string, v any) {
	d.t.add(key)
	d.vals[key] = v
}

// Get is d.get(key) and whether the key is there.
func (d *Dict) Get(key string) (any, bool) {
	v, ok := d.vals[key]
	return v, ok
}

// Len is len(d).
func (d *Dict) Len() int { return d.t.used }

// Keys are the keys in iteration order (d.keys()).
func (d *Dict) Keys() []string { return d.t.keys() }

// Copy is dict(d) (PyDict_Copy): the same items, in the order a copy
// iterates them, which can differ from d's.
func (d *Dict) Copy() *Dict {
	c := &Dict{t: d.t.copyTable(), vals: make(map[string]any, len(d.vals))}
	for k, v := range d.vals {
		c.vals[k] = v
	}
	return c
}

// DictOf builds a dict by setting the pairs in order, as a dict display
// or a series of assignments does (key, value, key, value, …).
func DictOf(pairs ...any) *Dict {
	d := NewDict()
	for i := 0; i+1 < len(pairs); i += 2 {
		d.Set(pairs[i].(string), pairs[i+1])
	}
	return d
}

// Decode reads one JSON value as Python 2.7's json module did: objects
// become dicts filled in document order (a repeated key keeps its first
// place and its last value), integers Int, other numbers float64, strings
// unicode.
func Decode(data []byte) (any, error) { return DecodeSkipping(data, nil) }

// DecodeSkipping is Decode leaving out, at every depth, the object members
// whose key skip reports (nil skips none): the dict is as if the server
// had not sent them.
func DecodeSkipping(data []byte, skip func(key string) bool) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec, skip)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("py2: trailing data after the JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder, skip func(string) bool) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			d := NewDict()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeValue(dec, skip)
				if err != nil {
					return nil, err
				}
				if key := kt.(string); skip == nil || !skip(key) {
					d.Set(key, v)
				}
			}
			_, err := dec.Token() // '}'
			return d, err
		case '[':
			list := []any{}
			for dec.More() {
				v, err := decodeValue(dec, skip)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			_, err := dec.Token() // ']'
			return list, err
		}
		return nil, fmt.Errorf("py2: unexpected %v", t)
	case json.Number:
		return number(string(t))
	default:
		return t, nil // string, bool, nil
	}
}

// number is int(s) for an integer literal and float(s) otherwise.
func number(s string) (any, error) {
	if !strings.ContainsAny(s, ".eE") {
		n, ok := new(big.Int).SetString(s, 10)
		if !ok {
			return nil, fmt.Errorf("py2: bad integer %q", s)
		}
		return Int(n.String()), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return nil, err
	}
	return f, nil // float('1e999') is inf, as strconv says too
}
