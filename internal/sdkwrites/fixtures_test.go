package sdkwrites_test

import (
	"fmt"
	"strconv"

	"github.com/mixcoatl/mixcoatl/admin"
	"github.com/mixcoatl/mixcoatl/automation"
	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/infrastructure"
	"github.com/mixcoatl/mixcoatl/network"
	"github.com/mixcoatl/mixcoatl/sdk"
)

// byField holds a value for a payload field, by wire name (ids of the
// default seed, emulator/seed/default.json). They differ from the seed
// records' own values, so an update that is not applied shows.
var byField = map[string]any{
	"name": "sdkwrites", "description": "written by internal/sdkwrites",
	"budget": int64(1514), "sizeInGb": int64(20), "regionId": int64(19344), "firewallId": int64(24001),
	"financeCode": "ENG-900", "softQuota": sdk.Money{Currency: "USD", Value: 50},
	"givenName": "Ada", "familyName": "Lovelace", "email": "ada@example.com",
	"agentVersion": int64(7), "networkAddress": "10.40.0.0/16",
	"cidr": "10.9.0.0/16", "source": "10.9.0.0/16", "direction": "INGRESS", "protocol": "TCP",
	"cloudSubscription": map[string]any{"cloudId": int64(1), "accountNumber": "210987654321"},
	"primaryProduct":    map[string]any{"productId": int64(617)},
	"acl":               []any{map[string]any{"resourceType": "VOLUME", "action": "ANY", "qualifier": "ANY"}},
	"user":              map[string]any{"userId": int64(13517)},
}

// byRef holds the id a ref (or refs) field points at, by target resource.
var byRef = map[string]int64{
	"Account": 20002, "BillingCode": 1514, "ConfigurationManagementSystem": 1, "Customer": 10001,
	"DataCenter": 64351, "Deployment": 2101, "Firewall": 24001, "Group": 7501, "MachineImage": 302,
	"Network": 31001, "Region": 19344, "Role": 9002, "Server": 331810, "ServerProduct": 617,
	"Snapshot": 6101, "Subnet": 32001, "Tier": 2201, "Volume": 5102,
}

// byParam holds delete query parameters.
var byParam = map[string]any{"reason": "sdkwrites"}

// fixture is the value of a payload field: byField by name, else byRef by
// target (one id for a ref, a one-element list for refs).
func fixture(f *catalog.Field) (any, bool) {
	if v, ok := byField[f.Name]; ok {
		return v, true
	}
	id, ok := byRef[f.Ref]
	switch {
	case !ok:
		return nil, false
	case f.Type == catalog.TypeRefs:
		return []int64{id}, true
	}
	return id, true
}

// opCase is what an op needs beyond the fixtures.
type opCase struct {
	// target is the record an update, action or delete addresses; it may
	// make that record first through the SDK (a fresh volume to attach).
	target func(h *harness) string
	// req adds or replaces payload fields; params are delete parameters.
	req    map[string]any
	params map[string]any
	// check looks at the outcome beyond the generic checks.
	check func(h *harness, o outcome)
	// keeps: a delete that leaves the record readable (not 404, no DELETED
	// state), which check then inspects.
	keeps bool
	// noEcho lists sent fields the resource stores in another form.
	noEcho []string
}

// outcome is what the generic run saw.
type outcome struct {
	id      string
	created map[string]any // sync create: the model the method returned
	before  map[string]any // update/action/delete: the target before the op
	after   map[string]any // the record read back at the end; nil after a 404
	job     *jobSeen
}

// jobSeen is what a run saw while its job ran: the target's status.
type jobSeen struct{ during string }

func seedID(id int64) func(*harness) string {
	return func(*harness) string { return strconv.FormatInt(id, 10) }
}

// field reads a member of a wire record as text ("" when absent or null).
func field(rec map[string]any, path ...string) string {
	var v any = rec
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[p]
	}
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func (h *harness) expect(rec map[string]any, want any, path ...string) {
	h.t.Helper()
	if got := field(rec, path...); got != fmt.Sprint(want) {
		h.t.Errorf("%v = %q, want %q (record %v)", path, got, fmt.Sprint(want), rec)
	}
}

func (h *harness) expectHolds(rec map[string]any, name string, want any) {
	h.t.Helper()
	var w any
	if err := decodeNumbers(h.t, want, &w); err != nil {
		h.t.Fatal(err)
	}
	if !contains(rec[name], w) {
		h.t.Errorf("%s = %v, want it to hold %v", name, rec[name], w)
	}
}

// at is the name the harness's API version answers a field of a resource
// under.
func (h *harness) at(res, name string) string { return resource(res).NameAt(name, h.version) }

func (h *harness) must(err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
}

// Setups: fresh records made through the typed SDK.

