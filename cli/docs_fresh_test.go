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

// TestDocsAreFresh fails when docs/cli no longer matches the command tree.
// Regenerate with:
//
//	MIXCOATL_UPDATE_DOCS=1 go test ./cli -run TestDocsAreFresh
//
// (or `mixcoatl docs docs/cli` into an emptied directory).
func TestDocsAreFresh(t *testing.T) {
	t.Parallel()
	env := Env{}.withDefaults()
	if os.Getenv("MIXCOATL_UPDATE_DOCS") == "1" {
		old, _ := filepath.Glob(filepath.Join(committedDocs, "*.md"))
		for _, f := range old {
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := writeDocs(rootWithExtras(&env), committedDocs); err != nil {
			t.Fatal(err)
		}
	}
	fresh := t.TempDir()
	if _, err := writeDocs(rootWithExtras(&env), fresh); err != nil {
		t.Fatal(err)
	}
	want := mdFiles(t, fresh)
	got := mdFiles(t, committedDocs)
	const hint = "docs/cli is stale: run MIXCOATL_UPDATE_DOCS=1 go test ./cli -run TestDocsAreFresh and commit docs/cli"
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
