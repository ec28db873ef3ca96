package soak

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/internal/bench"
)

// The long forms: go test ./internal/soak -run Load -soak.duration 60s -soak.clients 16
// and go test ./internal/soak -run Crash -crash.kills 20 -timeout 20m.
var (
	soakDuration = flag.Duration("soak.duration", 2*time.Second, "how long the load test runs")
	soakClients  = flag.Int("soak.clients", 4, "concurrent clients of the load test")
	crashKills   = flag.Int("crash.kills", 3, "how often the crash test kills the emulator")
	crashWriters = flag.Int("crash.writers", 3, "concurrent writers of the crash test")
)

func TestMain(m *testing.M) {
	if data := os.Getenv(childDataEnv); data != "" {
		os.Exit(runChildEmulator(data))
	}
	os.Exit(m.Run())
}

func TestLoad(t *testing.T) {
	emu, err := bench.StartEmulator(t.Context(), bench.EmulatorOptions{Store: bench.StoreSQLite, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	rep, err := Run(t.Context(), emu.Config, Options{Clients: *soakClients, Duration: *soakDuration})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("load (SQLite store, loopback):\n%s", rep)
	if rep.ServerErrors != 0 || rep.OtherErrorsN != 0 {
		t.Errorf("%d 5xx and %d other errors, e.g. %v", rep.ServerErrors, rep.OtherErrorsN, rep.OtherErrors)
	}
	for _, err := range rep.LostWrites {
		t.Error(err)
	}
	if rep.Live == 0 || rep.Launches == 0 {
		t.Errorf("the run wrote too little to prove anything: %d live groups, %d launches", rep.Live, rep.Launches)
	}
}

func TestCrash(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Crash(t.Context(), CrashOptions{
		Exe: exe, Data: filepath.Join(t.TempDir(), "crash.db"), Kills: *crashKills, Writers: *crashWriters,
		MinUp: 100 * time.Millisecond, MaxUp: 500 * time.Millisecond, Seed: uint64(time.Now().UnixNano()),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("crash: %d kills in %v; %d writes acknowledged, %d cut off by a kill; ledger %d live groups, %d deleted, %d launch jobs; restart p50 %v worst %v; verify %v: %d lost",
		rep.Kills, rep.Elapsed.Round(time.Millisecond), rep.Acked, rep.Failed, rep.Live, rep.Deleted, rep.Launches,
		rep.RestartP50.Round(time.Millisecond), rep.RestartWorst.Round(time.Millisecond), rep.VerifyDuration.Round(time.Millisecond), len(rep.LostWrites))
	for _, err := range rep.LostWrites {
		t.Error(err)
	}
	if rep.Kills != *crashKills || rep.Acked == 0 || rep.Launches == 0 {
		t.Errorf("the run proved too little: %d kills, %d acknowledged writes, %d launches", rep.Kills, rep.Acked, rep.Launches)
	}
}
