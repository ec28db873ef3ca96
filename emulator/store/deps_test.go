package store_test

import (
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/internal/golist"
)

// The database drivers are linked only by what opens a store from a --data
// value (emulator/store/open, the CLI): the packages a user's tests import
// (dcmtest and what it builds on) must not pull them, nor their modules,
// into the user's go.mod.
func TestDriversStayInTheirPackages(t *testing.T) {
	t.Parallel()
	const module = "github.com/mixcoatl/mixcoatl/"
	drivers := []string{"github.com/jackc/pgx", "modernc.org/sqlite"}
	light := []string{"dcmtest", "emulator", "emulator/engine", "emulator/seed", "emulator/store", "emulator/store/storetest"}
	// The CLI must still link both: it offers SQLite and Postgres stores.
	heavy := []string{"cmd/mixcoatl", "emulator/store/open"}

	var patterns []string
	for _, p := range append(append([]string(nil), light...), heavy...) {
		patterns = append(patterns, module+p)
	}
	deps := map[string][]string{}
	for pkg, d := range golist.Graph(t, "Deps", false, patterns...) {
		deps[strings.TrimPrefix(pkg, module)] = d
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

// TestStoresLinkNothingOfTheProtocol: the stores keep bytes by key and
// know nothing of the API; what they need of JSON comes from the leaf
// scanner package wire/jsonscan. Their builds (outside tests) link no other
// package of the project than the emulator's own helpers.
func TestStoresLinkNothingOfTheProtocol(t *testing.T) {
	t.Parallel()
	const mod = "github.com/mixcoatl/mixcoatl/"
	deps := golist.Graph(t, "Deps", false, mod+"emulator/store/...")
	if len(deps) < 4 {
		t.Fatalf("go list gave %d store packages: the listing is broken", len(deps))
	}
	for pkg, ds := range deps {
		for _, d := range ds {
			rest, ours := strings.CutPrefix(d, mod)
			if ours && rest != "wire/jsonscan" && !strings.HasPrefix(rest, "emulator/store") && !strings.HasPrefix(rest, "emulator/internal/") {
				t.Errorf("%s links %s", pkg, d)
			}
		}
	}
}
