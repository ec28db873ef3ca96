package engine

import (
	"context"
	"net/http"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// buildBillingCode starts a budget in NORMAL state with zero usage; quotas
// come as money objects or (2011, where the catalogue types them as
// strings) "USD11.01" strings, read as money; null when absent.
func buildBillingCode(_ context.Context, c *call, it *item, vals map[string]any) (map[string]any, error) {
	for _, q := range []string{"softQuota", "hardQuota"} {
		switch v := vals[q].(type) {
		case nil:
			it.data[q] = nil
		case string:
			m, err := wire.Check(c.e.cat, &catalog.Field{Name: q, Type: catalog.TypeMoney}, v, wire.Lenient)
			if err != nil {
				return nil, c.errorf(http.StatusBadRequest, "field %q: want an amount like \"USD11.01\", got %q", q, v)
			}
			it.data[q] = m
		default:
			it.data[q] = v
		}
	}
	it.data["budgetState"] = "NORMAL"
	it.data["currentUsage"] = map[string]any{"currency": "USD", "value": 0.0}
	it.data["projectedUsage"] = map[string]any{"currency": "USD", "value": 0.0}
	return nil, nil
}

// replaceBillingCode is the BillingCode DELETE: every record of the
// customer whose budget (or an account's defaultBudget) is the deleted code
// moves to replacementCode, then the code is removed.
func (c *call) replaceBillingCode(ctx context.Context, it *item, params map[string]any) error {
	rc, _ := params["replacementCode"].(int64)
	if idKey(rc) == it.rec.ID {
		return c.errorf(http.StatusBadRequest, "query parameter replacementCode: must name another billing code than %s", it.rec.ID)
	}
	if _, found, err := load(ctx, c.tx, c.customer, "BillingCode", idKey(rc)); err != nil || !found {
		if err != nil {
			return err
		}
		return c.errorf(http.StatusBadRequest, "query parameter replacementCode: no such BillingCode ID: %d", rc)
	}
	old, _ := asInt(it.rec.ID)
	for _, res := range c.e.cat.Resources {
		for _, f := range res.Fields {
			if f.Type != catalog.TypeInt || wire.RefTarget(f) != c.res.Name {
				continue // not a bare billing-code id
			}
			if err := c.rewriteBudgets(ctx, res.Name, f.Name, old, rc); err != nil {
				return err
			}
		}
	}
	return c.tx.Delete(ctx, it.rec.Customer, it.rec.Kind, it.rec.ID)
}

func (c *call) rewriteBudgets(ctx context.Context, kind, field string, old, repl int64) error {
	var hits []*item
	var decodeErr error
	err := c.tx.Scan(ctx, store.Filter{Customer: c.customer, Kind: kind}, func(r store.Record) bool {
		if r.Customer != c.customer {
			return true
		}
		it, err := decodeRecord(r)
		if err != nil {
			decodeErr = err
			return false
		}
		if n, ok := asInt(it.data[field]); ok && n == old {
			hits = append(hits, it)
		}
		return true
	})
	if err == nil {
		err = decodeErr
	}
	for _, it := range hits {
		if err != nil {
			break
		}
		it.data[field] = repl
		err = c.e.save(ctx, c.tx, it)
	}
	return err
}

// buildUser derives the display and login fields; the password is kept
// out of the wire form by save.
func buildUser(_ context.Context, c *call, it *item, vals map[string]any) (map[string]any, error) {
	given, family := strField(vals, "givenName"), strField(vals, "familyName")
	it.data["alphaName"] = family + ", " + given
	it.data["vmLoginId"] = "p" + it.rec.ID
	it.data["editable"] = true
	it.data["hasCloudAPIAccess"] = false
	it.data["hasCloudConsoleAccess"] = true
	if it.data["timeZone"] == nil {
		it.data["timeZone"] = "UTC"
	}
	if strings.TrimSpace(strField(vals, "email")) == "" || !strings.Contains(strField(vals, "email"), "@") {
		return nil, c.errorf(http.StatusBadRequest, "field %q: want an e-mail address, got %q", "email", strField(vals, "email"))
	}
	return nil, nil
}

// applyUserGrant gives the user access to an account: the account is set,
// groups and billing codes are added to the user's.
func applyUserGrant(_ context.Context, _ *call, it *item, vals map[string]any) error {
	it.data["account"] = vals["account"]
	for _, f := range []struct{ name, key string }{{"groups", "groupId"}, {"billingCodes", "billingCodeId"}} {
		if add, ok := vals[f.name].([]any); ok {
			it.data[f.name] = unionRefs(it.data[f.name], add, f.key)
		}
	}
	return nil
}

// unionRefs adds references not already in the list.
func unionRefs(existing any, add []any, key string) []any {
	out, _ := existing.([]any)
	out = append([]any{}, out...)
	for _, a := range add {
		id, _ := refID(a, key)
		n, _ := asInt(id)
		if !matchesID(out, key, "", n) {
			out = append(out, a)
		}
	}
	return out
}

// applyRoleGrant adds ACL entries to the role; an entry for the same
// resource type and action (case-insensitive) is replaced.
func applyRoleGrant(_ context.Context, c *call, it *item, vals map[string]any) error {
	acl, _ := it.data["acl"].([]any)
	acl = append([]any{}, acl...)
	entries, _ := vals["acl"].([]any)
	for i, e := range entries {
		m, ok := e.(map[string]any)
		if !ok || strField(m, "resourceType") == "" || strField(m, "action") == "" {
			return c.errorf(http.StatusBadRequest, "field \"acl\": entry %d: want {\"resourceType\", \"action\", \"qualifier\"}, got %s", i, describe(e))
		}
		entry := map[string]any{"resourceType": strings.ToUpper(strField(m, "resourceType")), "action": strField(m, "action"), "qualifier": strings.ToUpper(strField(m, "qualifier"))}
		if entry["qualifier"] == "" {
			entry["qualifier"] = "ANY"
		}
		replaced := false
		for j, old := range acl {
			if om, ok := old.(map[string]any); ok && strings.EqualFold(strField(om, "resourceType"), strField(entry, "resourceType")) && strings.EqualFold(strField(om, "action"), strField(entry, "action")) {
				acl[j], replaced = entry, true
			}
		}
		if !replaced {
			acl = append(acl, entry)
		}
	}
	it.data["acl"] = acl
	return nil
}

// applySetRole gives the group a role in an account (one role per account).
func applySetRole(_ context.Context, c *call, it *item, vals map[string]any) error {
	role, _ := refID(vals["role"], "roleId")
	acct, _ := refID(vals["account"], "accountId")
	entry := map[string]any{"roleId": role, "accountId": acct}
	if rs := c.refs["role"]; len(rs) > 0 {
		entry["roleName"] = rs[0].data["name"]
	}
	it.data["roleAssignments"] = mergeByAccount(it.data["roleAssignments"], []any{entry})
	return nil
}

// applyRoleAssignments merges role and budget mappings per account.
func applyRoleAssignments(ctx context.Context, c *call, it *item, vals map[string]any) error {
	if ras, ok := vals["roleAssignments"].([]any); ok {
		var entries []any
		for i, e := range ras {
			m, ok := e.(map[string]any)
			role, okRole := asInt(m["roleId"])
			acct, okAcct := asInt(m["accountId"])
			if !ok || !okRole || !okAcct {
				return c.errorf(http.StatusBadRequest, "field \"roleAssignments\": entry %d: want {\"accountId\": <id>, \"roleId\": <id>}, got %s", i, describe(e))
			}
			r, found, err := load(ctx, c.tx, c.customer, "Role", idKey(role))
			if err != nil {
				return err
			}
			if !found {
				return c.errorf(http.StatusBadRequest, "field \"roleAssignments\": entry %d: no such Role ID: %d", i, role)
			}
			entries = append(entries, map[string]any{"roleId": role, "roleName": r.data["name"], "accountId": acct})
		}
		it.data["roleAssignments"] = mergeByAccount(it.data["roleAssignments"], entries)
	}
	if gbs, ok := vals["groupAccountBudgetCodes"].([]any); ok {
		var entries []any
		for i, e := range gbs {
			m, ok := e.(map[string]any)
			acct, okAcct := asInt(m["accountId"])
			if !ok || !okAcct {
				return c.errorf(http.StatusBadRequest, "field \"groupAccountBudgetCodes\": entry %d: want {\"accountId\": <id>, \"budgetCodes\": [...]}, got %s", i, describe(e))
			}
			codes, _ := m["budgetCodes"].([]any)
			entries = append(entries, map[string]any{"accountId": acct, "budgetCodes": codes})
		}
		it.data["groupAccountBudgetCodes"] = mergeByAccount(it.data["groupAccountBudgetCodes"], entries)
	}
	return nil
}

// mergeByAccount replaces entries with the same accountId and appends the rest.
func mergeByAccount(existing any, add []any) []any {
	out, _ := existing.([]any)
	out = append([]any{}, out...)
	for _, a := range add {
		acct, _ := asInt(a.(map[string]any)["accountId"])
		replaced := false
		for i, o := range out {
			if m, ok := o.(map[string]any); ok {
				if n, ok := asInt(m["accountId"]); ok && n == acct {
					out[i], replaced = a, true
				}
			}
		}
		if !replaced {
			out = append(out, a)
		}
	}
	return out
}

// buildAccount makes an account subscribed to the given cloud; the cloud
// API secret stays out of the wire form (save moves it to Internal).
// setAdminDefaults, groupBudgetCodes and groupRoles are accepted and ignored.
func buildAccount(ctx context.Context, c *call, it *item, vals map[string]any) (map[string]any, error) {
	it.data["customer"] = map[string]any{"customerId": c.customer}
	it.data["configured"] = true
	it.data["provisioned"] = true
	it.data["subscribed"] = true
	if c.user > 0 {
		it.data["owner"] = map[string]any{"userId": c.user}
	}
	sub, _ := vals["cloudSubscription"].(map[string]any)
	return nil, c.subscribe(ctx, it, sub)
}

// applyAssignCloud merges new cloud credentials into the subscription.
func applyAssignCloud(ctx context.Context, c *call, it *item, vals map[string]any) error {
	sub, _ := it.data["cloudSubscription"].(map[string]any)
	merged := map[string]any{}
	for k, v := range sub {
		merged[k] = v
	}
	add, _ := vals["cloudSubscription"].(map[string]any)
	for k, v := range add {
		merged[k] = v
	}
	return c.subscribe(ctx, it, merged)
}

// subscribe checks the subscription's cloud and gives it an id.
func (c *call) subscribe(ctx context.Context, it *item, sub map[string]any) error {
	if sub == nil {
		return nil
	}
	if v, ok := sub["cloudId"]; ok {
		n, isInt := asInt(v)
		if !isInt {
			return c.errorf(http.StatusBadRequest, "field \"cloudSubscription\": cloudId: want an integer, got %s", describe(v))
		}
		if _, found, err := load(ctx, c.tx, c.customer, "Cloud", idKey(n)); err != nil || !found {
			if err != nil {
				return err
			}
			return c.errorf(http.StatusBadRequest, "field \"cloudSubscription\": no such Cloud ID: %d", n)
		}
		sub["cloudId"] = n
	}
	if sub["cloudSubscriptionId"] == nil {
		n, err := c.tx.NextID(ctx, "CloudSubscription", 1)
		if err != nil {
			return err
		}
		sub["cloudSubscriptionId"] = n
	}
	it.data["cloudSubscription"] = sub
	return nil
}
