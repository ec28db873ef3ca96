package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

// openWALIndex holds a connection of db open and finds SQLite's mapping
// of the database's WAL index (walIndex says why reading it is sound). It
// answers nil, with no error, where the reasoning does not hold: another
// journal or locking mode, a database with no file, no mapping found.
func openWALIndex(ctx context.Context, db *sql.DB) (*walIndex, error) {
	c, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	words, err := mapWALIndex(ctx, c)
	if err != nil || words == nil {
		return nil, errors.Join(err, c.Close())
	}
	return &walIndex{words: words, release: c.Close}, nil
}

// mapWALIndex makes c read once (which maps the WAL index), checks its
// modes and returns the start of the mapping.
func mapWALIndex(ctx context.Context, c *sql.Conn) (*[walIndexWords]uint32, error) {
	var journal, locking string
	var version int64
	// The read first: a connection that has not read the database yet
	// reports the default journal mode (delete), whatever the file's is,
	// and has not mapped the WAL index.
	if err := c.QueryRowContext(ctx, "PRAGMA data_version").Scan(&version); err != nil {
		return nil, err
	}
	if err := c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal); err != nil {
		return nil, err
	}
	if err := c.QueryRowContext(ctx, "PRAGMA locking_mode").Scan(&locking); err != nil {
		return nil, err
	}
	if !strings.EqualFold(journal, "wal") || !strings.EqualFold(locking, "normal") {
		return nil, nil
	}
	file, err := mainFile(ctx, c)
	if err != nil || file == "" {
		return nil, err
	}
	fi, err := os.Stat(file + "-shm") // a stat opens nothing: no lock of ours to drop
	if err != nil {
		return nil, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || !fi.Mode().IsRegular() {
		return nil, nil
	}
	addr, err := findMapping(uint64(st.Dev), st.Ino)
	if err != nil || addr == 0 {
		return nil, err
	}
	// SQLite's memory, not Go's: the connection held by walIndex keeps it
	// mapped (walIndex, point 4), and only atomic loads read it.
	return (*[walIndexWords]uint32)(unsafe.Add(unsafe.Pointer(nil), addr)), nil
}

// mainFile is the file of c's main database ("" for one in memory).
func mainFile(ctx context.Context, c *sql.Conn) (string, error) {
	rows, err := c.QueryContext(ctx, "PRAGMA database_list")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var name, file string
		if err := rows.Scan(&seq, &name, &file); err != nil {
			return "", err
		}
		if name == "main" {
			return file, rows.Err()
		}
	}
	return "", rows.Err()
}

// findMapping returns the start of the one readable mapping of the file
// (dev, ino) from offset 0 in /proc/self/maps, long enough for both header
// copies; 0 when there is none or more than one.
func findMapping(dev, ino uint64) (uintptr, error) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	major, minor := (dev>>8)&0xfff|(dev>>32)&^0xfff, dev&0xff|(dev>>12)&^0xff
	want := fmt.Sprintf("%02x:%02x", major, minor)
	var found uintptr
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// start-end perms offset major:minor inode path
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[4] != strconv.FormatUint(ino, 10) || fields[3] != want {
			continue
		}
		if off, err := strconv.ParseUint(fields[2], 16, 64); err != nil || off != 0 || fields[1][0] != 'r' {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if !ok || err1 != nil || err2 != nil || end-start < uint64(walIndexWords*4) {
			continue
		}
		found, n = uintptr(start), n+1
	}
	if err := sc.Err(); err != nil || n != 1 {
		return 0, err
	}
	return found, nil
}
