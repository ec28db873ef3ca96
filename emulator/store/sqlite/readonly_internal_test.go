package sqlite

import (
	"bytes"
	"database/sql"
	"os"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
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
	s := openAndRead(t, path, 3)
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

// A file in rollback-journal mode (a copy someone converted) is read in
// that mode: reading leaves every byte of it as it was and creates no
// write-ahead log; the first write turns it to WAL.
func TestReadingKeepsTheJournalMode(t *testing.T) {
	t.Parallel()
	path := currentFile(t)
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode=DELETE").Scan(&mode); err != nil || mode != "delete" {
		t.Fatalf("journal_mode = %q (%v), want delete", mode, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := openAndRead(t, path, 2)
	if _, err := os.Stat(path + "-wal"); !os.IsNotExist(err) {
		t.Errorf("reading a rollback-journal file made a write-ahead log (%v)", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("reading changed the file (its journal mode, say)")
	}
	s = openAndRead(t, path, 0)
	defer s.Close()
	if err := s.Update(t.Context(), func(tx store.Tx) error { return tx.PutMeta(t.Context(), "k", []byte("v")) }); err != nil {
		t.Fatal(err)
	}
	if err := readCurrentFile(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	// The header's file format versions (bytes 18 and 19) are 2 in WAL
	// mode, 1 in rollback-journal mode.
	header, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(header) < 20 || header[18] != 2 || header[19] != 2 {
		t.Errorf("after a write the file is not in WAL mode: header bytes 18, 19 = %v", header[18:20])
	}
}

// openAndRead opens path and reads it as a read-only command would
// (readCurrentFile), times times.
func openAndRead(t *testing.T, path string, times int) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for range times {
		if err := readCurrentFile(t.Context(), s); err != nil {
			s.Close()
			t.Fatal(err)
		}
	}
	return s
}
