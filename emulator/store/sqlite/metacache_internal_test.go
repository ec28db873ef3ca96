package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// TestUpdatesRememberMeta: the Batcher answers a GetMeta it read before
// from memory while nothing could have changed the value, and from the
// database as soon as something could: another connection's commit (a key
// revoked by `mixcoatl --local` or another emulator on the same file), or
// a meta write of this store, kept or undone.
func TestUpdatesRememberMeta(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, other := openTwice(t)
	putMeta := func(s *Store, key, value string) {
		t.Helper()
		if err := s.Update(ctx, func(tx store.Tx) error { return tx.PutMeta(ctx, key, []byte(value)) }); err != nil {
			t.Fatal(err)
		}
	}
	read := func(what, key, want string) {
		t.Helper()
		err := st.Update(ctx, func(tx store.Tx) error {
			v, ok, err := tx.GetMeta(ctx, key)
			switch {
			case err != nil:
				return err
			case want == "" && ok:
				t.Errorf("%s: %s = %q, want none", what, key, v)
			case want != "" && string(v) != want:
				t.Errorf("%s: %s = %q (found %v), want %q", what, key, v, ok, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	putMeta(st, "key", "v1")
	read("first read", "key", "v1")
	read("first read of a missing key", "none", "")

	// A change on the writer connection itself, outside any Update, is
	// invisible to the generations (PRAGMA data_version ignores a
	// connection's own commits): what the next Update reads is what it
	// remembered, which proves it ran no statement.
	for _, q := range []string{`UPDATE meta SET value = 'sneaked' WHERE name = 'key'`, `INSERT INTO meta (name, value) VALUES ('none', 'sneaked')`} {
		if _, err := st.w.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	read("remembered", "key", "v1")
	read("remembered missing", "none", "")

	putMeta(other, "key", "v2")
	read("after another connection's commit", "key", "v2")
	read("missing after another connection's commit", "none", "sneaked")

	err := st.Update(ctx, func(tx store.Tx) error {
		if err := tx.PutMeta(ctx, "key", []byte("undone")); err != nil {
			return err
		}
		if v, _, err := tx.GetMeta(ctx, "key"); err != nil || string(v) != "undone" {
			t.Errorf("own write read back as %q, %v", v, err)
		}
		return errors.New("undo")
	})
	if err == nil {
		t.Fatal("the failing Update succeeded")
	}
	read("after an undone write", "key", "v2")
	putMeta(st, "key", "v3")
	read("after a kept write", "key", "v3")
	if err := st.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	read("after a reset", "key", "")
}

// openTwice opens a new database file twice, as two processes sharing it
// would; both stores are closed with the test.
func openTwice(t *testing.T) (*Store, *Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "emulator.db")
	return openAt(t, path), openAt(t, path)
}

// openAt opens the file at path, closed with the test.
func openAt(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
