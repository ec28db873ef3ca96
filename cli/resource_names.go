package cli

import (
	"slices"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
)

// resourceCommandName is the command of a resource: "data-center".
func resourceCommandName(res *catalog.Resource) string { return wire.Kebab(res.Name) }

// resourceAliases are the other names of a resource's command: the plural,
// the squashed forms ("datacenter", "datacenters") and the catalogue's
// short names ("image"), each with its plural; the command name itself and
// duplicates are left out.
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
	for _, base := range append([]string{name}, res.Aliases...) {
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

// aliases are the friendlier names of a write command: the rules common
// to a kind (rm for every delete, create for every create, update for a
// describe*), then the op's own aliases from the catalogue ("terminate").
func (g *opGroup) aliases() []string {
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
	}
	for _, form := range g.Forms {
		for _, a := range form.Aliases {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	return out
}

// destructive reports whether the op destroys or interrupts something
// (catalog.Op.IsDestructive), so it asks for confirmation.
func (g *opGroup) destructive() bool {
	return slices.ContainsFunc(g.Forms, (*catalog.Op).IsDestructive)
}

// nameResolvable reports whether references to the resource accept a name
// as well as an id: the catalogue gives it lookup fields.
func nameResolvable(cat *catalog.Catalog, resource string) bool {
	res, ok := cat.Resource(resource)
	return ok && len(res.Lookup) > 0
}

// budgetField reports whether a payload field holds a billing-code id under
// another name: the API calls billing codes "budget" in payloads.
func budgetField(f *catalog.Field) bool {
	return f.Name == "budget" && f.Type == catalog.TypeInt
}
