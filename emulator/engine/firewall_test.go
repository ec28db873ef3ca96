package engine_test

import (
	"testing"
)

// TestFirewallRuleRecordedShape: a rule answers what recorded rules hold —
// ports on every TCP/UDP rule (all of them when none were sent), none on
// ICMP, a GLOBAL destination naming the firewall — and precedences stay
// unique on a firewall, also after a rule is deleted.
func TestFirewallRuleRecordedShape(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	add := func(body string) map[string]any {
		return h.must(201, req{resource: "FirewallRule", kind: "create", verb: "addRule", body: body}).Items[0]
	}
	all := add(`[{"firewallId": 1100, "source": "10.0.0.0/8", "direction": "INGRESS", "protocol": "UDP"}]`)
	if idOf(all["startPort"]) != "0" || idOf(all["endPort"]) != "65535" {
		t.Errorf("a UDP rule without ports: %v", all)
	}
	if all["destinationType"] != "GLOBAL" || all["destination"] != "1100" {
		t.Errorf("a GLOBAL rule's destination: %v", all)
	}
	icmp := add(`[{"firewallId": 1100, "source": "10.0.0.0/8", "direction": "INGRESS", "protocol": "ICMP", "startPort": 1}]`)
	if _, ok := icmp["startPort"]; ok {
		t.Errorf("an ICMP rule with ports: %v", icmp)
	}
	egress := add(`[{"firewallId": 1100, "source": "10.0.0.0/8", "direction": "EGRESS", "protocol": "TCP", "startPort": 443,
		"destination": "192.0.2.0/24", "destinationType": "CIDR", "permission": "deny"}]`)
	if egress["destination"] != "192.0.2.0/24" || egress["permission"] != "DENY" {
		t.Errorf("an EGRESS rule: %v", egress)
	}
	if p := []string{idOf(all["precedence"]), idOf(icmp["precedence"]), idOf(egress["precedence"])}; p[0] != "1" || p[1] != "2" || p[2] != "3" {
		t.Errorf("precedences %v, want 1 2 3", p)
	}
	h.must(204, req{resource: "FirewallRule", kind: "delete", id: idOf(icmp["firewallRuleId"])})
	next := add(`[{"firewallId": 1100, "source": "10.1.0.0/16", "direction": "INGRESS", "protocol": "TCP", "startPort": 22}]`)
	if idOf(next["precedence"]) != "4" {
		t.Errorf("after a delete the next precedence is %s, want 4 (3 is taken)", idOf(next["precedence"]))
	}
	h.fails(409, "precedence 3 is taken by rule "+idOf(egress["firewallRuleId"]), req{resource: "FirewallRule", kind: "create", verb: "addRule",
		body: `[{"firewallId": 1100, "source": "10.2.0.0/16", "direction": "INGRESS", "protocol": "TCP", "startPort": 80, "precedence": 3}]`})
	first := add(`[{"firewallId": 1100, "source": "10.2.0.0/16", "direction": "INGRESS", "protocol": "TCP", "startPort": 80, "precedence": 2}]`)
	if idOf(first["precedence"]) != "2" {
		t.Errorf("a free precedence given: %v", first)
	}
}
