package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// clock is a controllable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

const (
	custA   = int64(1)
	custB   = int64(2)
	userA   = int64(500)
	version = "2015-06-29"
)

// harness is one engine on its own memory store with the fixture data.
type harness struct {
	t     testing.TB
	cat   *catalog.Catalog
	st    store.Store
	clock *clock
	eng   *engine.Engine
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessOn(t, catalog.Load())
}

// catalogCopy is a private copy of the embedded catalogue to change.
func catalogCopy(t *testing.T) *catalog.Catalog { return engine.CatalogCopy(t) }

// newHarnessOn is newHarness with an engine serving cat.
func newHarnessOn(t *testing.T, cat *catalog.Catalog) *harness {
	t.Helper()
	return newHarnessOver(t, cat, store.NewMemory())
}

// newHarnessOver is newHarnessOn over st (a SQLite store, say), which it
// fills with the fixtures.
func newHarnessOver(t testing.TB, cat *catalog.Catalog, st store.Store) *harness {
	t.Helper()
	h := &harness{t: t, cat: cat, st: st, clock: &clock{t: time.Date(2015, 6, 1, 12, 0, 0, 0, time.UTC)}}
	h.eng = engine.New(h.cat, h.clock.now)
	h.put(0, fixtureGlobal)
	h.put(custA, fixtureCustomer(custA, 0))
	h.put(custB, fixtureCustomer(custB, 5000))
	return h
}

// fixtureGlobal holds what every customer sees.
const fixtureGlobal = `{
 "Cloud": [{"cloudId": 1, "name": "Amazon Web Services", "status": "ACTIVE", "privateCloud": false},
           {"cloudId": 2, "name": "Private", "status": "ACTIVE", "privateCloud": true}],
 "Region": [{"regionId": 10, "name": "us-east-1", "providerId": "us-east-1", "status": "ACTIVE", "jurisdiction": "US", "cloud": {"cloudId": 1}},
            {"regionId": 11, "name": "eu-west-1", "providerId": "eu-west-1", "status": "ACTIVE", "jurisdiction": "EU", "cloud": {"cloudId": 1}}],
 "DataCenter": [{"dataCenterId": 100, "name": "us-east-1a", "providerId": "us-east-1a", "status": "ACTIVE", "region": {"regionId": 10}},
                {"dataCenterId": 101, "name": "us-east-1b", "providerId": "us-east-1b", "status": "ACTIVE", "region": {"regionId": 10}},
                {"dataCenterId": 110, "name": "eu-west-1a", "providerId": "eu-west-1a", "status": "ACTIVE", "region": {"regionId": 11}}],
 "ServerProduct": [{"productId": 200, "providerProductId": "m1.small", "providerRegionId": "us-east-1", "architecture": "I64", "cloud": {"cloudId": 1}},
                   {"productId": 201, "providerProductId": "m1.small", "providerRegionId": "eu-west-1", "architecture": "I64", "cloud": {"cloudId": 1}},
                   {"productId": 202, "providerProductId": "t1.micro", "providerRegionId": "us-east-1", "architecture": "I32", "cloud": {"cloudId": 1}}],
 "MachineImage": [{"machineImageId": 300, "name": "CentOS", "status": "ACTIVE", "platform": "CENT_OS", "architecture": "I64", "agentVersion": 17,
                   "region": {"regionId": 10}, "cloud": {"cloudId": 1}, "public": true},
                  {"machineImageId": 301, "name": "Old", "status": "DELETED", "platform": "UBUNTU", "architecture": "I32",
                   "region": {"regionId": 10}, "cloud": {"cloudId": 1}}]
}`

