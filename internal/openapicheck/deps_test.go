package openapicheck_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBinaryLinksNoPb33fPackage: the mixcoatl binary checks answers with
// this package's own checker; libopenapi and its validator are for tests
// only (their package init alone cost every start of the CLI 6 ms).
func TestBinaryLinksNoPb33fPackage(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go tool is needed to list the binary's packages: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "github.com/mixcoatl/mixcoatl/cmd/mixcoatl").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 50 || !strings.Contains(string(out), "github.com/mixcoatl/mixcoatl/internal/openapicheck") {
		t.Fatalf("go list -deps gave %d packages, without openapicheck: the listing is broken", len(deps))
	}
	for _, p := range deps {
		if strings.HasPrefix(p, "github.com/pb33f/") {
			t.Errorf("cmd/mixcoatl links %s", p)
		}
	}
}
