package sqlite

import (
	"os"
	"testing"
	"time"
)

// A process that only reads a current file (a read-only `mixcoatl
// --local` command) leaves it exactly as it was: same size and
// modification time, and no frame appended to its write-ahead log.
func TestReadingLeavesTheFileUntouched(t *testing.T) {
	t.Parallel()
	path := currentFile(t)
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
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := readCurrentFile(t.Context(), s); err != nil {
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
