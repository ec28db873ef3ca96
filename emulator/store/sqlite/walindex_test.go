package sqlite_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// walChildEnv names the database TestWALIndexChild commits to.
const walChildEnv = "MIXCOATL_WAL_TEST_CHILD"

// TestWALIndexChild is the child half of TestReadItemSeesOtherProcessCommits;
// run normally it does nothing. It answers each line read: "put N" commits
// record Server/1 and meta apikey:K as N and prints "ok"; "checkpoint"
// runs PRAGMA wal_checkpoint(TRUNCATE) on a connection of its own and
// prints its three numbers (busy, log frames, checkpointed frames).
func TestWALIndexChild(t *testing.T) {
	path := os.Getenv(walChildEnv)
	if path == "" {
		t.Skip("child of TestReadItemSeesOtherProcessCommits")
	}
	if err := walChild(path, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(0)
}

func walChild(path string, in io.Reader, out io.Writer) error {
	ctx := context.Background()
	s, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer raw.Close()
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		cmd, arg, _ := strings.Cut(sc.Text(), " ")
		switch cmd {
		case "put":
			if err := putN(ctx, s, arg); err != nil {
				return err
			}
			fmt.Fprintln(out, "ok")
		case "checkpoint":
			var busy, log, done int64
			if err := raw.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &log, &done); err != nil {
				return err
			}
			fmt.Fprintln(out, busy, log, done)
		default:
			return fmt.Errorf("unknown command %q", sc.Text())
		}
	}
	return sc.Err()
}

// openWithItem runs t in parallel on Linux only (where the WAL-index
// header is read, and /proc shows locks) and opens a store on a new file
// with record Server/1 and meta apikey:K committed as n.
func openWithItem(t *testing.T, n string) (*sqlite.Store, string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the WAL-index header is read on Linux only")
	}
	t.Parallel()
	path := filepath.Join(t.TempDir(), "wal.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := putN(context.Background(), s, n); err != nil {
		t.Fatal(err)
	}
	return s, path
}

func putN(ctx context.Context, s store.Store, n string) error {
	return s.Update(ctx, func(tx store.Tx) error {
		if err := tx.PutMeta(ctx, "apikey:K", []byte(n)); err != nil {
			return err
		}
		return tx.Put(ctx, store.Record{Customer: 7, Kind: "Server", ID: "1", Data: []byte(`{"n":` + n + `}`)})
	})
}

// A commit by another process is seen by the next ReadItem here, though
// the answer before it was kept and no PRAGMA data_version is read: the
// WAL-index header shows it, also across checkpoints that truncate the
// WAL and the WAL restarts that follow them.
func TestReadItemSeesOtherProcessCommits(t *testing.T) {
	ctx := context.Background()
	s, path := openWithItem(t, "0")
	child := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestWALIndexChild$", "-test.count=1")
	child.Env = append(os.Environ(), walChildEnv+"="+path)
	stderr := &strings.Builder{}
	child.Stderr = stderr
	in, err := child.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	outPipe, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	out := bufio.NewScanner(outPipe)
	ask := func(line string) string {
		t.Helper()
		if _, err := fmt.Fprintln(in, line); err != nil {
			t.Fatal(err)
		}
		if !out.Scan() {
			t.Fatalf("child stopped after %q: %v %s", line, out.Err(), stderr)
		}
		return out.Text()
	}
	q := store.ItemRead{Customer: 7, Kind: "Server", ID: "1", MetaKey: "apikey:K"}
	read := func(want int) {
		t.Helper()
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 3 { // the second and third are answered from the cache
					r, err := s.ReadItem(ctx, q)
					w := strconv.Itoa(want)
					if err != nil || string(r.Meta) != w || string(r.Record.Data) != `{"n":`+w+`}` {
						t.Errorf("after commit %d: meta %q, record %s, %v", want, r.Meta, r.Record.Data, err)
						return
					}
				}
			}()
		}
		wg.Wait()
	}
	read(0)
	if !sqlite.ReadsWALIndex(s) {
		t.Fatal("the store does not read the WAL-index header")
	}
	checkpointed := 0
	for n := 1; n <= 40; n++ {
		if n%8 == 0 {
			var busy, log, done int
			if _, err := fmt.Sscan(ask("checkpoint"), &busy, &log, &done); err != nil {
				t.Fatal(err)
			}
			if busy == 0 && log == 0 {
				checkpointed++ // truncated: the next commit restarts the WAL
			}
			read(n - 1) // a checkpoint moves no content
		}
		if got := ask("put " + strconv.Itoa(n)); got != "ok" {
			t.Fatalf("child answered %q", got)
		}
		read(n)
	}
	if checkpointed == 0 {
		t.Error("no checkpoint truncated the WAL: restarts untested")
	}
	if n := sqlite.PragmaReads(s); n != 0 {
		t.Errorf("%d reads of PRAGMA data_version: the header was not what answered", n)
	}
	in.Close()
	if err := child.Wait(); err != nil {
		t.Fatalf("child: %v %s", err, stderr)
	}
}

// What walIndex's reasoning (point 4) rests on, as the kernel shows it:
// with the store open and idle, this process holds a read lock on the
// -shm file's DMS byte (no other process may rebuild or truncate the WAL
// index) and on the database file's SHARED range (no other process may
// take the EXCLUSIVE lock that leaving WAL mode or a heap-memory WAL
// index needs).
func TestWALIndexLocksHeldWhileOpen(t *testing.T) {
	ctx := context.Background()
	s, path := openWithItem(t, "1")
	if _, err := s.ReadItem(ctx, store.ItemRead{Customer: 7, Kind: "Server", ID: "1"}); err != nil {
		t.Fatal(err)
	}
	if !sqlite.ReadsWALIndex(s) {
		t.Fatal("the store does not read the WAL-index header")
	}
	const (
		dms         = "128 128"               // WALINDEX_LOCK_OFFSET 120 + SQLITE_SHM_NLOCK 8, one byte
		sharedRange = "1073741826 1073742335" // SHARED_FIRST (PENDING_BYTE+2) … + SHARED_SIZE-1
	)
	for _, want := range []struct{ file, lock string }{{path + "-shm", dms}, {path, sharedRange}} {
		fi, err := os.Stat(want.file)
		if err != nil {
			t.Fatal(err)
		}
		ino := fi.Sys().(*syscall.Stat_t).Ino
		locks, err := os.ReadFile("/proc/locks")
		if err != nil {
			t.Skip(err)
		}
		held := false
		for _, l := range strings.Split(string(locks), "\n") {
			// N: POSIX ADVISORY READ pid maj:min:inode start end
			f := strings.Fields(l)
			if len(f) == 8 && f[1] == "POSIX" && f[3] == "READ" && f[4] == strconv.Itoa(os.Getpid()) &&
				strings.HasSuffix(f[5], ":"+strconv.FormatUint(ino, 10)) && f[6]+" "+f[7] == want.lock {
				held = true
			}
		}
		if !held {
			t.Errorf("no read lock %s on %s held by this process:\n%s", want.lock, want.file, locks)
		}
	}
}
