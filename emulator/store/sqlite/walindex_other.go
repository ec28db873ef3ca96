//go:build !linux

package sqlite

import (
	"context"
	"database/sql"
)

// openWALIndex answers nil: only Linux names SQLite's mapping of the WAL
// index (/proc/self/maps), so elsewhere ReadItem always reads PRAGMA
// data_version.
func openWALIndex(context.Context, *sql.DB) (*walIndex, error) { return nil, nil }
