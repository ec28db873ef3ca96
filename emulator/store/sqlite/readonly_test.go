package sqlite_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// A process that only reads a current file (a read-only `mixcoatl
// --local` command) leaves it exactly as it was: same size and
// modification time, and no frame appended to its write-ahead log.
func TestReadingLeavesTheFileUntouched(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update(ctx, func(tx store.Tx) error {
		if err := tx.Put(ctx, store.Record{Customer: 1, Kind: "Server", ID: "1", Data: []byte(`{"name":"a"}`)}); err != nil {
			return err
		}
		return tx.PutMeta(ctx, "k", []byte("v"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	// A later write would show in the modification time even on a file
	// system that keeps it in coarse steps.
	old := before.ModTime().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}

	s, err = sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		err = s.View(ctx, func(tx store.Tx) error {
			if _, _, err := tx.GetMeta(ctx, "k"); err != nil {
				return err
			}
			return tx.Scan(ctx, store.Filter{Customer: 1, Kind: "Server"}, func(store.Record) bool { return true })
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ReadItem(ctx, store.ItemRead{Customer: 1, Kind: "Server", ID: "1", MetaKey: "k"}); err != nil {
			t.Fatal(err)
		}
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("reading wrote %d bytes of write-ahead log", fi.Size())
	} else if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if after.Size() != before.Size() || !after.ModTime().Equal(old) {
		t.Errorf("reading changed the file: size %d → %d, modified %v → %v", before.Size(), after.Size(), old, after.ModTime())
	}
}
