package emulator

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A state file holds secret keys, so a new one is readable by its owner only.
func TestNewStateFileIsPrivate(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.db")
	_, _, closeFn, err := OpenLocal(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	for _, p := range []string{path, path + "-wal"} {
		fi, err := os.Stat(p)
		if err != nil {
			if p != path && os.IsNotExist(err) {
				continue
			}
			t.Fatal(err)
		}
		if mode := fi.Mode().Perm(); mode&0o077 != 0 {
			t.Errorf("%s has mode %o, want no group or other access", filepath.Base(p), mode)
		}
	}
}
