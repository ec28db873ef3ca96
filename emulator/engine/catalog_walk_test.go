package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// fixtureIDs are customer A's (or global) records a payload can reference.
var fixtureIDs = map[string]int64{
	"Region": 10, "DataCenter": 100, "Cloud": 1, "ServerProduct": 200, "MachineImage": 300,
	"BillingCode": 400, "User": 500, "Account": 600, "Group": 700, "Role": 800, "Server": 900,
	"Volume": 1000, "Firewall": 1100, "ConfigurationManagementAccount": 1200, "Deployment": 1300,
	"Tier": 1400, "ConfigurationManagementSystem": 1500, "Network": 1600, "Snapshot": 1700, "Customer": 1,
}

// targetTemplates are customer-owned records an item operation can act on;
// each op gets a fresh copy.
var targetTemplates = map[string]string{
	"Server":             `{"name": "t", "status": "RUNNING", "dataCenter": {"dataCenterId": 100}, "region": {"regionId": 10}}`,
	"Volume":             `{"name": "t", "status": "AVAILABLE", "sizeInGb": 4, "dataCenter": {"dataCenterId": 100}}`,
	"Snapshot":           `{"name": "t", "status": "AVAILABLE"}`,
	"MachineImage":       `{"name": "t", "status": "ACTIVE", "agentVersion": 3}`,
	"Firewall":           `{"name": "t", "status": "ACTIVE"}`,
	"FirewallRule":       `{"firewall": {"firewallId": 1100}, "direction": "INGRESS", "protocol": "TCP"}`,
	"Network":            `{"name": "t", "status": "ACTIVE"}`,
	"Group":              `{"name": "t", "description": "t", "status": "ACTIVE"}`,
	"Role":               `{"name": "t", "description": "t", "status": "ACTIVE", "acl": []}`,
	"User":               `{"givenName": "t", "familyName": "t", "email": "t@example.com", "status": "ACTIVE"}`,
	"Account":            `{"name": "t", "status": "ACTIVE"}`,
	"ApiKey":             `{"name": "t", "state": "ACTIVE"}`,
	"BillingCode":        `{"name": "t", "financeCode": "t", "status": "ACTIVE"}`,
	"Deployment":         `{"name": "t", "status": "STOPPED"}`,
	"RelationalDatabase": `{"name": "t", "status": "ACTIVE"}`,
}

// specialValues are valid payload values the type alone cannot produce.
var specialValues = map[string]string{
	"email": `"x@example.com"`, "protocol": `"TCP"`, "direction": `"INGRESS"`, "cidr": `"10.0.0.0/8"`,
	"source": `"10.0.0.0/8"`, "networkAddress": `"10.1.0.0/16"`, "sizeInGb": `5`, "budget": `"400"`,
	"cloudSubscription": `{"cloudId": 1, "accountNumber": "1", "apiKeySecret": "s3cret"}`,
	"acl":               `[{"resourceType": "SERVER", "action": "START", "qualifier": "ANY"}]`,
	"roleAssignments":   `[{"accountId": 600, "roleId": 800}]`, "groupAccountBudgetCodes": `[{"accountId": 600, "budgetCodes": [400]}]`,
	"user": `{"userId": 500}`, "primaryProduct": `{"productId": "m1.small"}`, "regionId": `10`, "firewallId": `1100`,
	"agentVersion": `17`, "startPort": `22`, "endPort": `22`, "product": `{"productId": "m1.small"}`,
}

func opVersion(cat *catalog.Catalog, op *catalog.Op) string {
	if catalog.InRange(cat.CurrentVersion, op.Since, op.Until) {
		return cat.CurrentVersion
	}
	for _, v := range cat.Versions {
		if catalog.InRange(v, op.Since, op.Until) {
			return v
		}
	}
	return ""
}

