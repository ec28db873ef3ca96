package sdkwrites

import (
	"context"
	"errors"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/network"
	"github.com/mixcoatl/mixcoatl/sdk"
)

// A typed request sets a member only another API version's form takes:
// the SDK refuses it before sending, as the emulator would, rather than
// drop it and create something else than the caller wrote (a rule that
// allows where DENY was asked). The same member under the chosen form's
// own name (the 2014 "source" beside the 2012 "cidr") is not refused.
func TestTypedRequestsRefuseOtherVersionsMembers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const version = "2012-06-15"
	emu := dcmtest.New(t)
	emu.Config.APIVersion = version
	emu.Config.Endpoint = dcmtest.BaseURL + dcm.APIBasePath + "/" + version
	rules := network.New(emu.Client()).FirewallRules
	const firewall = 24002
	before, err := rules.Count(ctx, network.FirewallRuleFilter{FirewallID: firewall})
	if err != nil {
		t.Fatal(err)
	}

	deny := network.FirewallRuleAddRuleRequest{FirewallID: firewall, CIDR: "10.0.0.0/8", Direction: "EGRESS",
		Protocol: "UDP", StartPort: 53, EndPort: 53, Permission: "DENY"}
	_, err = rules.AddRule(ctx, deny)
	if fe, ok := errors.AsType[*sdk.FormError](err); !ok || fe.Member != "permission" || fe.Version != version {
		t.Fatalf("permission at %s: err = %v, want a *sdk.FormError naming permission", version, err)
	}
	if after, _ := rules.Count(ctx, network.FirewallRuleFilter{FirewallID: firewall}); after != before {
		t.Fatalf("a refused request created a rule: %d rules, had %d", after, before)
	}

	both := network.FirewallRuleAddRuleRequest{FirewallID: firewall, CIDR: "10.0.0.0/8", Source: "10.0.0.0/8",
		Direction: "INGRESS", Protocol: "TCP", StartPort: 22, EndPort: 22}
	rule, err := rules.AddRule(ctx, both)
	if err != nil {
		t.Fatalf("cidr and its later name source, both set: %v", err)
	}
	if rule.NetworkAddress != "10.0.0.0/8" {
		t.Errorf("created rule %+v, want networkAddress 10.0.0.0/8", rule)
	}
}
