package seed

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// LoadedMetaKey is the store meta key Load writes; its presence means the
// store has been seeded.
const LoadedMetaKey = "seed.loaded"

// Load writes the seed into st in one transaction: every record (global ones
// with Customer 0; a flat resource under id FlatID; through the
// transaction's PutAll when it is a BulkPutter), each customer's API key
// (engine.PutKey, active), each int-keyed resource's id sequence (named after
// the resource) moved past the seeded ids, and the LoadedMetaKey marker.
//
// When key is non-nil its AccessKey and SecretKey replace the first
// customer's pair (customer and user stay the seed's); the customer's ApiKey
// record carrying the old access key, if any, is re-keyed to the new one so
// that listing API keys shows the key in use. Load does not clear the store:
// records already there with the same ids are replaced; check Empty first.
func Load(ctx context.Context, st store.Store, s *Seed, key *engine.APIKey) error {
	// A seed with customers and no records (keys only) is valid: only a
	// Seed that did not come from Parse lacks its index.
	if s == nil || (!s.parsed && (len(s.Global) > 0 || len(s.Customers) > 0)) {
		return errors.New("seed: Load needs a seed from Parse or Default")
	}
	// The records' bytes are the Seed's own (Put copies them): only the
	// slice is copied, for overrideKey to change.
	records := slices.Clone(s.records)
	keys := make([]engine.APIKey, len(s.Customers))
	for i, c := range s.Customers {
		keys[i] = engine.APIKey{AccessKey: c.APIKey.AccessKey, SecretKey: c.APIKey.SecretKey,
			Customer: c.CustomerID, UserID: c.APIKey.UserID, Active: true}
	}
	if key != nil {
		if err := overrideKey(records, keys, key); err != nil {
			return err
		}
	}
	marker, err := json.Marshal(map[string]int{"customers": len(s.Customers), "records": len(records)})
	if err != nil {
		return err
	}
	return st.Update(ctx, func(tx store.Tx) error {
		if err := putRecords(ctx, tx, records); err != nil {
			return err
		}
		for _, k := range keys {
			if err := engine.PutKey(ctx, tx, k); err != nil {
				return fmt.Errorf("seed: storing the API key of customer %d: %w", k.Customer, err)
			}
		}
		for kind, max := range s.maxIDs {
			if _, err := tx.NextID(ctx, kind, max+1); err != nil {
				return fmt.Errorf("seed: moving the %s id sequence past %d: %w", kind, max, err)
			}
		}
		return tx.PutMeta(ctx, LoadedMetaKey, marker)
	})
}

// BulkPutter is a transaction that stores many records at once (the
// emulator's, which puts seeded records in canonical form on every CPU):
// PutAll stores recs in order, as a Put of each would, and on failure
// reports the index of the record that failed.
type BulkPutter interface {
	PutAll(ctx context.Context, recs []store.Record) (failed int, err error)
}

// putRecords stores records through tx's PutAll when it has one, else
// with a Put each, and names the record that failed.
func putRecords(ctx context.Context, tx store.Tx, records []store.Record) error {
	if i, err := putEach(ctx, tx, records); err != nil {
		r := records[i]
		return fmt.Errorf("seed: storing %s %s: %w", r.Kind, r.ID, err)
	}
	return nil
}

// putEach is PutAll when tx is a BulkPutter, else its equivalent.
func putEach(ctx context.Context, tx store.Tx, records []store.Record) (failed int, err error) {
	if b, ok := tx.(BulkPutter); ok {
		return b.PutAll(ctx, records)
	}
	for i, r := range records {
		if err := tx.Put(ctx, r); err != nil {
			return i, err
		}
	}
	return len(records), nil
}

// Empty reports whether st has never been seeded (no LoadedMetaKey marker).
func Empty(ctx context.Context, st store.Store) (bool, error) {
	var seeded bool
	err := st.View(ctx, func(tx store.Tx) error {
		_, ok, err := tx.GetMeta(ctx, LoadedMetaKey)
		seeded = ok
		return err
	})
	return !seeded, err
}

// overrideKey puts key's pair on the first customer's key and re-keys that
// customer's matching ApiKey record.
func overrideKey(records []store.Record, keys []engine.APIKey, key *engine.APIKey) error {
	if key.AccessKey == "" || key.SecretKey == "" {
		return errors.New("seed: the replacement API key needs both an access key and a secret key")
	}
	if len(keys) == 0 {
		return errors.New("seed: the seed has no customer to take the replacement API key")
	}
	for _, k := range keys[1:] {
		if k.AccessKey == key.AccessKey {
			return fmt.Errorf("seed: access key %q already belongs to customer %d", key.AccessKey, k.Customer)
		}
	}
	first := &keys[0]
	old := first.AccessKey
	first.AccessKey, first.SecretKey = key.AccessKey, key.SecretKey
	for i, r := range records {
		if r.Customer != first.Customer || r.Kind != "ApiKey" {
			continue
		}
		if r.ID == key.AccessKey && old != key.AccessKey {
			return fmt.Errorf("seed: access key %q is already another ApiKey of customer %d", key.AccessKey, r.Customer)
		}
		if r.ID != old {
			continue
		}
		data, err := setTopLevel(r.Data, "accessKey", key.AccessKey)
		if err != nil {
			return fmt.Errorf("seed: re-keying ApiKey %s: %w", old, err)
		}
		records[i].ID, records[i].Data = key.AccessKey, data
	}
	return nil
}

// setTopLevel returns the JSON object obj with the value of key replaced,
// keeping the order of the other keys.
func setTopLevel(obj []byte, key string, value any) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	newVal, err := json.Marshal(value)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		if out.Len() > 1 {
			out.WriteByte(',')
		}
		name, _ := json.Marshal(k)
		out.Write(name)
		out.WriteByte(':')
		if k == key {
			v = newVal
		}
		out.Write(v)
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}