// fixtureCustomer holds a customer's own records; ids are offset so the
// two customers' ids differ.
func fixtureCustomer(customer, off int64) string {
	n := func(base int64) string { return strconv.FormatInt(base+off, 10) }
	// Longer placeholders first: the replacer tries them in argument order.
	r := strings.NewReplacer(
		"$SYS", n(1500), "$SN", n(1700), "$BC2", n(401), "$CM", n(1200),
		"$C", strconv.FormatInt(customer, 10), "$BC", n(400), "$U", n(500), "$A", n(600),
		"$G", n(700), "$R", n(800), "$S", n(900), "$V", n(1000), "$F", n(1100),
		"$D", n(1300), "$T", n(1400), "$N", n(1600),
	)
	return r.Replace(`{
 "Customer": [{"customerId": $C, "businessName": "Customer $C", "status": "ACTIVE"}],
 "BillingCode": [{"billingCodeId": $BC, "name": "Main", "financeCode": "F1", "status": "ACTIVE", "budgetState": "NORMAL", "customer": {"customerId": $C}},
                 {"billingCodeId": $BC2, "name": "Spare", "financeCode": "F2", "status": "ACTIVE", "budgetState": "NORMAL", "customer": {"customerId": $C}}],
 "Account": [{"accountId": $A, "name": "main", "status": "ACTIVE", "cloudSubscription": {"cloudId": 1, "accountNumber": "123"}, "customer": {"customerId": $C}}],
 "Group": [{"groupId": $G, "name": "Admins", "description": "admins", "status": "ACTIVE", "roleAssignments": [{"roleId": $R, "roleName": "Admin", "accountId": $A}]}],
 "Role": [{"roleId": $R, "name": "Admin", "description": "all", "status": "ACTIVE", "acl": []}],
 "User": [{"userId": $U, "givenName": "Ada", "familyName": "Lovelace", "email": "ada@example.com", "status": "ACTIVE",
           "account": {"accountId": $A}, "groups": [{"groupId": $G}]}],
 "Server": [{"serverId": $S, "name": "web", "status": "RUNNING", "budget": $BC, "dataCenter": {"dataCenterId": 100},
             "region": {"regionId": 10}, "cloud": {"cloudId": 1}, "owningAccount": {"accountId": $A}}],
 "Volume": [{"volumeId": $V, "name": "data", "status": "AVAILABLE", "sizeInGb": 8, "budget": $BC, "dataCenter": {"dataCenterId": 100},
             "region": {"regionId": 10}, "cloud": {"cloudId": 1}}],
 "Snapshot": [{"snapshotId": $SN, "name": "snap", "status": "AVAILABLE", "volume": {"volumeId": $V}, "region": {"regionId": 10}}],
 "Firewall": [{"firewallId": $F, "name": "default", "status": "ACTIVE", "region": {"regionId": 10}, "budget": $BC}],
 "Network": [{"networkId": $N, "name": "net", "status": "ACTIVE", "region": {"regionId": 10}}],
 "ConfigurationManagementSystem": [{"cmSystemId": $SYS, "name": "Chef", "type": "CHEF"}],
 "ConfigurationManagementAccount": [{"cmAccountId": $CM, "name": "chef", "status": "ACTIVE"}],
 "Deployment": [{"deploymentId": $D, "name": "dep", "status": "STOPPED", "budget": $BC}],
 "Tier": [{"tierId": $T, "name": "tier", "status": "NORMAL", "deployment": {"deploymentId": $D}}]
}`)
}

