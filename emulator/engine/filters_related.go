package engine

import (
	"context"
	"strings"
)

// specialFilter resolves filters that relate records through other records
// rather than a field of their own. handled is false when the generic
// matching applies.
//
//   - ServerProduct regionId: products offered in the region, i.e. whose
//     providerRegionId is the region's providerId (and whose cloud, when
//     set, is the region's cloud); a stored region reference also counts.
//   - ServerProduct machineImageId: products usable with the image: the
//     image's "products" list when it has one, else products of the image's
//     cloud with the image's architecture, in the image's region unless a
//     regionId filter is given.
//   - Role groupId: the roles assigned to that group (its roleAssignments).
//   - Role accountId: roles some group holds in that account.
//   - Group accountId: groups with a role or budget mapping in that account.
//   - Region accountId: regions of the cloud the account subscribes to.
//   - Account cloudId: accounts whose cloud subscription is for that cloud.
func (c *call) specialFilter(ctx context.Context, name string, v any, all map[string]any) (p predicate, none, handled bool, err error) {
	id, isInt := v.(int64)
	if !isInt {
		return nil, false, false, nil
	}
	switch c.res.Name + "." + name {
	case "ServerProduct.regionId":
		region, ok, err := load(ctx, c.tx, c.req.Customer, "Region", idKey(id))
		if err != nil || !ok {
			return nil, !ok, true, err
		}
		return productInRegion(id, region.data), false, true, nil
	case "ServerProduct.machineImageId":
		img, ok, err := load(ctx, c.tx, c.req.Customer, "MachineImage", idKey(id))
		if err != nil || !ok {
			return nil, !ok, true, err
		}
		p, err := c.productsForImage(ctx, img.data, all)
		return p, false, true, err
	case "Role.groupId":
		grp, ok, err := load(ctx, c.tx, c.req.Customer, "Group", idKey(id))
		if err != nil || !ok {
			return nil, !ok, true, err
		}
		roles := roleIDs(grp.data, -1)
		return inSet("roleId", roles), len(roles) == 0, true, nil
	case "Role.accountId":
		roles := map[int64]bool{}
		err := scanData(ctx, c.tx, c.req.Customer, "Group", func(g map[string]any) {
			for r := range roleIDs(g, id) {
				roles[r] = true
			}
		})
		return inSet("roleId", roles), len(roles) == 0, true, err
	case "Group.accountId":
		return func(d map[string]any) bool {
			return matchesID(d["roleAssignments"], "accountId", "", id) ||
				matchesID(d["groupAccountBudgetCodes"], "accountId", "", id)
		}, false, true, nil
	case "Region.accountId":
		acct, ok, err := load(ctx, c.tx, c.req.Customer, "Account", idKey(id))
		if err != nil || !ok {
			return nil, !ok, true, err
		}
		cloud, known := subscribedCloud(acct.data)
		if !known {
			return nil, false, true, nil
		}
		return func(d map[string]any) bool { return matchesID(d["cloud"], "cloudId", "", cloud) }, false, true, nil
	case "Account.cloudId":
		return func(d map[string]any) bool {
			cloud, ok := subscribedCloud(d)
			return ok && cloud == id
		}, false, true, nil
	}
	return nil, false, false, nil
}

// productInRegion matches server products offered in a region.
func productInRegion(regionID int64, region map[string]any) predicate {
	providerID := strField(region, "providerId")
	cloud, hasCloud := refID(region["cloud"], "cloudId")
	return func(d map[string]any) bool {
		if r, ok := d["region"]; ok {
			return matchesID(r, "regionId", "", regionID)
		}
		if !strings.EqualFold(strField(d, "providerRegionId"), providerID) {
			return false
		}
		if pc, ok := refID(d["cloud"], "cloudId"); ok && hasCloud {
			a, _ := asInt(pc)
			b, _ := asInt(cloud)
			return a == b
		}
		return true
	}
}

func (c *call) productsForImage(ctx context.Context, img map[string]any, all map[string]any) (predicate, error) {
	if list, ok := img["products"].([]any); ok && len(list) > 0 {
		ids := map[int64]bool{}
		for _, e := range list {
			if n, ok := asInt(e); ok {
				ids[n] = true
			} else if m, ok := e.(map[string]any); ok {
				if n, ok := asInt(m["productId"]); ok {
					ids[n] = true
				}
			}
		}
		return inSet("productId", ids), nil
	}
	var inRegion predicate
	if _, given := all["regionId"]; !given {
		if rid, ok := refID(img["region"], "regionId"); ok {
			n, _ := asInt(rid)
			region, found, err := load(ctx, c.tx, c.req.Customer, "Region", idKey(n))
			if err != nil {
				return nil, err
			}
			if found {
				inRegion = productInRegion(n, region.data)
			}
		}
	}
	cloud, hasCloud := refID(img["cloud"], "cloudId")
	arch := strField(img, "architecture")
	return func(d map[string]any) bool {
		if hasCloud {
			if pc, ok := refID(d["cloud"], "cloudId"); ok && idString(pc) != idString(cloud) {
				return false
			}
		}
		if a := strField(d, "architecture"); arch != "" && a != "" && !strings.EqualFold(a, arch) {
			return false
		}
		return inRegion == nil || inRegion(d)
	}, nil
}

// roleIDs lists the role ids in a group's roleAssignments, only those in
// the account when account >= 0.
func roleIDs(group map[string]any, account int64) map[int64]bool {
	out := map[int64]bool{}
	list, _ := group["roleAssignments"].([]any)
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			continue
		}
		if account >= 0 {
			if a, ok := asInt(m["accountId"]); !ok || a != account {
				continue
			}
		}
		if r, ok := asInt(m["roleId"]); ok {
			out[r] = true
		}
	}
	return out
}

func inSet(key string, ids map[int64]bool) predicate {
	return func(d map[string]any) bool {
		n, ok := asInt(d[key])
		return ok && ids[n]
	}
}

// subscribedCloud reads the cloud of an account's subscription (2014
// "cloudSubscription" or 2012 "cloudSubscriptionId" object).
func subscribedCloud(acct map[string]any) (int64, bool) {
	for _, k := range []string{"cloudSubscription", "cloudSubscriptionId"} {
		if m, ok := acct[k].(map[string]any); ok {
			if n, ok := asInt(m["cloudId"]); ok {
				return n, true
			}
		}
	}
	return 0, false
}
