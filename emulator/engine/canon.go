package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine/codec"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// Canonical wire form. A record's Data is canonical when it is, byte for
// byte, what the HTTP layer renders for the record at basic detail in JSON
// (both write with codec: keys in catalogue order, compact, strings without
// HTML escaping) and holds no secret at any depth. save writes Data in that
// form and records it in Internal with a marker: a checksum of Data seeded
// with a fingerprint of the catalogue's orders and secrets. A read that
// finds the marker intact copies Data into the answer verbatim; a record
// without it (seeded, or written before the marker existed, or by a build
// with another catalogue) takes the slow path.

// canonKey is the marker's key; it is always the first key of Internal, so
// a read checks it with a prefix comparison instead of a decode.
const canonKey = "_wire"

var canonPrefix = []byte(`{"` + canonKey + `":`)

// catalogFingerprint sums everything key order and secrets depend on, so
// a marker written under another catalogue never passes (a field marked
// secret since must not be answered from Data written before). It runs at
// every engine's construction, so at every `mixcoatl --local` command: the
// bytes are appended to one buffer per resource and summed with crc (the
// markers' checksum), without a string or slice per field. The byte stream is
// the one markers on disk were written under; changing it would only send
// every stored record down the slow path until rewritten.
func catalogFingerprint(cat *catalog.Catalog, crc *checksum) uint32 {
	if cat == nil {
		return 0
	}
	var sum uint32
	buf := make([]byte, 0, 4096)
	secret := func(buf []byte, fields []*catalog.Field) []byte {
		for _, f := range fields {
			if f.Secret {
				buf = append(append(buf, f.Name...), 3)
			}
		}
		return buf
	}
	for _, r := range cat.Resources {
		buf = append(append(append(append(buf[:0], r.Name...), 0), r.Key...), 0)
		for _, f := range r.Fields {
			buf = append(append(buf, f.Name...), 1)
			buf = append(append(buf, f.Ref...), 1)
			buf = append(append(buf, f.RefKey...), 2)
		}
		buf = secret(buf, r.Fields)
		for _, op := range r.Ops {
			buf = secret(buf, op.Fields)
		}
		sum = crc.update(sum, append(buf, '\n'))
	}
	return sum
}

// canonSum is the marker value of canonical data.
func (e *Engine) canonSum(data []byte) uint32 { return e.crc.update(e.fp, data) }

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

// canonicalize encodes data (already free of secrets) in canonical form
// (codec.AppendCanonical). The integers and lists of objects the engine
// builds (ids, references) are written as a store round trip gives them
// back, without building that (codec.AppendCanonicalGo); anything else
// (a float) is normalised through encoding/json first. ok is false when
// data has no canonical form; save then stores json.Marshal's bytes
// without a marker.
func (e *Engine) canonicalize(kind string, data map[string]any) ([]byte, bool) {
	if e.cat == nil {
		return nil, false
	}
	res, _ := e.cat.Resource(kind)
	s := codec.Of(e.cat, res)
	if b, ok := codec.AppendCanonicalGo(make([]byte, 0, 1024), data, s); ok {
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
	return codec.AppendCanonical(make([]byte, 0, len(raw)), norm, s)
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
