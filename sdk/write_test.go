package sdk_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mixcoatl/mixcoatl/admin"
	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/infrastructure"
	"github.com/mixcoatl/mixcoatl/network"
	"github.com/mixcoatl/mixcoatl/sdk"
)

// body builds the wire body of an op for an API version, as a generic value.
func body(t *testing.T, resource string, kind catalog.Kind, verb, version string, req any) any {
	t.Helper()
	res, ok := catalog.Load().Resource(resource)
	if !ok {
		t.Fatalf("no resource %s", resource)
	}
	op, ok := res.Op(kind, verb, version)
	if !ok {
		t.Fatalf("%s has no %s %s in %s", resource, kind, verb, version)
	}
	payload, err := sdk.Payload(res, op, req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(sdk.Wrap(op, payload))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func parse(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestPayloadForms(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, resource string
		kind           catalog.Kind
		verb, version  string
		req            any
		want           string
	}{
		{
			"launch is list-wrapped with references as id objects; provider product ids stay strings",
			"Server", catalog.KindCreate, "launch", "",
			infrastructure.ServerLaunchRequest{Name: "web", Description: "d", Budget: 1512, Product: "m1.large",
				MachineImage: sdk.IntID(302), DataCenter: "64351", Firewalls: []sdk.ID{"24001", "24002"}},
			`{"launch":[{"name":"web","description":"d","budget":1512,"product":{"productId":"m1.large"},
			  "machineImage":{"machineImageId":302},"dataCenter":{"dataCenterId":64351},
			  "firewalls":[{"firewallId":24001},{"firewallId":24002}]}]}`,
		},
		{
			"an action without fields sends an empty object in the list",
			"Volume", catalog.KindAction, "detach", "", infrastructure.VolumeDetachRequest{},
			`{"detach":[{}]}`,
		},
		{
			"assignCloud wraps an object in its container",
			"Account", catalog.KindAction, "assignCloud", "",
			admin.AccountAssignCloudRequest{CloudSubscription: map[string]any{"cloudId": 1}},
			`{"assignCloud":{"accounts":{"cloudSubscription":{"cloudId":1}}}}`,
		},
		{
			"billing codes before 2011-07-15: object form, quotas as compact strings",
			"BillingCode", catalog.KindCreate, "addBillingCode", "2011-02-24",
			admin.BillingCodeAddBillingCodeRequest{Name: "ops", FinanceCode: "F1", SoftQuota: sdk.Money{Currency: "USD", Value: 50}},
			`{"addBillingCode":{"billingCode":{"name":"ops","financeCode":"F1","softQuota":"USD50.00"}}}`,
		},
		{
			"billing codes later: list form, quotas as money objects",
			"BillingCode", catalog.KindCreate, "addBillingCode", "2015-06-29",
			admin.BillingCodeAddBillingCodeRequest{Name: "ops", FinanceCode: "F1", SoftQuota: sdk.Money{Currency: "USD", Value: 50}},
			`{"addBillingCode":[{"name":"ops","financeCode":"F1","softQuota":{"currency":"USD","value":50}}]}`,
		},
		{
			"firewall rules before 2014-07-30 use cidr",
			"FirewallRule", catalog.KindCreate, "addRule", "2012-06-15",
			network.FirewallRuleAddRuleRequest{FirewallID: 24001, CIDR: "10.0.0.0/8", Source: "ignored in this form",
				Direction: "INGRESS", Protocol: "TCP", StartPort: 22, EndPort: 22},
			`{"addRule":[{"firewallId":24001,"cidr":"10.0.0.0/8","startPort":22,"endPort":22,"direction":"INGRESS","protocol":"TCP"}]}`,
		},
		{
			"firewall rules from 2014-07-30 use source and destination",
			"FirewallRule", catalog.KindCreate, "addRule", "2015-06-29",
			network.FirewallRuleAddRuleRequest{FirewallID: 24001, Source: "1.2.3.4/32", SourceType: "CIDR",
				Destination: "24001", DestinationType: "GLOBAL", Direction: "INGRESS", Permission: "ALLOW", Protocol: "TCP"},
			`{"addRule":[{"firewallId":24001,"source":"1.2.3.4/32","sourceType":"CIDR","destination":"24001",
			  "destinationType":"GLOBAL","direction":"INGRESS","permission":"ALLOW","protocol":"TCP"}]}`,
		},
		{
			"extra members are sent as given",
			"Server", catalog.KindUpdate, "describeServer", "",
			infrastructure.ServerDescribeServerRequest{Name: "renamed", Extra: map[string]any{"futureField": true}},
			`{"describeServer":[{"name":"renamed","futureField":true}]}`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := body(t, tc.resource, tc.kind, tc.verb, tc.version, tc.req)
			if diff := cmp.Diff(parse(t, tc.want), got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestPayloadRequiredFieldsDependOnTheForm(t *testing.T) {
	t.Parallel()
	res, _ := catalog.Load().Resource("FirewallRule")
	req := network.FirewallRuleAddRuleRequest{FirewallID: 1, Source: "1.2.3.4/32", Direction: "INGRESS", Protocol: "TCP"}
	newForm, _ := res.Op(catalog.KindCreate, "addRule", "2015-06-29")
	if _, err := sdk.Payload(res, newForm, req); err != nil {
		t.Fatalf("new form: %v", err)
	}
	oldForm, _ := res.Op(catalog.KindCreate, "addRule", "2012-06-15")
	_, err := sdk.Payload(res, oldForm, req)
	var missing *sdk.MissingFieldError
	if !errors.As(err, &missing) || missing.Field != "cidr" || missing.Verb != "addRule" {
		t.Fatalf("old form err = %v, want cidr missing", err)
	}
}

func TestQueryChecksRequiredAndAlternatives(t *testing.T) {
	t.Parallel()
	res, _ := catalog.Load().Resource("ServerProduct")
	if _, err := sdk.Query(res.Name, res.Filters, infrastructure.ServerProductFilter{}, nil); err == nil {
		t.Fatal("no regionId and no machineImageId: want an error")
	}
	q, err := sdk.Query(res.Name, res.Filters, infrastructure.ServerProductFilter{MachineImageID: 302}, nil)
	if err != nil || q.Get("machineImageId") != "302" {
		t.Fatalf("q = %v, err = %v", q, err)
	}
	srv, _ := catalog.Load().Resource("Server")
	q, err = sdk.Query(srv.Name, srv.Filters, infrastructure.ServerFilter{ActiveOnly: new(false)}, nil)
	if err != nil || q.Get("activeOnly") != "false" {
		t.Fatalf("a false *bool must be sent: q = %v, err = %v", q, err)
	}
}
