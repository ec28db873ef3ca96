package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
	"github.com/mixcoatl/mixcoatl/emulator/store/storetest"
)

func openSQLite(tb testing.TB) store.Store {
	tb.Helper()
	s, err := sqlite.Open(filepath.Join(tb.TempDir(), "emulator.db"))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// openTwo opens two Stores on one new file, closed when the test ends: to
// SQLite, the second is another process.
func openTwo(t *testing.T) (a, b *sqlite.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shared.db")
	var err error
	if a, err = sqlite.Open(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	if b, err = sqlite.Open(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return a, b
}

func TestSQLiteConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return openSQLite(t) })
}

func TestSQLiteDurable(t *testing.T) {
	t.Parallel()
	storetest.RunDurable(t, func(t *testing.T) storetest.Reopener {
		path := filepath.Join(t.TempDir(), "emulator.db")
		return func() (store.Store, error) { return sqlite.Open(path) }
	})
}

func BenchmarkSQLite(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) store.Store { return openSQLite(b) })
}
