package engine

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// checkRefs makes sure every record the payload names exists for the
// customer: what wire.RefTarget names (ref/refs fields naming a catalogue
// resource, budget ids naming billing codes) and xId fields standing for a
// reference. The records are
// kept in c.refs for derivations. skip lists fields a hook resolves itself.
func (c *call) checkRefs(ctx context.Context, vals map[string]any, skip map[string]bool) error {
	c.refs = map[string][]*item{}
	for _, f := range c.op.Fields {
		v, ok := vals[f.Name]
		if !ok || skip[f.Name] {
			continue
		}
		target, refKey := wire.RefTarget(f), f.RefKey
		if target == "" && f.Type == catalog.TypeInt && strings.HasSuffix(f.Name, "Id") {
			if rf := c.refFieldFor(f.Name); rf != nil {
				target, refKey = rf.Ref, f.Name
			}
		}
		res, known := c.e.cat.Resource(target)
		if !known {
			continue
		}
		if refKey == "" {
			refKey = res.Key // a bare id: a budget's billingCodeId
		}
		for _, id := range refIDs(v, refKey) {
			n, isInt := id.(int64)
			if !isInt {
				if res.KeyType == catalog.TypeInt {
					return c.errorf(http.StatusBadRequest, "field %q: want an integer %s, got %s", f.Name, refKey, describe(id))
				}
			}
			key := idString(id)
			if isInt {
				key = idKey(n)
			}
			it, found, err := c.e.loadRef(ctx, c.tx, c.customer, res.Name, key)
			if err != nil {
				return err
			}
			if !found {
				return c.errorf(http.StatusBadRequest, "field %q: no such %s ID: %s", f.Name, res.Name, key)
			}
			c.refs[f.Name] = append(c.refs[f.Name], it)
		}
	}
	return nil
}

// refIDs lists the ids in a normalised value: a bare id, a reference or a
// list of references.
func refIDs(v any, refKey string) []any {
	switch t := v.(type) {
	case []any:
		var out []any
		for _, e := range t {
			out = append(out, refIDs(e, refKey)...)
		}
		return out
	case map[string]any:
		if id, ok := t[refKey]; ok {
			return []any{id}
		}
		return nil
	}
	return []any{v}
}

// build fills a new record generically from the validated payload and the
// catalogue: payload fields the resource has, references given as xId,
// a default status, the caller's ownership (customer, owningUser,
// owningAccount, owningGroups), geography inherited from referenced records
// (dataCenter → region → cloud), a provider id, creation timestamps and
// removable.
func (c *call) build(ctx context.Context, it *item, vals, args map[string]any) error {
	c.merge(it, vals)
	if f, ok := c.res.Field("status"); ok && it.data["status"] == nil {
		it.data["status"] = defaultStatus(f)
	}
	if _, ok := c.res.Field("customer"); ok {
		it.data["customer"] = map[string]any{"customerId": c.customer}
	}
	if _, ok := c.res.Field("owningUser"); ok && c.user > 0 {
		it.data["owningUser"] = map[string]any{"userId": c.user}
	}
	if _, ok := c.res.Field("owningAccount"); ok {
		if acct, found := c.callerAccount(ctx); found {
			it.data["owningAccount"] = acct
		}
	}
	if _, ok := c.res.Field("owningGroups"); ok && it.data["owningGroups"] == nil {
		it.data["owningGroups"] = c.callerGroups(ctx)
	}
	if err := c.inheritGeography(ctx, it); err != nil {
		return err
	}
	if _, ok := c.res.Field("providerId"); ok {
		it.data["providerId"] = providerID(c.res.Name, it.rec.ID)
	}
	for _, f := range c.res.Fields {
		if f.Type == catalog.TypeTimestamp && creationStamp(f.Name) {
			it.data[f.Name] = FormatTime(c.now)
		}
	}
	if f, ok := c.res.Field("removable"); ok && f.Type == catalog.TypeBool {
		it.data["removable"] = true
	}
	return nil
}

// defaultStatus is the status of a freshly made record: ACTIVE, or the
// first value of a status enum that has no ACTIVE (Deployment STOPPED,
// Tier NORMAL).
func defaultStatus(f *catalog.Field) string {
	if len(f.Values) == 0 {
		return "ACTIVE"
	}
	for _, v := range f.Values {
		if v == "ACTIVE" {
			return v
		}
	}
	return f.Values[0]
}

