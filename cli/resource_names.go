package cli

import (
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
)

// resourceCommandName is the command of a resource: "data-center".
func resourceCommandName(res *catalog.Resource) string { return wire.Kebab(res.Name) }

// shortResourceAliases are hand-picked short names users type.
func shortResourceAliases(res *catalog.Resource) []string {
	switch res.Name {
	case "MachineImage":
		return []string{"image"}
	case "ServerProduct":
		return []string{"product"}
	case "BillingCode":
		return []string{"budget-code"}
	case "FirewallRule":
		return []string{"rule"}
	}
	if rest, ok := strings.CutPrefix(res.Name, "ConfigurationManagement"); ok {
		return []string{"cm-" + wire.Kebab(rest)}
	}
	return nil
}

// resourceAliases are the other names of a resource's command: the plural,
// the squashed forms ("datacenter", "datacenters") and the short names, each
// with its plural; the command name itself and duplicates are left out.
func resourceAliases(res *catalog.Resource) []string {
	name := resourceCommandName(res)
	var out []string
	seen := map[string]bool{name: true}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, base := range append([]string{name}, shortResourceAliases(res)...) {
		squashed := strings.ReplaceAll(base, "-", "")
		add(base)
		add(wire.Plural(base))
		add(squashed)
		add(wire.Plural(squashed))
	}
	return out
}

// opGroup is one command of a resource for a write op: the catalogue's op
// group (its forms across API versions, of which the client's version
// picks one at run time), named for the command line here.
type opGroup struct{ *catalog.OpGroup }

// writeOpGroups returns the resource's write commands, in catalogue order.
func writeOpGroups(res *catalog.Resource) []*opGroup {
	var out []*opGroup
	for _, g := range res.WriteOps() {
		out = append(out, &opGroup{g})
	}
	return out
}

// commandName is the verb's command: the kebab-case payload verb, or
// "delete".
func (g *opGroup) commandName() string {
	if g.Kind == catalog.KindDelete {
		return "delete"
	}
	return wire.Kebab(g.Verb)
}

// aliases are the friendlier names of a write command.
func (g *opGroup) aliases(res *catalog.Resource) []string {
	var out []string
	switch g.Kind {
	case catalog.KindCreate:
		if g.commandName() != "create" {
			out = append(out, "create")
		}
	case catalog.KindUpdate:
		if strings.HasPrefix(g.Verb, "describe") {
			out = append(out, "update")
		}
	case catalog.KindDelete:
		out = append(out, "rm")
		switch res.Name {
		case "Server":
			out = append(out, "terminate")
		case "ApiKey":
			out = append(out, "revoke")
		}
	}
	switch g.Verb {
	case "unRegisterAgent":
		out = append(out, "unregister-agent")
	case "deprecateImage":
		out = append(out, "deprecate")
	}
	return out
}

// destructive reports whether the op destroys or interrupts something, so
// it asks for confirmation.
func (g *opGroup) destructive() bool {
	if g.Kind == catalog.KindDelete {
		return true
	}
	switch g.Verb {
	case "stop", "detach", "deprovisionUser", "unRegisterAgent":
		return true
	}
	return false
}

// nameResolvable lists the resources whose references accept a name as
// well as an id (the ones users know by name).
func nameResolvable(resource string) bool {
	switch resource {
	case "Region", "DataCenter", "Group", "BillingCode", "Budget", "MachineImage", "ServerProduct":
		return true
	}
	return false
}

// budgetField reports whether a payload field holds a billing-code id under
// another name: the API calls billing codes "budget" in payloads.
func budgetField(f *catalog.Field) bool {
	return f.Name == "budget" && f.Type == catalog.TypeInt
}
