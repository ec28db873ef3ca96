package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// committedDocs is the generated reference, relative to this package.
const committedDocs = "../docs/cli"

// TestDocsAreFresh fails when docs/cli no longer matches the command tree
// (CI's `go generate ./...` followed by a check for changes says the same
// before the tests run). Regenerate with `go generate ./cli`.
func TestDocsAreFresh(t *testing.T) {
	t.Parallel()
	fresh := t.TempDir()
	if _, err := GenerateDocs(fresh); err != nil {
		t.Fatal(err)
	}
	want := mdFiles(t, fresh)
	got := mdFiles(t, committedDocs)
	const hint = "docs/cli is stale: run go generate ./cli and commit docs/cli"
	for _, name := range want {
		if !slices.Contains(got, name) {
			t.Errorf("%s missing; %s", name, hint)
			continue
		}
		a, _ := os.ReadFile(filepath.Join(fresh, name))
		b, _ := os.ReadFile(filepath.Join(committedDocs, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs; %s", name, hint)
		}
	}
	for _, name := range got {
		if !slices.Contains(want, name) {
			t.Errorf("%s documents a command that no longer exists; %s", name, hint)
		}
	}
}

// GenerateDocs leaves the directory holding exactly the current pages: a
// page of a removed command goes, a file that is no page stays, and a
// second run changes nothing.
func TestGenerateDocsPrunesStalePages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stale := filepath.Join(dir, "mixcoatl_removed-command.md")
	other := filepath.Join(dir, "README.md")
	for _, p := range []string{stale, other} {
		if err := os.WriteFile(p, []byte("# old\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	n, err := GenerateDocs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the page of a removed command is still there (%v)", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("a file that is no page was removed: %v", err)
	}
	pages := mdFiles(t, dir)
	if len(pages) != n+1 { // the pages and README.md
		t.Errorf("%d .md files after writing %d pages", len(pages), n)
	}
	first := map[string][]byte{}
	for _, name := range pages {
		first[name], _ = os.ReadFile(filepath.Join(dir, name))
	}
	if _, err := GenerateDocs(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range mdFiles(t, dir) {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); !bytes.Equal(b, first[name]) {
			t.Errorf("%s changed on a second run", name)
		}
	}
}

func mdFiles(t *testing.T, dir string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	return names
}
