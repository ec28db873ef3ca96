package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"hash/crc32"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// Canonical wire form. A record's Data is canonical when it is, byte for
// byte, what the HTTP layer renders for the record at basic detail in JSON:
// keys in catalogue order (the key first, then the resource's fields, then
// unknown keys sorted; nested references by their resource's order, other
// objects sorted), compact, strings without HTML escaping, no secret at any
// depth. save writes Data in that form and records it in Internal with a
// marker: a checksum of Data seeded with a fingerprint of the catalogue's
// orders. A read that finds the marker intact copies Data into the answer
// verbatim; a record without it (seeded, or written before the marker
// existed, or by a build with another catalogue) takes the slow path.

// canonKey is the marker's key; it is always the first key of Internal, so
// a read checks it with a prefix comparison instead of a decode.
const canonKey = "_wire"

var (
	canonPrefix = []byte(`{"` + canonKey + `":`)
	castagnoli  = crc32.MakeTable(crc32.Castagnoli)
)

// catalogFingerprint sums everything key order depends on, so a marker
// written under another catalogue never passes.
func catalogFingerprint(cat *catalog.Catalog) uint32 {
	if cat == nil {
		return 0
	}
	h := crc32.New(castagnoli)
	for _, r := range cat.Resources {
		h.Write([]byte(r.Name + "\x00" + r.Key + "\x00"))
		for _, f := range r.Fields {
			h.Write([]byte(f.Name + "\x01" + f.Ref + "\x01" + f.RefKey + "\x02"))
		}
		h.Write([]byte{'\n'})
	}
	return h.Sum32()
}

// canonSum is the marker value of canonical data.
func (e *Engine) canonSum(data []byte) uint32 { return crc32.Update(e.fp, castagnoli, data) }

// canonicalData reports whether rec's Data carries an intact marker.
func (e *Engine) canonicalData(data, internal []byte) bool {
	if !bytes.HasPrefix(internal, canonPrefix) {
		return false
	}
	rest := internal[len(canonPrefix):]
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	if n == 0 || n > 10 || n == len(rest) || (rest[n] != ',' && rest[n] != '}') {
		return false
	}
	v, err := strconv.ParseUint(string(rest[:n]), 10, 32)
	return err == nil && uint32(v) == e.canonSum(data)
}

// withMarker returns internal (a JSON object or empty) with the marker of
// data as its first key.
func (e *Engine) withMarker(data, internal []byte) []byte {
	out := make([]byte, 0, len(canonPrefix)+12+len(internal))
	out = append(out, canonPrefix...)
	out = strconv.AppendUint(out, uint64(e.canonSum(data)), 10)
	body := bytes.TrimSpace(internal)
	if len(body) < 2 || string(body) == "{}" || string(body) == "null" {
		return append(out, '}')
	}
	out = append(out, ',')
	return append(out, body[1:]...)
}

// wireShape is what orders one object: its resource (nil: none) and the
// key rendered first ("" = none), like the HTTP layer's shape.
type wireShape struct {
	res *catalog.Resource
	key string
}

func (e *Engine) resourceShape(res *catalog.Resource) wireShape {
	s := wireShape{res: res}
	if res != nil {
		s.key = res.Key
	}
	return s
}

func (e *Engine) child(s wireShape, name string) wireShape {
	if s.res == nil {
		return wireShape{}
	}
	f, ok := s.res.Field(name)
	if !ok {
		return wireShape{}
	}
	out := wireShape{key: f.RefKey}
	if f.Ref != "" && e.cat != nil {
		if r, ok := e.cat.Resource(f.Ref); ok {
			out.res = r
			if out.key == "" {
				out.key = r.Key
			}
		}
	}
	return out
}

