package sdk

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
)

// ObjectEncoder writes a model's wire object in one pass, the mirror of
// ObjectDecoder: the generated MarshalJSON methods call one method per
// field, in the model's order, then Finish with the unknown members.
//
// A field is written when its value is not zero (a model built in code
// omits unset fields, as omitzero did) or when the decoded object had it
// (Presence): then a value still zero is written as it was read — null
// when it was null, else the zero value. Values are written byte for byte
// as encoding/json writes them.
//
//	e := sdk.NewObjectEncoder(m.presence)
//	e.Int64(0, "serverId", m.ServerID)
//	e.String(1, "name", m.Name)
//	return e.Finish(m.Extra, isServerField)
type ObjectEncoder struct {
	buf  []byte
	seen Presence
	err  error
}

// NewObjectEncoder starts an object whose decoded members were seen.
func NewObjectEncoder(seen Presence) ObjectEncoder {
	return ObjectEncoder{buf: append(make([]byte, 0, 512), '{'), seen: seen}
}

// member writes the name of field i if the field is to be written and
// reports whether its value must follow; a present field that was null
// and is still zero gets its null here.
func (e *ObjectEncoder) member(i int, name string, zero bool) bool {
	if zero && !e.seen.Has(i) {
		return false
	}
	if len(e.buf) > 1 {
		e.buf = append(e.buf, ',')
	}
	e.buf = appendString(e.buf, name)
	e.buf = append(e.buf, ':')
	if zero && e.seen.Null(i) {
		e.buf = append(e.buf, "null"...)
		return false
	}
	return true
}

// String writes a string field.
func (e *ObjectEncoder) String(i int, name, v string) {
	if e.member(i, name, v == "") {
		e.buf = appendString(e.buf, v)
	}
}

// StringPtr writes a nullable string field (nil is null).
func (e *ObjectEncoder) StringPtr(i int, name string, v *string) {
	if e.member(i, name, v == nil) {
		if v == nil {
			e.buf = append(e.buf, "null"...)
			return
		}
		e.buf = appendString(e.buf, *v)
	}
}

// Int64 writes an integer field.
func (e *ObjectEncoder) Int64(i int, name string, v int64) {
	if e.member(i, name, v == 0) {
		e.buf = strconv.AppendInt(e.buf, v, 10)
	}
}

// Int64Ptr writes a nullable integer field (nil is null).
func (e *ObjectEncoder) Int64Ptr(i int, name string, v *int64) {
	if e.member(i, name, v == nil) {
		if v == nil {
			e.buf = append(e.buf, "null"...)
			return
		}
		e.buf = strconv.AppendInt(e.buf, *v, 10)
	}
}

// Float64 writes a number field.
func (e *ObjectEncoder) Float64(i int, name string, v float64) {
	if e.member(i, name, v == 0) {
		e.appendFloat(v)
	}
}

// Float64Ptr writes a nullable number field (nil is null).
func (e *ObjectEncoder) Float64Ptr(i int, name string, v *float64) {
	if e.member(i, name, v == nil) {
		if v == nil {
			e.buf = append(e.buf, "null"...)
			return
		}
		e.appendFloat(*v)
	}
}

// Bool writes a boolean field.
func (e *ObjectEncoder) Bool(i int, name string, v bool) {
	if e.member(i, name, !v) {
		e.buf = strconv.AppendBool(e.buf, v)
	}
}

// BoolPtr writes a nullable boolean field (nil is null).
func (e *ObjectEncoder) BoolPtr(i int, name string, v *bool) {
	if e.member(i, name, v == nil) {
		if v == nil {
			e.buf = append(e.buf, "null"...)
			return
		}
		e.buf = strconv.AppendBool(e.buf, *v)
	}
}

// Strings writes a list of strings (nil is null, an empty list []).
func (e *ObjectEncoder) Strings(i int, name string, v []string) {
	if !e.member(i, name, v == nil) {
		return
	}
	if v == nil {
		e.buf = append(e.buf, "null"...)
		return
	}
	e.buf = append(e.buf, '[')
	for j, s := range v {
		if j > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = appendString(e.buf, s)
	}
	e.buf = append(e.buf, ']')
}

// Timestamp writes a timestamp field in the wire form (absent is null).
func (e *ObjectEncoder) Timestamp(i int, name string, v Timestamp) {
	if !e.member(i, name, v.IsZero()) {
		return
	}
	if v.IsZero() {
		e.buf = append(e.buf, "null"...)
		return
	}
	e.buf = append(e.buf, '"')
	e.buf = v.Time.UTC().AppendFormat(e.buf, TimestampLayout)
	e.buf = append(e.buf, '"')
}

// Value writes any other field through encoding/json; zero says whether v
// is its type's zero value (what omitzero would omit).
func (e *ObjectEncoder) Value(i int, name string, v any, zero bool) {
	if !e.member(i, name, zero) {
		return
	}
	b, err := json.Marshal(v)
	if err != nil && e.err == nil {
		e.err = err
	}
	e.buf = append(e.buf, b...)
}

// EncodeRef writes a reference field: {"<key>": id}, or the embedded
// object the answer carried (absent is null).
func EncodeRef[T Model](e *ObjectEncoder, i int, name string, r Ref[T]) {
	if !e.member(i, name, r.IsZero()) {
		return
	}
	var err error
	if e.buf, err = r.appendJSON(e.buf); err != nil && e.err == nil {
		e.err = err
	}
}

// Finish closes the object after the unknown members, in name order,
// leaving out any whose name is a field's (isField reports those), and
// returns it or the first error.
func (e *ObjectEncoder) Finish(extra Extra, isField func(name string) bool) ([]byte, error) {
	if e.err != nil {
		return nil, e.err
	}
	var names [16]string // most objects have few unknown members: no allocation
	keys := names[:0]
	for k := range extra {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if isField(k) {
			continue
		}
		if len(e.buf) > 1 {
			e.buf = append(e.buf, ',')
		}
		e.buf = appendString(e.buf, k)
		e.buf = append(e.buf, ':')
		if raw := extra[k]; len(raw) > 0 {
			e.buf = append(e.buf, raw...)
		} else {
			e.buf = append(e.buf, "null"...) // what json.RawMessage(nil) writes
		}
	}
	return append(e.buf, '}'), nil
}

// appendFloat writes f as encoding/json does; the plain decimal range is
// done here, exponents and the error for NaN and infinities by it.
func (e *ObjectEncoder) appendFloat(f float64) {
	if abs := math.Abs(f); abs == 0 || (abs >= 1e-6 && abs < 1e21) {
		e.buf = strconv.AppendFloat(e.buf, f, 'f', -1, 64)
		return
	}
	b, err := json.Marshal(f)
	if err != nil && e.err == nil {
		e.err = err
	}
	e.buf = append(e.buf, b...)
}

// appendString writes s quoted as encoding/json does: printable ASCII
// without quotes, backslashes or HTML's <, > and & as is, anything else
// through encoding/json (its escapes).
func appendString(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s) // a string always encodes
			return append(buf, b...)
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"')
}
