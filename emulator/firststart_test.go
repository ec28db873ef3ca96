package emulator_test

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/internal/heavy"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store/open"
)

var firstStartKills = flag.Int("firststart.kills", 100, "how many first starts TestFirstStartSurvivesKills kills")

// firstStartChildEnv names the state file of TestFirstStartChild.
const firstStartChildEnv = "MIXCOATL_TEST_FIRST_START_FILE"

// TestFirstStartChild is the process TestFirstStartSurvivesKills kills: a
// first start of the emulator on a new SQLite file, as `mixcoatl emulator
// --data FILE` does it, serving until it is killed.
func TestFirstStartChild(t *testing.T) {
	path := os.Getenv(firstStartChildEnv)
	if path == "" {
		t.Skip("the child of TestFirstStartSurvivesKills")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // should the parent die first
	defer cancel()
	st, err := open.Store(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := emulator.Run(ctx, emulator.Config{Listen: "127.0.0.1:0", Store: st, State: path}, os.Stdout); err != nil {
		t.Fatal(err)
	}
}

// A first start killed at any moment (SIGKILL, at random delays spread
// over the time a first start takes, from process start to the printed
// keys) leaves a file that starts, and whose stored keys `keys` lists;
// a secret that was printed is always among them. The seed and its keys
// are one transaction, so a file is either unseeded (the next start is a
// first start) or seeded with its keys.
func TestFirstStartSurvivesKills(t *testing.T) {
	heavy.NotUnderRace(t) // its children are processes: the detector would only slow their start
	t.Parallel()
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	took := calibrate(t, filepath.Join(dir, "calibrate.db"))
	t.Logf("a first start takes %s from process start to printed keys", took)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	var mu sync.Mutex
	outcomes := map[string]int{}
	var lastUnseeded, firstSeeded time.Duration = 0, took * 2
	kill := func(i int, lo, hi time.Duration) {
		mu.Lock() // the kills run three at a time; rng is not safe for that
		delay := lo + time.Duration(rng.Int64N(int64(max(hi-lo, 1))))
		mu.Unlock()
		path := filepath.Join(dir, fmt.Sprintf("kill%03d.db", i))
		out, cmd := startChild(t, path)
		time.AfterFunc(delay, func() { _ = cmd.Process.Kill() })
		_ = cmd.Wait()
		outcome := checkLeftBehind(t, path, out.String())
		mu.Lock()
		defer mu.Unlock()
		outcomes[outcome]++
		if outcome == "unseeded" {
			lastUnseeded = max(lastUnseeded, delay)
		} else {
			firstSeeded = min(firstSeeded, delay)
		}
	}
	// A quarter of the kills spread over the whole first start; the rest
	// around the moment the seed commits, as the first quarter places it.
	n := *firstStartKills
	runBatch := func(from, to int, lo, hi time.Duration) {
		sem := make(chan struct{}, 3)
		var wg sync.WaitGroup
		for i := from; i < to; i++ {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				kill(i, lo, hi)
			})
		}
		wg.Wait()
	}
	runBatch(0, n/4, 0, took*6/5)
	commit := (lastUnseeded + min(firstSeeded, took*6/5)) / 2
	runBatch(n/4, n, max(commit-took/4, 0), commit+took/4)
	t.Logf("%d kills (the seed commits about %s after process start): %v", n, commit, outcomes)
}

func startChild(t *testing.T, path string) (*syncBuffer, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestFirstStartChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), firstStartChildEnv+"="+path)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return out, cmd
}

// calibrate measures how long a first start takes, from process start to
// the printed secret.
func calibrate(t *testing.T, path string) time.Duration {
	t.Helper()
	start := time.Now()
	cmd := exec.Command(os.Args[0], "-test.run=^TestFirstStartChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), firstStartChildEnv+"="+path)
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "DCM_SECRET_KEY=") {
			return time.Since(start)
		}
	}
	t.Fatal("the child printed no secret")
	return 0
}

// checkLeftBehind verifies a killed first start's file: it opens, its keys
// list (with any printed secret among them), and the emulator starts on it
// and answers a signed request. It returns what the kill interrupted.
func checkLeftBehind(t *testing.T, path, printed string) string {
	t.Helper()
	ctx := context.Background()
	st, err := open.Store(ctx, path)
	if err != nil {
		t.Errorf("%s does not open: %v\noutput: %s", path, err, printed)
		return "broken"
	}
	defer st.Close()
	empty, err := seed.Empty(ctx, st)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return "broken"
	}
	keys, err := emulator.Keys(ctx, st)
	if err != nil {
		t.Errorf("%s: keys: %v", path, err)
		return "broken"
	}
	outcome := "unseeded"
	switch {
	case empty && len(keys) > 0:
		t.Errorf("%s is unseeded but holds keys %v", path, keys)
	case !empty && len(keys) < len(seed.Default().Customers):
		t.Errorf("%s is seeded but lists %d keys", path, len(keys))
	case !empty:
		outcome = "seeded, keys not printed"
	}
	for l := range strings.Lines(printed) {
		if secret, ok := strings.CutPrefix(strings.TrimSpace(l), "DCM_SECRET_KEY="); ok {
			outcome = "seeded and printed"
			listed := false
			for _, k := range keys {
				listed = listed || k.SecretKey == secret
			}
			if !listed {
				t.Errorf("%s: the printed secret is not among the stored keys", path)
			}
		}
	}
	// It starts: a restart (or a first start) serves the stored keys.
	lines, stop := startRunAll(t, emulator.Config{Listen: "127.0.0.1:0", Store: st, State: path})
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("%s: Run: %v", path, err)
		}
	}()
	endpoint, fresh := printedKeys(t, lines)
	k := fresh[10001]
	if !empty {
		k = seed.APIKey{AccessKey: keys[0].AccessKey, SecretKey: keys[0].SecretKey}
	}
	resp := signedGet(t, endpoint, "admin/Customer", k.AccessKey, k.SecretKey)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("%s after the kill: a signed request with a stored key: %s", path, resp.Status)
	}
	if strings.Contains(printed, "panic") {
		t.Errorf("the child panicked: %s", printed)
	}
	return outcome
}
