// Package heavy marks the few tests that are too slow under the race
// detector to run in CI's race step, and that CI runs in a step of their
// own without it instead.
//
// A test calls NotUnderRace(t) first. It runs everywhere as before: with
// `go test ./...` (the README's command) and with `go test -race ./...`
// alike. Only when MIXCOATL_HEAVY_SEPARATELY=1 is set and the binary is
// built with -race does it skip, saying so; .ci/run sets the variable for
// its race step and then runs every test that calls NotUnderRace without
// -race (it finds them by that call), so none is left out.
//
// What qualifies: a test whose cost is CPU work of one goroutine (every
// catalogue example, every document validated, hundreds of megabytes
// streamed), where the race detector multiplies the time by ten and adds
// nothing the concurrent tests do not already check.
package heavy

import (
	"os"
	"testing"
)

// Env is the variable .ci/run sets for its race step.
const Env = "MIXCOATL_HEAVY_SEPARATELY"

// NotUnderRace skips t when built with -race and Env is "1".
func NotUnderRace(t testing.TB) {
	t.Helper()
	if raceEnabled && os.Getenv(Env) == "1" {
		t.Skip("heavy test: skipped under -race because " + Env + "=1; .ci/run runs it without the race detector in its own step")
	}
}
