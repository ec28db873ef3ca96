package engine

import (
	"context"
	"net"
	"net/http"
	"strings"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// buildRule stores both rule generations in one shape: the 2012 cidr
// becomes networkAddress (and the 2014 source with sourceType CIDR), a 2014
// CIDR source also fills networkAddress. Protocol and direction are
// checked, ports must form a range in 0…65535 (none for ICMP; a TCP or UDP
// rule sent without ports covers them all, as recorded rules always carry
// both), a GLOBAL destination is the firewall itself (recorded rules name
// it), and an identical rule already on the firewall answers 418 as the
// service did. A rule's precedence is unique on its firewall: a new rule
// without one comes after the others, one that names a taken precedence is
// a conflict.
func buildRule(ctx context.Context, c *call, it *item, vals map[string]any) (map[string]any, error) {
	proto := strings.ToUpper(strField(vals, "protocol"))
	switch proto {
	case "TCP", "UDP", "ICMP":
	default:
		return nil, c.errorf(http.StatusBadRequest, "field %q: want TCP, UDP or ICMP, got %q", "protocol", strField(vals, "protocol"))
	}
	dir := strings.ToUpper(strField(vals, "direction"))
	if dir != "INGRESS" && dir != "EGRESS" {
		return nil, c.errorf(http.StatusBadRequest, "field %q: want INGRESS or EGRESS, got %q", "direction", strField(vals, "direction"))
	}
	it.data["protocol"], it.data["direction"] = proto, dir
	if err := c.rulePorts(it, proto); err != nil {
		return nil, err
	}
	if cidr, ok := vals["cidr"].(string); ok {
		if _, _, err := net.ParseCIDR(cidr); err != nil {
			return nil, c.errorf(http.StatusBadRequest, "field %q: want a CIDR like 10.0.0.0/8, got %q", "cidr", cidr)
		}
		delete(it.data, "cidr")
		it.data["networkAddress"] = cidr
		it.data["source"] = cidr
		it.data["sourceType"] = "CIDR"
	}
	defaults := map[string]string{"sourceType": "CIDR", "destinationType": "GLOBAL", "permission": "ALLOW"}
	for k, v := range defaults {
		if s := strField(it.data, k); s == "" {
			it.data[k] = v
		} else {
			it.data[k] = strings.ToUpper(s)
		}
	}
	if it.data["destinationType"] == "GLOBAL" && strField(it.data, "destination") == "" {
		it.data["destination"] = idString(mustRef(it.data["firewall"], "firewallId"))
	}
	if it.data["sourceType"] == "CIDR" {
		src := strField(it.data, "source")
		if _, _, err := net.ParseCIDR(src); err != nil && net.ParseIP(src) == nil {
			return nil, c.errorf(http.StatusBadRequest, "field %q: want a CIDR like 10.0.0.0/8, got %q", "source", src)
		}
		it.data["networkAddress"] = src
	}
	it.data["ruleProviderId"] = "sgr-" + hashHex("FirewallRule/"+it.rec.ID, 8)
	delete(it.data, "status")
	siblings, err := c.firewallRules(ctx, it.data["firewall"])
	if err != nil {
		return nil, err
	}
	for _, r := range siblings {
		if sameRule(r.data, it.data) {
			return nil, c.errorf(http.StatusTeapot, "an identical rule already exists on firewall %s (rule %s)", idString(mustRef(it.data["firewall"], "firewallId")), r.rec.ID)
		}
	}
	return nil, c.rulePrecedence(it, siblings)
}

// rulePrecedence gives a new rule the precedence after its siblings' or
// refuses one a sibling already has.
func (c *call) rulePrecedence(it *item, siblings []*item) error {
	var last int64
	for _, r := range siblings {
		p, ok := asInt(r.data["precedence"])
		if !ok {
			continue
		}
		if want, given := asInt(it.data["precedence"]); given && want == p {
			return c.errorf(http.StatusConflict, "precedence %d is taken by rule %s of firewall %s", p, r.rec.ID, idString(mustRef(it.data["firewall"], "firewallId")))
		}
		last = max(last, p)
	}
	if _, given := asInt(it.data["precedence"]); !given {
		it.data["precedence"] = last + 1
	}
	return nil
}

func (c *call) rulePorts(it *item, proto string) error {
	if proto == "ICMP" {
		delete(it.data, "startPort")
		delete(it.data, "endPort")
		return nil
	}
	start, hasStart := asInt(it.data["startPort"])
	end, hasEnd := asInt(it.data["endPort"])
	switch {
	case !hasStart && !hasEnd:
		start, end = 0, 65535
	case !hasStart:
		start = end
	case !hasEnd:
		end = start
	}
	if start < 0 || end > 65535 || start > end {
		return c.errorf(http.StatusBadRequest, "ports %d-%d: want 0 <= startPort <= endPort <= 65535", start, end)
	}
	it.data["startPort"], it.data["endPort"] = start, end
	return nil
}

func sameRule(a, b map[string]any) bool {
	for _, k := range []string{"direction", "protocol", "networkAddress", "source", "destination", "permission"} {
		if !strings.EqualFold(idString(a[k]), idString(b[k])) {
			return false
		}
	}
	for _, k := range []string{"startPort", "endPort"} {
		x, okx := asInt(a[k])
		y, oky := asInt(b[k])
		if okx != oky || x != y {
			return false
		}
	}
	return true
}

// firewallRules loads the customer's rules of a firewall.
func (c *call) firewallRules(ctx context.Context, firewall any) ([]*item, error) {
	id, ok := asInt(mustRef(firewall, "firewallId"))
	if !ok {
		return nil, nil
	}
	var out []*item
	var decodeErr error
	err := c.tx.Scan(ctx, store.Filter{Customer: c.customer, Kind: "FirewallRule"}, func(r store.Record) bool {
		it, err := decodeRecord(r)
		if err != nil {
			decodeErr = err
			return false
		}
		if r.Customer == c.customer && matchesID(it.data["firewall"], "firewallId", "", id) {
			out = append(out, it)
		}
		return true
	})
	if err == nil {
		err = decodeErr
	}
	return out, err
}

// deleteFirewallRules removes a deleted firewall's rules with it.
func (c *call) deleteFirewallRules(ctx context.Context, fw *item) error {
	n, _ := asInt(fw.rec.ID)
	rules, err := c.firewallRules(ctx, map[string]any{"firewallId": n})
	if err != nil {
		return err
	}
	for _, r := range rules {
		if err := c.tx.Delete(ctx, r.rec.Customer, r.rec.Kind, r.rec.ID); err != nil {
			return err
		}
	}
	return nil
}

func mustRef(v any, key string) any {
	id, _ := refID(v, key)
	return id
}
