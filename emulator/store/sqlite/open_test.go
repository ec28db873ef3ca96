package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

func TestOpenRejectsBadFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name string, content []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	notes := []byte("these are not the tables you are looking for\n")
	garbage := make([]byte, 8192)
	for i := range garbage {
		garbage[i] = byte(i*7 + 3)
	}
	cases := []struct {
		name, path, want string
		content          []byte // the file's content, which a failed open must keep
	}{
		{"text file", write("notes.txt", notes), "notes.txt: not a SQLite database", notes},
		{"garbage", write("garbage.db", garbage), "garbage.db: not a SQLite database", garbage},
		{"directory", dir, "directory", nil},
		{"empty path", "", "empty path", nil},
		{"memory", ":memory:", "NewMemory", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, err := sqlite.Open(c.path)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded", c.path)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("Open(%q) = %q, want it to name %q", c.path, err, c.want)
			}
			if testing.Verbose() {
				t.Log(err)
			}
			if c.content != nil {
				if after, err := os.ReadFile(c.path); err != nil || string(after) != string(c.content) {
					t.Errorf("the failed open changed %s (err %v)", c.path, err)
				}
			}
		})
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "future.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.ExecContext(context.Background(), `UPDATE store_info SET value = '999' WHERE name = 'schema_version'`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if s, err := sqlite.Open(path); err == nil {
		s.Close()
		t.Fatal("opened a file with a newer schema")
	} else if !strings.Contains(err.Error(), "999") || !strings.Contains(err.Error(), path) {
		t.Errorf("error %q should name the version and the path", err)
	}
}

func TestOpenOddPath(t *testing.T) {
	t.Parallel()
	// '?', '#' and '%' would otherwise be read as URI syntax.
	path := filepath.Join(t.TempDir(), "odd ?name#50%.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Update(t.Context(), func(tx store.Tx) error { return tx.PutMeta(t.Context(), "k", []byte("v")) }); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at the given path: %v", err)
	}
}
