package engine

import (
	"bytes"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// Answers per API version. Records are stored once, in the newest shape
// (a field under its newest name); an answer at version v shows what v
// knows: a field whose Since/Until exclude v is left out, and a field v
// knows that carries another one's value under an older or legacy name
// (catalog Field.SameAs) is answered from that one. A 2012-06-15 Account
// thus says cloudSubscriptionId where a 2014-07-30 one says
// cloudSubscription, and a 2012 firewall rule has a networkAddress but no
// permission.

// versionedFields lists, per resource, the fields that depend on the
// version (Since, Until or SameAs); resources without any are absent.
func versionedFields(cat *catalog.Catalog) map[string][]*catalog.Field {
	out := map[string][]*catalog.Field{}
	if cat == nil {
		return out
	}
	for _, r := range cat.Resources {
		for _, f := range r.Fields {
			if f.Since != "" || f.Until != "" || f.SameAs != "" {
				out[r.Name] = append(out[r.Name], f)
			}
		}
	}
	return out
}

// atVersion changes data, a fresh copy of a record's public form, into the
// answer at version v ("" = every field as stored).
func (e *Engine) atVersion(res *catalog.Resource, data map[string]any, v string) {
	if v == "" || res == nil {
		return
	}
	fields := e.versioned[res.Name]
	var from map[string]any // the stored values, before any removal
	for _, f := range fields {
		if f.SameAs != "" && f.In(v) {
			if from == nil {
				from = make(map[string]any, len(data))
				for k, x := range data {
					from[k] = x
				}
			}
			break
		}
	}
	for _, f := range fields {
		if !f.In(v) {
			delete(data, f.Name)
			continue
		}
		if f.SameAs == "" || data[f.Name] != nil {
			continue
		}
		if src, ok := from[f.SameAs]; ok && src != nil {
			data[f.Name] = sameValue(f, src)
		}
	}
}

// sameValue is src answered as f: a list field holding one string holds a
// string as its only element (Server publicIpAddresses from
// publicIpAddress); anything else is answered as stored.
func sameValue(f *catalog.Field, src any) any {
	if s, ok := src.(string); ok && f.Type == catalog.TypeStrings {
		return []any{s}
	}
	return cloneValue(src)
}

// plainAt reports whether a stored record's Data, answered at version v
// to any caller, is its stored form: no field the version leaves out or
// answers from another one can be in it, and it is not a shared record
// that takes each caller's customer. It looks at the bytes only, so a
// nested member of the same name makes it report false (the slow path
// then renders the record properly); it never reports true wrongly.
func (e *Engine) plainAt(res *catalog.Resource, v string, customer int64, data []byte) bool {
	if customer == 0 && e.takesCaller(res) {
		return false
	}
	if v == "" {
		return true
	}
	for _, f := range e.versioned[res.Name] {
		if !f.In(v) && bytes.Contains(data, quotedKey(f.Name)) {
			return false
		}
		if f.SameAs != "" && f.In(v) && bytes.Contains(data, quotedKey(f.SameAs)) {
			return false
		}
	}
	return true
}

func quotedKey(name string) []byte { return []byte(`"` + name + `":`) }

// takesCaller reports whether the resource's shared (global) records
// answer with the caller's customer: the recordings show the customer of
// regions and public images as the reader's own.
func (e *Engine) takesCaller(res *catalog.Resource) bool {
	if res == nil || !res.Global {
		return false
	}
	f, ok := res.Field("customer")
	return ok && f.Type == catalog.TypeRef
}

// answer is the public form of a stored record as the caller reads it at
// version v: without secrets, a shared record with the caller's customer,
// the fields of v only.
func (e *Engine) answer(res *catalog.Resource, data map[string]any, customer int64, v string) map[string]any {
	out := e.public(data)
	if customer > 0 && out["customer"] == nil && e.takesCaller(res) {
		out["customer"] = map[string]any{"customerId": customer}
	}
	e.atVersion(res, out, v)
	return out
}

// AnswersStored reports whether a GET of rec at version v is answered with
// the record's stored form (what the fast path of WireItem copies): false
// when the version leaves out or renames a field the record holds, the
// record is shared and takes each caller's customer, or the resource is
// derived (analytics) rather than stored.
func (e *Engine) AnswersStored(res *catalog.Resource, v string, rec store.Record) bool {
	return res != nil && !derived(res) && e.plainAt(res, v, rec.Customer, rec.Data)
}
