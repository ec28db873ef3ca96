package sqlite_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// childEnv selects the child mode of TestSQLiteChild: "crash:<db path>"
// or "increment:<db path>".
const childEnv = "MIXCOATL_STORE_TEST_CHILD"

// startChild runs this test binary as a TestSQLiteChild process in mode on
// path, returning it with its stdout.
func startChild(t *testing.T, ctx context.Context, mode, path string) (*exec.Cmd, *bufio.Scanner, *strings.Builder) {
	t.Helper()
	child := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestSQLiteChild$", "-test.count=1")
	child.Env = append(os.Environ(), childEnv+"="+mode+":"+path)
	stderr := &strings.Builder{}
	child.Stderr = stderr
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	return child, bufio.NewScanner(out), stderr
}

// childIncrements is how often the increment child bumps the counter.
const childIncrements = 60

// crashData is the content the child writes for record i; the parent
// recomputes it to check the record is intact.
func crashData(i int) []byte {
	return fmt.Appendf(nil, `{"serverId":%d,"name":"crash-%d","padding":%q}`, i, i, strings.Repeat("x", i%97))
}

// TestSQLiteChild is the child half of the multi-process tests; run
// normally it does nothing.
//
// crash: commits records 1, 2, … (each with a NextID in the same
// transaction) and prints "ack N" only after Update returned.
// increment: prints "ready" once open, then adds one to the shared counter
// childIncrements times.
func TestSQLiteChild(t *testing.T) {
	mode, path, ok := strings.Cut(os.Getenv(childEnv), ":")
	if !ok {
		t.Skip("child mode of the multi-process tests")
	}
	s, err := sqlite.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx := context.Background()
	switch mode {
	case "crash":
		err = commitUntilKilled(ctx, s)
	case "increment":
		fmt.Fprintln(os.Stdout, "ready")
		for range childIncrements {
			if err = incrementCounter(ctx, s); err != nil {
				break
			}
		}
		if err == nil {
			err = s.Close()
		}
	default:
		err = fmt.Errorf("unknown child mode %q", mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(0)
}

func commitUntilKilled(ctx context.Context, s store.Store) error {
	for i := 1; i <= 100_000; i++ {
		err := s.Update(ctx, func(tx store.Tx) error {
			n, err := tx.NextID(ctx, "Server", 1)
			if err != nil {
				return err
			}
			if n != int64(i) {
				return fmt.Errorf("NextID = %d, want %d", n, i)
			}
			return tx.Put(ctx, store.Record{Customer: 1, Kind: "Server", ID: strconv.Itoa(i), Data: crashData(i)})
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stdout, "ack %d\n", i) // os.Stdout is unbuffered
	}
	return errors.New("not killed after 100000 commits")
}

// incrementCounter adds one to the counter record in one read-modify-write
// Update.
func incrementCounter(ctx context.Context, s store.Store) error {
	return s.Update(ctx, func(tx store.Tx) error {
		r, err := tx.Get(ctx, 1, "Counter", "c")
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(string(r.Data))
		if err != nil {
			return err
		}
		r.Data = strconv.AppendInt(nil, int64(n+1), 10)
		return tx.Put(ctx, r)
	})
}

// TestSQLiteTwoProcesses increments one counter from a child process and
// this one at the same time: file locking and busy_timeout must serialise
// the read-modify-write transactions so that none is lost.
func TestSQLiteTwoProcesses(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs child processes")
	}
	t.Parallel()
	path := filepath.Join(t.TempDir(), "shared.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	err = s.Update(ctx, func(tx store.Tx) error {
		return tx.Put(ctx, store.Record{Customer: 1, Kind: "Counter", ID: "c", Data: []byte("0")})
	})
	if err != nil {
		t.Fatal(err)
	}
	child, lines, stderr := startChild(t, ctx, "increment", path)
	// Start incrementing once the child has opened the file and starts too.
	for lines.Scan() && lines.Text() != "ready" {
	}
	for range childIncrements {
		if err := incrementCounter(ctx, s); err != nil {
			t.Fatalf("increment beside the child: %v", err)
		}
	}
	if err := child.Wait(); err != nil {
		t.Fatalf("child: %v: %s", err, stderr.String())
	}
	err = s.View(ctx, func(tx store.Tx) error {
		r, err := tx.Get(ctx, 1, "Counter", "c")
		if err == nil && string(r.Data) != strconv.Itoa(2*childIncrements) {
			t.Errorf("counter = %s after %d increments from two processes", r.Data, 2*childIncrements)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSQLiteSurvivesKill kills a writing child process with SIGKILL and
// checks that every commit it acknowledged is in the file, intact.
func TestSQLiteSurvivesKill(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs a killable child process")
	}
	t.Parallel()
	const wantAcks = 300
	path := filepath.Join(t.TempDir(), "crash.db")
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	child, lines, stderr := startChild(t, ctx, "crash", path)
	acked := 0
	for acked < wantAcks && lines.Scan() {
		if n, ok := strings.CutPrefix(lines.Text(), "ack "); ok {
			i, err := strconv.Atoi(n)
			if err != nil || i != acked+1 {
				t.Fatalf("child acknowledged %q after %d", lines.Text(), acked)
			}
			acked = i
		}
	}
	if err := child.Process.Kill(); err != nil { // SIGKILL: no cleanup runs in the child
		t.Fatal(err)
	}
	_ = child.Wait()
	if acked < wantAcks {
		t.Fatalf("child stopped after %d acknowledgements: %s", acked, stderr.String())
	}

	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	present := 0
	err = s.View(t.Context(), func(tx store.Tx) error {
		return tx.Scan(t.Context(), store.Filter{Customer: 1, Kind: "Server"}, func(r store.Record) bool {
			present++
			// Records are committed in id order, so the file must hold exactly 1..present.
			if want := crashData(present); r.ID != strconv.Itoa(present) || string(r.Data) != string(want) {
				t.Errorf("record %d after kill: id %s data %s, want data %s", present, r.ID, r.Data, want)
				return false
			}
			return true
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if present < acked {
		t.Fatalf("%d records survived the kill, but %d commits were acknowledged", present, acked)
	}
	// The sequence survived with the records: the next id follows the last one.
	err = s.Update(t.Context(), func(tx store.Tx) error {
		n, err := tx.NextID(t.Context(), "Server", 1)
		if err == nil && n != int64(present+1) {
			t.Errorf("NextID after kill = %d, want %d", n, present+1)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
