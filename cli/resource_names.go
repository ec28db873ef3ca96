package cli

import (
	"strings"
	"unicode"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// kebab turns a wire or resource name into a command or flag name:
// "DataCenter" → "data-center", "sizeInGb" → "size-in-gb", "unRegisterAgent"
// → "un-register-agent". Runs of capitals stay together ("ID" → "id").
func kebab(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]))
			nextLower := i > 0 && i+1 < len(rs) && unicode.IsUpper(rs[i-1]) && unicode.IsLower(rs[i+1])
			if prevLower || nextLower {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plural is the English plural of a kebab-case noun, good enough for the
// catalogue's names ("server" → "servers", "policy" → "policies").
func plural(s string) string {
	switch {
	case strings.HasSuffix(s, "s"):
		return s // "server-analytics" is already plural
	case strings.HasSuffix(s, "y") && !strings.HasSuffix(s, "ey"):
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}

// resourceCommandName is the command of a resource: "data-center".
func resourceCommandName(res *catalog.Resource) string { return kebab(res.Name) }

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
		return []string{"cm-" + kebab(rest)}
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
		add(plural(base))
		add(squashed)
		add(plural(squashed))
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
	return kebab(g.Verb)
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
