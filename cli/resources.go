package cli

import (
	"fmt"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/spf13/cobra"
)

// addResourceCommands adds `mixcoatl <resource> <verb>` for every catalogue
// resource. The tree is built from the catalogue on every start (no
// generated code): one generic builder per verb kind, plus hand-tuned
// flag aliases and defaults where users need them (server launch, volume
// attach, server terminate).
// Only the resources ts selects are built.
func addResourceCommands(root *cobra.Command, g *globalOptions, env *Env, ts treeSelection) {
	if !ts.all && ts.resource == nil {
		return
	}
	if !ts.all {
		root.AddCommand(newResourceCommand(ts.resource, g, env))
		return
	}
	cat := catalog.Load()
	for _, res := range cat.Resources {
		root.AddCommand(newResourceCommand(res, g, env))
	}
}

// resourceCommand is what every verb of one resource shares.
type resourceCommand struct {
	res *catalog.Resource
	g   *globalOptions
	env *Env
	out *outputOptions
}

func newResourceCommand(res *catalog.Resource, g *globalOptions, env *Env) *cobra.Command {
	rc := &resourceCommand{res: res, g: g, env: env, out: &outputOptions{}}
	name := resourceCommandName(res)
	cmd := &cobra.Command{
		Use:     name,
		Aliases: resourceAliases(res),
		Short:   fmt.Sprintf("Work with %s (%s)", humanPlural(res), res.Path),
		Long:    resourceLong(res),
		Example: rc.resourceExample(),
		Args:    rangeArgs(0, 0, "a verb such as list or get"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	rc.out.register(cmd.PersistentFlags())
	if res.Has(catalog.KindList) {
		cmd.AddCommand(rc.newListCommand())
	}
	if res.Has(catalog.KindGet) {
		cmd.AddCommand(rc.newGetCommand())
	}
	if res.Has(catalog.KindHead) {
		cmd.AddCommand(rc.newCountCommand())
	}
	if res.Name == "Job" {
		cmd.AddCommand(newJobWaitCommand(g, env))
	}
	for _, og := range writeOpGroups(res) {
		cmd.AddCommand(rc.newWriteCommand(og))
		if og.Kind == catalog.KindUpdate && og.hasField("name") {
			cmd.AddCommand(rc.newRenameCommand(og))
		}
	}
	return cmd
}

// humanName is the resource's name in prose: "data center".
func humanName(res *catalog.Resource) string {
	return wire.Spaced(res.Name)
}

func humanPlural(res *catalog.Resource) string { return wire.Plural(humanName(res)) }

func resourceLong(res *catalog.Resource) string {
	var b strings.Builder
	fmt.Fprintf(&b, "List, read and change %s: the API resource %s", humanPlural(res), res.Path)
	if res.Key != "" {
		fmt.Fprintf(&b, ", identified by %s", res.Key)
	}
	b.WriteString(".\n\nThe output flags (-o, --columns, --no-headers, --query) apply to every verb.")
	if res.Notes != "" {
		b.WriteString("\n\n" + res.Notes)
	}
	return b.String()
}

// hasField reports whether any form of the op takes the field.
func (g *opGroup) hasField(name string) bool {
	for _, f := range g.Fields() {
		if f.Name == name {
			return true
		}
	}
	return false
}

// exampleFilterValues are values from the default seed, so that generated
// examples run as-is with --local.
func exampleFilterValue(name string) string {
	switch name {
	case "regionId":
		return "19344"
	case "dataCenterId":
		return "64351"
	case "cmAccountId":
		return "3610"
	case "firewallId":
		return "24002"
	case "engine":
		return "MYSQL55"
	case "machineImageId":
		return "300"
	case "accountId":
		return "20001"
	case "cloudId":
		return "1"
	case "groupId":
		return "7501"
	}
	return ""
}

// exampleFilterValueOf is exampleFilterValue for one resource: the seed's
// scripts live in another configuration-management account.
func exampleFilterValueOf(res *catalog.Resource, name string) string {
	if res.Name == "Script" && name == "cmAccountId" {
		return "3611"
	}
	return exampleFilterValue(name)
}

// exampleID is an id of the resource in the default seed, for examples.
func exampleID(res *catalog.Resource) string {
	ids := map[string]string{
		"Server": "331810", "Volume": "5102", "Snapshot": "6101", "MachineImage": "3801", "FirewallRule": "80003",
		"Firewall": "24002", "Network": "31001", "Group": "7501", "Role": "9001", "User": "13516",
		"Account": "20001", "BillingCode": "1512", "Region": "19344", "DataCenter": "64351",
		"Deployment": "2101", "Tier": "2201", "Job": "84310", "ServerProduct": "615",
		"RelationalDatabase": "47001", "StorageObject": "46001", "Environment": "3701",
		"ConfigurationManagementAccount": "3610", "ConfigurationManagementService": "4101",
		"ConfigurationManagementSystem": "1", "Budget": "3001", "Customer": "10001",
		"ServerAnalytics": "331810", "TierAnalytics": "2201", "ApiKey": "ACMEHTMQWNZYCEKPLRVS",
	}
	if id, ok := ids[res.Name]; ok {
		return id
	}
	return "ID"
}

// resourceExample shows the resource's read verbs with seed values.
func (rc *resourceCommand) resourceExample() string {
	var lines []string
	if rc.res.Has(catalog.KindList) {
		lines = append(lines, strings.SplitN(rc.listExample("list"), "\n", 2)[0])
	}
	if rc.res.Has(catalog.KindGet) {
		id := " " + exampleID(rc.res)
		if rc.res.Flat {
			id = ""
		}
		lines = append(lines, "  mixcoatl --local "+resourceCommandName(rc.res)+" get"+id)
	}
	return strings.Join(lines, "\n")
}
