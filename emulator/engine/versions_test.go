package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// answerAt reads one record as the customer at API version v and renders
// it at basic detail, as the HTTP layer answers it.
func (h *harness) answerAt(customer int64, resource, id, v string) map[string]any {
	h.t.Helper()
	resp := h.must(200, req{customer: customer, resource: resource, kind: "get", id: id, version: v})
	res, _ := h.cat.Resource(resource)
	var out map[string]any
	err := h.st.View(context.Background(), func(tx store.Tx) error {
		out = h.eng.RenderAt(context.Background(), tx, customer, res, resp.Items[0], "basic", resp.Version)
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

// prev is the known version before v ("" for the first).
func prev(cat *catalog.Catalog, v string) string {
	for i, x := range cat.Versions {
		if x == v && i > 0 {
			return cat.Versions[i-1]
		}
	}
	return ""
}

// TestAnswersFollowTheVersion walks every resource field with a Since or
// an Until: a record holding it (or, for a field answered from another one,
// holding that one) is read at the first version the field is in and at
// the version next to its range, and the field must be answered in the
// first case only; a SameAs field carries its source's value.
func TestAnswersFollowTheVersion(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	type row struct {
		res     *catalog.Resource
		field   *catalog.Field
		version string
		want    bool
	}
	var rows []row
	for _, r := range cat.Resources {
		if r.Flat || r.KeyInPath || r.Key == "" || !r.Has(catalog.KindGet) {
			continue
		}
		for _, f := range r.Fields {
			if f.Since == "" && f.Until == "" {
				continue
			}
			in := f.Since
			if in == "" {
				in = cat.Versions[0]
			}
			rows = append(rows, row{r, f, in, true})
			if f.Since != "" && prev(cat, f.Since) != "" {
				rows = append(rows, row{r, f, prev(cat, f.Since), false})
			}
			if f.Until != "" {
				rows = append(rows, row{r, f, f.Until, false})
			}
		}
	}
	if len(rows) < 30 {
		t.Fatalf("only %d rows: the walk found too few versioned fields", len(rows))
	}
	h := newHarness(t)
	const id = 987654
	for _, tc := range rows {
		t.Run(fmt.Sprintf("%s.%s@%s", tc.res.Name, tc.field.Name, tc.version), func(t *testing.T) {
			stored := map[string]any{tc.res.Key: id}
			source := tc.field.Name
			if tc.field.SameAs != "" {
				source = tc.field.SameAs
			}
			src, _ := tc.res.Field(source)
			stored[source] = "value of " + source // the view moves values, whatever their type
			if tc.res.KeyType == catalog.TypeString {
				stored[tc.res.Key] = fmt.Sprint(id)
			}
			doc, _ := json.Marshal(map[string]any{tc.res.Name: []any{stored}})
			h.put(custB, string(doc))
			got := h.answerAt(custB, tc.res.Name, fmt.Sprint(id), tc.version)
			v, present := got[tc.field.Name]
			if present != tc.want {
				t.Fatalf("answered %v, want the field answered: %v", got, tc.want)
			}
			if !present {
				return
			}
			want, _ := json.Marshal(stored[source])
			if src.Type == catalog.TypeString && tc.field.Type == catalog.TypeStrings {
				want, _ = json.Marshal([]any{stored[source]})
			}
			if have, _ := json.Marshal(v); string(have) != string(want) {
				t.Errorf("%s = %s, want %s (from %s)", tc.field.Name, have, want, source)
			}
		})
	}
}

// TestRenamedFieldsPerVersion reads the fixtures' account, server and
// firewall rule in both eras: each value under the era's name only.
func TestRenamedFieldsPerVersion(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rule := h.must(201, req{resource: "FirewallRule", kind: "create", verb: "addRule", version: "2015-06-29",
		body: `[{"firewallId": 1100, "source": "10.1.0.0/16", "direction": "INGRESS", "protocol": "TCP", "startPort": 22}]`}).Items[0]
	ruleID := idOf(rule["firewallRuleId"])
	for _, tc := range []struct {
		resource, id, version string
		has                   map[string]string // field → JSON value
		lacks                 []string
	}{
		{"Account", "600", "2012-06-15", map[string]string{"cloudSubscriptionId": `{"accountNumber":"123","cloudId":1}`}, []string{"cloudSubscription"}},
		{"Account", "600", "2014-07-30", map[string]string{"cloudSubscription": `{"accountNumber":"123","cloudId":1}`}, []string{"cloudSubscriptionId"}},
		{"FirewallRule", ruleID, "2012-06-15", map[string]string{"networkAddress": `"10.1.0.0/16"`, "startPort": "22"},
			[]string{"source", "sourceType", "destination", "destinationType", "permission", "precedence", "ruleProviderId"}},
		{"FirewallRule", ruleID, "2014-07-30", map[string]string{"source": `"10.1.0.0/16"`, "permission": `"ALLOW"`, "destinationType": `"GLOBAL"`},
			[]string{"networkAddress", "cidr"}},
		{"FirewallRule", ruleID, "2012-02-29", map[string]string{"cidr": `"10.1.0.0/16"`, "networkAddress": `"10.1.0.0/16"`}, []string{"source"}},
	} {
		got := h.answerAt(custA, tc.resource, tc.id, tc.version)
		for k, want := range tc.has {
			if b, _ := json.Marshal(got[k]); string(b) != want {
				t.Errorf("%s %s at %s: %s = %s, want %s", tc.resource, tc.id, tc.version, k, b, want)
			}
		}
		for _, k := range tc.lacks {
			if _, ok := got[k]; ok {
				t.Errorf("%s %s at %s answers %s: %v", tc.resource, tc.id, tc.version, k, got)
			}
		}
	}
}

// outOfVersionCase is a member that only other versions of a write op take,
// sent at a version whose form does not.
type outOfVersionCase struct {
	res     *catalog.Resource
	op      *catalog.Op
	member  string
	version string
	since   string
	until   string
}

// outOfVersionCases walks the catalogue for every such member and version.
func outOfVersionCases(cat *catalog.Catalog) []outOfVersionCase {
	var out []outOfVersionCase
	for _, r := range cat.Resources {
		for _, g := range r.WriteOps() {
			names := map[string]bool{}
			for _, form := range g.Forms {
				for _, f := range form.Fields {
					names[f.Name] = true
				}
			}
			for _, v := range cat.Versions {
				op, ok := r.Op(g.Kind, g.Verb, v)
				if !ok {
					continue
				}
				for name := range names {
					if _, since, until, ok := r.OtherVersions(op, name, v); ok {
						out = append(out, outOfVersionCase{r, op, name, v, since, until})
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.res.Name+a.op.Verb+a.version+a.member < b.res.Name+b.op.Verb+b.version+b.member
	})
	return out
}

// TestOtherVersionsMembersAreRefused sends, for every write op and version,
// each member only another version takes: the answer is 400 naming the
// member, the version and the versions that take it — never a silent drop.
func TestOtherVersionsMembersAreRefused(t *testing.T) {
	t.Parallel()
	cases := outOfVersionCases(catalog.Load())
	resources := map[string]bool{}
	for _, c := range cases {
		resources[c.res.Name] = true
	}
	if !resources["FirewallRule"] {
		t.Fatalf("the walk found no out-of-version member of the firewall rule: %v", resources)
	}
	h := newHarness(t)
	for _, c := range cases {
		body := fmt.Sprintf(`{%q: "x"}`, c.member)
		switch {
		case c.op.Wrap == "list":
			body = "[" + body + "]"
		case c.op.Container != "":
			body = fmt.Sprintf(`{%q: %s}`, c.op.Container, body)
		}
		id := ""
		if c.op.Kind != catalog.KindCreate {
			ids := h.list(custA, c.res.Name, "")
			if len(ids) == 0 {
				t.Fatalf("%s %s: the fixture has no %s to send it to", c.res.Name, c.op.Verb, c.res.Name)
			}
			id = ids[0]
		}
		want := fmt.Sprintf("field %q is not in API version %s (API versions %s have it)", c.member, c.version, catalog.VersionsText(c.since, c.until))
		h.fails(400, want, req{resource: c.res.Name, kind: c.op.Kind, verb: c.op.Verb, id: id, version: c.version, body: body})
	}
	t.Logf("%d members refused, of %v", len(cases), resources)
}

// TestDenyRuleAtOldVersion is the case: a 2014 EGRESS/UDP/DENY
// rule sent at 2012-06-15 is refused, not stored as ALLOW; under the
// "store" policy it is kept faithfully and read back at a version that has
// its fields.
func TestDenyRuleAtOldVersion(t *testing.T) {
	t.Parallel()
	const rule = `[{"firewallId": 1100, "cidr": "10.2.0.0/16", "direction": "EGRESS", "protocol": "UDP", "startPort": 53,
		"permission": "DENY", "destination": "10.3.0.0/16", "sourceType": "CIDR", "destinationType": "CIDR"}]`
	h := newHarness(t)
	h.fails(400, `addRule: field "destination" is not in API version 2012-06-15 (API versions from 2014-07-30 on have it)`,
		req{resource: "FirewallRule", kind: "create", verb: "addRule", version: "2012-06-15", body: rule})
	if ids := h.list(custA, "FirewallRule", "firewallId=1100"); len(ids) != 0 {
		t.Fatalf("a refused rule was stored: %v", ids)
	}

	cat := catalogCopy(t)
	cat.OutOfVersion.Policy = catalog.OutOfVersionStore
	hs := newHarnessOn(t, cat)
	made := hs.must(201, req{resource: "FirewallRule", kind: "create", verb: "addRule", version: "2012-06-15", body: rule}).Items[0]
	got := hs.answerAt(custA, "FirewallRule", idOf(made["firewallRuleId"]), "2014-07-30")
	for k, want := range map[string]string{"permission": "DENY", "destination": "10.3.0.0/16", "destinationType": "CIDR",
		"direction": "EGRESS", "protocol": "UDP", "source": "10.2.0.0/16"} {
		if got[k] != want {
			t.Errorf("%s = %v, want %s (rule %v)", k, got[k], want, got)
		}
	}
	hs.fails(400, `field "permission": want a string`, req{resource: "FirewallRule", kind: "create", verb: "addRule", version: "2012-06-15",
		body: strings.Replace(rule, `"DENY"`, `{"no": 1}`, 1)})
}
