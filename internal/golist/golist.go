// Package golist lists a build's package graph with the go tool, for the
// tests that hold what a package may link (the drivers stay out of the
// packages users' tests import; the binary links no test-only library).
package golist

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// Graph runs `go list` over patterns and returns, by import path, the
// listed field of each package: "Imports" (direct imports) or "Deps"
// (every dependency). With deps set, the packages' dependencies are
// listed too (go list -deps). The go tool is required: a test that holds
// the graph must not pass without looking at it.
func Graph(t testing.TB, field string, deps bool, patterns ...string) map[string][]string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go tool is needed to list the packages' imports: %v", err)
	}
	args := []string{"list"}
	if deps {
		args = append(args, "-deps")
	}
	args = append(args, "-f", "{{.ImportPath}}{{range ."+field+"}} {{.}}{{end}}")
	out, err := exec.Command(goTool, append(args, patterns...)...).Output()
	if err != nil {
		if ee, ok := errors.AsType[*exec.ExitError](err); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	graph := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		if f := strings.Fields(line); len(f) > 0 {
			graph[f[0]] = f[1:]
		}
	}
	return graph
}
