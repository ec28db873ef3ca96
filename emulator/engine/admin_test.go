package engine_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

func (h *harness) lookupKey(access string) (engine.APIKey, bool) {
	h.t.Helper()
	var k engine.APIKey
	var ok bool
	err := h.st.View(context.Background(), func(tx store.Tx) error {
		var err error
		k, ok, err = engine.LookupKey(context.Background(), tx, access)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return k, ok
}

func TestAPIKeyGenerateLookupDelete(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	resp := h.must(201, req{resource: "ApiKey", kind: "create", verb: "generateApiKey", body: `[{"name": "ci", "description": "for CI"}]`})
	item := resp.Items[0]
	access, _ := item["accessKey"].(string)
	secret, _ := item["secretKey"].(string)
	if !regexp.MustCompile(`^[A-Z]{20}$`).MatchString(access) || !regexp.MustCompile(`^[A-Za-z0-9+/]{40}$`).MatchString(secret) {
		t.Fatalf("generated key %q / %q", access, secret)
	}
	// The 201 body keeps the secret through Render; nothing else shows it.
	var rendered map[string]any
	res, _ := h.cat.Resource("ApiKey")
	_ = h.st.View(context.Background(), func(tx store.Tx) error {
		rendered = h.eng.Render(context.Background(), tx, custA, res, item, "extended")
		return nil
	})
	if rendered["secretKey"] != secret {
		t.Errorf("201 body lost the secret on rendering")
	}
	got := h.get(custA, "ApiKey", access)
	if _, ok := got["secretKey"]; ok || got["state"] != "ACTIVE" || got["name"] != "ci" {
		t.Fatalf("read key %v", got)
	}
	k, ok := h.lookupKey(access)
	if !ok || !k.Active || k.SecretKey != secret || k.Customer != custA || k.UserID != userA {
		t.Fatalf("LookupKey %+v %v", k, ok)
	}
	if ids := h.list(custA, "ApiKey", "userId=500"); len(ids) != 1 || ids[0] != access {
		t.Errorf("keys of user 500: %v", ids)
	}
	if ids := h.list(custA, "ApiKey", "userId=501"); len(ids) != 0 {
		t.Errorf("keys of user 501: %v", ids)
	}
	h.fails(404, "No such api key ID: "+access, req{customer: custB, resource: "ApiKey", kind: "delete", id: access})
	h.must(204, req{resource: "ApiKey", kind: "delete", id: access, query: "reason=rotated"})
	if k, ok := h.lookupKey(access); !ok || k.Active {
		t.Fatalf("deleted key still active: %+v %v", k, ok)
	}
	if got := h.get(custA, "ApiKey", access); got["state"] != "INACTIVE" {
		t.Errorf("deleted key state %v", got["state"])
	}
	if _, ok := h.lookupKey("NOSUCHKEYNOSUCHKEYAB"); ok {
		t.Errorf("unknown key found")
	}
}

func TestSecretsNeverRendered(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	resp := h.must(201, req{resource: "User", kind: "create", verb: "addUser", body: `[{"givenName": "Grace", "familyName": "Hopper",
	  "email": "grace@example.com", "password": "hunter2", "groups": [{"groupId": 700}], "account": {"accountId": 600}}]`})
	acct := h.must(201, req{resource: "Account", kind: "create", verb: "addAccount", body: `[{"name": "aws",
	  "cloudSubscription": {"cloudId": 1, "accountNumber": "9", "apiKeyId": "AKIA", "apiKeySecret": "topsecret"}}]`})
	user := h.get(custA, "User", idOf(resp.Items[0]["userId"]))
	if user["alphaName"] != "Hopper, Grace" {
		t.Errorf("alphaName %v", user["alphaName"])
	}
	account := h.get(custA, "Account", idOf(acct.Items[0]["accountId"]))
	sub, _ := account["cloudSubscription"].(map[string]any)
	if sub["cloudSubscriptionId"] == nil || sub["apiKeyId"] != "AKIA" {
		t.Errorf("subscription %v", sub)
	}
	res, _ := h.cat.Resource("Server")
	for _, body := range []any{resp.Items, acct.Items, user, account} {
		b, _ := json.Marshal(body)
		if strings.Contains(string(b), "hunter2") || strings.Contains(string(b), "topsecret") {
			t.Errorf("secret in output: %s", b)
		}
	}
	// Render strips secrets even from data that carries them.
	_ = h.st.View(context.Background(), func(tx store.Tx) error {
		out := h.eng.Render(context.Background(), tx, custA, res, map[string]any{"serverId": 1, "adminPassword": "x", "secretKey": "y"}, "basic")
		if len(out) != 1 {
			t.Errorf("render kept secrets: %v", out)
		}
		return nil
	})
}

// What is secret comes from the engine's catalogue: a field it marks is
// kept out of every answer, though its name mentions no secret.
func TestSecretsFollowTheCatalogue(t *testing.T) {
	t.Parallel()
	cat := catalogCopy(t)
	server, _ := cat.Resource("Server")
	f, ok := server.Field("name")
	if !ok {
		t.Fatal("Server has no name field")
	}
	f.Secret = true
	for _, h := range []*harness{newHarness(t), newHarnessOn(t, cat)} {
		secret := h.cat != catalog.Load()
		h.must(204, req{resource: "Server", kind: "update", verb: "describeServer", id: "900", body: `[{"name": "renamed", "description": "d"}]`})
		srv := h.get(custA, "Server", "900")
		if _, shown := srv["name"]; shown == secret || srv["description"] != "d" {
			t.Errorf("secret name %v: server %v", secret, srv)
		}
		for _, it := range h.must(200, req{resource: "Server", kind: "list"}).Items {
			if _, shown := it["name"]; shown == secret {
				t.Errorf("secret name %v: listed server %v", secret, it)
			}
		}
	}
}

func TestRenderLevels(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	res, _ := h.cat.Resource("Server")
	srv := h.get(custA, "Server", "900")
	_ = h.st.View(context.Background(), func(tx store.Tx) error {
		ctx := context.Background()
		none := h.eng.Render(ctx, tx, custA, res, srv, "NONE")
		if len(none) != 1 || idOf(none["serverId"]) != "900" {
			t.Errorf("none: %v", none)
		}
		basic := h.eng.Render(ctx, tx, custA, res, srv, "basic")
		if r, _ := basic["region"].(map[string]any); len(r) != 1 {
			t.Errorf("basic region %v", basic["region"])
		}
		ext := h.eng.Render(ctx, tx, custA, res, srv, "Extended")
		region, _ := ext["region"].(map[string]any)
		if region["name"] != "us-east-1" || region["jurisdiction"] != "US" {
			t.Errorf("extended region %v", ext["region"])
		}
		dc, _ := ext["dataCenter"].(map[string]any)
		if dc["name"] != "us-east-1a" {
			t.Errorf("extended dataCenter %v", ext["dataCenter"])
		}
		// A reference to a missing record stays bare; refs lists expand.
		vol, _ := h.cat.Resource("Volume")
		out := h.eng.Render(ctx, tx, custA, vol, map[string]any{"volumeId": 1, "server": map[string]any{"serverId": 12345},
			"owningGroups": []any{map[string]any{"groupId": 700}}}, "extended")
		if s, _ := out["server"].(map[string]any); len(s) != 1 {
			t.Errorf("missing reference expanded: %v", out["server"])
		}
		if g, _ := out["owningGroups"].([]any); len(g) != 1 || g[0].(map[string]any)["name"] != "Admins" {
			t.Errorf("owningGroups %v", out["owningGroups"])
		}
		return nil
	})
}

func TestFirewallRuleForms(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	old := h.must(201, req{resource: "FirewallRule", kind: "create", verb: "addRule", version: "2012-06-15",
		body: `[{"firewallId": "1100", "cidr": "0.0.0.0/0", "startPort": 22, "endPort": 22, "direction": "ingress", "protocol": "tcp"}]`}).Items[0]
	if old["networkAddress"] != "0.0.0.0/0" || old["direction"] != "INGRESS" || old["protocol"] != "TCP" || idOf(old["startPort"]) != "22" {
		t.Errorf("2012 rule %v", old)
	}
	if _, ok := old["cidr"]; ok {
		t.Errorf("cidr kept: %v", old)
	}
	h.fails(418, "an identical rule already exists on firewall 1100", req{resource: "FirewallRule", kind: "create", verb: "addRule", version: "2012-06-15",
		body: `[{"firewallId": 1100, "cidr": "0.0.0.0/0", "startPort": 22, "endPort": 22, "direction": "INGRESS", "protocol": "TCP"}]`})
	rule := h.must(201, req{resource: "FirewallRule", kind: "create", verb: "addRule",
		body: `[{"firewallId": 1100, "source": "1.2.3.4/32", "direction": "INGRESS", "protocol": "UDP", "permission": "allow"}]`}).Items[0]
	if rule["sourceType"] != "CIDR" || rule["destinationType"] != "GLOBAL" || rule["permission"] != "ALLOW" || idOf(rule["precedence"]) != "2" {
		t.Errorf("2014 rule %v", rule)
	}
	if ids := h.list(custA, "FirewallRule", "firewallId=1100"); len(ids) != 2 {
		t.Errorf("rules %v", ids)
	}
	h.fails(400, `addRule: field "protocol": want TCP, UDP or ICMP, got "SCTP"`, req{resource: "FirewallRule", kind: "create", verb: "addRule",
		body: `[{"firewallId": 1100, "source": "1.2.3.4/32", "direction": "INGRESS", "protocol": "SCTP"}]`})
	h.fails(400, "ports 30-20", req{resource: "FirewallRule", kind: "create", verb: "addRule",
		body: `[{"firewallId": 1100, "source": "1.2.3.4/32", "direction": "INGRESS", "protocol": "TCP", "startPort": 30, "endPort": 20}]`})
	h.fails(400, `addRule: field "firewallId": no such Firewall ID: 9`, req{resource: "FirewallRule", kind: "create", verb: "addRule",
		body: `[{"firewallId": 9, "source": "1.2.3.4/32", "direction": "INGRESS", "protocol": "TCP"}]`})
	h.must(204, req{resource: "Firewall", kind: "delete", id: "1100"})
	if ids := h.list(custA, "FirewallRule", "firewallId=1100"); len(ids) != 0 {
		t.Errorf("rules of a deleted firewall %v", ids)
	}
}

func TestBillingCodeDeleteReassigns(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.fails(400, "replacementCode: must name another billing code than 400", req{resource: "BillingCode", kind: "delete", id: "400", query: "replacementCode=400"})
	h.fails(400, "replacementCode: no such BillingCode ID: 5401", req{resource: "BillingCode", kind: "delete", id: "400", query: "replacementCode=5401"})
	h.must(204, req{resource: "BillingCode", kind: "delete", id: "400", query: "reason=merge&replacementCode=401"})
	if b := idOf(h.get(custA, "Server", "900")["budget"]); b != "401" {
		t.Errorf("server budget %s", b)
	}
	if ids := h.list(custA, "BillingCode", ""); len(ids) != 1 || ids[0] != "401" {
		t.Errorf("billing codes %v", ids)
	}
	bc := h.must(201, req{resource: "BillingCode", kind: "create", verb: "addBillingCode", version: "2011-02-24",
		body: `{"billingCode": {"name": "old", "financeCode": "F", "softQuota": "USD11.01"}}`}).Items[0]
	if q, _ := bc["softQuota"].(map[string]any); q["currency"] != "USD" || idOf(q["value"]) == "" {
		t.Errorf("2011 quota %v", bc["softQuota"])
	}
}

func TestGroupRoleAssignments(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	role := idOf(h.must(201, req{resource: "Role", kind: "create", verb: "addRole", body: `[{"name": "Ops", "description": "ops"}]`}).Items[0]["roleId"])
	h.must(204, req{resource: "Role", kind: "update", verb: "grant", id: role, body: `[{"acl": [{"resourceType": "server", "action": "Start", "qualifier": "mine"}]}]`})
	if acl, _ := h.get(custA, "Role", role)["acl"].([]any); len(acl) != 1 || acl[0].(map[string]any)["resourceType"] != "SERVER" {
		t.Errorf("acl %v", acl)
	}
	group := idOf(h.must(201, req{resource: "Group", kind: "create", verb: "addGroup", body: `{"group": {"name": "ops", "description": "ops"}}`}).Items[0]["groupId"])
	h.must(204, req{resource: "Group", kind: "action", verb: "setRole", id: group, body: `{"group": {"role": {"roleId": ` + role + `}, "account": {"accountId": 600}}}`})
	if ids := h.list(custA, "Role", "groupId="+group); len(ids) != 1 || ids[0] != role {
		t.Errorf("roles of the group %v", ids)
	}
	if ids := h.list(custA, "Group", "accountId=600"); len(ids) != 2 {
		t.Errorf("groups in account 600 %v", ids)
	}
	h.fails(400, `setRole: field "role": no such Role ID: 4`, req{resource: "Group", kind: "action", verb: "setRole", id: group, body: `{"group": {"role": {"roleId": 4}, "account": {"accountId": 600}}}`})
	h.fails(400, `addGroup: payload must hold the "group" object`, req{resource: "Group", kind: "create", verb: "addGroup", body: `{"name": "flat"}`})
	h.fails(400, "describeServer: payload must be a list holding exactly one object, got 2 elements", req{resource: "Server", kind: "update", verb: "describeServer", id: "900", body: `[{}, {}]`})
}
