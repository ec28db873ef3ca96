package postgres_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/postgres"
	"github.com/mixcoatl/mixcoatl/emulator/store/storetest"
)

func TestPostgresConformance(t *testing.T) {
	t.Parallel()
	postgresDSN(t)
	storetest.Run(t, func(t *testing.T) store.Store { return openPostgres(t, postgresSchemaDSN(t)) })
}

func TestPostgresDurable(t *testing.T) {
	t.Parallel()
	postgresDSN(t)
	storetest.RunDurable(t, func(t *testing.T) storetest.Reopener {
		dsn := postgresSchemaDSN(t)
		return func() (store.Store, error) { return postgres.Open(t.Context(), dsn) }
	})
}

// TestPostgresReplicasLoseNoUpdate is two emulator replicas on one
// database: concurrent read-modify-write Updates through both handles
// lose no increment, and NextID never hands one value to both.
func TestPostgresReplicasLoseNoUpdate(t *testing.T) {
	t.Parallel()
	dsn := postgresSchemaDSN(t)
	replicas := []*postgres.Store{openPostgres(t, dsn), openPostgres(t, dsn)}
	for _, r := range replicas {
		t.Cleanup(func() { _ = r.Close() })
	}
	ctx := t.Context()
	err := replicas[0].Update(ctx, func(tx store.Tx) error {
		return tx.Put(ctx, store.Record{Customer: 1, Kind: "Counter", ID: "c", Data: []byte(`0`)})
	})
	if err != nil {
		t.Fatal(err)
	}
	const workersPerReplica, rounds = 4, 25
	var wg sync.WaitGroup
	ids := make(chan int64, len(replicas)*workersPerReplica*rounds)
	for _, r := range replicas {
		for range workersPerReplica {
			wg.Go(func() {
				for range rounds {
					var id int64
					err := r.Update(ctx, func(tx store.Tx) error {
						rec, err := tx.Get(ctx, 1, "Counter", "c")
						if err != nil {
							return err
						}
						n, err := strconv.Atoi(string(rec.Data))
						if err != nil {
							return err
						}
						rec.Data = strconv.AppendInt(nil, int64(n+1), 10)
						if id, err = tx.NextID(ctx, "Counter", 1); err != nil {
							return err
						}
						return tx.Put(ctx, rec)
					})
					if err != nil {
						t.Errorf("update: %v", err)
						return
					}
					ids <- id
				}
			})
		}
	}
	wg.Wait()
	close(ids)
	want := len(replicas) * workersPerReplica * rounds
	for _, r := range replicas {
		err := r.View(ctx, func(tx store.Tx) error {
			rec, err := tx.Get(ctx, 1, "Counter", "c")
			if err == nil && string(rec.Data) != strconv.Itoa(want) {
				t.Errorf("counter = %s after %d increments from two replicas", rec.Data, want)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	seen := map[int64]bool{}
	for id := range ids {
		if seen[id] {
			t.Errorf("NextID returned %d to two updates", id)
		}
		seen[id] = true
	}
	if len(seen) != want {
		t.Errorf("%d distinct ids from %d updates", len(seen), want)
	}
}

// TestPostgresLongScan crosses the cursor's batch boundaries (the
// conformance suite's scans fit one batch): order, Limit and an early stop
// hold, and fn may use the transaction while a Scan is under way.
func TestPostgresLongScan(t *testing.T) {
	t.Parallel()
	s := openPostgres(t, postgresSchemaDSN(t))
	t.Cleanup(func() { _ = s.Close() })
	ctx := t.Context()
	const numeric = 2600
	var want []string
	err := s.Update(ctx, func(tx store.Tx) error {
		for i := range numeric {
			if err := tx.Put(ctx, store.Record{Customer: 1, Kind: "Server", ID: strconv.Itoa(i), Data: []byte(`{}`)}); err != nil {
				return err
			}
			want = append(want, strconv.Itoa(i))
		}
		for _, id := range []string{"Abc", "abc", "b", "i-0"} {
			if err := tx.Put(ctx, store.Record{Customer: 0, Kind: "Server", ID: id, Data: []byte(`{}`)}); err != nil {
				return err
			}
			want = append(want, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	scan := func(f store.Filter, stopAfter int) []string {
		var got []string
		err := s.View(ctx, func(tx store.Tx) error {
			return tx.Scan(ctx, f, func(r store.Record) bool {
				// The connection is free between records: a Get works here.
				if _, err := tx.Get(ctx, r.Customer, r.Kind, r.ID); err != nil {
					t.Errorf("get %s inside the scan: %v", r.ID, err)
					return false
				}
				got = append(got, r.ID)
				return stopAfter == 0 || len(got) < stopAfter
			})
		})
		if err != nil {
			t.Fatalf("scan %+v: %v", f, err)
		}
		return got
	}
	if got := scan(store.Filter{Customer: 1, Kind: "Server"}, 0); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("full scan: %d ids, first %v, last %v; want %d", len(got), got[:min(3, len(got))], got[max(0, len(got)-5):], len(want))
	}
	if got := scan(store.Filter{Customer: 1, Kind: "Server", AfterID: "99", Limit: 1500}, 0); len(got) != 1500 || got[0] != "100" || got[1499] != "1599" {
		t.Errorf("limited scan: %d ids from %v to %v; want 1500 from 100 to 1599", len(got), got[0], got[len(got)-1])
	}
	if got := scan(store.Filter{Customer: 1, Kind: "Server"}, 700); len(got) != 700 || got[699] != "699" {
		t.Errorf("scan stopped at 700: %d ids, last %v", len(got), got[len(got)-1])
	}
}

// TestPostgresOpenErrors: a store that cannot open says why, and never
// shows the password.
func TestPostgresOpenErrors(t *testing.T) {
	t.Parallel()
	const secret = "Sup3r-s3cret"
	cases := []struct {
		name, dsn, want string
	}{
		{"unreachable", "postgres://emu:" + secret + "@127.0.0.1:1/db?connect_timeout=5", "cannot connect"},
		{"bad port", "postgres://emu:" + secret + "@127.0.0.1:notaport/db", "invalid connection string"},
		{"key value", "host=127.0.0.1 port=1 user=emu password=" + secret + " connect_timeout=5", "cannot connect"},
		{"empty", "", "empty connection string"},
	}
	if dsn := os.Getenv(postgresEnv); dsn != "" {
		cases = append(cases,
			struct{ name, dsn, want string }{"wrong password", withPassword(t, dsn, secret), "cannot connect"},
			struct{ name, dsn, want string }{"missing schema",
				withDSNParams(dsn, map[string]string{"search_path": "mixcoatl_no_such_schema"}), "search_path"})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			s, err := postgres.Open(ctx, c.dsn)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%s) succeeded", postgres.RedactDSN(c.dsn))
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) {
				t.Errorf("error %q does not say %q", msg, c.want)
			}
			if strings.Contains(msg, secret) {
				t.Errorf("error shows the password: %q", msg)
			}
		})
	}
}

// withPassword replaces the password of the test server's DSN.
func withPassword(t *testing.T, dsn, password string) string {
	t.Helper()
	if !postgres.IsURL(dsn) {
		return dsn + " password=" + password
	}
	return withDSNParams(dsn, map[string]string{"password": password})
}

func TestRedactDSN(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"postgres://emu:pw@db.example:5432/state?sslmode=disable", "postgres://emu:xxxxx@db.example:5432/state?sslmode=disable"},
		{"postgresql://emu@db/state", "postgresql://emu@db/state"},
		{"postgres://db/state?password=pw&user=emu", "postgres://db/state?password=xxxxx&user=emu"},
		{"postgres://emu:p%40ss@db:bad/state", "postgres://(invalid URL, not shown)"},
		{"host=db user=emu password='p w' dbname=state", "host=db user=emu password=xxxxx dbname=state"},
		{"host=db password=pw", "host=db password=xxxxx"},
	}
	for _, c := range cases {
		if got := postgres.RedactDSN(c.in); got != c.want {
			t.Errorf("RedactDSN(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, s := range []string{"postgres://x", "POSTGRESQL://x"} {
		if !postgres.IsURL(s) {
			t.Errorf("IsURL(%q) = false", s)
		}
	}
	for _, s := range []string{"state.db", "/var/lib/postgres://x", "mysql://x", ""} {
		if postgres.IsURL(s) {
			t.Errorf("IsURL(%q) = true", s)
		}
	}
}
