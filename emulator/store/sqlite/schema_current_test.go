package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// TestOpeningACurrentFileTakesNoWriteLock: while another connection holds
// the write lock, a file whose schema is current still opens at once (a
// --local command does not queue behind another process's write), and a
// new file, which needs its schema written, waits for the lock and says
// so when it is not given in time.
func TestOpeningACurrentFileTakesNoWriteLock(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	lock := holdWriteLock(t, path)

	short := sqlite.WithBusyTimeout(50 * time.Millisecond)
	s, err = sqlite.Open(path, short)
	if err != nil {
		t.Fatalf("opening a current file under another's write lock: %v", err)
	}
	var found bool
	if err := s.View(context.Background(), func(tx store.Tx) error {
		_, found, err = tx.GetMeta(context.Background(), "nothing")
		return err
	}); err != nil || found {
		t.Fatalf("reading the opened file: found %v, %v", found, err)
	}
	s.Close()

	// A file without the schema needs the lock: it waits and fails.
	other := filepath.Join(dir, "new.db")
	lockNew := holdWriteLock(t, other)
	if s, err := sqlite.Open(other, short); err == nil {
		s.Close()
		t.Fatal("a new file opened without writing its schema")
	}
	lockNew.Rollback()
	lock.Rollback()
}

// holdWriteLock opens path with a plain connection and holds its write
// lock (BEGIN IMMEDIATE) until the returned transaction ends.
func holdWriteLock(t *testing.T, path string) *sql.Tx {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return tx
}
