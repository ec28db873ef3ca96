package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
)

func TestDocsWritesALinkedPagePerCommand(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "ref")
	var out strings.Builder
	env := Env{Stdout: &out}.withDefaults()
	root := rootWithExtras(&env)
	root.SetArgs([]string{"docs", dir})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "wrote ") {
		t.Errorf("no summary: %q", out.String())
	}
	for _, page := range []string{"mixcoatl.md", "mixcoatl_server_list.md", "mixcoatl_dcm_dcm-list-servers.md", "mixcoatl_configure.md", "mixcoatl_exit-codes.md", "mixcoatl_completion.md"} {
		if _, err := os.Stat(filepath.Join(dir, page)); err != nil {
			t.Errorf("missing page %s", page)
		}
	}
	list, err := os.ReadFile(filepath.Join(dir, "mixcoatl_server_list.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# mixcoatl server list", "## Usage", "--region-id", "## Global flags", "[mixcoatl server](mixcoatl_server.md)"} {
		if !strings.Contains(string(list), want) {
			t.Errorf("server list page lacks %q", want)
		}
	}
	if strings.Contains(string(list), "--help") {
		t.Errorf("pages repeat --help")
	}
	// Every link points to a page that exists.
	link := regexp.MustCompile(`\]\(([^)]+\.md)\)`)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range link.FindAllStringSubmatch(string(data), -1) {
			if _, err := os.Stat(filepath.Join(dir, m[1])); err != nil {
				t.Errorf("%s links to missing %s", e.Name(), m[1])
			}
		}
	}
}

func TestDocsLeavesOutHiddenCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := Env{}.withDefaults()
	root := rootWithExtras(&env)
	if _, err := writeDocs(root, dir, catalog.Load().DefaultVersion); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "mixcoatl_help.md")); err == nil {
		t.Errorf("cobra's help command has a page")
	}
	var hidden []string
	for _, c := range root.Commands() {
		if c.Hidden {
			hidden = append(hidden, c.Name())
			if _, err := os.Stat(filepath.Join(dir, docFileName(c))); err == nil {
				t.Errorf("hidden command %s has a page", c.Name())
			}
		}
	}
	t.Logf("hidden: %v", hidden)
}

// `mixcoatl docs DIR` through the real entry point (Main, with its pruned
// command tree) writes a page for every command, as go generate does.
func TestDocsThroughMainWritesEveryPage(t *testing.T) {
	t.Parallel()
	want, err := GenerateDocs(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var stdout, stderr strings.Builder
	if code := Main([]string{"mixcoatl", "docs", dir}, nil, &stdout, &stderr); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	if len(pages) != want || want < 300 {
		t.Errorf("Main wrote %d pages, go generate %d", len(pages), want)
	}
	if !strings.Contains(stdout.String(), fmt.Sprintf("wrote %d pages", want)) {
		t.Errorf("stdout %q", stdout.String())
	}
}