// put stores fixture records and moves the id sequences past them.
func (h *harness) put(customer int64, doc string) {
	h.t.Helper()
	var kinds map[string][]map[string]any
	if err := json.Unmarshal([]byte(doc), &kinds); err != nil {
		h.t.Fatalf("fixture: %v", err)
	}
	ctx := context.Background()
	err := h.st.Update(ctx, func(tx store.Tx) error {
		for kind, recs := range kinds {
			res, ok := h.cat.Resource(kind)
			if !ok {
				h.t.Fatalf("fixture: unknown resource %s", kind)
			}
			for _, r := range recs {
				b, _ := json.Marshal(r)
				if res.Key == "" { // flat resource: one record under a fixed id
					if err := tx.Put(ctx, store.Record{Customer: customer, Kind: kind, ID: "license", Data: b}); err != nil {
						return err
					}
					continue
				}
				id := int64(r[res.Key].(float64))
				if err := tx.Put(ctx, store.Record{Customer: customer, Kind: kind, ID: strconv.FormatInt(id, 10), Data: b}); err != nil {
					return err
				}
				if _, err := tx.NextID(ctx, kind, id+1); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
}

// req describes a request in test terms.
type req struct {
	customer int64
	user     int64
	resource string
	kind     catalog.Kind
	verb     string
	id       string
	query    string
	body     string // JSON of the value under the verb key
	version  string
}

// do settles and handles one request in one writable transaction, like the
// HTTP layer.
func (h *harness) do(r req) (*engine.Response, error) {
	h.t.Helper()
	res, ok := h.cat.Resource(r.resource)
	if !ok {
		h.t.Fatalf("unknown resource %s", r.resource)
	}
	if r.customer == 0 {
		r.customer = custA
	}
	if r.user == 0 {
		r.user = userA
	}
	if r.version == "" {
		r.version = version
	}
	op, ok := res.Op(r.kind, r.verb, r.version)
	if !ok {
		h.t.Fatalf("%s has no %s %s op in %s", r.resource, r.kind, r.verb, r.version)
	}
	q, err := url.ParseQuery(r.query)
	if err != nil {
		h.t.Fatal(err)
	}
	var body any
	if r.body != "" {
		body = decodeJSON(h.t, r.body)
	}
	var resp *engine.Response
	err = h.st.Update(context.Background(), func(tx store.Tx) error {
		if err := h.eng.Settle(context.Background(), tx, r.customer); err != nil {
			return err
		}
		var err error
		resp, err = h.eng.Handle(context.Background(), tx, &engine.Request{
			Customer: r.customer, UserID: r.user, Resource: res, Op: op, ID: r.id, Query: q, Version: r.version, Body: body,
		})
		return err
	})
	return resp, err
}

// must runs a request that has to succeed with the status.
func (h *harness) must(status int, r req) *engine.Response {
	h.t.Helper()
	resp, err := h.do(r)
	if err != nil {
		h.t.Fatalf("%s %s %s %s: %v", r.resource, r.kind, r.verb, r.id, err)
	}
	if resp.Status != status {
		h.t.Fatalf("%s %s %s %s: status %d, want %d", r.resource, r.kind, r.verb, r.id, resp.Status, status)
	}
	return resp
}

// fails runs a request that has to fail with an *engine.Error of the status
// whose message contains want.
func (h *harness) fails(status int, want string, r req) {
	h.t.Helper()
	_, err := h.do(r)
	var ee *engine.Error
	if !errors.As(err, &ee) {
		h.t.Fatalf("%s %s %s %s: err %v, want *engine.Error %d", r.resource, r.kind, r.verb, r.id, err, status)
	}
	if ee.Status != status || !strings.Contains(ee.Message, want) {
		h.t.Fatalf("%s %s %s %s: error %d %q, want %d containing %q", r.resource, r.kind, r.verb, r.id, ee.Status, ee.Message, status, want)
	}
}

// get reads one record as the customer.
func (h *harness) get(customer int64, resource, id string) map[string]any {
	h.t.Helper()
	resp := h.must(200, req{customer: customer, resource: resource, kind: "get", id: id})
	if len(resp.Items) != 1 {
		h.t.Fatalf("get %s %s: %d items", resource, id, len(resp.Items))
	}
	return resp.Items[0]
}

// list returns the ids of a list request's items.
func (h *harness) list(customer int64, resource, query string) []string {
	h.t.Helper()
	resp := h.must(200, req{customer: customer, resource: resource, kind: "list", query: query})
	res, _ := h.cat.Resource(resource)
	ids := []string{}
	for _, it := range resp.Items {
		ids = append(ids, idOf(it[res.Key]))
	}
	return ids
}

// jobID returns the id of the single job of a 202 response.
func jobID(t *testing.T, resp *engine.Response) string {
	t.Helper()
	if resp.Status != 202 || len(resp.Jobs) != 1 {
		t.Fatalf("want 202 with one job, got %d with %d jobs", resp.Status, len(resp.Jobs))
	}
	return idOf(resp.Jobs[0]["jobId"])
}

func idOf(v any) string {
	switch n := v.(type) {
	case json.Number:
		return n.String()
	case int64:
		return strconv.FormatInt(n, 10)
	case float64:
		return strconv.FormatInt(int64(n), 10)
	case string:
		return n
	}
	return ""
}

func decodeJSON(t testing.TB, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("bad JSON %s: %v", s, err)
	}
	return v
}
