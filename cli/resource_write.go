package cli

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// writeOptions are the flags of one write command (create, update, action
// or delete of a resource).
type writeOptions struct {
	og     *opGroup
	fields []*fieldFlag
	params *queryFlags // delete parameters (reason, terminateAfter, …)
	ids    *idArgs     // the positional ids, which may be names
	data   string
	// region is the scope of a data centre given by name, for ops whose
	// payload has a data centre but no region (server launch, add volume).
	region string
	// set are payload members fixed by the command itself (rename's name).
	set    map[string]string
	dryRun bool
	yes    bool
	wait   waitOptions
}

// waitOptions are --wait and its tuning, on every async verb.
type waitOptions struct {
	enabled  bool
	timeout  time.Duration
	interval time.Duration
}

func (w *waitOptions) register(fs *pflag.FlagSet) {
	fs.BoolVar(&w.enabled, "wait", false, "wait for the job to finish, then print the resulting resource (exit 6 if the job fails, 7 on timeout)")
	fs.DurationVar(&w.timeout, "wait-timeout", 30*time.Minute, "give up waiting after this long (exit 7)")
	fs.DurationVar(&w.interval, "wait-interval", time.Second, "first pause between job polls; it doubles up to 30s")
	_ = fs.MarkHidden("wait-interval")
}

// flagAliases are extra spellings of generated flags: the catalogue's
// field aliases ("image" for machineImage), names users know from the old
// tools and from cli/resolve's reference flags.
func (rc *resourceCommand) flagAliases(og *opGroup) map[string]string {
	aliases := map[string]string{}
	for _, f := range og.Fields() {
		for _, a := range rc.cat.FieldAliases[f.Name] {
			aliases[a] = wire.Kebab(f.Name)
		}
	}
	return aliases
}

// normalizeAliases installs flag aliases on a command's flags and names
// them in each flag's help ("also --image"), so that help shows the names
// the README and users' scripts use.
func normalizeAliases(fs *pflag.FlagSet, aliases map[string]string) {
	if len(aliases) == 0 {
		return
	}
	also := map[string][]string{}
	for alias, to := range aliases {
		also[to] = append(also[to], "--"+alias)
	}
	for to, names := range also {
		if f := fs.Lookup(to); f != nil {
			slices.Sort(names)
			f.Usage += " (also " + strings.Join(names, ", ") + ")"
		}
	}
	fs.SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if to, ok := aliases[name]; ok {
			return pflag.NormalizedName(to)
		}
		return pflag.NormalizedName(name)
	})
}

func (rc *resourceCommand) newWriteCommand(og *opGroup) *cobra.Command {
	o := &writeOptions{og: og}
	cmd := &cobra.Command{
		Use:     rc.writeUse(og),
		Aliases: og.aliases(),
		Short:   rc.writeShort(og),
		Long:    rc.writeLong(og),
		Example: rc.writeExample(og),
		Args:    rc.writeArgs(og),

		ValidArgsFunction: noFiles,
	}
	if completesIDs(rc.res, og.Kind) {
		cmd.ValidArgsFunction = rc.idCompletion
	}
	fs := cmd.Flags()
	for _, f := range og.Fields() {
		ff := newFieldFlag(fs, rc.cat, f, rc.res)
		// Required and version-specific: marked as the active version
		// needs when usage is printed (help.go).
		annotateForms(fs.Lookup(ff.flag), og, f.Name, defaultedField(og, f))
		o.fields = append(o.fields, ff)
	}
	o.params = newQueryFlags(rc.cat, rc.res, resourceCommandName(rc.res)+" "+og.commandName(), og.Params(), fs)
	if og.hasRef("DataCenter") && !og.hasField("region") {
		fs.StringVar(&o.region, "region", "", "region (id or name) of a --data-center given by name")
	}
	if og.Kind != catalog.KindDelete {
		fs.StringVar(&o.data, "data", "", "the "+og.Verb+" payload object as JSON, @FILE or - (stdin); flags override its fields")
	}
	fs.BoolVar(&o.dryRun, "dry-run", false, "print the signed request (secrets redacted) and send nothing")
	if og.destructive() {
		fs.BoolVarP(&o.yes, "yes", "y", false, "do not ask for confirmation (required when stdin is not a terminal)")
	}
	if og.Async() {
		o.wait.register(fs)
	}
	if og.Kind != catalog.KindCreate {
		o.ids = rc.newIDArgs(fs)
	}
	normalizeAliases(fs, rc.flagAliases(og))
	cmd.RunE = runE(func(cmd *cobra.Command, args []string) error {
		return rc.runWrite(cmd.Context(), cmd.Flags(), o, args)
	})
	return cmd
}

