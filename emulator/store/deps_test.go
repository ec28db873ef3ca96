package store_test

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// The database drivers are linked only by what opens a store from a --data
// value (emulator/store/open, the CLI): the packages a user's tests import
// (dcmtest and what it builds on) must not pull them, nor their modules,
// into the user's go.mod.
func TestDriversStayInTheirPackages(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("listing dependencies needs the go tool, which is not on PATH: %v", err)
	}
	const module = "github.com/mixcoatl/mixcoatl/"
	drivers := []string{"github.com/jackc/pgx", "modernc.org/sqlite"}
	light := []string{"dcmtest", "emulator", "emulator/engine", "emulator/seed", "emulator/store", "emulator/store/storetest"}
	// The CLI must still link both: it offers SQLite and Postgres stores.
	heavy := []string{"cmd/mixcoatl", "emulator/store/open"}

	args := []string{"list", "-f", "{{.ImportPath}}{{range .Deps}} {{.}}{{end}}"}
	for _, p := range append(append([]string(nil), light...), heavy...) {
		args = append(args, module+p)
	}
	out, err := exec.Command(goTool, args...).Output()
	if err != nil {
		if ee, ok := errors.AsType[*exec.ExitError](err); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	deps := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) > 0 {
			deps[strings.TrimPrefix(fields[0], module)] = fields[1:]
		}
	}
	linked := func(pkg, driver string) bool {
		for _, d := range deps[pkg] {
			if d == driver || strings.HasPrefix(d, driver+"/") {
				return true
			}
		}
		return false
	}
	for _, pkg := range light {
		if _, ok := deps[pkg]; !ok {
			t.Errorf("go list printed nothing for %s", pkg)
		}
		for _, driver := range drivers {
			if linked(pkg, driver) {
				t.Errorf("%s links %s: only emulator/store/open and the CLI may", pkg, driver)
			}
		}
	}
	for _, pkg := range heavy {
		for _, driver := range drivers {
			if !linked(pkg, driver) {
				t.Errorf("%s does not link %s: the CLI's --data would lose a store", pkg, driver)
			}
		}
	}
}
