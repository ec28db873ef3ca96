package store_test

import (
	"bufio"
	"context"
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
)

// crashChildEnv selects the child mode of TestSQLiteCrashChild: the value
// is the database path the child writes to.
const crashChildEnv = "MIXCOATL_STORE_CRASH_CHILD_DB"

// crashData is the content the child writes for record i; the parent
// recomputes it to check the record is intact.
func crashData(i int) []byte {
	return fmt.Appendf(nil, `{"serverId":%d,"name":"crash-%d","padding":%q}`, i, i, strings.Repeat("x", i%97))
}

// TestSQLiteCrashChild is the child half of TestSQLiteSurvivesKill; run
// normally it does nothing. It commits records 1, 2, … (each with a NextID
// in the same transaction) and prints "ack N" only after Update returned.
func TestSQLiteCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("child mode of TestSQLiteSurvivesKill")
	}
	s, err := store.OpenSQLite(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx := context.Background()
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
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Fprintf(os.Stdout, "ack %d\n", i) // os.Stdout is unbuffered
	}
	os.Exit(0) // not killed in time: the parent reports it
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
	child := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestSQLiteCrashChild$", "-test.count=1")
	child.Env = append(os.Environ(), crashChildEnv+"="+path)
	var stderr strings.Builder
	child.Stderr = &stderr
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
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

	s, err := store.OpenSQLite(path)
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
