package engine

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// item is a loaded record: its decoded wire form and private state.
type item struct {
	rec      store.Record
	data     map[string]any
	internal map[string]any
}

// load fetches a record visible to the customer (own or global). It reports
// false when there is none; other errors are store failures.
func load(ctx context.Context, tx store.Tx, customer int64, kind, id string) (*item, bool, error) {
	rec, ok, err := loadRecord(ctx, tx, customer, kind, id)
	if err != nil || !ok {
		return nil, false, err
	}
	it, err := decodeRecord(rec)
	if err != nil {
		return nil, false, err
	}
	return it, true, nil
}

func decodeRecord(rec store.Record) (*item, error) {
	data, err := decodeObject(rec.Data)
	if err != nil {
		return nil, err
	}
	internal, err := decodeObject(rec.Internal)
	if err != nil {
		return nil, err
	}
	delete(internal, canonKey) // save sets it afresh
	return &item{rec: rec, data: data, internal: internal}, nil
}

// recordFields decodes only the named top-level fields of rec's Data, by
// the canonical short cut when its marker is intact: for matching a
// record, where decoding all of it would cost many times more.
func (e *Engine) recordFields(rec store.Record, names ...string) (map[string]any, error) {
	if e.canonicalData(rec.Data, rec.Internal) {
		return decodeCanonicalFields(rec.Data, names)
	}
	return decodeFields(rec.Data, names)
}

// save writes the item back (same customer, kind and id).
// Secrets in the data (a user's password, an account's cloud API secret)
// are moved to Internal first, so no read can ever return them. Data is
// stored in canonical wire form with its marker in Internal (canon.go)
// whenever it has one.
func (e *Engine) save(ctx context.Context, tx store.Tx, it *item) error {
	if err := e.encode(it); err != nil {
		return err
	}
	return tx.Put(ctx, it.rec)
}

// CanonicalRecord returns rec as the engine stores a record it writes
// (save): secrets moved out of Data, Data in canonical wire form with its
// marker (canon.go). Seeding stores records this way, so that reads of
// seeded records take the fast paths from the start; what they answer is
// the same either way.
func (e *Engine) CanonicalRecord(rec store.Record) (store.Record, error) {
	it, err := decodeRecord(rec)
	if err != nil {
		return store.Record{}, err
	}
	if err := e.encode(it); err != nil {
		return store.Record{}, err
	}
	return it.rec, nil
}

// encode sets the item's record bytes from its data and internal state.
func (e *Engine) encode(it *item) error {
	secrets := map[string]any{}
	if e.holdsSecret(it.data) { // else there is nothing to strip: spare the copy
		it.data, _ = e.stripSecrets(it.data, "", secrets).(map[string]any)
	}
	if len(secrets) > 0 {
		kept, _ := it.internal["secrets"].(map[string]any)
		if kept == nil {
			kept = map[string]any{}
		}
		for k, v := range secrets {
			kept[k] = v
		}
		it.internal["secrets"] = kept
	}
	delete(it.internal, canonKey)
	data, canonical := e.canonicalize(it.rec.Kind, it.data)
	if !canonical {
		var err error
		if data, err = json.Marshal(it.data); err != nil {
			return err
		}
	}
	it.rec.Data = data
	it.rec.Internal = nil
	if len(it.internal) > 0 {
		var err error
		if it.rec.Internal, err = json.Marshal(it.internal); err != nil {
			return err
		}
	}
	if canonical {
		it.rec.Internal = e.withMarker(data, it.rec.Internal)
	}
	return nil
}

// newItem starts a record owned by the customer.
func newItem(customer int64, kind, id string) *item {
	return &item{
		rec:      store.Record{Customer: customer, Kind: kind, ID: id},
		data:     map[string]any{},
		internal: map[string]any{},
	}
}

// checkID validates an id from the URL against the resource's key type.
func checkID(res *catalog.Resource, id string) *Error {
	if res.KeyType == catalog.TypeInt {
		if _, err := strconv.ParseInt(id, 10, 64); err != nil {
			return Errorf(http.StatusBadRequest, "invalid %s ID %q: want an integer", res.Name, id)
		}
	}
	if id == "" {
		return Errorf(http.StatusBadRequest, "missing %s ID", res.Name)
	}
	return nil
}

// mustLoad loads the target of an item operation: 400 for a malformed id,
// 404 when it does not exist for the customer.
func mustLoad(ctx context.Context, tx store.Tx, customer int64, res *catalog.Resource, id string) (*item, error) {
	if e := checkID(res, id); e != nil {
		return nil, e
	}
	if res.KeyType == catalog.TypeInt {
		n, _ := strconv.ParseInt(id, 10, 64)
		id = strconv.FormatInt(n, 10) // "007" and "7" are the same server
	}
	it, ok, err := load(ctx, tx, customer, res.Name, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound(res.Name, id)
	}
	return it, nil
}

// stripSecrets removes secret keys (those the engine's catalogue marks, or
// any wire.IsSecret names, see wire.Secrets) at any depth and returns the
// secrets it removed from the top level and nested objects (by dotted
// path), so the engine can keep them in Internal.
func (e *Engine) stripSecrets(v any, path string, out map[string]any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if e.secrets.IsSecret(k) {
				if out != nil {
					out[p] = x
				}
				continue
			}
			m[k] = e.stripSecrets(x, p, out)
		}
		return m
	case []any:
		s := make([]any, len(t))
		for i, x := range t {
			s[i] = e.stripSecrets(x, path, out)
		}
		return s
	}
	return v
}

// holdsSecret reports whether stripSecrets would remove anything from v:
// it looks where stripSecrets looks, without copying.
func (e *Engine) holdsSecret(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if e.secrets.IsSecret(k) || e.holdsSecret(x) {
				return true
			}
		}
	case []any:
		for _, x := range t {
			if e.holdsSecret(x) {
				return true
			}
		}
	}
	return false
}

// public returns a copy of data without secrets: the form every read returns.
func (e *Engine) public(data map[string]any) map[string]any {
	m, _ := e.stripSecrets(data, "", nil).(map[string]any)
	return m
}

// statusOf returns the record's status (or ApiKey state), upper-cased.
func statusOf(data map[string]any) string {
	if s, ok := data["status"].(string); ok {
		return strings.ToUpper(s)
	}
	if s, ok := data["state"].(string); ok {
		return strings.ToUpper(s)
	}
	return ""
}
