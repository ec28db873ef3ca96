package soak

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The long form: go test ./internal/soak -run Replicas -replicas.duration 60s -replicas.workers 24
var (
	replicaDuration = flag.Duration("replicas.duration", 3*time.Second, "how long the replica run's load with the kill lasts")
	replicaWorkers  = flag.Int("replicas.workers", 6, "clients of the replica run")
)

// postgresEnv names the variable holding the test server's DSN (as in the
// Postgres store's tests; .ci/postgres.sh prints it).
const postgresEnv = "MIXCOATL_TEST_POSTGRES"

// TestPostgresReplicas runs three emulator processes on one Postgres
// database, spreads a mixed read/write load over them, kills one with
// SIGKILL mid-load and restarts it; no acknowledged write may be lost,
// every launch job must end, and the replicas must answer the same state.
func TestPostgresReplicas(t *testing.T) {
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		t.Skip("the replica soak test needs a Postgres server: set " + postgresEnv +
			"=postgres://… (bash .ci/postgres.sh starts a local server and prints the line)")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Replicas(t.Context(), ReplicaOptions{Exe: exe, DSN: testSchema(t, dsn), Replicas: 3,
		Workers: *replicaWorkers, Duration: *replicaDuration, Downtime: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("replicas: acknowledged ops/s with 1, 2, 3 replicas: %.0f; run with the kill: %d acknowledged, %d failed on the killed replica, "+
		"%d failed elsewhere; ledger %d live groups, %d deleted, %d launch jobs; restart %v",
		rep.Throughput, rep.Acked, rep.Failed-rep.FailedElsewhere, rep.FailedElsewhere, rep.Live, rep.Deleted, rep.Launches, rep.Restart.Round(time.Millisecond))
	for _, err := range append(rep.LostWrites, rep.Disagreements...) {
		t.Error(err)
	}
	if rep.FailedElsewhere > 0 {
		t.Errorf("%d operations failed on replicas that were not killed", rep.FailedElsewhere)
	}
	if rep.Acked == 0 || rep.Live == 0 || rep.Launches == 0 || rep.Failed == 0 && rep.Restart == 0 {
		t.Errorf("the run proved too little: %d acknowledged, %d live groups, %d launches, restart %v", rep.Acked, rep.Live, rep.Launches, rep.Restart)
	}
}

// testSchema creates a schema of its own for the test (dropped afterwards)
// and returns the DSN selecting it.
func testSchema(t *testing.T, dsn string) string {
	t.Helper()
	var b [8]byte
	_, _ = rand.Read(b[:])
	schema := "mixcoatl_soak_" + hex.EncodeToString(b[:])
	exec := func(stmt string) {
		ctx := context.Background() // cleanups run after the test's context ended
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatalf("connect to the test server: %v", err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	exec("CREATE SCHEMA " + schema)
	t.Cleanup(func() { exec("DROP SCHEMA " + schema + " CASCADE") })
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("%s is not a URL", postgresEnv)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