// defaultedField reports a required field the command fills itself: a
// required description defaults to the name, which users rarely want to
// type twice.
func defaultedField(og *opGroup, f *catalog.Field) bool {
	return f.Name == "description" && og.hasField("name")
}

// renameVerb is the verb of newRenameCommand.
const renameVerb = "rename"

// newRenameCommand is `<resource> rename ID NAME`, the update op with only
// the name set.
func (rc *resourceCommand) newRenameCommand(og *opGroup) *cobra.Command {
	o := &writeOptions{og: og, set: map[string]string{}}
	cmd := &cobra.Command{
		Use:     renameVerb + " ID NEW-NAME",
		Short:   fmt.Sprintf("Change only the name of %s", rc.article()),
		Example: fmt.Sprintf("  mixcoatl --local %s rename %s new-name", resourceCommandName(rc.res), exampleID(rc.res)),
		Args:    rangeArgs(2, 2, rc.keyName()+" and the new name"),

		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return noFiles(cmd, args, toComplete)
			}
			return rc.idCompletion(cmd, args, toComplete)
		},
	}
	o.params = newQueryFlags(rc.cat, rc.res, resourceCommandName(rc.res)+" rename", nil, cmd.Flags())
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "print the signed request (secrets redacted) and send nothing")
	o.ids = rc.newIDArgs(cmd.Flags())
	cmd.RunE = runE(func(cmd *cobra.Command, args []string) error {
		if strings.TrimSpace(args[1]) == "" {
			return usagef("rename: the new name is empty")
		}
		o.set["name"] = args[1]
		return rc.runWrite(cmd.Context(), cmd.Flags(), o, args[:1])
	})
	return cmd
}

func (rc *resourceCommand) writeUse(og *opGroup) string {
	if og.Kind == catalog.KindCreate {
		return og.commandName() + " [flags]"
	}
	return og.commandName() + " ID… [flags]"
}

func (rc *resourceCommand) writeArgs(og *opGroup) cobra.PositionalArgs {
	if og.Kind == catalog.KindCreate {
		return rangeArgs(0, 0, "no arguments (fields are flags)")
	}
	return rangeArgs(1, -1, "one or more "+rc.keyName()+"s")
}

// writeShort is the verb's sentence for people: the catalogue's (the
// first sentence of the op's doc, what it does and when to use it), or a
// plain one for an op the catalogue says nothing about.
func (rc *resourceCommand) writeShort(og *opGroup) string {
	s, _ := og.summary()
	if s == "" {
		switch og.Kind {
		case catalog.KindCreate:
			s = "Create " + rc.article()
		case catalog.KindUpdate:
			s = "Change " + humanPlural(rc.res)
		case catalog.KindDelete:
			s = "Delete " + humanPlural(rc.res)
		default:
			s = wire.UpperFirst(wire.Spaced(og.Verb)) + " " + humanPlural(rc.res)
		}
	}
	if og.Async() {
		s += "; async, --wait to wait"
	}
	return s
}

// summary splits the op's doc (of its first form that has one) into its
// first sentence, without the full stop, and the rest.
func (g *opGroup) summary() (first, rest string) {
	for _, f := range g.Forms {
		if f.Doc == "" {
			continue
		}
		doc := strings.TrimSpace(f.Doc)
		for i := 0; i+2 < len(doc); i++ {
			if doc[i] == '.' && doc[i+1] == ' ' && unicode.IsUpper(rune(doc[i+2])) {
				return doc[:i], strings.TrimSpace(doc[i+1:])
			}
		}
		return strings.TrimSuffix(doc, "."), ""
	}
	return "", ""
}

