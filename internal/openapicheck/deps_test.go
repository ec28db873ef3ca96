package openapicheck_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestNoBuildLinksAPb33fPackage: the mixcoatl binary checks answers with
// this package's own checker; libopenapi and its validator are for tests
// only (their package init alone cost every start of the CLI 6 ms). No
// package of the module, outside its tests, may import one, directly or
// through another module.
func TestNoBuildLinksAPb33fPackage(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go tool is needed to list the packages' imports: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`,
		"github.com/mixcoatl/mixcoatl/cmd/mixcoatl", "github.com/mixcoatl/mixcoatl/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	imports := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		if f := strings.Fields(line); len(f) > 0 {
			imports[f[0]] = f[1:]
		}
	}
	mixcoatl := imports["github.com/mixcoatl/mixcoatl/cmd/mixcoatl"]
	if len(imports) < 100 || !slices.Contains(mixcoatl, "github.com/mixcoatl/mixcoatl/cli") {
		t.Fatalf("go list gave %d packages, cmd/mixcoatl importing %v: the listing is broken", len(imports), mixcoatl)
	}
	for pkg, imps := range imports {
		for _, imp := range imps {
			if strings.HasPrefix(imp, "github.com/pb33f/") && !strings.HasPrefix(pkg, "github.com/pb33f/") {
				t.Errorf("%s imports %s", pkg, imp)
			}
		}
	}
	for pkg := range imports {
		if strings.HasPrefix(pkg, "github.com/pb33f/") {
			t.Errorf("a build of the module links %s", pkg)
		}
	}
}
