package sdkwrites_test

import (
	"strconv"

	"github.com/mixcoatl/mixcoatl/infrastructure"
)

// cases holds every write op of the catalogue by caseKey ("Resource.verb",
// "Resource.delete"); an op without one fails TestEveryWriteOp. Creates
// need no target; the generic checks (echo of the sent fields, state
// transitions, 404 after delete) run for all, check adds what they cannot
// see.
var cases = map[string]opCase{
	// admin
	"Account.addAccount": {
		check: func(h *harness, o outcome) { h.expect(o.after, 1, h.at("Account", "cloudSubscription"), "cloudId") },
	},
	"Account.assignCloud": {
		target: seedID(20001),
		req:    map[string]any{"cloudSubscription": map[string]any{"accountNumber": "999999999999"}},
		check: func(h *harness, o outcome) {
			sub := h.at("Account", "cloudSubscription")
			h.expect(o.after, "999999999999", sub, "accountNumber")
			h.expect(o.after, field(o.before, sub, "cloudId"), sub, "cloudId")
		},
	},
	"ApiKey.generateApiKey": {
		check: func(h *harness, o outcome) {
			if field(o.created, "secretKey") == "" {
				h.t.Errorf("the created key holds no secretKey: %v", o.created)
			}
			h.expect(o.after, "ACTIVE", "state")
		},
	},
	"ApiKey.delete": {
		target: func(h *harness) string { return h.freshAPIKey() },
		keeps:  true,
		check:  func(h *harness, o outcome) { h.expect(o.after, "INACTIVE", "state") },
	},
	"BillingCode.addBillingCode": {
		req:   map[string]any{"softQuota": byField["softQuota"]},
		check: func(h *harness, o outcome) { h.expect(o.after, "NORMAL", "budgetState") },
	},
	"BillingCode.delete": {
		target: id64((*harness).freshBillingCode),
		params: map[string]any{"replacementCode": int64(1512)},
	},
	"Group.addGroup":      {},
	"Group.describeGroup": {target: seedID(7502), req: map[string]any{"name": "renamed", "description": "renamed by internal/sdkwrites"}},
	"Group.setRole": {
		// one role per account: Operations replaces Developers' Developer role in 20002.
		target: seedID(7502),
		req:    map[string]any{"role": int64(9003), "account": int64(20002)},
		check: func(h *harness, o outcome) {
			want := []any{map[string]any{"roleId": 9003, "roleName": "Operations", "accountId": 20002}}
			h.expectHolds(o.after, "roleAssignments", want)
			if contains(o.before["roleAssignments"], want) || !contains(o.before["roleAssignments"], []any{map[string]any{"roleId": 9002, "accountId": 20002}}) {
				h.t.Fatalf("the seed's group 7502 changed: %v", o.before["roleAssignments"])
			}
			if contains(o.after["roleAssignments"], []any{map[string]any{"roleId": 9002, "accountId": 20002}}) {
				h.t.Errorf("the old role of account 20002 is still assigned: %v", o.after["roleAssignments"])
			}
		},
	},
	"Group.addRoleAssignments": {
		target: seedID(7502),
		req: map[string]any{
			"roleAssignments":         []any{map[string]any{"accountId": int64(20002), "roleId": int64(9003)}},
			"groupAccountBudgetCodes": []any{map[string]any{"accountId": int64(20002), "budgetCodes": []any{int64(1514)}}},
		},
	},
	"Group.delete": {target: id64((*harness).freshGroup)},
	"Role.addRole": {},
	"Role.grant":   {target: seedID(9002)},
	"User.addUser": {req: map[string]any{"groups": []int64{7503}}},
	"User.grant":   {target: seedID(13517), req: map[string]any{"groups": []int64{7503}, "billingCodes": []int64{1514}}},
	// automation
	"ConfigurationManagementService.addService": {},
	"Deployment.addDeployment": {
		check: func(h *harness, o outcome) {
			h.expect(o.after, "STOPPED", "status")
			h.expectHolds(o.after, "regions", []any{map[string]any{"regionId": 19344}}) // regionId names a reference
		},
	},
	// launch needs a deployment that is not RUNNING (the seed's is): a fresh one is STOPPED.
	"Deployment.launch":                          {target: id64((*harness).freshDeployment)},
	"Deployment.stop":                            {target: seedID(2101)},
	"LaunchConfiguration.addLaunchConfiguration": {},
	"Tier.addTier":                               {req: map[string]any{"minimumServers": int64(1), "maximumServers": int64(3)}},
	// infrastructure
	"MachineImage.imageServer": {
		// the image takes the imaged server's platform and architecture.
		check: func(h *harness, o outcome) {
			srv := h.get(resource("Server"), "331810")
			h.expect(o.after, field(srv, "platform"), "platform")
			h.expect(o.after, field(srv, "architecture"), "architecture")
		},
	},
	"MachineImage.describeImage": {target: seedID(3801), req: map[string]any{"name": "renamed", "description": "renamed by internal/sdkwrites"}},
	"MachineImage.registerAgent": {target: seedID(3801)},
	"MachineImage.unRegisterAgent": {
		// setup: an image whose agent is registered.
		target: func(h *harness) string {
			h.must(infrastructure.New(h.client).MachineImages.RegisterAgent(h.ctx, 3801, infrastructure.MachineImageRegisterAgentRequest{AgentVersion: 7}))
			return "3801"
		},
		check: func(h *harness, o outcome) {
			h.expect(o.before, 7, "agentVersion")
			h.expect(o.after, "", "agentVersion")
		},
	},
	"MachineImage.assignGroups": {target: seedID(3801)},
	"MachineImage.assignBudget": {target: seedID(3801)},
	"MachineImage.deprecateImage": {
		target: seedID(3801),
		check:  func(h *harness, o outcome) { h.expect(o.after, "DEPRECATED", "status") },
	},
	"MachineImage.delete": {target: id64((*harness).freshImage)},
	"Server.launch": {
		check: func(h *harness, o outcome) { h.expect(o.after, 617, "product", "productId") },
	},
	"Server.start":          {target: id64((*harness).pausedServer), req: map[string]any{"reason": "sdkwrites"}},
	"Server.stop":           {target: id64((*harness).freshServer), req: map[string]any{"reason": "sdkwrites", "force": true}},
	"Server.pause":          {target: id64((*harness).freshServer), req: map[string]any{"reason": "sdkwrites"}},
	"Server.describeServer": {target: seedID(331810), req: map[string]any{"label": "blue"}},
	"Server.provisionUser": {
		target: seedID(331810),
		check:  func(h *harness, o outcome) { h.expect(o.after, "RUNNING", "status") },
	},
	"Server.deprovisionUser": {
		target: seedID(331810),
		check:  func(h *harness, o outcome) { h.expect(o.after, "RUNNING", "status") },
	},
	"Server.assignGroups": {target: seedID(331810)},
	"Server.assignBudget": {target: seedID(331810)},
	"Server.delete": {
		target: id64((*harness).freshServer),
		check: func(h *harness, o outcome) {
			if field(o.after, "terminationTimestamp") == "" {
				h.t.Errorf("terminated server without terminationTimestamp: %v", o.after)
			}
		},
	},
	"Snapshot.addSnapshot":      {check: func(h *harness, o outcome) { h.expect(o.after, "true", "available") }},
	"Snapshot.describeSnapshot": {target: seedID(6101), req: map[string]any{"name": "renamed", "description": "renamed by internal/sdkwrites"}},
	"Snapshot.delete":           {target: id64((*harness).freshSnapshot)},
	"Volume.addVolume":          {check: func(h *harness, o outcome) { h.expect(o.after, "20GB", "sizeString") }},
	"Volume.attach": {
		// attach needs an unattached volume in the server's data centre.
		target: id64((*harness).freshVolume),
		req:    map[string]any{"deviceId": "/dev/xvdh"},
		check:  func(h *harness, o outcome) { h.expect(o.after, "/dev/xvdh", "deviceId") },
	},
	"Volume.detach": {
		target: id64((*harness).attachedVolume),
		check: func(h *harness, o outcome) {
			h.expect(o.before, 331810, "server", "serverId")
			h.expect(o.after, "", "server")
			h.expect(o.after, "", "deviceId")
		},
	},
	"Volume.describeVolume": {target: seedID(5102), req: map[string]any{"name": "renamed", "description": "renamed by internal/sdkwrites"}},
	"Volume.assignBudget":   {target: seedID(5102)},
	"Volume.assignGroups":   {target: seedID(5102)},
	// delete needs an AVAILABLE volume.
	"Volume.delete": {target: id64((*harness).freshVolume)},
	// network
	"Firewall.addFirewall": {},
	"Firewall.delete": {
		target: func(h *harness) string {
			fw := h.freshFirewall()
			h.rule = h.freshRule(fw)
			return strconv.FormatInt(fw, 10)
		},
		check: func(h *harness, o outcome) {
			if rec := h.get(resource("FirewallRule"), strconv.FormatInt(h.rule, 10)); rec != nil {
				h.t.Errorf("rule %d of the deleted firewall is still there: %v", h.rule, rec)
			}
		},
	},
	"FirewallRule.addRule": {
		req:    map[string]any{"startPort": int64(8443)},
		noEcho: []string{"cidr"}, // stored as networkAddress
		check: func(h *harness, o outcome) {
			h.expect(o.after, 24001, "firewall", "firewallId")
			h.expect(o.after, "10.9.0.0/16", h.at("FirewallRule", "networkAddress"))
		},
	},
	"FirewallRule.delete": {target: func(h *harness) string { return strconv.FormatInt(h.freshRule(24001), 10) }},
	"Network.addNetwork":  {},
	"Network.delete":      {target: id64((*harness).freshNetwork)},
	// platform
	"RelationalDatabase.delete": {target: seedID(47001)},
}
