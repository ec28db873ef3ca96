// Package golist lists a build's package graph with the go tool, for the
// tests that hold what a package may link (the drivers stay out of the
// packages users' tests import; the binary links no test-only library) and
// what the linked packages do at start-up.
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
	args := []string{"list"}
	if deps {
		args = append(args, "-deps")
	}
	args = append(args, "-f", "{{.ImportPath}}{{range ."+field+"}} {{.}}{{end}}")
	graph := map[string][]string{}
	for line := range strings.Lines(Go(t, append(args, patterns...)...)) {
		if f := strings.Fields(line); len(f) > 0 {
			graph[f[0]] = f[1:]
		}
	}
	return graph
}

// Exports builds the packages patterns need (go list -export -deps) and
// returns, by import path, the file in the build cache holding each one's
// compiled code, which `go tool nm` and `go tool objdump` read.
func Exports(t testing.TB, patterns ...string) map[string]string {
	t.Helper()
	args := append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}} {{.Export}}"}, patterns...)
	files := map[string]string{}
	for line := range strings.Lines(Go(t, args...)) {
		if path, file, ok := strings.Cut(strings.TrimSpace(line), " "); ok && file != "" {
			files[path] = file
		}
	}
	return files
}

// Go runs the go tool with args and returns its standard output; the test
// fails when the tool is missing or fails.
func Go(t testing.TB, args ...string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go tool is needed to look at the build: %v", err)
	}
	out, err := exec.Command(goTool, args...).Output()
	if err != nil {
		if ee, ok := errors.AsType[*exec.ExitError](err); ok {
			t.Fatalf("go %s: %v\n%s", args[0], err, ee.Stderr)
		}
		t.Fatalf("go %s: %v", args[0], err)
	}
	return string(out)
}
