// Package open opens the emulator store that a --data value names: none
// (in memory), a postgres:// or postgresql:// URL (emulator/store/postgres)
// or a SQLite file path (emulator/store/sqlite).
//
// Importing it links both database drivers. That is why it stands apart
// from package store and package emulator, which dcmtest (and so every
// user's tests) imports: only what offers a --data flag, the CLI, imports
// this package.
package open

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/postgres"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// postgresTimeout bounds connecting to Postgres and migrating its schema.
const postgresTimeout = 30 * time.Second

// Store opens the state named by data: "" is a new in-memory store, a
// Postgres URL a database that several emulator replicas may share, and
// anything else a SQLite file, created when missing. Messages about a
// Postgres store never show its password.
func Store(ctx context.Context, data string) (store.Store, error) {
	switch {
	case data == "":
		return store.NewMemory(), nil
	case postgres.IsURL(data):
		ctx, cancel := context.WithTimeout(ctx, postgresTimeout)
		defer cancel()
		st, err := postgres.Open(ctx, data)
		if err != nil {
			return nil, fmt.Errorf("emulator: open Postgres state: %w", err)
		}
		return st, nil
	}
	// The state file holds the customers' secret keys: create it readable
	// by its owner only (SQLite gives its -wal and -shm files the same mode).
	if f, err := os.OpenFile(data, os.O_RDONLY|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("emulator: create state file %s: %w", data, err)
	}
	st, err := sqlite.Open(data)
	if err != nil {
		return nil, fmt.Errorf("emulator: open state file %s: %w", data, err)
	}
	return st, nil
}

// Local opens the state of `mixcoatl --local`: like Store, except that
// path is required and the directory of a state file is created (private
// to its owner) when missing, since its default place,
// $XDG_DATA_HOME/mixcoatl, may not exist yet.
func Local(ctx context.Context, path string) (store.Store, error) {
	if path == "" {
		return nil, errors.New("emulator: --local needs a state file path")
	}
	if !postgres.IsURL(path) {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("emulator: create the directory of %s: %w", path, err)
		}
	}
	return Store(ctx, path)
}

// Describe names the state of data for messages: "in memory", the file
// path, or the Postgres URL with its password masked.
func Describe(data string) string {
	switch {
	case data == "":
		return "in memory"
	case postgres.IsURL(data):
		return postgres.RedactDSN(data)
	}
	return data
}