func (rc *resourceCommand) writeLong(og *opGroup) string {
	var b strings.Builder
	first, rest := og.summary()
	if first == "" {
		first = rc.writeShort(og)
	}
	b.WriteString(first + ".")
	if rest != "" {
		b.WriteString(" " + rest)
	}
	for _, f := range og.Forms[1:] {
		if f.Doc != "" && f.Doc != og.Forms[0].Doc {
			fmt.Fprintf(&b, "\n\n%s: %s", rangeTitle([]string{f.Since + "|" + f.Until}), f.Doc)
		}
	}
	b.WriteString("\n\n")
	if og.Kind == catalog.KindDelete {
		fmt.Fprintf(&b, "It sends DELETE %s/ID for each id.", rc.res.Path)
	} else {
		method := http.MethodPut + " " + rc.res.Path + "/ID"
		if og.Kind == catalog.KindCreate {
			method = http.MethodPost + " " + rc.res.Path
		}
		fmt.Fprintf(&b, "It sends %s with the %s payload built from the flags (and --data);", method, og.Verb)
		b.WriteString(" missing required flags are named before anything is sent.")
	}
	if og.Async() {
		b.WriteString("\n\nThe API answers with a job, which is printed; --wait polls it and prints the\nresource once the job is done.")
	}
	if og.destructive() {
		b.WriteString("\n\nAsks for confirmation on a terminal; scripts must pass --yes.")
	}
	if len(og.Forms) > 1 {
		b.WriteString("\n\nThe payload's form depends on the API version: the flags below are grouped by\nthe versions that take them, and flags of another version's form are refused.")
	}
	return b.String()
}

// writeExample builds a runnable example from the catalogue: every
// required flag and parameter of the form --local runs (the catalogue's
// default API version) with a value from the default seed.
func (rc *resourceCommand) writeExample(og *opGroup) string {
	words := []string{"  mixcoatl --local", resourceCommandName(rc.res), og.commandName()}
	if og.Kind != catalog.KindCreate {
		words = append(words, exampleID(rc.res))
	}
	form, ok := rc.res.Op(og.Kind, og.Verb, rc.cat.DefaultVersion)
	if !ok {
		form = og.Forms[len(og.Forms)-1]
	}
	for _, f := range form.Fields {
		if f.Required {
			words = append(words, "--"+wire.Kebab(f.Name), rc.exampleFieldValue(f))
		}
	}
	for _, p := range form.Params {
		switch {
		case p.Name == "reason":
			words = append(words, "--reason", "'no longer needed'")
		case p.Required:
			value := rc.exampleFieldValue(&catalog.Field{Name: p.Name, Type: p.Type, Example: p.Example})
			words = append(words, "--"+wire.Kebab(p.Name), value)
		}
	}
	if og.destructive() {
		words = append(words, "--yes")
	}
	line := strings.Join(words, " ")
	out := line + "\n" + line + " --dry-run"
	if og.Async() {
		out += "\n" + line + " --wait"
	}
	return out
}

// exampleFieldValue is a value of the field for examples: the
// catalogue's example, else the example id of the resource it references,
// else a value of the field's type.
func (rc *resourceCommand) exampleFieldValue(f *catalog.Field) string {
	if f.Example != "" {
		return f.Example
	}
	if res, ok := rc.cat.Resource(f.Ref); ok && f.Ref != "" {
		return exampleID(res)
	}
	switch {
	case f.Type == catalog.TypeInt:
		return "1"
	case f.Type == catalog.TypeBool:
		return "true"
	case f.Type == catalog.TypeObject, f.Type == catalog.TypeArray, f.Type == catalog.TypeAny:
		return "@" + f.Name + ".json"
	case f.Type == catalog.TypeEnum && len(f.Values) > 0:
		return f.Values[0]
	}
	return "example-" + wire.Kebab(f.Name)
}

// doneMessage is the stderr confirmation of a finished op.
func (rc *resourceCommand) doneMessage(og *opGroup, id string) string {
	what := humanName(rc.res)
	if id != "" {
		what += " " + id
	}
	switch og.Kind {
	case catalog.KindDelete:
		return what + ": deleted"
	case catalog.KindCreate:
		return what + ": created"
	}
	return fmt.Sprintf("%s: %s done", what, og.Verb)
}

// hasRef reports whether any form of the op references the resource.
func (g *opGroup) hasRef(resource string) bool {
	for _, f := range g.Fields() {
		if f.Ref == resource {
			return true
		}
	}
	return false
}
