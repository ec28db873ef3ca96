package open_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/open"
	"github.com/mixcoatl/mixcoatl/emulator/store/postgres"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// A state file holds secret keys, so a new one is readable by its owner only.
func TestNewStateFileIsPrivate(t *testing.T) {
	t.Parallel()
	for name, openFn := range map[string]func(context.Context, string) (store.Store, error){
		"Store": open.Store, "Local": open.Local,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "state.db")
			st, err := openFn(t.Context(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			// A write makes SQLite create its -wal file.
			if err := st.Update(t.Context(), func(tx store.Tx) error { return tx.PutMeta(t.Context(), "k", []byte("v")) }); err != nil {
				t.Fatal(err)
			}
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
		})
	}
}

// Store picks the implementation from the --data value.
func TestStoreChoosesByData(t *testing.T) {
	t.Parallel()
	mem, err := open.Store(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if _, ok := mem.(*store.Memory); !ok {
		t.Errorf(`Store("") is a %T, want *store.Memory`, mem)
	}
	path := filepath.Join(t.TempDir(), "state.db")
	file, err := open.Store(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if s, ok := file.(*sqlite.Store); !ok || s.Path() != path {
		t.Errorf("Store(%q) is a %T, want *sqlite.Store on that path", path, file)
	}
	dsn := os.Getenv("MIXCOATL_TEST_POSTGRES")
	if dsn == "" || !postgres.IsURL(dsn) {
		t.Skip("the Postgres case needs MIXCOATL_TEST_POSTGRES=postgres://… (bash .ci/postgres.sh starts a server)")
	}
	db, err := open.Store(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, ok := db.(*postgres.Store); !ok {
		t.Errorf("Store(%s) is a %T, want *postgres.Store", postgres.RedactDSN(dsn), db)
	}
}

// A store that cannot open says which state it was, and never shows a
// Postgres password.
func TestStoreErrors(t *testing.T) {
	t.Parallel()
	const secret = "Sup3r-s3cret"
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte("these are not the tables you are looking for\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ data, want string }{
		{"postgres://emu:" + secret + "@127.0.0.1:1/db?connect_timeout=5", "open Postgres state"},
		{filepath.Join(dir, "missing", "state.db"), "create state file"},
		{notDB, "open state file " + notDB},
	}
	for _, c := range cases {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		st, err := open.Store(ctx, c.data)
		cancel()
		if err == nil {
			st.Close()
			t.Errorf("Store(%s) succeeded", open.Describe(c.data))
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, c.want) || strings.Contains(msg, secret) {
			t.Errorf("Store(%s): error %q, want one saying %q without the password", open.Describe(c.data), msg, c.want)
		}
	}
}

// Local creates the state file's directory, which Store leaves to the
// user, and needs a path.
func TestLocalCreatesDirectory(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "a", "b", "local.db")
	st, err := open.Local(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	fi, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode&0o077 != 0 {
		t.Errorf("directory %s has mode %o, want no group or other access", filepath.Dir(path), mode)
	}
	if st, err := open.Local(t.Context(), ""); err == nil {
		st.Close()
		t.Error("Local with no path succeeded")
	}
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	for data, want := range map[string]string{
		"":                           "in memory",
		"state.db":                   "state.db",
		"postgres://emu:pw@db/state": "postgres://emu:xxxxx@db/state",
	} {
		if got := open.Describe(data); got != want {
			t.Errorf("Describe(%q) = %q, want %q", data, got, want)
		}
	}
}
