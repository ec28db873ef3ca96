package cli

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	outfmt "github.com/mixcoatl/mixcoatl/cli/output"
	"github.com/mixcoatl/mixcoatl/cli/resolve"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Flag annotations that say what a flag's values are, for completion: the
// catalogue resource whose ids and names it takes, or its allowed values.
const (
	annotRef    = "mixcoatl/ref"
	annotValues = "mixcoatl/values"
)

// annotate records one annotation on a flag.
func annotate(f *pflag.Flag, key string, values ...string) {
	values = slices.DeleteFunc(slices.Clone(values), func(v string) bool { return v == "" })
	if f == nil || len(values) == 0 {
		return
	}
	if f.Annotations == nil {
		f.Annotations = map[string][]string{}
	}
	f.Annotations[key] = values
}

// completionTimeout bounds the listing a completion may make: a shell
// waits for it at every key press.
const completionTimeout = 3 * time.Second

// completing reports whether the command line asks for completions (the
// shell scripts of `mixcoatl completion` call `mixcoatl __complete …`):
// only then are the flags' completion functions registered, since cobra
// keeps them in a process-wide table.
func completing(args []string) bool {
	return len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
}

// noFiles completes nothing, and tells the shell not to offer file names
// instead: for commands that take no arguments.
func noFiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveNoFileComp
}

// fixed completes from a list of values.
func fixed(values ...string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return matching(values, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

// matching keeps the candidates (value, or value\tdescription) that start
// with prefix, ignoring case.
func matching(candidates []string, prefix string) []string {
	var out []string
	for _, c := range candidates {
		v, _, _ := strings.Cut(c, "\t")
		if strings.HasPrefix(strings.ToLower(v), strings.ToLower(prefix)) {
			out = append(out, c)
		}
	}
	return out
}

// fileFlags take a file name (or @FILE): completion offers files there.
func fileFlag(f *pflag.Flag) bool {
	switch f.Name {
	case "data", "endpoint-file", "local-state":
		return true
	}
	return strings.Contains(f.Usage, "@FILE")
}

// registerCompletions gives every flag of cmd and its subcommands a
// completion: allowed values, ids and names of the resource it references
// (from the cache, see refCompletion), output formats, columns; files only
// where a file makes sense; nothing at all otherwise. Positional ids of a
// verb complete like a reference to the resource.
func (rc *resourceCommand) registerCompletions(cmd *cobra.Command) {
	register := func(c *cobra.Command, fs *pflag.FlagSet) {
		fs.VisitAll(func(f *pflag.Flag) {
			if f.Value.Type() == "bool" || f.Name == "help" {
				return
			}
			var fn cobra.CompletionFunc = noFiles
			switch {
			case f.Name == "output":
				fn = fixed(formatNames()...)
			case f.Name == "columns":
				fn = rc.columnCompletion
			case f.Name == "details":
				fn = fixed("none", "basic", "extended")
			case len(f.Annotations[annotValues]) > 0:
				fn = fixed(f.Annotations[annotValues]...)
			case len(f.Annotations[annotRef]) > 0:
				fn = rc.refCompletion(f.Annotations[annotRef][0])
			case fileFlag(f):
				return // the shell's file names
			}
			_ = c.RegisterFlagCompletionFunc(f.Name, fn)
		})
	}
	register(cmd, cmd.PersistentFlags())
	for _, verb := range cmd.Commands() {
		register(verb, verb.LocalNonPersistentFlags())
	}
}

func formatNames() []string {
	var out []string
	for _, f := range outfmt.Formats() {
		out = append(out, string(f))
	}
	return out
}

// columnCompletion completes --columns: the resource's fields, after the
// columns already typed ("serverId,na" → "serverId,name").
func (rc *resourceCommand) columnCompletion(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	done, last := "", toComplete
	if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
		done, last = toComplete[:i+1], toComplete[i+1:]
	}
	var out []string
	for _, f := range rc.res.Fields {
		if !f.Secret && strings.HasPrefix(strings.ToLower(f.Name), strings.ToLower(last)) {
			out = append(out, done+f.Name)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// idCompletion completes the positional ids of a verb.
func (rc *resourceCommand) idCompletion(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	return rc.refCompletion(rc.res.Name)(cmd, args, toComplete)
}

// refCompletion completes ids and names of a resource: each object's id
// (described by its name), its name and its other lookup values (the
// cloud's own ids, described by the id), from the names cache, which a
// completion refreshes at most once per resolve.ListingRefresh (a
// minute). A list of several (--firewalls a,b) completes after the last
// comma. Filters the listing needs (a data centre's region) come from the
// command's flags when given.
func (rc *resourceCommand) refCompletion(resource string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		done, last := "", toComplete
		if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
			done, last = toComplete[:i+1], toComplete[i+1:]
		}
		ctx := cmd.Context()
		if ctx == nil {
			ctx = context.Background()
		}
		ctx, cancel := context.WithTimeout(ctx, completionTimeout)
		defer cancel()
		client, err := rc.g.newClient(rc.env)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		choices, err := rc.newResolver(client, rc.completionScope(ctx, cmd, resource)).Choices(ctx, resource, resolve.ListingRefresh)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		// Names that several objects share (a product id, a label) would
		// be refused as ambiguous: only the unique ones are offered.
		uses := map[string]int{}
		for _, c := range choices {
			for _, name := range append([]string{c.Name}, c.Also...) {
				uses[name]++
			}
		}
		var candidates []string
		for _, c := range choices {
			candidates = append(candidates, c.ID+"\t"+c.Name)
			for _, name := range append([]string{c.Name}, c.Also...) {
				if name != "" && uses[name] == 1 {
					candidates = append(candidates, name+"\t"+c.ID)
				}
			}
		}
		out := matching(candidates, last)
		for i := range out {
			out[i] = done + out[i]
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completionScope is what the command line says about the filters a
// listing of resource needs (--region for data centres), ids looked up
// when given by name.
func (rc *resourceCommand) completionScope(ctx context.Context, cmd *cobra.Command, resource string) url.Values {
	res, ok := rc.cat.Resource(resource)
	scope := url.Values{}
	if !ok {
		return scope
	}
	for _, p := range res.Filters {
		f := cmd.Flags().Lookup(resolve.FilterFlag(p.Name))
		if f == nil || f.Value.String() == "" || !(p.Required || len(p.RequiredUnless) > 0) {
			continue
		}
		v := f.Value.String()
		if target := filterResource(rc.cat, p.Name); target != "" && !isDigits(v) {
			client, err := rc.g.newClient(rc.env)
			if err != nil {
				continue
			}
			if id, err := rc.newResolver(client, nil).Resolve(ctx, target, v); err == nil {
				v = id
			}
		}
		scope.Set(p.Name, v)
	}
	return scope
}

// completesIDs reports whether a verb's positional arguments are ids of
// its resource.
func completesIDs(res *catalog.Resource, kind catalog.Kind) bool {
	return !res.Flat && kind != catalog.KindCreate && kind != catalog.KindList && kind != catalog.KindHead
}
