package main

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/internal/golist"
)

// module is the import path prefix of this module's packages.
const module = "github.com/mixcoatl/mixcoatl"

// initCallAllowed are the only functions a package initialiser of ours may
// call: allocating and storing what sync.OnceValue, errors.New and the like
// need, and growing the stack. Anything else (regexp.MustCompile, a map
// literal's runtime.mapassign, string building, template parsing, a
// catalogue walk) runs before every command, `mixcoatl version` included:
// it belongs in a sync.OnceValue or in the code that needs it.
var initCallAllowed = regexp.MustCompile(`^runtime\.(newobject|gcWriteBarrier[0-9]*|morestack_noctxt)$`)

// TestStartUpRunsNoInitWorkOfOurs holds the start-up work of this module's
// packages linked into the binary at none: it reads the compiler's own
// package initialisers (pkg.init, pkg.init.N) from the build and fails on
// any call they make outside initCallAllowed, naming it. Dependencies'
// initialisers are not ours to change (see BENCHMARKS.md for their cost).
func TestStartUpRunsNoInitWorkOfOurs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary's packages")
	}
	exports := golist.Exports(t, ".")
	calls := regexp.MustCompile(`R_CALL:([^\s<]+)`)
	var paths []string
	for path := range exports {
		if path == module || strings.HasPrefix(path, module+"/") {
			paths = append(paths, path)
		}
	}
	sort.Strings(paths)
	if len(paths) < 10 {
		t.Fatalf("go list found %d packages of this module in the binary: %q", len(paths), paths)
	}
	inits := 0
	for _, path := range paths {
		sym := "^" + regexp.QuoteMeta(path) + `\.init(\.[0-9]+)?$`
		out := golist.Go(t, "tool", "objdump", "-s", sym, exports[path])
		for line := range strings.Lines(out) {
			if strings.HasPrefix(line, "TEXT ") {
				inits++
				continue
			}
			m := calls.FindStringSubmatch(line)
			switch {
			case m != nil && !initCallAllowed.MatchString(m[1]):
				t.Errorf("%s: its package initialiser calls %s at every start; move that to first use (sync.OnceValue)\n%s", path, m[1], strings.TrimSpace(line))
			case m == nil && strings.Contains(line, "\tCALL "):
				t.Errorf("%s: its package initialiser calls a function value at every start\n%s", path, strings.TrimSpace(line))
			}
		}
	}
	// The check must have looked at initialisers: several packages of
	// ours set up sync.OnceValue variables.
	if inits == 0 {
		t.Fatal("no package initialiser of ours found in the build: the objdump scan is broken")
	}
}

// TestBinaryLinksNoYAMLLibrary: YAML output (-o yaml, openapi -o yaml,
// sdk.YAML) is internal/jsontree's. A YAML library's package initialisers
// ran before every command (go.yaml.in/yaml/v2's tables: ~0.1 ms and a
// dozen page faults of `mixcoatl version`); tests may still read YAML back
// with one.
func TestBinaryLinksNoYAMLLibrary(t *testing.T) {
	deps, ok := golist.Graph(t, "Deps", false, ".")[module+"/cmd/mixcoatl"]
	if !ok || len(deps) == 0 {
		t.Fatal("go list gave no dependencies for the binary")
	}
	for _, d := range deps {
		if strings.Contains(d, "yaml") {
			t.Errorf("the binary links %s", d)
		}
	}
}
