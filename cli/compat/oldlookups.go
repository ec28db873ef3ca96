package compat

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/cli/compat/py2"
)

// The old tools' lookups and client-side filters (mixcoatl's
// resource_utils), each made with the same requests.

// intFlag is a flag argparse read with type=int: nil when absent, a usage
// error (exit 2, as argparse's) when it is no integer.
func (r *run) intFlag(key string) (any, error) {
	if !r.c.Has(key) {
		return nil, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(r.c.Value(key)), 10, 64)
	if err != nil {
		return nil, usagef(r.c.Tool, "argument --%s: invalid int value: '%s'", key, r.c.Value(key))
	}
	return py2.Int(strconv.FormatInt(n, 10)), nil
}

// exclusive refuses two flags of one argparse mutually exclusive group.
func (r *run) exclusive(keys ...string) error {
	given := ""
	for _, k := range keys {
		if r.c.Has(k) || r.c.Bool(k) {
			if given != "" {
				return usagef(r.c.Tool, "argument --%s: not allowed with argument --%s", k, given)
			}
			given = k
		}
	}
	return nil
}

// checked is the old parser's checks after parsing: the flags of each
// group are mutually exclusive, and the int flags (argparse type=int) must
// be integers; their values by key, None for an absent one.
func (r *run) checked(groups [][]string, intFlags ...string) (map[string]any, error) {
	for _, g := range groups {
		if err := r.exclusive(g...); err != nil {
			return nil, err
		}
	}
	ints := map[string]any{}
	for _, k := range intFlags {
		v, err := r.intFlag(k)
		if err != nil {
			return nil, err
		}
		ints[k] = v
	}
	return ints, nil
}

// regionList is Resource.all(region_id=…) of path for --regionid or the
// region --regionpid names (every object when it names none).
func (r *run) regionList(path string) ([]*py2.Dict, error) {
	q, err := r.regionQuery("regionid", "regionpid")
	if err != nil {
		return nil, err
	}
	return r.list(path, q)
}

// byOwners applies --groupid then --budgetid (checked's values).
func byOwners(items []*py2.Dict, ints map[string]any) []*py2.Dict {
	if id := ints["groupid"]; id != nil {
		items = inGroup(items, id)
	}
	if id := ints["budgetid"]; id != nil {
		items = inBudget(items, id)
	}
	return items
}

// regionByProvider is get_region_id: the id of the first region whose
// provider id is pid, None when there is none.
func (r *run) regionByProvider(pid string) (any, error) {
	return r.findID("geography/Region", "provider_id", pid, "region_id")
}

// findID is the idKey of the first object of path whose member key equals
// value (a text), None when no object does.
func (r *run) findID(path, key, value, idKey string) (any, error) {
	items, err := r.list(path, nil)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if v, ok := attr(it, key).(string); ok && v == value {
			return attr(it, idKey), nil
		}
	}
	return nil, nil
}

// regionQuery is the regionId of the region flags (--regionid, or
// --regionpid looked up by provider id), nil for neither.
func (r *run) regionQuery(idKey, pidKey string) (url.Values, error) {
	switch {
	case r.c.Has(idKey):
		return url.Values{"regionId": {r.c.Value(idKey)}}, nil
	case r.c.Has(pidKey):
		id, err := r.regionByProvider(r.c.Value(pidKey))
		if err != nil {
			return nil, err
		}
		return idQuery("regionId", id), nil
	}
	return nil, nil
}

// equalNumber is Python's == between a member and an int flag.
func equalNumber(v, n any) bool {
	switch v.(type) {
	case py2.Int, float64, bool:
		return py2.Compare(v, n) == 0
	}
	return false
}

// keep filters items, in order.
func keep(items []*py2.Dict, pred func(*py2.Dict) bool) []*py2.Dict {
	var out []*py2.Dict
	for _, it := range items {
		if pred(it) {
			out = append(out, it)
		}
	}
	return out
}

// ownedBy keeps the objects whose owning user's member key equals value.
func ownedBy(items []*py2.Dict, key, value string) []*py2.Dict {
	return keep(items, func(d *py2.Dict) bool {
		v, ok := sub(d, "owning_user", key).(string)
		return ok && v == value
	})
}

// inGroup keeps each object once per owning group with the id: an object
// listing the group twice appears twice, as with the old comprehension.
func inGroup(items []*py2.Dict, id any) []*py2.Dict {
	var out []*py2.Dict
	for _, it := range items {
		groups, _ := attr(it, "owning_groups").([]any)
		for _, g := range groups {
			if gd, ok := g.(*py2.Dict); ok && equalNumber(attr(gd, "group_id"), id) {
				out = append(out, it)
			}
		}
	}
	return out
}

// inBudget keeps the objects charged to the billing code id.
func inBudget(items []*py2.Dict, id any) []*py2.Dict {
	return keep(items, func(d *py2.Dict) bool { return equalNumber(attr(d, "budget"), id) })
}
