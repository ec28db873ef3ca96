package engine_test

import (
	"slices"
	"testing"
)

func TestListFilters(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	cases := []struct {
		resource, query string
		want            []string
	}{
		{"DataCenter", "regionId=10", []string{"100", "101"}},
		{"DataCenter", "regionId=11", []string{"110"}},
		{"DataCenter", "regionId=10&unknownParam=1", []string{"100", "101"}},
		{"Region", "jurisdiction=eu", []string{"11"}},
		{"Region", "accountId=600", []string{"10", "11"}},
		{"Cloud", "publicOnly=TRUE", []string{"1"}},
		{"Cloud", "", []string{"1", "2"}},
		{"MachineImage", "regionId=10", []string{"300"}},
		{"MachineImage", "regionId=10&active=false", []string{"300", "301"}},
		{"MachineImage", "regionId=10&active=false&registered=1", []string{"300"}},
		{"MachineImage", "regionId=11", []string{}},
		{"ServerProduct", "regionId=10", []string{"200", "202"}},
		{"ServerProduct", "regionId=11", []string{"201"}},
		{"ServerProduct", "machineImageId=300", []string{"200"}},
		{"ServerProduct", "regionId=10&architecture=i32", []string{"202"}},
		{"ServerProduct", "regionId=999", []string{}},
		{"Volume", "dataCenterId=100", []string{"1000"}},
		{"Volume", "dataCenterId=101", []string{}},
		{"Server", "regionId=10", []string{"900"}},
		{"Snapshot", "volumeId=1000", []string{"1700"}},
		{"Server", "accountId=600", []string{"900"}},
		{"Role", "groupId=700", []string{"800"}},
		{"Role", "accountId=600", []string{"800"}},
		{"Role", "accountId=601", []string{}},
		{"Group", "accountId=600", []string{"700"}},
		{"Account", "cloudId=1", []string{"600"}},
		{"Account", "cloudId=2", []string{}},
	}
	for _, c := range cases {
		got := h.list(custA, c.resource, c.query)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s?%s = %v, want %v", c.resource, c.query, got, c.want)
		}
		resp := h.must(200, req{resource: c.resource, kind: "head", query: c.query})
		if resp.Count != len(c.want) {
			t.Errorf("HEAD %s?%s = %d, want %d", c.resource, c.query, resp.Count, len(c.want))
		}
	}
}

func TestListFilterErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.fails(400, "DataCenter list: missing required query parameter regionId", req{resource: "DataCenter", kind: "list"})
	h.fails(400, "missing required query parameter regionId (or machineImageId)", req{resource: "ServerProduct", kind: "list"})
	h.fails(400, "missing required query parameters regionId, engine", req{resource: "RelationalDatabaseProduct", kind: "list"})
	h.fails(400, `query parameter regionId: want an integer, got "ten"`, req{resource: "DataCenter", kind: "list", query: "regionId=ten"})
	h.fails(400, `query parameter activeOnly: want true or false, got "maybe"`, req{resource: "Server", kind: "list", query: "activeOnly=maybe"})
	h.fails(400, "DataCenter list: missing required query parameter regionId", req{resource: "DataCenter", kind: "head"})
}

func TestCustomerIsolation(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	if got := h.list(custB, "Server", ""); !slices.Equal(got, []string{"5900"}) {
		t.Fatalf("customer B servers %v", got)
	}
	if got := h.list(custA, "Server", ""); !slices.Equal(got, []string{"900"}) {
		t.Fatalf("customer A servers %v", got)
	}
	h.fails(404, "No such server ID: 5900", req{customer: custA, resource: "Server", kind: "get", id: "5900"})
	h.fails(404, "No such volume ID: 6000", req{customer: custA, resource: "Volume", kind: "delete", id: "6000"})
	// References to another customer's records do not resolve either.
	h.fails(400, `attach: field "server": no such Server ID: 5900`, req{resource: "Volume", kind: "action", verb: "attach", id: "1000", body: `[{"server": {"serverId": 5900}}]`})
	// Jobs are private too.
	job := jobID(t, h.must(202, req{customer: custB, user: 5500, resource: "Server", kind: "action", verb: "stop", id: "5900", body: `[{}]`}))
	h.fails(404, "No such job ID: "+job, req{customer: custA, resource: "Job", kind: "get", id: job})
	if got := h.list(custA, "Job", ""); len(got) != 0 {
		t.Errorf("customer A sees jobs %v", got)
	}
	// Global records are shared but read-only.
	if got := h.list(custB, "Cloud", ""); len(got) != 2 {
		t.Errorf("customer B clouds %v", got)
	}
	h.fails(403, "MachineImage 300 is shared by all customers and cannot be changed", req{resource: "MachineImage", kind: "update", verb: "describeImage", id: "300", body: `[{"name": "mine"}]`})
}

func TestFlatLicense(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.fails(404, "No License is installed", req{resource: "License", kind: "get"})
	h.put(0, `{"License": [{"licensee": "ACME", "valid": true, "serverLimit": 0}]}`)
	if got := h.get(custA, "License", ""); got["licensee"] != "ACME" {
		t.Errorf("license %v", got)
	}
}
