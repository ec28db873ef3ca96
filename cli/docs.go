package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// newDocsCommand is `mixcoatl docs DIR`: one Markdown page per command.
// cobra/doc would pull in a module we do not have, so the tree is walked
// here; the pages depend only on the command tree (no dates, no paths of
// this machine), so regenerating them is a no-op unless a command changed.
func newDocsCommand(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "docs DIR",
		Short: "Write the Markdown reference of every command into DIR",
		Long: `Write one Markdown page per command into DIR (created if needed):
mixcoatl.md for the root, mixcoatl_server_list.md for 'mixcoatl server list',
and so on, linked to each other. Pages of commands that no longer exist are
not removed; generate into an empty directory to get exactly the current set.`,
		Example: "  mixcoatl docs docs/cli",
		Args:    rangeArgs(1, 1, "DIR"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			pages, err := writeDocs(cmd.Root(), args[0], env.catalog().DefaultVersion)
			if err != nil {
				return err
			}
			return render(env.Stdout, output{lines: []string{fmt.Sprintf("wrote %d pages to %s", len(pages), args[0])}})
		}),
	}
}

//go:generate go run ./internal/gen/docgen -o ../docs/cli

// GenerateDocs writes the reference of every command into dir, as
// `mixcoatl docs` does, and removes the pages there (mixcoatl*.md) of
// commands that no longer exist, so that dir holds exactly the current
// set; other files are left alone. `go generate ./cli` runs it on docs/cli.
// The tree is built with an empty environment, so the pages do not depend
// on the machine or the user that writes them. It returns the number of
// pages written.
func GenerateDocs(dir string) (int, error) {
	env := Env{}.withDefaults()
	pages, err := writeDocs(newRootCommand(&env), dir, env.catalog().DefaultVersion)
	if err != nil {
		return 0, err
	}
	existing, err := filepath.Glob(filepath.Join(dir, "mixcoatl*.md"))
	if err != nil {
		return 0, err
	}
	for _, path := range existing {
		if !slices.Contains(pages, filepath.Base(path)) {
			if err := os.Remove(path); err != nil {
				return 0, err
			}
		}
	}
	return len(pages), nil
}

// writeDocs writes the page of every documented command under root and
// returns the pages' file names. Flags of versioned ops are grouped and
// marked required as version (the catalogue's default) needs them.
func writeDocs(root *cobra.Command, dir, version string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	// What cobra adds when a command line runs, added here too so pages
	// written by a test match pages written by `mixcoatl docs`.
	root.InitDefaultHelpCmd()
	root.InitDefaultVersionFlag()
	root.InitDefaultCompletionCmd()
	var pages []string
	var walk func(*cobra.Command) error
	walk = func(c *cobra.Command) error {
		if !documented(c) {
			return nil
		}
		name := docFileName(c)
		if err := os.WriteFile(filepath.Join(dir, name), docPage(c, version), 0o644); err != nil {
			return err
		}
		pages = append(pages, name)
		for _, sub := range c.Commands() {
			if err := walk(sub); err != nil {
				return err
			}
		}
		return nil
	}
	return pages, walk(root)
}

// documented leaves out hidden commands and cobra's own help command.
func documented(c *cobra.Command) bool {
	return !c.Hidden && c.Name() != "help" && (c.IsAvailableCommand() || c.IsAdditionalHelpTopicCommand() || !c.HasParent())
}

// docFileName is the command path joined by "_": mixcoatl_server_list.md.
func docFileName(c *cobra.Command) string {
	return strings.ReplaceAll(c.CommandPath(), " ", "_") + ".md"
}

// docPage renders one command's reference page.
func docPage(c *cobra.Command, version string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", c.CommandPath())
	if c.Short != "" {
		fmt.Fprintf(&b, "%s\n\n", c.Short)
	}
	if c.Long != "" {
		fmt.Fprintf(&b, "## Description\n\n```text\n%s\n```\n\n", strings.TrimRight(c.Long, "\n"))
	}
	if c.Runnable() {
		fmt.Fprintf(&b, "## Usage\n\n```text\n%s\n```\n\n", c.UseLine())
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(&b, "Aliases: `%s`\n\n", strings.Join(c.Aliases, "`, `"))
	}
	if c.Example != "" {
		fmt.Fprintf(&b, "## Examples\n\n```text\n%s\n```\n\n", strings.TrimRight(c.Example, "\n"))
	}
	for _, sec := range flagSections(c.NonInheritedFlags(), version, "the default version") {
		writeFlagSection(&b, sec.title, sec.flags)
	}
	writeFlagSection(&b, "Global flags", c.InheritedFlags())
	var subs []*cobra.Command
	for _, sub := range c.Commands() {
		if documented(sub) {
			subs = append(subs, sub)
		}
	}
	if len(subs) > 0 {
		b.WriteString("## Commands\n\n")
		for _, sub := range subs {
			label := sub.CommandPath()
			if a := shownAliases(sub); len(a) > 0 {
				label += " (" + strings.Join(a, ", ") + ")"
			}
			fmt.Fprintf(&b, "* [%s](%s) — %s\n", label, docFileName(sub), sub.Short)
		}
		b.WriteString("\n")
	}
	if c.HasParent() {
		p := c.Parent()
		fmt.Fprintf(&b, "## See also\n\n* [%s](%s) — %s\n", p.CommandPath(), docFileName(p), p.Short)
	}
	return append(bytes.TrimRight(b.Bytes(), "\n"), '\n')
}

func writeFlagSection(b *bytes.Buffer, title string, fs *pflag.FlagSet) {
	fs = withoutHelpFlag(fs)
	if !fs.HasAvailableFlags() {
		return
	}
	fmt.Fprintf(b, "## %s\n\n```text\n%s```\n\n", title, fs.FlagUsages())
}

// withoutHelpFlag drops -h/--help, which every page would repeat.
func withoutHelpFlag(fs *pflag.FlagSet) *pflag.FlagSet {
	out := pflag.NewFlagSet("", pflag.ContinueOnError)
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name != "help" {
			out.AddFlag(f)
		}
	})
	return out
}
