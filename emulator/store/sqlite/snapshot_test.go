package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
	"github.com/mixcoatl/mixcoatl/emulator/store/storetest"
)

// SQLite's Views name their snapshots, and a commit through another
// handle on the file (what another process does) changes them.
func TestSQLiteSnapshots(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "emulator.db")
	st, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	other, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	storetest.Snapshots(t, st, other)
}
