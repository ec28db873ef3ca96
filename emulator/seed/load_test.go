package seed

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

func loadedStore(t *testing.T, s *Seed, key *engine.APIKey) store.Store {
	t.Helper()
	st := store.NewMemory()
	t.Cleanup(func() { st.Close() })
	if err := Load(context.Background(), st, s, key); err != nil {
		t.Fatalf("Load: %v", err)
	}
	return st
}

func TestLoadWritesEveryRecord(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := Default()
	st := loadedStore(t, s, nil)
	err := st.View(ctx, func(tx store.Tx) error {
		for _, want := range s.Records() {
			got, err := tx.Get(ctx, want.Customer, want.Kind, want.ID)
			if err != nil {
				t.Errorf("Get(%d, %s, %s): %v", want.Customer, want.Kind, want.ID, err)
				continue
			}
			if string(got.Data) != string(want.Data) {
				t.Errorf("%s %s: stored %s, want %s", want.Kind, want.ID, got.Data, want.Data)
			}
		}
		// A customer sees its own servers plus nothing of the other customer's.
		for _, c := range s.Customers {
			n := 0
			err := tx.Scan(ctx, store.Filter{Customer: c.CustomerID, Kind: "Server"}, func(r store.Record) bool {
				if r.Customer != c.CustomerID {
					t.Errorf("customer %d sees server %s of customer %d", c.CustomerID, r.ID, r.Customer)
				}
				n++
				return true
			})
			if err != nil {
				return err
			}
			if n == 0 {
				t.Errorf("customer %d: Scan finds no servers", c.CustomerID)
			}
			regions, err := tx.Count(ctx, store.Filter{Customer: c.CustomerID, Kind: "Region"})
			if err != nil {
				return err
			}
			if regions < 10 {
				t.Errorf("customer %d sees %d global regions", c.CustomerID, regions)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLoadStoresKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := Default()
	st := loadedStore(t, s, nil)
	err := st.View(ctx, func(tx store.Tx) error {
		for _, c := range s.Customers {
			k, ok, err := engine.LookupKey(ctx, tx, c.APIKey.AccessKey)
			if err != nil || !ok {
				t.Errorf("customer %d: key %s not found (%v)", c.CustomerID, c.APIKey.AccessKey, err)
				continue
			}
			want := engine.APIKey{AccessKey: c.APIKey.AccessKey, SecretKey: c.APIKey.SecretKey,
				Customer: c.CustomerID, UserID: c.APIKey.UserID, Active: true}
			if k != want {
				t.Errorf("key = %+v, want %+v", k, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLoadKeyOverride(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := Default()
	first := s.Customers[0]
	override := &engine.APIKey{AccessKey: "LOCALTESTKEYABCDEFGH", SecretKey: "local-secret"}
	st := loadedStore(t, s, override)
	err := st.View(ctx, func(tx store.Tx) error {
		k, ok, err := engine.LookupKey(ctx, tx, override.AccessKey)
		if err != nil || !ok {
			t.Fatalf("override key not stored (%v)", err)
		}
		if k.SecretKey != override.SecretKey || k.Customer != first.CustomerID || k.UserID != first.APIKey.UserID || !k.Active {
			t.Errorf("override key = %+v", k)
		}
		if _, ok, _ := engine.LookupKey(ctx, tx, first.APIKey.AccessKey); ok {
			t.Error("the replaced seed key still works")
		}
		if _, ok, _ := engine.LookupKey(ctx, tx, s.Customers[1].APIKey.AccessKey); !ok {
			t.Error("the second customer's key was lost")
		}
		rec, err := tx.Get(ctx, first.CustomerID, "ApiKey", override.AccessKey)
		if err != nil {
			t.Fatalf("the ApiKey record was not re-keyed: %v", err)
		}
		var m map[string]any
		if err := json.Unmarshal(rec.Data, &m); err != nil || m["accessKey"] != override.AccessKey || m["name"] == nil {
			t.Errorf("re-keyed ApiKey record = %s (%v)", rec.Data, err)
		}
		if _, err := tx.Get(ctx, first.CustomerID, "ApiKey", first.APIKey.AccessKey); err == nil {
			t.Error("the ApiKey record of the replaced key is still listed")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLoadRejectsBadOverride(t *testing.T) {
	t.Parallel()
	s := Default()
	for name, k := range map[string]*engine.APIKey{
		"no secret":          {AccessKey: "LOCALTESTKEYABCDEFGH"},
		"no access key":      {SecretKey: "x"},
		"other customer's":   {AccessKey: s.Customers[1].APIKey.AccessKey, SecretKey: "x"},
		"another own ApiKey": {AccessKey: "ACMEHTMQWNZYCEKPLRVS", SecretKey: "x"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := store.NewMemory()
			defer st.Close()
			err := Load(context.Background(), st, Default(), k)
			if err == nil || !strings.Contains(err.Error(), "seed:") {
				t.Fatalf("Load accepted key %+v: %v", k, err)
			}
			if empty, _ := Empty(context.Background(), st); !empty {
				t.Error("a rejected Load changed the store")
			}
		})
	}
}

func TestLoadNeedsParsedSeed(t *testing.T) {
	t.Parallel()
	st := store.NewMemory()
	defer st.Close()
	bad := &Seed{Customers: []Customer{{CustomerID: 1}}}
	if err := Load(context.Background(), st, bad, nil); err == nil {
		t.Fatal("Load accepted a seed that did not come from Parse")
	}
	if err := Load(context.Background(), st, nil, nil); err == nil {
		t.Fatal("Load accepted a nil seed")
	}
}

func TestEmptyBeforeAndAfterLoad(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.NewMemory()
	defer st.Close()
	empty, err := Empty(ctx, st)
	if err != nil || !empty {
		t.Fatalf("new store: Empty = %v, %v; want true", empty, err)
	}
	if err := Load(ctx, st, Default(), nil); err != nil {
		t.Fatal(err)
	}
	empty, err = Empty(ctx, st)
	if err != nil || empty {
		t.Fatalf("after Load: Empty = %v, %v; want false", empty, err)
	}
	if err := st.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if empty, _ := Empty(ctx, st); !empty {
		t.Fatal("after Reset: Empty = false")
	}
}

func TestLoadMovesSequencesPastSeededIDs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := Default()
	st := loadedStore(t, s, nil)
	max := map[string]int64{}
	for _, r := range s.Records() {
		res, _ := catalog.Load().Resource(r.Kind)
		if res.KeyType != catalog.TypeInt || res.Flat {
			continue
		}
		var n int64
		if err := json.Unmarshal([]byte(r.ID), &n); err != nil {
			t.Fatal(err)
		}
		if n > max[r.Kind] {
			max[r.Kind] = n
		}
	}
	err := st.Update(ctx, func(tx store.Tx) error {
		for kind, m := range max {
			next, err := tx.NextID(ctx, kind, 1)
			if err != nil {
				return err
			}
			if next <= m {
				t.Errorf("%s: NextID after Load = %d, not above the seeded %d", kind, next, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if max["Server"] == 0 || max["Job"] == 0 {
		t.Fatalf("test found no servers or jobs: %v", max)
	}
}

func TestLoadIntoSQLite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "seed.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := Default()
	if err := Load(ctx, st, s, nil); err != nil {
		t.Fatal(err)
	}
	err = st.View(ctx, func(tx store.Tx) error {
		for _, c := range s.Customers {
			n, err := tx.Count(ctx, store.Filter{Customer: c.CustomerID, Kind: "Customer"})
			if err != nil {
				return err
			}
			if n != 1 {
				t.Errorf("customer %d sees %d Customer records, want its own only", c.CustomerID, n)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if empty, err := Empty(ctx, st); err != nil || empty {
		t.Fatalf("Empty after Load = %v, %v", empty, err)
	}
}
