package cli

import (
	"fmt"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/spf13/cobra"
)

// addResourceCommands adds `mixcoatl <resource> <verb>` for every resource
// of the Env's catalogue. The tree is built from the catalogue on every
// start (no generated code): one generic builder per verb kind; aliases,
// flag aliases, destructive verbs and example values are catalogue data.
// Only the resources ts selects are built.
func addResourceCommands(root *cobra.Command, g *globalOptions, env *Env, ts treeSelection) {
	if !ts.all && ts.resource == nil {
		return
	}
	if !ts.all {
		root.AddCommand(newResourceCommand(ts.resource, g, env))
		return
	}
	for _, res := range env.catalog().Resources {
		root.AddCommand(newResourceCommand(res, g, env))
	}
}

// resourceCommand is what every verb of one resource shares.
type resourceCommand struct {
	res *catalog.Resource
	cat *catalog.Catalog // the catalogue res belongs to (references, examples)
	g   *globalOptions
	env *Env
	out *outputOptions
}

func newResourceCommand(res *catalog.Resource, g *globalOptions, env *Env) *cobra.Command {
	rc := &resourceCommand{res: res, cat: env.catalog(), g: g, env: env, out: &outputOptions{}}
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

// exampleID is an id of the resource in the default seed (the
// catalogue's example), so that generated examples run as printed with
// --local; "ID" when the catalogue names none.
func exampleID(res *catalog.Resource) string {
	if res.Example != "" {
		return res.Example
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