func (h *harness) freshServer() int64 {
	h.t.Helper()
	svc := infrastructure.New(h.client).Servers
	job, err := svc.Launch(h.ctx, infrastructure.ServerLaunchRequest{
		Name: "sdkwrites-server", Description: "setup", Budget: 1513,
		Product: sdk.IntID(617), MachineImage: sdk.IntID(302), DataCenter: sdk.IntID(64351),
	})
	h.must(err)
	id, _ := h.wait(job).ResultID()
	return id
}

func (h *harness) pausedServer() int64 {
	h.t.Helper()
	id := h.freshServer()
	job, err := infrastructure.New(h.client).Servers.Stop(h.ctx, id, infrastructure.ServerStopRequest{Reason: "setup"})
	h.must(err)
	h.wait(job)
	return id
}

func (h *harness) freshVolume() int64 {
	h.t.Helper()
	job, err := infrastructure.New(h.client).Volumes.AddVolume(h.ctx, infrastructure.VolumeAddVolumeRequest{
		Name: "sdkwrites-volume", Description: "setup", SizeInGb: 10, DataCenter: sdk.IntID(64351), Budget: 1512,
	})
	h.must(err)
	id, _ := h.wait(job).ResultID()
	return id
}

// attachedVolume is a fresh volume attached to seed server 331810, which is
// in the volume's data centre (64351).
func (h *harness) attachedVolume() int64 {
	h.t.Helper()
	id := h.freshVolume()
	job, err := infrastructure.New(h.client).Volumes.Attach(h.ctx, id, infrastructure.VolumeAttachRequest{Server: sdk.IntID(331810)})
	h.must(err)
	h.wait(job)
	return id
}

func (h *harness) freshSnapshot() int64 {
	h.t.Helper()
	job, err := infrastructure.New(h.client).Snapshots.AddSnapshot(h.ctx, infrastructure.SnapshotAddSnapshotRequest{
		Volume: sdk.IntID(5102), Name: "sdkwrites-snapshot"})
	h.must(err)
	id, _ := h.wait(job).ResultID()
	return id
}

func (h *harness) freshImage() int64 {
	h.t.Helper()
	job, err := infrastructure.New(h.client).MachineImages.ImageServer(h.ctx, infrastructure.MachineImageImageServerRequest{
		Name: "sdkwrites-image", Description: "setup", Budget: 1513, Server: sdk.IntID(331810)})
	h.must(err)
	id, _ := h.wait(job).ResultID()
	return id
}

func (h *harness) freshFirewall() int64 {
	h.t.Helper()
	job, err := network.New(h.client).Firewalls.AddFirewall(h.ctx, network.FirewallAddFirewallRequest{
		Name: "sdkwrites-fw", Description: "setup", Region: sdk.IntID(19344), Budget: 1512})
	h.must(err)
	id, _ := h.wait(job).ResultID()
	return id
}

func (h *harness) freshNetwork() int64 {
	h.t.Helper()
	job, err := network.New(h.client).Networks.AddNetwork(h.ctx, network.NetworkAddNetworkRequest{
		Name: "sdkwrites-net", Description: "setup", NetworkAddress: "10.50.0.0/16", Region: sdk.IntID(19344), Budget: 1512})
	h.must(err)
	id, _ := h.wait(job).ResultID()
	return id
}

func (h *harness) freshRule(firewall int64) int64 {
	h.t.Helper()
	r, err := network.New(h.client).FirewallRules.AddRule(h.ctx, network.FirewallRuleAddRuleRequest{
		FirewallID: firewall, CIDR: "10.60.0.0/16", Source: "10.60.0.0/16", Direction: "INGRESS", Protocol: "TCP", StartPort: 22})
	h.must(err)
	return r.FirewallRuleID
}

func (h *harness) freshGroup() int64 {
	h.t.Helper()
	g, err := admin.New(h.client).Groups.AddGroup(h.ctx, admin.GroupAddGroupRequest{Name: "sdkwrites-group", Description: "setup"})
	h.must(err)
	return g.GroupID
}

func (h *harness) freshBillingCode() int64 {
	h.t.Helper()
	b, err := admin.New(h.client).BillingCodes.AddBillingCode(h.ctx, admin.BillingCodeAddBillingCodeRequest{Name: "sdkwrites-code", FinanceCode: "ENG-901"})
	h.must(err)
	return b.BillingCodeID
}

func (h *harness) freshAPIKey() string {
	h.t.Helper()
	k, err := admin.New(h.client).APIKeys.GenerateAPIKey(h.ctx, admin.APIKeyGenerateAPIKeyRequest{Name: "sdkwrites-key"})
	h.must(err)
	return k.AccessKey
}

func (h *harness) freshDeployment() int64 {
	h.t.Helper()
	d, err := automation.New(h.client).Deployments.AddDeployment(h.ctx, automation.DeploymentAddDeploymentRequest{Name: "sdkwrites-deployment", Budget: 1513, RegionID: 19344})
	h.must(err)
	return d.DeploymentID
}

func id64(f func(*harness) int64) func(*harness) string {
	return func(h *harness) string { return strconv.FormatInt(f(h), 10) }
}
