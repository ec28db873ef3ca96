package emulator

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// countingStore counts the write transactions run on a store.
type countingStore struct {
	store.Store
	updates atomic.Int64
}

func (s *countingStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	s.updates.Add(1)
	return s.Store.Update(ctx, fn)
}

// localOnce runs Local over st and reports how many writes it made.
func localOnce(t *testing.T, st store.Store) (LocalAccess, int64) {
	t.Helper()
	cs := &countingStore{Store: st}
	_, access, err := Local(t.Context(), cs)
	if err != nil {
		t.Fatal(err)
	}
	return access, cs.updates.Load()
}

func demoKey(t *testing.T, st store.Store) engine.APIKey {
	t.Helper()
	var k engine.APIKey
	err := st.View(t.Context(), func(tx store.Tx) error {
		var found bool
		var err error
		k, found, err = engine.LookupKey(t.Context(), tx, LocalAccessKey)
		if err == nil && !found {
			t.Fatal("the demo key is not stored")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// A state file prepared once is used as it is by the next commands: no
// write transaction, and the same access.
func TestLocalPreparedStateNeedsNoWrite(t *testing.T) {
	t.Parallel()
	st := store.NewMemory()
	first, writes := localOnce(t, st)
	if writes == 0 {
		t.Fatal("the first start wrote nothing")
	}
	for range 2 {
		again, writes := localOnce(t, st)
		if writes != 0 {
			t.Errorf("a prepared state file was written %d times", writes)
		}
		if again != first {
			t.Errorf("access %+v, want %+v", again, first)
		}
	}
}

// Whatever a full preparation would change is still changed: a demo key
// deactivated or given another secret is put back, and a state file
// prepared for another built-in seed, or whose memo is unreadable, is
// prepared in full, once.
func TestLocalPreparesChangedStateAgain(t *testing.T) {
	t.Parallel()
	for name, change := range map[string]func(context.Context, store.Tx) error{
		"key deactivated": func(ctx context.Context, tx store.Tx) error {
			k, _, err := engine.LookupKey(ctx, tx, LocalAccessKey)
			if err != nil {
				return err
			}
			k.Active = false
			return engine.PutKey(ctx, tx, k)
		},
		"secret replaced": func(ctx context.Context, tx store.Tx) error {
			k, _, err := engine.LookupKey(ctx, tx, LocalAccessKey)
			if err != nil {
				return err
			}
			k.SecretKey = "another+secret"
			return engine.PutKey(ctx, tx, k)
		},
		"other seed": func(ctx context.Context, tx store.Tx) error {
			b, _, err := tx.GetMeta(ctx, localMemoMeta)
			if err != nil {
				return err
			}
			var memo localMemo
			if err := json.Unmarshal(b, &memo); err != nil {
				return err
			}
			memo.Seed = "0" + memo.Seed[1:]
			if memo.Seed == defaultSeedDigest() {
				memo.Seed = "1" + memo.Seed[1:]
			}
			b, _ = json.Marshal(memo)
			return tx.PutMeta(ctx, localMemoMeta, b)
		},
		"unreadable memo": func(ctx context.Context, tx store.Tx) error {
			return tx.PutMeta(ctx, localMemoMeta, nil)
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := store.NewMemory()
			localOnce(t, st)
			if err := st.Update(t.Context(), func(tx store.Tx) error { return change(t.Context(), tx) }); err != nil {
				t.Fatal(err)
			}
			if _, writes := localOnce(t, st); writes == 0 {
				t.Fatal("a changed state file was not prepared again")
			}
			if k := demoKey(t, st); k.SecretKey != LocalSecretKey || !k.Active {
				t.Errorf("demo key after preparing: active %v, secret replaced %v", k.Active, k.SecretKey != LocalSecretKey)
			}
			if _, writes := localOnce(t, st); writes != 0 {
				t.Errorf("prepared again, then written %d more times", writes)
			}
		})
	}
}
