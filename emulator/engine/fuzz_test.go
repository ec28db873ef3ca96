package engine_test

import (
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
)

// writeOps lists every create/update/action/delete op of the catalogue.
func writeOps(cat *catalog.Catalog) (out []struct {
	res *catalog.Resource
	op  *catalog.Op
}) {
	for _, res := range cat.Resources {
		for _, op := range res.Ops {
			switch op.Kind {
			case catalog.KindCreate, catalog.KindUpdate, catalog.KindAction, catalog.KindDelete:
				out = append(out, struct {
					res *catalog.Resource
					op  *catalog.Op
				}{res, op})
			}
		}
	}
	return out
}

// FuzzPayload sends random JSON to a random write op: the engine never
// panics and fails only with a client error (*engine.Error, 4xx).
func FuzzPayload(f *testing.F) {
	f.Add(uint(0), `[{"name": "x"}]`, "")
	f.Add(uint(7), `[{"name": "web", "description": "d", "budget": "400", "product": {"productId": "m1.small"}, "machineImage": {"machineImageId": 300}, "dataCenter": {"dataCenterId": 100}}]`, "")
	f.Add(uint(3), `{"group": {"name": 5, "description": null}}`, "")
	f.Add(uint(11), `[{"sizeInGb": -1, "dataCenter": "100"}]`, "reason=x&terminateAfter=-5")
	f.Add(uint(2), `[[], {}]`, "replacementCode=abc")
	f.Add(uint(5), `"str"`, "")
	f.Add(uint(9), `[{"server": {"serverId": 1.5}, "owningGroups": [1, "a", null]}]`, "pauseAfter=0")
	cat := catalog.Load()
	ops := writeOps(cat)
	f.Fuzz(func(t *testing.T, pick uint, body, query string) {
		var v any
		if json.Unmarshal([]byte(body), &v) != nil {
			return
		}
		if _, err := url.ParseQuery(query); err != nil {
			return
		}
		o := ops[pick%uint(len(ops))]
		h := newHarness(t)
		r := req{resource: o.res.Name, kind: o.op.Kind, verb: o.op.Verb, version: opVersion(cat, o.op), body: body, query: query}
		if o.op.Kind != catalog.KindCreate {
			if id, ok := fixtureIDs[o.res.Name]; ok {
				r.id = strconv.FormatInt(id, 10)
			} else {
				r.id = h.freshTarget(o.res, o.op)
			}
		}
		resp, err := h.do(r)
		if err == nil {
			if resp.Status < 200 || resp.Status > 204 {
				t.Fatalf("success with status %d", resp.Status)
			}
			return
		}
		var ee *engine.Error
		if !errors.As(err, &ee) || ee.Status < 400 || ee.Status > 499 || ee.Message == "" {
			t.Fatalf("%s %s: %v (want a 4xx *engine.Error)", o.res.Name, o.op.Verb, err)
		}
	})
}
