package emulator

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
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
			if memo.Seed == seed.DefaultDigest() {
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

// keyState is what a preparation may change: the record of keys and
// every key it or the demo pair names.
func keyState(t *testing.T, st store.Store) string {
	t.Helper()
	ctx := t.Context()
	var out []string
	err := st.View(ctx, func(tx store.Tx) error {
		access := []string{LocalAccessKey}
		for _, meta := range []string{keysMeta, primaryKeyMeta} {
			b, ok, err := tx.GetMeta(ctx, meta)
			if err != nil {
				return err
			}
			out = append(out, fmt.Sprintf("%s %v %s", meta, ok, b))
			var entries []seededKey
			if json.Unmarshal(b, &entries) != nil {
				var one seededKey
				_ = json.Unmarshal(b, &one)
				entries = []seededKey{one}
			}
			for _, e := range entries {
				access = append(access, e.AccessKey)
			}
		}
		for _, a := range access {
			k, ok, err := engine.LookupKey(ctx, tx, a)
			b, _ := json.Marshal(k)
			out = append(out, fmt.Sprintf("key %s %v %v %s", a, ok, err, b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, "\n")
}

// The memo and the full preparation hold one rule (settleKeys): whenever
// the memo lets a start use a state file as it is, a full preparation
// (prepareStore) would have changed nothing and settled the same keys;
// and a state file whose keys are as a preparation left them is used.
func TestLocalMemoAgreesWithPrepareStore(t *testing.T) {
	t.Parallel()
	rewriteEntries := func(f func([]seededKey) []seededKey) func(context.Context, store.Tx) error {
		return func(ctx context.Context, tx store.Tx) error {
			entries, err := readSeededKeys(ctx, tx)
			if err != nil {
				return err
			}
			b, _ := json.Marshal(f(entries))
			return tx.PutMeta(ctx, keysMeta, b)
		}
	}
	rewriteKey := func(i int, f func(*engine.APIKey)) func(context.Context, store.Tx) error {
		return func(ctx context.Context, tx store.Tx) error {
			entries, err := readSeededKeys(ctx, tx)
			if err != nil {
				return err
			}
			k, _, err := engine.LookupKey(ctx, tx, entries[i].AccessKey)
			if err != nil {
				return err
			}
			f(&k)
			return engine.PutKey(ctx, tx, k)
		}
	}
	cases := []struct {
		name string
		// used: the memo lets the start use the file as it is.
		used   bool
		change func(context.Context, store.Tx) error
	}{
		{"as prepared", true, func(context.Context, store.Tx) error { return nil }},
		{"unrelated meta written", true, func(ctx context.Context, tx store.Tx) error { return tx.PutMeta(ctx, "other", []byte("x")) }},
		{"demo key deactivated", false, rewriteKey(0, func(k *engine.APIKey) { k.Active = false })},
		{"demo secret replaced", false, rewriteKey(0, func(k *engine.APIKey) { k.SecretKey = "another+secret" })},
		// Settling keeps another customer's key as stored; the memo's
		// digest still asks for a full preparation, which checks the key
		// against the seed.
		{"other customer's secret replaced", false, rewriteKey(1, func(k *engine.APIKey) { k.SecretKey = "another+secret" })},
		{"other customer's entry dropped", false, rewriteEntries(func(e []seededKey) []seededKey { return e[:1] })},
		{"other customer's entry names another user", false, rewriteEntries(func(e []seededKey) []seededKey { e[1].UserID++; return e })},
		{"foreign entry added", true, rewriteEntries(func(e []seededKey) []seededKey {
			return append(e, seededKey{AccessKey: "NOSUCHKEY", Customer: 999, UserID: 1})
		})},
		{"entries reordered", false, rewriteEntries(func(e []seededKey) []seededKey { e[0], e[1] = e[1], e[0]; return e })},
		{"record of keys older (primary only)", false, func(ctx context.Context, tx store.Tx) error { return tx.PutMeta(ctx, keysMeta, []byte("null")) }},
		{"primary key names another key", false, func(ctx context.Context, tx store.Tx) error {
			entries, err := readSeededKeys(ctx, tx)
			if err != nil {
				return err
			}
			b, _ := json.Marshal(entries[1])
			return tx.PutMeta(ctx, primaryKeyMeta, b)
		}},
		// prepareStore fails on it ("missing from the state file").
		{"recorded key missing", false, rewriteEntries(func(e []seededKey) []seededKey { e[1].AccessKey += "X"; return e })},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			st := store.NewMemory()
			localOnce(t, st)
			if err := st.Update(ctx, func(tx store.Tx) error { return c.change(ctx, tx) }); err != nil {
				t.Fatal(err)
			}
			prep, err := preparedLocal(ctx, st, seed.DefaultDigest())
			if err != nil {
				t.Fatal(err)
			}
			if used := prep != nil; used != c.used {
				t.Errorf("memo used %v, want %v", used, c.used)
			}
			before := keyState(t, st)
			full, err := prepareStore(ctx, st, defaultSeedSource(false), LocalAccessKey, LocalSecretKey)
			after := keyState(t, st)
			if prep == nil {
				return
			}
			if err != nil {
				t.Fatalf("the memo was used, but a full preparation fails: %v", err)
			}
			if before != after {
				t.Errorf("the memo was used, but a full preparation changes\n%s\ninto\n%s", before, after)
			}
			if !slices.Equal(prep.keys, full.keys) {
				t.Errorf("the memo settled %+v, a full preparation %+v", prep.keys, full.keys)
			}
		})
	}
}

// metaCountingTx counts the reads of each meta key.
type metaCountingTx struct {
	store.Tx
	reads map[string]int
}

func (t *metaCountingTx) GetMeta(ctx context.Context, key string) ([]byte, bool, error) {
	t.reads[key]++
	return t.Tx.GetMeta(ctx, key)
}

// The read-only check of a prepared state file reads each meta value once,
// and still finds the keys a full preparation settles.
func TestLocalUnchangedReadsEachMetaOnce(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st := store.NewMemory()
	localOnce(t, st)
	var customers []int64
	for _, c := range seed.Default().Customers {
		customers = append(customers, c.CustomerID)
	}
	counting := &metaCountingTx{reads: map[string]int{}}
	var keys []engine.APIKey
	err := st.View(ctx, func(tx store.Tx) error {
		counting.Tx = tx
		var err error
		keys, err = localUnchanged(ctx, counting, customers)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != len(customers) || keys[0].AccessKey != LocalAccessKey {
		t.Fatalf("keys %+v: the prepared state was not recognised", keys)
	}
	for key, n := range counting.reads {
		if n != 1 {
			t.Errorf("meta %q read %d times", key, n)
		}
	}
	if counting.reads[keysMeta] == 0 {
		t.Errorf("the record of keys was not read: reads %v", counting.reads)
	}
}
