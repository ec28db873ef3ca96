package codec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// encoding/json sorts map keys alphabetically, which would put serverId in
// the middle of a server, so the emulator writes the values it builds
// itself, in Shape order.

// AppendJSON appends v compactly, objects' keys in shape order, strings
// without HTML escaping. It writes what the engine builds and decodes: nil,
// bool, string, json.Number (one that is not a number as a string), int,
// int64, map[string]any, []any, []map[string]any; anything else as
// encoding/json writes it.
func AppendJSON(buf []byte, v any, s Shape) ([]byte, error) {
	return appendValue(buf, v, s, modeJSON)
}

// AppendCanonical appends v in canonical form, what AppendJSON writes for
// it, and reports whether that form holds v faithfully: decoding it and
// writing it again gives the same bytes. It does not for a string that is
// not valid UTF-8, a json.Number that is not a number, or a Go type other
// than the decoded ones (nil, bool, string, json.Number, map[string]any,
// []any). Secrets are the caller's to leave out: the engine strips them,
// by its catalogue, before it saves.
func AppendCanonical(buf []byte, v any, s Shape) ([]byte, bool) {
	out, err := appendValue(buf, v, s, modeCanonical)
	return out, err == nil
}

// AppendCanonicalGo is AppendCanonical that also takes the Go types the
// engine builds records of (int, int64, []map[string]any): it writes what
// AppendCanonical writes for the values decoding them gives back (an
// integer's digits as a json.Number, a list of objects as []any), the same
// bytes, without building those values. Other types (a float, whose JSON
// spelling is encoding/json's) have no canonical form here.
func AppendCanonicalGo(buf []byte, v any, s Shape) ([]byte, bool) {
	out, err := appendValue(buf, v, s, modeCanonicalGo)
	return out, err == nil
}

// mode is what appendValue accepts.
type mode uint8

const (
	modeJSON        mode = iota // anything, as AppendJSON
	modeCanonical               // the decoded types only, as AppendCanonical
	modeCanonicalGo             // those and the engine's own, as AppendCanonicalGo
)

// errNotCanonical stops a canonical encoding.
var errNotCanonical = errors.New("codec: no canonical form")

func appendValue(buf []byte, v any, s Shape, m mode) ([]byte, error) {
	canonical := m != modeJSON
	switch x := v.(type) {
	case nil:
		return append(buf, "null"...), nil
	case bool:
		return strconv.AppendBool(buf, x), nil
	case string:
		if canonical && !utf8.ValidString(x) {
			return buf, errNotCanonical // a round trip would turn it into U+FFFD
		}
		return AppendString(buf, x), nil
	case json.Number:
		if _, err := strconv.ParseFloat(string(x), 64); err != nil {
			if canonical {
				return buf, errNotCanonical
			}
			return AppendString(buf, string(x)), nil // never emit an invalid number
		}
		return append(buf, x...), nil
	case map[string]any:
		return appendObject(buf, x, s, m)
	case []any:
		return appendArray(buf, len(x), func(i int) any { return x[i] }, s, m)
	}
	if m == modeCanonical {
		return buf, errNotCanonical
	}
	switch x := v.(type) {
	case int:
		return strconv.AppendInt(buf, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(buf, x, 10), nil
	case []map[string]any:
		return appendArray(buf, len(x), func(i int) any { return x[i] }, s, m)
	}
	if canonical {
		return buf, errNotCanonical
	}
	b, err := json.Marshal(v)
	if err != nil {
		return buf, fmt.Errorf("encode %T: %w", v, err)
	}
	return append(buf, b...), nil
}

func appendObject(buf []byte, obj map[string]any, s Shape, m mode) ([]byte, error) {
	buf = append(buf, '{')
	for i, k := range s.OrderedKeys(obj) {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = AppendString(buf, k)
		buf = append(buf, ':')
		var err error
		if buf, err = appendValue(buf, obj[k], s.Child(k), m); err != nil {
			return buf, err
		}
	}
	return append(buf, '}'), nil
}

// appendArray writes n elements, each an object of shape s when it is one.
func appendArray(buf []byte, n int, at func(int) any, s Shape, m mode) ([]byte, error) {
	buf = append(buf, '[')
	for i := range n {
		if i > 0 {
			buf = append(buf, ',')
		}
		var err error
		if buf, err = appendValue(buf, at(i), s, m); err != nil {
			return buf, err
		}
	}
	return append(buf, ']'), nil
}

// AppendString appends s as a JSON string, as encoding/json writes it
// without HTML escaping; printable ASCII without quotes or backslashes is
// copied as is.
func AppendString(buf []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' {
			plain = false
			break
		}
	}
	if plain {
		buf = append(buf, '"')
		buf = append(buf, s...)
		return append(buf, '"')
	}
	var tmp bytes.Buffer
	enc := json.NewEncoder(&tmp)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return append(buf, bytes.TrimSuffix(tmp.Bytes(), []byte{'\n'})...)
}
