package cli

import (
	"slices"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/cli/compat"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// treeSelection is the part of the command tree a command line needs.
type treeSelection struct {
	all      bool              // every resource and every old tool
	resource *catalog.Resource // else the one resource command to build (nil = none)
	verb     string            // and of its verbs the one the command line names ("" = every verb; see newResourceCommand)
	tool     *compat.Tool      // and the one `mixcoatl dcm` tool to build (nil = none)
	builtin  string            // and the one built-in or raw command to build ("" = none)
}

// treeFor chooses the subtrees that args need (cat gives the catalogue,
// read only when the first word is not a built-in command). The whole tree
// is built unless the first command word plainly names a built-in or raw
// command (then only that one is built; after dcm, the second word must
// name a tool or dcm's list/install) or a resource (then only that
// resource, and the second word may spare the verbs it does not name):
// help, docs, the root's own help and --version, unknown commands and
// anything this scan does not follow (an unknown flag, "--") see the
// complete tree.
func treeFor(cat func() *catalog.Catalog, root *cobra.Command, builtins []builtinCommand, args []string) treeSelection {
	all := treeSelection{all: true}
	if completing(args) {
		// A completion request builds what the command line it
		// completes needs.
		return treeFor(cat, root, builtins, args[1:])
	}
	name, rest, ok := nextCommandWord(args, root.PersistentFlags())
	if !ok {
		return all
	}
	if !slices.ContainsFunc(builtins, func(b builtinCommand) bool { return b.name == name }) {
		// No built-in command has a resource's name or alias
		// (TestTopLevelNamesAreUnique), so only now is the catalogue read.
		// Names and aliases are unique across resources (cobra finds a
		// command by either), so names are compared first, and aliases,
		// which take building, only when no name matches.
		resources := cat().Resources
		match := func(res *catalog.Resource) treeSelection {
			verb, _, _ := nextCommandWord(rest, root.PersistentFlags())
			return treeSelection{resource: res, verb: verb}
		}
		for _, res := range resources {
			if resourceCommandName(res) == name {
				return match(res)
			}
		}
		for _, res := range resources {
			if slices.Contains(resourceAliases(res), name) {
				return match(res)
			}
		}
		return all
	}
	switch name {
	case "docs":
		return all // every command has a page
	case "dcm":
	default:
		return treeSelection{builtin: name}
	}
	tool, _, ok := nextCommandWord(rest, root.PersistentFlags())
	if !ok {
		return all
	}
	if tool == "list" || tool == "install" { // dcm's own commands (addCompatToolCommands)
		return treeSelection{builtin: name}
	}
	if t, found := compat.Lookup(tool); found {
		return treeSelection{builtin: name, tool: t}
	}
	return all
}

// nextCommandWord finds the first argument cobra would take as a command
// name, skipping the root's persistent flags and their values; ok is false
// for anything else before it (an unknown or short flag, "--") or when there
// is none.
func nextCommandWord(args []string, flags *pflag.FlagSet) (name string, rest []string, ok bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return "", nil, false
		case strings.HasPrefix(a, "--"):
			n, _, hasValue := strings.Cut(a[2:], "=")
			f := flags.Lookup(n)
			if f == nil {
				return "", nil, false
			}
			if !hasValue && f.NoOptDefVal == "" {
				i++ // the flag's value
			}
		case strings.HasPrefix(a, "-") || a == "":
			return "", nil, false
		default:
			return a, args[i+1:], true
		}
	}
	return "", nil, false
}
