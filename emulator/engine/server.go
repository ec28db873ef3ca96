package engine

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// prepareLaunch accepts the 2012 form with a top-level "productId"
// (MX028) as well as "product": {"productId": …}.
func prepareLaunch(c *call, args map[string]any) map[string]any {
	if args["product"] != nil || args["productId"] == nil {
		return args
	}
	out := make(map[string]any, len(args)+1)
	for k, v := range args {
		out[k] = v
	}
	out["product"] = map[string]any{"productId": args["productId"]}
	return out
}

// buildServer completes a launched server: the product is resolved by
// numeric id or by provider product id ("m1.large") within the data
// centre's region; platform and architecture come from the image; the
// server gets a private and a public address derived from its id and its
// start date.
func buildServer(ctx context.Context, c *call, it *item, vals map[string]any) (map[string]any, error) {
	prod, err := c.resolveProduct(ctx, it, vals["product"])
	if err != nil {
		return nil, err
	}
	it.data["product"] = map[string]any{"productId": prod.data["productId"]}
	if s := strField(prod.data, "providerProductId"); s != "" {
		it.data["providerProductId"] = s
	}
	if imgs := c.refs["machineImage"]; len(imgs) > 0 {
		img := imgs[0].data
		for _, k := range []string{"platform", "architecture", "agentVersion"} {
			if img[k] != nil {
				it.data[k] = img[k]
			}
		}
	}
	if it.data["architecture"] == nil && prod.data["architecture"] != nil {
		it.data["architecture"] = prod.data["architecture"]
	}
	if it.data["platform"] == nil {
		it.data["platform"] = "UNKNOWN"
	}
	seed := "Server/" + it.rec.ID
	it.data["privateIpAddresses"] = []any{fmt.Sprintf("10.%d.%d.%d", hashByte(seed, 1), hashByte(seed, 2), 1+hashByte(seed, 3))}
	it.data["publicIpAddress"] = fmt.Sprintf("54.%d.%d.%d", hashByte(seed, 4), hashByte(seed, 5), 1+hashByte(seed, 6))
	it.data["startDate"] = FormatTime(c.now)
	if n, _ := asInt(it.data["agentVersion"]); n > 0 {
		it.data["registered"] = true
	}
	return nil, nil
}

// resolveProduct finds the ServerProduct a launch names: by numeric id,
// or the first product (in id order) whose provider product id is the
// given one and which is in the server's region. The latter, a scan of
// every product, is remembered where the store tells kind generations
// (products.go).
func (c *call) resolveProduct(ctx context.Context, server *item, ref any) (*item, error) {
	id, _ := refID(ref, "productId")
	if n, ok := id.(int64); ok {
		p, found, err := c.e.loadRef(ctx, c.tx, c.customer, "ServerProduct", idKey(n))
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, c.errorf(http.StatusBadRequest, "field %q: no such ServerProduct ID: %d", "product", n)
		}
		return p, nil
	}
	want, _ := id.(string)
	regionID, _ := refID(server.data["region"], "regionId")
	q, remembered := c.e.products.query(c.tx, c.customer, want, regionID)
	if remembered {
		if rec, ok, err := c.e.products.lookup(ctx, c.tx, q); err != nil || ok {
			if err != nil {
				return nil, err
			}
			return c.e.decodeRef(rec)
		}
	}
	found, matched, err := c.findProduct(ctx, want, regionID)
	if err != nil {
		return nil, err
	}
	if !matched {
		return nil, c.errorf(http.StatusBadRequest, "field %q: no server product %q in region %s", "product", want, idString(regionID))
	}
	if remembered {
		c.e.products.put(q, found)
	}
	return c.e.decodeRef(found)
}

// findProduct scans the products for the first one whose provider product
// id is want and which is in the region (any, when the region is not
// found).
func (c *call) findProduct(ctx context.Context, want string, regionID any) (store.Record, bool, error) {
	var region map[string]any
	if regionID != nil {
		r, found, err := c.e.loadRef(ctx, c.tx, c.customer, "Region", idString(regionID))
		if err != nil {
			return store.Record{}, false, err
		}
		if found {
			region = r.data
		}
	}
	var inRegion predicate = func(map[string]any) bool { return true }
	if region != nil {
		n, _ := asInt(regionID)
		inRegion = productInRegion(n, region)
	}
	// Only the fields the match needs are read of each product (the
	// catalogue has about a hundred); the one found is decoded whole.
	var found store.Record
	var matched bool
	var decodeErr error
	err := c.tx.Scan(ctx, store.Filter{Customer: c.customer, Kind: "ServerProduct"}, func(r store.Record) bool {
		d, err := c.e.recordFields(r, "providerProductId", "region", "providerRegionId", "cloud")
		if err != nil {
			decodeErr = err
			return false
		}
		if strings.EqualFold(strField(d, "providerProductId"), want) && inRegion(d) {
			found, matched = r, true
			return false
		}
		return true
	})
	if err == nil {
		err = decodeErr
	}
	return found, matched, err
}

func finishStart(_ context.Context, ev *env, it *item, _ map[string]any) error {
	it.data["lastBootTimestamp"] = FormatTime(ev.now)
	return nil
}

func finishPause(_ context.Context, ev *env, it *item, _ map[string]any) error {
	it.data["lastPauseTimestamp"] = FormatTime(ev.now)
	return nil
}

// finishTerminate stamps the termination and releases the server's volumes
// (they become AVAILABLE, like non-root block storage in the clouds).
func finishTerminate(ctx context.Context, ev *env, it *item, _ map[string]any) error {
	it.data["terminationTimestamp"] = FormatTime(ev.now)
	it.data["stopDate"] = FormatTime(ev.now)
	id, _ := asInt(it.data["serverId"])
	var attached []*item
	var decodeErr error
	err := ev.tx.Scan(ctx, store.Filter{Customer: ev.customer, Kind: "Volume"}, func(r store.Record) bool {
		v, err := decodeRecord(r)
		if err != nil {
			decodeErr = err
			return false
		}
		if r.Customer == ev.customer && matchesID(v.data["server"], "serverId", "", id) {
			attached = append(attached, v)
		}
		return true
	})
	if err == nil {
		err = decodeErr
	}
	if err != nil {
		return err
	}
	for _, v := range attached {
		if err := finishDetach(ctx, ev, v, nil); err != nil {
			return err
		}
		v.data["status"] = "AVAILABLE"
		if err := ev.e.save(ctx, ev.tx, v); err != nil {
			return err
		}
	}
	return nil
}
