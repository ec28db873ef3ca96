package openapicheck_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/internal/golist"
)

// TestNoBuildLinksAPb33fPackage: the mixcoatl binary checks answers with
// this package's own checker; libopenapi and its validator are for tests
// only (their package init alone cost every start of the CLI 6 ms). No
// package of the module, outside its tests, may import one, directly or
// through another module.
func TestNoBuildLinksAPb33fPackage(t *testing.T) {
	t.Parallel()
	imports := golist.Graph(t, "Imports", true, "github.com/mixcoatl/mixcoatl/cmd/mixcoatl", "github.com/mixcoatl/mixcoatl/...")
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