// orderedKeys is the HTTP layer's key order: the shape's key, the
// resource's fields, then the rest sorted.
func orderedKeys(s wireShape, m map[string]any) []string {
	keys := make([]string, 0, len(m))
	seen := make(map[string]bool, len(m))
	if s.key != "" {
		if _, ok := m[s.key]; ok {
			seen[s.key] = true
			keys = append(keys, s.key)
		}
	}
	if s.res != nil {
		for _, f := range s.res.Fields {
			if _, ok := m[f.Name]; ok && !seen[f.Name] {
				seen[f.Name] = true
				keys = append(keys, f.Name)
			}
		}
	}
	rest := make([]string, 0, len(m)-len(keys))
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(keys, rest...)
}

// appendWire appends v in canonical form. It reports false for what the
// canonical form cannot hold faithfully: a secret key, a number the HTTP
// layer would turn into a string, or a Go type other than the decoded ones
// (nil, bool, string, json.Number, map[string]any, []any).
func (e *Engine) appendWire(buf []byte, v any, s wireShape) ([]byte, bool) {
	switch x := v.(type) {
	case nil:
		return append(buf, "null"...), true
	case bool:
		return strconv.AppendBool(buf, x), true
	case string:
		if !utf8.ValidString(x) {
			return buf, false // a round trip would turn it into U+FFFD
		}
		return appendJSONString(buf, x), true
	case json.Number:
		if _, err := strconv.ParseFloat(string(x), 64); err != nil {
			return buf, false
		}
		return append(buf, x...), true
	case map[string]any:
		buf = append(buf, '{')
		for i, k := range orderedKeys(s, x) {
			if isSecret(k) {
				return buf, false
			}
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendJSONString(buf, k)
			buf = append(buf, ':')
			var ok bool
			if buf, ok = e.appendWire(buf, x[k], e.child(s, k)); !ok {
				return buf, false
			}
		}
		return append(buf, '}'), true
	case []any:
		buf = append(buf, '[')
		for i, el := range x {
			if i > 0 {
				buf = append(buf, ',')
			}
			var ok bool
			if buf, ok = e.appendWire(buf, el, s); !ok {
				return buf, false
			}
		}
		return append(buf, ']'), true
	}
	return buf, false
}

// appendJSONString writes s as the HTTP layer does (encoding/json without
// HTML escaping); printable ASCII without quotes or backslashes is copied.
func appendJSONString(buf []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
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

// canonicalize encodes data (already free of secrets) in canonical form.
// Values of other Go types are normalised through encoding/json first, as
// a store round trip would. ok is false when data has no canonical form;
// save then stores json.Marshal's bytes without a marker.
func (e *Engine) canonicalize(kind string, data map[string]any) ([]byte, bool) {
	if e.cat == nil {
		return nil, false
	}
	res, _ := e.cat.Resource(kind)
	s := e.resourceShape(res)
	if b, ok := e.appendWire(make([]byte, 0, 1024), data, s); ok {
		return b, true
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, false
	}
	norm, err := decodeObject(raw)
	if err != nil || norm == nil {
		return nil, false
	}
	return e.appendWire(make([]byte, 0, len(raw)), norm, s)
}

// Canonicalize re-saves the customer's records of kind (customer 0: the
// global ones) that are not in canonical form, so that reads of them take
// the fast path; what a read answers does not change (secrets a record
// still held in Data move to Internal, as on every save). It returns how
// many records it rewrote. Records are left as they are otherwise: this is
// the migration of state written before canonical storage.
func (e *Engine) Canonicalize(ctx context.Context, tx store.Tx, customer int64, kind string) (int, error) {
	var stale []store.Record
	err := tx.Scan(ctx, store.Filter{Customer: customer, Kind: kind}, func(rec store.Record) bool {
		if rec.Customer == customer && !e.canonicalData(rec.Data, rec.Internal) {
			stale = append(stale, rec)
		}
		return true
	})
	if err != nil {
		return 0, err
	}
	for _, rec := range stale {
		it, err := decodeRecord(rec)
		if err != nil {
			return 0, err
		}
		if err := e.save(ctx, tx, it); err != nil {
			return 0, err
		}
	}
	return len(stale), nil
}
