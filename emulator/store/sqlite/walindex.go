package sqlite

import (
	"encoding/binary"
	"sync"
	"sync/atomic"
)

// walIndex reads the header of the database's WAL index (the first bytes
// of the -shm file, https://sqlite.org/walformat.html) in SQLite's own
// mapping of it, with no lock and no system call, so that ReadItem can
// tell "no commit since the last look" without PRAGMA data_version, which
// is a read transaction of its own: a WAL read lock taken and released
// with two fcntl calls, a statement stepped and reset, about 8 µs of a
// GET by id's 60 (profile of issue 16). Where anything is not as this
// reasoning needs, there is no walIndex (openWALIndex answers nil) or a
// header read fails, and ReadItem reads PRAGMA data_version as before.
//
// Why an unchanged header means no commit (the reasoning the fast path
// rests on; each step is SQLite's documented format or its code, wal.c):
//
//  1. Every commit in WAL mode rewrites the header before COMMIT returns:
//     sqlite3WalFrames sets mxFrame to the new last frame, increments
//     iChange and, for the commit frame, calls walIndexWriteHdr, which
//     computes the header's checksum and writes the second copy, a memory
//     barrier, then the first. A WAL restart (the first write after a
//     complete checkpoint) rewrites it too (walRestartHdr: new salts,
//     mxFrame 0) before its frames. A checkpoint alone may leave it as it
//     is (the content does not change) or rewrite it (RESTART/TRUNCATE):
//     a rewrite without a commit only empties the cache once more.
//  2. SQLite decides that another connection committed — the very event
//     that moves PRAGMA data_version — by comparing the 48 header bytes
//     it reads at the start of a read transaction with those it read last
//     (walIndexReadHdr: memcmp, then pager_reset). Comparing the same
//     bytes here is the same test, done sooner. For two equal readings to
//     hide a commit, iChange (32 bits, +1 per commit), mxFrame, the frame
//     checksum and the salts would all have to come back to the same
//     values; SQLite's own test would miss that commit too.
//  3. A reading is used only when both copies are equal, isInit is set,
//     the version is WAL-index version 3007000 and the checksum holds, as
//     walIndexTryHdr checks: the first copy is read before the second, in
//     the opposite order to the writer, with atomic loads (acquire order),
//     so a header being written reads as two different copies or a bad
//     checksum and the caller falls back. A reading begun after a commit
//     returned is that commit's header or a later one, since the writer
//     stored both copies before returning.
//  4. The memory read is SQLite's mapping of the -shm file in this process
//     (found in /proc/self/maps by the file's device and inode), kept
//     mapped by a connection held open for as long as the walIndex is
//     (unixShmNode lives while any connection of the process uses it). No
//     file descriptor of ours is opened on the -shm file: closing one
//     would drop every POSIX lock this process holds on it, SQLite's
//     included. While that connection is open this process also holds the
//     shared DMS lock on the -shm file, so no other process can rebuild or
//     truncate it, and the SHARED lock a WAL-mode connection keeps on the
//     database file, so no other process can leave WAL mode or take the
//     EXCLUSIVE lock a heap-memory WAL index (locking_mode EXCLUSIVE)
//     needs: every commit any process makes goes through this header.
//     (TestWALIndexLocksHeldWhileOpen reads both locks in /proc/locks.)
//  5. Only Linux (where /proc/self/maps names the mapping), a file
//     database in journal_mode WAL and locking_mode NORMAL get a walIndex.
//
// How the cache uses it is in itemCache.observeHeader.
type walIndex struct {
	mu sync.RWMutex
	// words is the first walIndexWords words of SQLite's mapping; nil
	// once closed (no read after close: the mapping may be gone).
	words *[walIndexWords]uint32
	// release closes the connection that keeps the mapping.
	release func() error
}

// walHeader is one copy of the WAL-index header, as native-order words:
// iVersion, unused, iChange, isInit|bigEndCksum|szPage, mxFrame, nPage,
// aFrameCksum[2], aSalt[2], aCksum[2].
type walHeader [12]uint32

const (
	walIndexWords   = 2 * len(walHeader{}) // both copies
	walIndexVersion = 3007000              // WALINDEX_MAX_VERSION
)

// header reads the header, reporting false when it cannot be trusted
// (torn by a writer, not initialised, closed): the caller then asks SQLite.
func (w *walIndex) header() (walHeader, bool) {
	if w == nil {
		return walHeader{}, false
	}
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.words == nil {
		return walHeader{}, false
	}
	return readWALHeader(w.words)
}

// readWALHeader is walIndexTryHdr's check on the two copies in m.
func readWALHeader(m *[walIndexWords]uint32) (walHeader, bool) {
	var h1, h2 walHeader
	for i := range h1 {
		h1[i] = atomic.LoadUint32(&m[i])
	}
	for i := range h2 {
		h2[i] = atomic.LoadUint32(&m[len(h1)+i])
	}
	if h1 != h2 || !h1.valid() {
		return walHeader{}, false
	}
	return h1, true
}

// valid checks the version, isInit and the checksum (walChecksumBytes in
// native order over the first 40 bytes, which the header always uses).
func (h *walHeader) valid() bool {
	var b [4]byte
	binary.NativeEndian.PutUint32(b[:], h[3])
	if h[0] != walIndexVersion || b[0] != 1 {
		return false
	}
	var s1, s2 uint32
	for i := 0; i < 10; i += 2 {
		s1 += h[i] + s2
		s2 += h[i+1] + s1
	}
	return s1 == h[10] && s2 == h[11]
}

// close stops reads and lets the mapping go.
func (w *walIndex) close() error {
	if w == nil {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.words == nil {
		return nil
	}
	w.words = nil
	return w.release()
}
