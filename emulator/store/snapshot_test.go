package store_test

import (
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/storetest"
)

// The memory store names its committed versions.
func TestMemorySnapshots(t *testing.T) {
	t.Parallel()
	m := store.NewMemory()
	defer m.Close()
	storetest.Snapshots(t, m, nil)
}
