package engine

import (
	"context"
	"net/http"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// create handles POST to a collection: sync creates answer 201 with the new
// item, async ones make the item at once in the transition's During state
// and answer 202 with the job that will finish it.
func (c *call) create(ctx context.Context) (*Response, error) {
	hk := hooksFor(c.res.Name, c.verb)
	args, err := c.unwrap()
	if err != nil {
		return nil, err
	}
	if hk.prepare != nil {
		args = hk.prepare(c, args)
	}
	vals, err := c.validate(args)
	if err != nil {
		return nil, err
	}
	if err := c.checkRefs(ctx, vals, hk.skipRefs); err != nil {
		return nil, err
	}
	it := newItem(c.customer, c.res.Name, "")
	if c.res.KeyType == catalog.TypeInt {
		n, err := c.tx.NextID(ctx, c.res.Name, 1)
		if err != nil {
			return nil, err
		}
		it.rec.ID = idKey(n)
		it.data[c.res.Key] = n
	}
	if err := c.build(ctx, it, vals, args); err != nil {
		return nil, err
	}
	var extra map[string]any
	if hk.build != nil {
		if extra, err = hk.build(ctx, c, it, vals); err != nil {
			return nil, err
		}
	}
	if it.rec.ID == "" {
		return nil, c.errorf(http.StatusInternalServerError, "internal error: no id for the new %s", c.res.Name)
	}
	if c.op.Async {
		n, err := c.tx.NextID(ctx, jobKind, 1)
		if err != nil {
			return nil, err
		}
		if st := c.op.State; st != nil {
			if st.During != "" {
				it.data["status"] = st.During
			}
			setFlight(it, flight{Job: idKey(n), Op: c.verb})
		}
		if err := c.e.save(ctx, c.tx, it); err != nil {
			return nil, err
		}
		job, err := c.startJob(ctx, n, it, vals, nil)
		if err != nil {
			return nil, err
		}
		return &Response{Status: http.StatusAccepted, Jobs: []map[string]any{job}}, nil
	}
	if err := c.e.save(ctx, c.tx, it); err != nil {
		return nil, err
	}
	body := c.e.public(it.data)
	for k, v := range extra {
		body[k] = v
	}
	return &Response{Status: http.StatusCreated, Items: []map[string]any{body}}, nil
}

// change handles PUT on an item: describe*/assign*/grant… (204 after the
// change) and async actions (202 + job; the effect happens when the job
// completes).
func (c *call) change(ctx context.Context) (*Response, error) {
	hk := hooksFor(c.res.Name, c.verb)
	it, err := c.target(ctx)
	if err != nil {
		return nil, err
	}
	args, err := c.unwrap()
	if err != nil {
		return nil, err
	}
	vals, err := c.validate(args)
	if err != nil {
		return nil, err
	}
	if err := c.checkRefs(ctx, vals, hk.skipRefs); err != nil {
		return nil, err
	}
	if err := c.checkTransition(it); err != nil {
		return nil, err
	}
	if c.op.Async {
		var jobArgs map[string]any
		if hk.start != nil {
			if jobArgs, err = hk.start(ctx, c, it, vals); err != nil {
				return nil, err
			}
		}
		return c.startTransition(ctx, it, vals, jobArgs)
	}
	if hk.apply != nil {
		err = hk.apply(ctx, c, it, vals)
	} else {
		c.merge(it, vals)
	}
	if err != nil {
		return nil, err
	}
	c.touch(it)
	if err := c.e.save(ctx, c.tx, it); err != nil {
		return nil, err
	}
	return &Response{Status: http.StatusNoContent}, nil
}

// remove handles DELETE on an item. reason is accepted and kept with the
// job; Server DELETE with terminateAfter/pauseAfter schedules instead.
func (c *call) remove(ctx context.Context) (*Response, error) {
	it, err := c.target(ctx)
	if err != nil {
		return nil, err
	}
	params, err := c.opParams()
	if err != nil {
		return nil, err
	}
	if c.res.Name == "Server" {
		if done, err := c.schedule(ctx, it, params); done || err != nil {
			if err != nil {
				return nil, err
			}
			return &Response{Status: http.StatusNoContent}, nil
		}
	}
	if err := c.checkTransition(it); err != nil {
		return nil, err
	}
	switch c.res.Name {
	case "ApiKey":
		return &Response{Status: http.StatusNoContent}, deactivateAPIKey(ctx, c, it)
	case "BillingCode":
		return &Response{Status: http.StatusNoContent}, c.replaceBillingCode(ctx, it, params)
	case "Firewall":
		if err := c.deleteFirewallRules(ctx, it); err != nil {
			return nil, err
		}
	}
	if c.op.Async {
		var jobArgs map[string]any
		if r, ok := params["reason"]; ok {
			jobArgs = map[string]any{"reason": r}
		}
		return c.startTransition(ctx, it, nil, jobArgs)
	}
	if err := c.tx.Delete(ctx, it.rec.Customer, it.rec.Kind, it.rec.ID); err != nil {
		return nil, err
	}
	return &Response{Status: http.StatusNoContent}, nil
}

// target loads the item an update/action/delete addresses: it must exist
// for the customer and belong to it (global records are read-only).
func (c *call) target(ctx context.Context) (*item, error) {
	it, err := mustLoad(ctx, c.tx, c.customer, c.res, c.req.ID)
	if err != nil {
		return nil, err
	}
	if it.rec.Customer != c.customer {
		return nil, c.errorf(http.StatusForbidden, "%s %s is shared by all customers and cannot be changed", c.res.Name, it.rec.ID)
	}
	return it, nil
}

// opParams parses the op's query parameters by type; a parameter the
// catalogue marks required (BillingCode's replacementCode) must be given.
func (c *call) opParams() (map[string]any, error) {
	out := map[string]any{}
	for _, p := range c.op.Params {
		raw := strings.TrimSpace(c.req.Query.Get(p.Name))
		if raw == "" {
			if p.Required {
				return nil, c.errorf(http.StatusBadRequest, "query parameter %s: required", p.Name)
			}
			continue
		}
		v, err := parseParam(p, raw)
		if err != nil {
			return nil, c.errorf(http.StatusBadRequest, "%v", err)
		}
		out[p.Name] = v
	}
	return out, nil
}

// merge applies a describe/assign payload: each field that is a resource
// field replaces the stored value; an id field naming a reference (xId)
// sets that reference.
func (c *call) merge(it *item, vals map[string]any) {
	for name, v := range vals {
		if _, ok := c.res.Field(name); ok {
			it.data[name] = v
			continue
		}
		if f := c.refFieldFor(name); f != nil {
			it.data[f.Name] = refValue(f, v)
		}
	}
}

// refFieldFor finds the resource's ref/refs field whose refKey is name
// (Deployment regionId → regions, FirewallRule firewallId → firewall).
func (c *call) refFieldFor(name string) *catalog.Field {
	for _, f := range c.res.Fields {
		if (f.Type == catalog.TypeRef || f.Type == catalog.TypeRefs) && f.RefKey == name {
			return f
		}
	}
	return nil
}

func refValue(f *catalog.Field, id any) any {
	ref := map[string]any{f.RefKey: id}
	if f.Type == catalog.TypeRefs {
		return []any{ref}
	}
	return ref
}

// touch stamps the modification time where the resource has one.
func (c *call) touch(it *item) {
	for _, name := range []string{"lastModifiedTimestamp", "lastChangeTimestamp"} {
		if _, ok := c.res.Field(name); ok {
			it.data[name] = FormatTime(c.now)
		}
	}
}
