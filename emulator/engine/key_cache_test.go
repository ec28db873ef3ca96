package engine

import (
	"context"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// genTx is a memory transaction that tells a meta generation and counts
// its GetMeta calls, as a SQL store's would.
type genTx struct {
	store.Tx
	gen   uint64
	ok    bool
	reads int
}

func (t *genTx) MetaGeneration() (uint64, bool) { return t.gen, t.ok }

func (t *genTx) GetMeta(ctx context.Context, key string) ([]byte, bool, error) {
	t.reads++
	return t.Tx.GetMeta(ctx, key)
}

// TestKeyCacheRule checks when Key trusts a remembered key: same
// generation and younger than keyTTL; a new generation, an expired entry
// or a transaction that wrote meta read the key again, and a changed key
// is what the next read returns.
func TestKeyCacheRule(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	e := New(catalog.Load(), nil)
	clock := time.Unix(1000, 0)
	e.keys.now = func() time.Time { return clock }
	key := APIKey{AccessKey: "AKEY", SecretKey: "s", Customer: 7, UserID: 1, Active: true}
	put := func(k APIKey) {
		if err := st.Update(ctx, func(tx store.Tx) error { return PutKey(ctx, tx, k) }); err != nil {
			t.Fatal(err)
		}
	}
	put(key)
	lookup := func(gen uint64, ok bool) (APIKey, int) {
		t.Helper()
		var got APIKey
		var tx *genTx
		err := st.View(ctx, func(inner store.Tx) error {
			tx = &genTx{Tx: inner, gen: gen, ok: ok}
			k, found, err := e.Key(ctx, tx, "AKEY")
			if err == nil && !found {
				t.Fatal("key not found")
			}
			got = k
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return got, tx.reads
	}
	if _, reads := lookup(1, true); reads != 1 {
		t.Fatalf("first lookup read the store %d times, want 1", reads)
	}
	if _, reads := lookup(1, true); reads != 0 {
		t.Fatalf("a lookup at the same generation read the store %d times, want 0", reads)
	}
	revoked := key
	revoked.Active = false
	put(revoked)
	if k, reads := lookup(2, true); reads != 1 || k.Active {
		t.Fatalf("after a meta commit (new generation): reads %d, active %v; want 1 read and the revoked key", reads, k.Active)
	}
	put(key)
	if k, _ := lookup(2, true); k.Active {
		t.Fatal("another process's change was seen at once; the rule trusts the entry for keyTTL")
	}
	clock = clock.Add(keyTTL)
	if k, reads := lookup(2, true); reads != 1 || !k.Active {
		t.Fatalf("after keyTTL: reads %d, active %v; want 1 read and the active key", reads, k.Active)
	}
	if _, reads := lookup(2, false); reads != 1 {
		t.Fatalf("a transaction that wrote meta used the cache (reads %d)", reads)
	}
	// Stores without generations read every time.
	err := st.View(ctx, func(tx store.Tx) error {
		counted := &genTx{Tx: tx}
		for range 2 {
			if _, _, err := e.Key(ctx, struct{ store.Tx }{counted}, "AKEY"); err != nil {
				return err
			}
		}
		if counted.reads != 2 {
			t.Errorf("a store without generations: %d reads for 2 lookups, want 2", counted.reads)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
