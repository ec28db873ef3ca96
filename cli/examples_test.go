package cli

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/internal/heavy"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/spf13/cobra"
)

// exampleLines returns the example command lines of cmd and its
// subcommands that run against --local, by command path.
func exampleLines(cmd *cobra.Command) map[string][]string {
	out := map[string][]string{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, line := range strings.Split(c.Example, "\n") {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "mixcoatl --local ") {
				out[c.CommandPath()] = append(out[c.CommandPath()], line)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(cmd)
	return out
}

// splitWords splits an example line as a shell would: blanks separate
// words, single quotes group them.
func splitWords(line string) []string {
	var words []string
	var cur strings.Builder
	quoted, inWord := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
			}
			inWord = false
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// placeholder reports an example word the user must replace: "ID" where
// the catalogue names no example of the resource, "@FILE.json" where a
// flag takes a JSON document.
func placeholder(word string) bool {
	return word == "ID" || strings.HasPrefix(word, "@")
}

// Every example the resource commands print that reads (list, get, count,
// the resource's own examples) or only prints its request (--dry-run) runs
// as printed against the default seed, unless it holds a placeholder.
func TestCatalogueExamplesRun(t *testing.T) {
	heavy.NotUnderRace(t)
	t.Parallel()
	env := Env{}.withDefaults()
	root := newRootCommand(&env)
	state := filepath.Join(t.TempDir(), "local.db")
	ran := map[string]bool{}
	for _, res := range env.catalog().Resources {
		cmd, _, err := root.Find([]string{resourceCommandName(res)})
		if err != nil {
			t.Fatal(err)
		}
		for path, lines := range exampleLines(cmd) {
			for _, line := range lines {
				words := splitWords(line)[1:] // without "mixcoatl"
				writes := !strings.HasSuffix(path, " list") && !strings.HasSuffix(path, " get") && !strings.HasSuffix(path, " count") && path != cmd.CommandPath()
				if writes && words[len(words)-1] != "--dry-run" || slices.ContainsFunc(words, placeholder) || ran[line] {
					continue
				}
				ran[line] = true
				args := append([]string{"--local-state", state}, words...)
				got := runEnv(context.Background(), Env{Args: args, Getenv: func(string) string { return "" }, LegacyDir: "-", ConfigDir: t.TempDir()})
				if got.code != ExitOK {
					t.Errorf("%s: exit %d\n%s", line, got.code, got.stderr)
				}
			}
		}
	}
	for _, res := range env.catalog().Resources {
		if line := "mixcoatl --local " + resourceCommandName(res) + " list"; res.Has(catalog.KindList) && !slices.ContainsFunc(slices.Collect(maps.Keys(ran)), func(l string) bool { return strings.HasPrefix(l, line) }) {
			t.Errorf("no list example of %s ran", res.Name)
		}
	}
	t.Logf("%d examples ran", len(ran))
}
