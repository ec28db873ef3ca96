package sdk

import (
	"encoding/json"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// ObjectDecoder walks the members of one JSON object in a single pass; the
// generated model decoders use it to fill typed fields by name and keep
// unknown members in Extra, with no reflection for scalar fields, string
// lists and references.
//
// It only ever takes the fast road: a member it cannot decode exactly as
// encoding/json would (a type mismatch, a number out of range, invalid
// JSON) makes Finish report false, and the caller then decodes the object
// again with DecodeObject, whose result and error are the reference.
//
//	d := sdk.NewObjectDecoder(b)
//	for d.Next() {
//		switch string(d.Key()) {
//		case "name":
//			d.String(&m.Name)
//			d.Seen(1) // the field's index in the model
//		default:
//			d.Unknown()
//		}
//	}
//	extra, ok := d.Finish()
//	seen := d.Presence()
type ObjectDecoder struct {
	jsonscan.ObjectScanner
	bad   bool
	key   []byte
	val   []byte
	extra Extra
	seen  Presence
}

// NewObjectDecoder starts decoding the JSON object b.
func NewObjectDecoder(b []byte) ObjectDecoder {
	return ObjectDecoder{ObjectScanner: jsonscan.NewObjectScanner(b)}
}

// Next advances to the next member, reporting false at the end of the
// object or on anything the decoder does not accept.
func (d *ObjectDecoder) Next() bool {
	if d.bad || !d.ObjectScanner.Next() {
		return false
	}
	d.key, d.val = d.ObjectScanner.Key(), d.ObjectScanner.Value()
	return true
}

// Key is the current member's name (valid until the next call to Next).
func (d *ObjectDecoder) Key() []byte { return d.key }

// Value is the current member's raw JSON value.
func (d *ObjectDecoder) Value() []byte { return d.val }

// Finish reports the unknown members (nil if none) and whether the whole
// object was decoded; false means: decode it with DecodeObject instead.
func (d *ObjectDecoder) Finish() (Extra, bool) {
	if d.bad || !d.ObjectScanner.Done() {
		return nil, false
	}
	return d.extra, true
}

// Seen records that the current member filled field i (and whether it was
// null), for Presence.
func (d *ObjectDecoder) Seen(i int) { d.seen.Mark(i, d.isNull()) }

// Presence is the fields Seen so far.
func (d *ObjectDecoder) Presence() Presence { return d.seen }

// Fail gives up on the fast path (e.g. for a member the caller cannot decode).
func (d *ObjectDecoder) Fail() { d.bad = true }

func (d *ObjectDecoder) isNull() bool { return len(d.val) == 4 && string(d.val) == "null" }

// Unknown keeps the current member in Extra.
func (d *ObjectDecoder) Unknown() {
	if d.extra == nil {
		d.extra = Extra{}
	}
	d.extra[string(d.key)] = append(json.RawMessage(nil), d.val...)
}

// UnknownUnless keeps the current member in Extra unless its name matches
// a field's name other than exactly: encoding/json fills a field from a
// member whose name equals it up to case (bytes.EqualFold), so such a
// member sends the object to the reference decoder. foldsKnown is given
// the name case-folded (ASCII letters upper-cased, other runes to the
// smallest rune of their fold set) and reports whether a field has it.
func (d *ObjectDecoder) UnknownUnless(foldsKnown func(folded string) bool) {
	var buf [64]byte
	if foldsKnown(string(foldKey(buf[:0], d.key))) {
		d.bad = true
		return
	}
	d.Unknown()
}

func foldKey(out, key []byte) []byte {
	for i := 0; i < len(key); {
		c := key[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(key[i:])
		for {
			next := unicode.SimpleFold(r)
			if next <= r {
				r = next
				break
			}
			r = next
		}
		out = utf8.AppendRune(out, r)
		i += n
	}
	return out
}

// String decodes a string member; null leaves *p unchanged.
func (d *ObjectDecoder) String(p *string) {
	switch {
	case d.val[0] == '"':
		s, ok := jsonscan.Unquote(d.val)
		if !ok {
			d.bad = true
			return
		}
		*p = s
	case !d.isNull():
		d.bad = true
	}
}

// StringPtr decodes a nullable string member (null is nil).
func (d *ObjectDecoder) StringPtr(p **string) { nullable(d, p, d.String) }

// nullable decodes a nullable member through decode: null is nil, and
// anything else is decoded into *p, allocated when nil.
func nullable[T any](d *ObjectDecoder, p **T, decode func(*T)) {
	if d.isNull() {
		*p = nil
		return
	}
	if *p == nil {
		*p = new(T)
	}
	decode(*p)
}

// Int64 decodes an integer member; null leaves *p unchanged.
func (d *ObjectDecoder) Int64(p *int64) {
	if d.isNull() {
		return
	}
	if c := d.val[0]; c != '-' && (c < '0' || c > '9') {
		d.bad = true
		return
	}
	n, ok := parseInt(d.val)
	if !ok {
		d.bad = true
		return
	}
	*p = n
}

// parseInt reads a JSON integer literal that fits an int64 without
// allocating (strconv's error path does).
func parseInt(orig []byte) (int64, bool) {
	b := orig
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 { // longer ones may overflow: let strconv decide
		n, err := strconv.ParseInt(string(orig), 10, 64)
		return n, err == nil
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// Int64Ptr decodes a nullable integer member.
func (d *ObjectDecoder) Int64Ptr(p **int64) { nullable(d, p, d.Int64) }

// Float64 decodes a number member; null leaves *p unchanged.
func (d *ObjectDecoder) Float64(p *float64) {
	if d.isNull() {
		return
	}
	if c := d.val[0]; c != '-' && (c < '0' || c > '9') {
		d.bad = true
		return
	}
	f, err := strconv.ParseFloat(string(d.val), 64)
	if err != nil {
		d.bad = true
		return
	}
	*p = f
}

// Float64Ptr decodes a nullable number member.
func (d *ObjectDecoder) Float64Ptr(p **float64) { nullable(d, p, d.Float64) }

// Bool decodes a boolean member; null leaves *p unchanged.
func (d *ObjectDecoder) Bool(p *bool) {
	switch string(d.val) {
	case "true":
		*p = true
	case "false":
		*p = false
	case "null":
	default:
		d.bad = true
	}
}

// BoolPtr decodes a nullable boolean member.
func (d *ObjectDecoder) BoolPtr(p **bool) { nullable(d, p, d.Bool) }

// Strings decodes an array of strings (null is nil).
func (d *ObjectDecoder) Strings(p *[]string) {
	switch d.val[0] {
	case 'n':
		*p = nil
		return
	case '[':
	default:
		d.bad = true
		return
	}
	s := (*p)[:0]
	ok := jsonscan.Elements(d.val, func(e []byte) bool {
		if e[0] != '"' {
			return false // null keeps an old element in encoding/json: leave it to it
		}
		v, ok := jsonscan.Unquote(e)
		s = append(s, v)
		return ok
	})
	if !ok {
		d.bad = true
		return
	}
	if len(s) == 0 {
		s = []string{}
	}
	*p = s
}

// Unmarshaler hands the member to u's UnmarshalJSON, as encoding/json
// would (null included).
func (d *ObjectDecoder) Unmarshaler(u json.Unmarshaler) {
	if err := u.UnmarshalJSON(d.val); err != nil {
		d.bad = true
	}
}

// Any decodes a free-form member into p, a pointer to a field of type
// map[string]any, []any or any (decoded here as encoding/json would) or of
// any other type (decoded by encoding/json).
func (d *ObjectDecoder) Any(p any) {
	c := d.val[0]
	switch t := p.(type) {
	case *map[string]any:
		if *t == nil && (c == '{' || c == 'n') {
			v, ok := decodeAny(d.val)
			if !ok {
				d.bad = true
			} else if v != nil {
				*t = v.(map[string]any)
			}
			return
		}
	case *[]any:
		if *t == nil && (c == '[' || c == 'n') {
			v, ok := decodeAny(d.val)
			if !ok {
				d.bad = true
			} else if v != nil {
				*t = v.([]any)
			}
			return
		}
	case *any:
		if *t == nil {
			v, ok := decodeAny(d.val)
			if !ok {
				d.bad = true
			} else {
				*t = v
			}
			return
		}
	}
	if err := json.Unmarshal(d.val, p); err != nil {
		d.bad = true
	}
}

// decodeAny is what encoding/json stores in an interface{} for the valid
// JSON value v: map[string]any, []any, string, float64, bool or nil.
func decodeAny(v []byte) (any, bool) {
	switch v[0] {
	case '"':
		return jsonscan.Unquote(v)
	case 'n':
		return nil, true
	case 't':
		return true, true
	case 'f':
		return false, true
	case '{':
		m := map[string]any{}
		d := NewObjectDecoder(v)
		for d.Next() {
			val, ok := decodeAny(d.val)
			if !ok {
				return nil, false
			}
			m[string(d.key)] = val
		}
		_, ok := d.Finish()
		return m, ok
	case '[':
		list := []any{}
		ok := jsonscan.Elements(v, func(e []byte) bool {
			val, ok := decodeAny(e)
			list = append(list, val)
			return ok
		})
		return list, ok
	}
	f, err := strconv.ParseFloat(string(v), 64)
	return f, err == nil
}

// DecodeList decodes an array member whose elements unmarshal themselves
// (references, timestamps) into *p (null is nil), reusing its storage as
// encoding/json does.
func DecodeList[E any, PE interface {
	*E
	json.Unmarshaler
}](d *ObjectDecoder, p *[]E) {
	switch d.val[0] {
	case 'n':
		*p = nil
		return
	case '[':
	default:
		d.bad = true
		return
	}
	s := (*p)[:0]
	ok := jsonscan.Elements(d.val, func(e []byte) bool {
		if len(s) < cap(s) {
			s = s[:len(s)+1]
		} else {
			var zero E
			s = append(s, zero)
		}
		return PE(&s[len(s)-1]).UnmarshalJSON(e) == nil
	})
	if !ok {
		d.bad = true
		return
	}
	if len(s) == 0 {
		s = []E{}
	}
	*p = s
}
