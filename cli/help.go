package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Flag annotations of write commands whose op has forms per API version:
// the version ranges ("since|until") of the forms that take the flag (none
// = every form) and of those that require it.
const (
	annotForms    = "mixcoatl/forms"
	annotRequired = "mixcoatl/required"
)

// annotateForms records which forms of og take and require a field, for
// usage to group the field's flag and mark it required only where the
// active API version requires it.
func annotateForms(f *pflag.Flag, og *opGroup, field string, defaulted bool) {
	var taking, requiring []string
	for _, form := range og.Forms {
		i := slices.IndexFunc(form.Fields, func(x *catalog.Field) bool { return x.Name == field })
		if i < 0 {
			continue
		}
		r := form.Since + "|" + form.Until
		taking = append(taking, r)
		if form.Fields[i].Required && !defaulted {
			requiring = append(requiring, r)
		}
	}
	if f.Annotations == nil {
		f.Annotations = map[string][]string{}
	}
	if len(taking) < len(og.Forms) {
		f.Annotations[annotForms] = taking
	}
	if len(requiring) > 0 {
		f.Annotations[annotRequired] = requiring
	}
}

// inRanges reports whether version lies in one of the "since|until" ranges.
func inRanges(version string, ranges []string) bool {
	return slices.ContainsFunc(ranges, func(r string) bool {
		since, until, _ := strings.Cut(r, "|")
		return catalog.InRange(version, since, until)
	})
}

// rangeTitle names a set of version ranges: "API 2014-07-30 and later".
func rangeTitle(ranges []string) string {
	var parts []string
	for _, r := range ranges {
		since, until, _ := strings.Cut(r, "|")
		switch {
		case since != "" && until != "":
			parts = append(parts, "from "+since+" until "+until)
		case since != "":
			parts = append(parts, since+" and later")
		case until != "":
			parts = append(parts, "before "+until)
		default:
			parts = append(parts, "every version")
		}
	}
	return "API " + strings.Join(parts, ", ")
}

// flagSection is a titled group of flags.
type flagSection struct {
	title string
	flags *pflag.FlagSet
}

// flagSections groups a command's local flags for usage: the flags every
// API version takes, then those of each form of a versioned op, the form
// of version marked as the active one (active says how: "the active
// version" in help, "the default version" in the reference pages). A flag
// is marked required where the form of version requires it.
func flagSections(fs *pflag.FlagSet, version, active string) []flagSection {
	common := pflag.NewFlagSet("", pflag.ContinueOnError)
	byForms := map[string]*pflag.FlagSet{}
	var keys []string
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name == "help" || f.Hidden {
			return
		}
		shown := *f
		if req, ok := f.Annotations[annotRequired]; ok && inRanges(version, req) {
			shown.Usage += " (required)"
		}
		forms, versioned := f.Annotations[annotForms]
		if !versioned {
			common.AddFlag(&shown)
			return
		}
		key := strings.Join(forms, ",")
		if byForms[key] == nil {
			byForms[key] = pflag.NewFlagSet("", pflag.ContinueOnError)
			keys = append(keys, key)
		}
		byForms[key].AddFlag(&shown)
	})
	out := []flagSection{{title: "Flags", flags: common}}
	slices.Sort(keys)
	slices.Reverse(keys) // newest forms first
	for _, k := range keys {
		ranges := strings.Split(k, ",")
		title := "Flags of " + rangeTitle(ranges)
		if inRanges(version, ranges) {
			title += " (" + active + ", " + version + ")"
		}
		out = append(out, flagSection{title: title, flags: byForms[k]})
	}
	return out
}

// shownAliases are the aliases worth showing beside a command's name:
// not the plural or squashed spellings every resource accepts
// (resourceAliases), but the short names and the verbs' other names
// ("terminate", "ls").
func shownAliases(c *cobra.Command) []string {
	variants := func(s string) []string {
		sq := strings.ReplaceAll(s, "-", "")
		return []string{s, wire.Plural(s), sq, wire.Plural(sq)}
	}
	hidden := variants(c.Name())
	var out []string
	for _, a := range c.Aliases {
		if slices.Contains(hidden, a) {
			continue
		}
		out = append(out, a)
		hidden = append(hidden, variants(a)...)
	}
	return out
}

// usageFunc renders usage (what help prints after Long) for people:
// cobra's layout, with the aliases users know beside each command, commands
// grouped (resources by scope, raw verbs, tools), and flags grouped by the
// API version they belong to, marked required as the active version
// (version()) requires them.
func usageFunc(version func() string) func(*cobra.Command) error {
	return func(c *cobra.Command) error {
		return writeUsage(c.OutOrStderr(), c, version())
	}
}

func writeUsage(w io.Writer, c *cobra.Command, version string) error {
	var b strings.Builder
	b.WriteString("Usage:")
	if c.Runnable() {
		fmt.Fprintf(&b, "\n  %s", c.UseLine())
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n  %s [command]", c.CommandPath())
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(&b, "\n\nAliases:\n  %s", c.NameAndAliases())
	}
	if c.HasExample() {
		fmt.Fprintf(&b, "\n\nExamples:\n%s", c.Example)
	}
	if c.HasAvailableSubCommands() {
		writeCommandList(&b, c)
	}
	for _, s := range flagSections(c.LocalFlags(), version, "the active version") {
		if s.flags.HasAvailableFlags() {
			fmt.Fprintf(&b, "\n\n%s:\n%s", s.title, strings.TrimRight(s.flags.FlagUsages(), " \n"))
		}
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(&b, "\n\nGlobal Flags:\n%s", strings.TrimRight(c.InheritedFlags().FlagUsages(), " \n"))
	}
	if c.HasHelpSubCommands() {
		b.WriteString("\n\nAdditional help topics:")
		for _, sub := range c.Commands() {
			if sub.IsAdditionalHelpTopicCommand() {
				fmt.Fprintf(&b, "\n  %-*s %s", sub.CommandPathPadding(), sub.CommandPath(), sub.Short)
			}
		}
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n\nUse \"%s [command] --help\" for more information about a command.", c.CommandPath())
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCommandList lists the available subcommands, in their groups when
// the command has groups, each with its shown aliases.
func writeCommandList(b *strings.Builder, c *cobra.Command) {
	var subs []*cobra.Command
	width := 0
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() || sub.Name() == "help" {
			subs = append(subs, sub)
			width = max(width, len(commandLabel(sub)))
		}
	}
	line := func(sub *cobra.Command) {
		fmt.Fprintf(b, "\n  %-*s   %s", width, commandLabel(sub), sub.Short)
	}
	groups := c.Groups()
	if len(groups) == 0 {
		b.WriteString("\n\nAvailable Commands:")
		for _, sub := range subs {
			line(sub)
		}
		return
	}
	for _, g := range groups {
		var in []*cobra.Command
		for _, sub := range subs {
			if sub.GroupID == g.ID {
				in = append(in, sub)
			}
		}
		if len(in) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n\n%s", g.Title)
		for _, sub := range in {
			line(sub)
		}
	}
	var rest []*cobra.Command
	for _, sub := range subs {
		if sub.GroupID == "" {
			rest = append(rest, sub)
		}
	}
	if len(rest) > 0 {
		b.WriteString("\n\nAdditional Commands:")
		for _, sub := range rest {
			line(sub)
		}
	}
}

// commandLabel is a command's name with its shown aliases: "delete (rm,
// terminate)".
func commandLabel(c *cobra.Command) string {
	if a := shownAliases(c); len(a) > 0 {
		return c.Name() + " (" + strings.Join(a, ", ") + ")"
	}
	return c.Name()
}