// validPayload builds the op's arguments with every field that can be
// filled, the way a careful client would.
func validPayload(t *testing.T, op *catalog.Op, ver string) map[string]any {
	out := map[string]any{}
	for _, f := range op.Fields {
		if !catalog.InRange(ver, f.Since, f.Until) {
			continue
		}
		if f.Type == catalog.TypeString && strings.HasSuffix(f.Name, "Quota") {
			out[f.Name] = "USD11.01" // the 2011 money form
			continue
		}
		if s, ok := specialValues[f.Name]; ok {
			out[f.Name] = decodeJSON(t, s)
			continue
		}
		switch f.Type {
		case catalog.TypeRef, catalog.TypeRefs:
			id, ok := fixtureIDs[f.Ref]
			if !ok {
				if f.Required {
					t.Fatalf("no fixture for required reference %s → %s", f.Name, f.Ref)
				}
				continue
			}
			ref := map[string]any{f.RefKey: id}
			if f.Type == catalog.TypeRefs {
				out[f.Name] = []any{ref}
			} else {
				out[f.Name] = ref
			}
		case catalog.TypeInt:
			out[f.Name] = 1
		case catalog.TypeNumber:
			out[f.Name] = 1.5
		case catalog.TypeBool:
			out[f.Name] = true
		case catalog.TypeMoney:
			out[f.Name] = map[string]any{"currency": "USD", "value": 10}
		case catalog.TypeObject, catalog.TypeWindow:
			out[f.Name] = map[string]any{}
		case catalog.TypeArray:
			out[f.Name] = []any{}
		case catalog.TypeStrings:
			out[f.Name] = []any{"a"}
		case catalog.TypeEnum:
			out[f.Name] = f.Values[0]
		case catalog.TypeTimestamp:
			out[f.Name] = "2015-01-01T00:00:00.000+0000"
		default:
			out[f.Name] = "x"
		}
	}
	return out
}

// wrap puts arguments in the op's wrapping, as JSON of the verb's value.
func wrap(op *catalog.Op, args map[string]any) string {
	var v any = args
	if op.Container != "" {
		v = map[string]any{op.Container: args}
	}
	if op.Wrap == "list" {
		v = []any{v}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// freshTarget stores a new record for an item op, in the op's starting state.
func (h *harness) freshTarget(res *catalog.Resource, op *catalog.Op) string {
	h.t.Helper()
	tpl, ok := targetTemplates[res.Name]
	if !ok {
		h.t.Fatalf("no target template for %s", res.Name)
	}
	data := decodeJSON(h.t, tpl).(map[string]any)
	if op.State != nil && len(op.State.From) > 0 {
		data["status"] = op.State.From[0]
	}
	if f, ok := res.Field("status"); ok && op.State != nil && len(op.State.From) == 0 {
		// A state the op can start from: neither its During nor its To.
		for _, v := range f.Values {
			if v != op.State.To && v != op.State.During {
				data["status"] = v
				break
			}
		}
	}
	ctx := context.Background()
	var id string
	err := h.st.Update(ctx, func(tx store.Tx) error {
		if res.KeyType == "int" {
			n, err := tx.NextID(ctx, res.Name, 1)
			if err != nil {
				return err
			}
			id = strconv.FormatInt(n, 10)
			data[res.Key] = n
		} else {
			id = fmt.Sprintf("KEY%017d", len(h.t.Name()))
			data[res.Key] = id
		}
		b, _ := json.Marshal(data)
		return tx.Put(ctx, store.Record{Customer: custA, Kind: res.Name, ID: id, Data: b})
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// TestEveryWriteOp walks the catalogue: every create/update/action/delete
// op succeeds with a valid payload and the catalogue's status, and fails
// with 400 naming each required field that is missing.
func TestEveryWriteOp(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	for _, res := range cat.Resources {
		for _, op := range res.Ops {
			switch op.Kind {
			case catalog.KindList, catalog.KindGet, catalog.KindHead:
				continue
			}
			ver := opVersion(cat, op)
			name := fmt.Sprintf("%s/%s/%s/%s", res.Name, op.Kind, op.Verb, ver)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				h := newHarness(t)
				r := req{resource: res.Name, kind: op.Kind, verb: op.Verb, version: ver}
				if op.Kind != catalog.KindCreate {
					r.id = h.freshTarget(res, op)
				}
				if op.Kind == catalog.KindDelete {
					r.query = "reason=test"
					if res.Name == "BillingCode" {
						h.fails(400, "delete: query parameter replacementCode: required", r)
						r.query += "&replacementCode=401"
					}
				} else {
					args := validPayload(t, op, ver)
					for _, f := range op.Fields {
						if !f.Required || !catalog.InRange(ver, f.Since, f.Until) {
							continue
						}
						without := map[string]any{}
						for k, v := range args {
							if k != f.Name {
								without[k] = v
							}
						}
						missing := r
						missing.body = wrap(op, without)
						h.fails(400, fmt.Sprintf("%s: field %q: required", op.Verb, f.Name), missing)
					}
					r.body = wrap(op, args)
				}
				want := map[bool]int{true: 202, false: 204}[op.Async]
				if op.Kind == catalog.KindCreate && !op.Async {
					want = 201
				}
				resp := h.must(want, r)
				if want == 201 && (len(resp.Items) != 1 || resp.Items[0][res.Key] == nil) {
					t.Fatalf("201 without the new item: %v", resp.Items)
				}
				if want == 202 {
					jobID(t, resp)
				}
			})
		}
	}
}