func creationStamp(name string) bool {
	switch name {
	case "creationTimestamp", "createdTimestamp", "createTimestamp", "created", "lastModifiedTimestamp", "lastChangeTimestamp":
		return true
	}
	return false
}

// callerUser loads the caller's User record (none for account-level keys),
// once per call. Callers only read it.
func (c *call) callerUser(ctx context.Context) (*item, bool) {
	if c.user <= 0 {
		return nil, false
	}
	if !c.callerLoaded {
		u, ok, err := c.e.loadRef(ctx, c.tx, c.customer, "User", idKey(c.user))
		if err == nil && ok {
			c.caller = u
		}
		c.callerLoaded = err == nil
	}
	return c.caller, c.caller != nil
}

// callerAccount is the account new resources belong to: the caller's user's
// account, else the customer's first account.
func (c *call) callerAccount(ctx context.Context) (map[string]any, bool) {
	if u, ok := c.callerUser(ctx); ok {
		if id, ok := refID(u.data["account"], "accountId"); ok {
			return map[string]any{"accountId": id}, true
		}
	}
	var acct map[string]any
	err := c.tx.Scan(ctx, store.Filter{Customer: c.customer, Kind: "Account", Limit: 1}, func(r store.Record) bool {
		d, err := c.e.refs.decodeObject(refKey{customer: r.Customer, kind: r.Kind, id: r.ID}, r.Data)
		if err == nil && d["accountId"] != nil {
			acct = map[string]any{"accountId": d["accountId"]}
		}
		return false
	})
	return acct, err == nil && acct != nil
}

// callerGroups is the default owningGroups: the caller's user's groups.
func (c *call) callerGroups(ctx context.Context) []any {
	out := []any{}
	if u, ok := c.callerUser(ctx); ok {
		if gs, ok := u.data["groups"].([]any); ok {
			for _, g := range gs {
				if id, ok := refID(g, "groupId"); ok {
					out = append(out, map[string]any{"groupId": id})
				}
			}
		}
	}
	return out
}

// inheritGeography copies dataCenter, region and cloud from the records
// the payload references (a volume's data centre, a snapshot's volume, an
// image's server), then completes the chain: a data centre gives its region,
// a region its cloud.
func (c *call) inheritGeography(ctx context.Context, it *item) error {
	chain := []struct{ field, kind, key string }{
		{"dataCenter", "DataCenter", "dataCenterId"},
		{"region", "Region", "regionId"},
		{"cloud", "Cloud", "cloudId"},
	}
	for _, g := range chain {
		if _, ok := c.res.Field(g.field); !ok || it.data[g.field] != nil {
			continue
		}
		for _, f := range c.op.Fields {
			for _, ref := range c.refs[f.Name] {
				if v, ok := refID(ref.data[g.field], g.key); ok && it.data[g.field] == nil {
					it.data[g.field] = map[string]any{g.key: v}
				}
			}
		}
	}
	for i := 0; i+1 < len(chain); i++ {
		from, to := chain[i], chain[i+1]
		if _, ok := c.res.Field(to.field); !ok || it.data[to.field] != nil {
			continue
		}
		id, ok := refID(it.data[from.field], from.key)
		if !ok {
			continue
		}
		parent, found, err := c.e.loadRef(ctx, c.tx, c.customer, from.kind, idString(id))
		if err != nil {
			return err
		}
		if found {
			if v, ok := refID(parent.data[to.field], to.key); ok {
				it.data[to.field] = map[string]any{to.key: v}
			}
		}
	}
	return nil
}

// providerID derives a cloud-style provider id (i-1a2b3c4d, vol-…) that is
// stable for a record.
func providerID(kind, id string) string {
	prefix := map[string]string{
		"Server": "i", "MachineImage": "ami", "Volume": "vol", "Snapshot": "snap",
		"Firewall": "sg", "Network": "vpc", "Subnet": "subnet", "LoadBalancer": "lb",
		"RelationalDatabase": "db", "StorageObject": "obj", "DnsZone": "zone",
	}[kind]
	if prefix == "" {
		prefix = strings.ToLower(kind)
	}
	return fmt.Sprintf("%s-%s", prefix, hashHex(kind+"/"+id, 8))
}
