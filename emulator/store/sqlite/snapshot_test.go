package sqlite_test

import (
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store/storetest"
)

// SQLite's Views name their snapshots, and a commit through another
// handle on the file (what another process does) changes them.
func TestSQLiteSnapshots(t *testing.T) {
	t.Parallel()
	st, other := openTwo(t)
	storetest.Snapshots(t, st, other)
}
