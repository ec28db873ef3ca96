package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/mixcoatl/mixcoatl/emulator/store/postgres"
)

// postgresEnv names the variable holding the test server's DSN.
const postgresEnv = "MIXCOATL_TEST_POSTGRES"

// postgresDSN returns the test server's DSN, or skips: these tests need a
// real server, and must say so rather than pass without one.
func postgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		t.Skip("Postgres store tests need a server: set " + postgresEnv +
			"=postgres://… (bash .ci/postgres.sh starts a local server and prints the line)")
	}
	return dsn
}

// postgresSchemaDSN creates a uniquely named schema for one test (dropped
// with everything in it when the test ends) and returns the DSN whose
// search_path selects it, so tests run in parallel on one database.
func postgresSchemaDSN(t testing.TB) string {
	t.Helper()
	dsn := postgresDSN(t)
	var b [8]byte
	_, _ = rand.Read(b[:])
	schema := "mixcoatl_test_" + hex.EncodeToString(b[:])
	adminExec(t, dsn, "CREATE SCHEMA "+schema)
	t.Cleanup(func() { adminExec(t, dsn, "DROP SCHEMA "+schema+" CASCADE") })
	// Small pools: many tests share the server's max_connections.
	return withDSNParams(dsn, map[string]string{"search_path": schema, "pool_max_conns": "3"})
}

// adminExec runs one statement on its own connection. It does not use the
// test's context, which is already cancelled when cleanups run.
func adminExec(t testing.TB, dsn, stmt string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to the test server (%s): %v", postgres.RedactDSN(dsn), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

// withDSNParams sets parameters in a URL or key=value DSN.
func withDSNParams(dsn string, params map[string]string) string {
	if postgres.IsURL(dsn) {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			for k, v := range params {
				q.Set(k, v)
			}
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	for k, v := range params {
		dsn += " " + k + "=" + v
	}
	return dsn
}

func openPostgres(t testing.TB, dsn string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
