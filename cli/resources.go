package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
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
	resources := env.catalog().Resources
	if !ts.all {
		resources = []*catalog.Resource{ts.resource}
	}
	for _, scope := range env.catalog().Scopes() {
		root.AddGroup(&cobra.Group{ID: scope, Title: wire.UpperFirst(scope) + " resources:"})
	}
	for _, res := range resources {
		c := newResourceCommand(res, g, env, ts.verb)
		c.GroupID = res.Scope
		root.AddCommand(c)
	}
}

// resourceCommand is what every verb of one resource shares.
type resourceCommand struct {
	res *catalog.Resource
	cat *catalog.Catalog // the catalogue res belongs to (references, examples)
	g   *globalOptions
	env *Env
	out *outputOptions
	// named is the client that names references in tables: the first
	// one the run made (see client).
	named *dcm.Client
}

// newResourceCommand is `mixcoatl <resource>` and its verbs. verb, when
// not "", is the word the command line has after the resource:
// if it names one of the write verbs, or another verb, the other write
// verbs (each with a flag per field, the bulk of the resource's tree) are
// not built; any other word gets every verb, for unknownVerb's
// suggestions.
func newResourceCommand(res *catalog.Resource, g *globalOptions, env *Env, verb string) *cobra.Command {
	rc := &resourceCommand{res: res, cat: env.catalog(), g: g, env: env, out: &outputOptions{}}
	name := resourceCommandName(res)
	cmd := &cobra.Command{
		Use:     name,
		Aliases: resourceAliases(res),
		Short:   fmt.Sprintf("Work with %s (%s)", humanPlural(res), res.Path),
		Long:    resourceLong(res),
		Example: rc.resourceExample(),
		Args:    unknownVerb,
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
	writes := writeOpGroups(res)
	names := func(og *opGroup) []string { return append([]string{og.commandName()}, og.aliases()...) }
	renames := func(og *opGroup) bool { return og.Kind == catalog.KindUpdate && og.hasField("name") }
	// prune: verb names a built verb or a write verb, so only that one is
	// needed.
	prune := verb != "" && (slices.ContainsFunc(cmd.Commands(), func(c *cobra.Command) bool { return c.Name() == verb || c.HasAlias(verb) }) ||
		slices.ContainsFunc(writes, func(og *opGroup) bool { return slices.Contains(names(og), verb) || renames(og) && verb == renameVerb }))
	for _, og := range writes {
		if !prune || slices.Contains(names(og), verb) {
			cmd.AddCommand(rc.newWriteCommand(og))
		}
		if renames(og) && (!prune || verb == renameVerb) {
			cmd.AddCommand(rc.newRenameCommand(og))
		}
	}
	if completing(env.Args) {
		rc.registerCompletions(cmd)
	}
	return cmd
}

// unknownVerb is the Args check of a resource command, which runs only
// when no verb matched: a typo gets the verbs it is closest to, as an
// unknown top-level command does.
func unknownVerb(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	var verbs, close []string
	for _, c := range cmd.Commands() {
		if !c.IsAvailableCommand() {
			continue
		}
		verbs = append(verbs, c.Name())
		// cobra's rule for top-level commands (a prefix, or at most two
		// edits), applied to the verb's aliases too.
		typed := strings.ToLower(args[0])
		names := append([]string{c.Name()}, c.Aliases...)
		if i := slices.IndexFunc(names, func(n string) bool {
			return strings.HasPrefix(n, typed) || editDistance(typed, n) <= 2
		}); i >= 0 {
			close = append(close, names[i])
		}
	}
	if len(close) > 0 {
		return usagef("unknown verb %q for %q: did you mean %s?", args[0], cmd.CommandPath(), strings.Join(close, " or "))
	}
	return usagef("unknown verb %q for %q; its verbs: %s", args[0], cmd.CommandPath(), strings.Join(verbs, ", "))
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

// editDistance is the Levenshtein distance between two words.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
