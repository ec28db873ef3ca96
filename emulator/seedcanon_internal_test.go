package emulator

import (
	"bytes"
	"context"
	"strconv"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// A first start stores the seed's records in canonical form: each one
// carries its marker, and putting it in canonical form again changes no
// byte.
func TestSeededRecordsAreCanonical(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.NewMemory()
	prep, err := prepareStore(ctx, st, defaultSeedSource(true), "", "")
	if err != nil {
		t.Fatal(err)
	}
	customers := []int64{0}
	for _, k := range prep.keys {
		customers = append(customers, k.Customer)
	}
	n := 0
	err = st.View(ctx, func(tx store.Tx) error {
		for _, c := range customers {
			for _, res := range catalog.Load().Resources {
				err := tx.Scan(ctx, store.Filter{Customer: c, Kind: res.Name}, func(r store.Record) bool {
					if r.Customer != c {
						return true
					}
					n++
					again, err := prep.canon.CanonicalRecord(r)
					if err != nil {
						t.Fatalf("%s %s: %v", r.Kind, r.ID, err)
					}
					if !bytes.HasPrefix(r.Internal, []byte(`{"_wire":`)) || !bytes.Equal(again.Data, r.Data) || !bytes.Equal(again.Internal, r.Internal) {
						t.Errorf("%s %s (customer %d) is not stored canonically:\n%s\n%s", r.Kind, r.ID, c, r.Data, r.Internal)
					}
					return true
				})
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("only %d seeded records", n)
	}
}

// recordingStore runs Updates on a memory store through canonTx, with the
// bulk PutAll or hiding it (a Put each), and records the Puts the store
// sees.
type recordingStore struct {
	*store.Memory
	eng  *engine.Engine
	bulk bool
	puts []store.Record
}

// putEach hides canonTx's PutAll: seed.Load then puts one record at a time.
type putEach struct{ store.Tx }

type recordingTx struct {
	store.Tx
	s *recordingStore
}

func (r recordingTx) Put(ctx context.Context, rec store.Record) error {
	r.s.puts = append(r.s.puts, rec)
	return r.Tx.Put(ctx, rec)
}

func (s *recordingStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Memory.Update(ctx, func(tx store.Tx) error {
		var t store.Tx = canonTx{Tx: recordingTx{Tx: tx, s: s}, eng: s.eng}
		if !s.bulk {
			t = putEach{t}
		}
		return fn(t)
	})
}

// Seeding through PutAll, which puts records in canonical form on every
// CPU, makes the same Puts in the same order as a Put of each record.
func TestCanonPutAllIsAPutOfEach(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eng := engine.New(catalog.Load(), nil)
	var runs [2]*recordingStore
	for i, bulk := range []bool{false, true} {
		runs[i] = &recordingStore{Memory: store.NewMemory(), eng: eng, bulk: bulk}
		if err := seed.Load(ctx, runs[i], seed.Default(), nil); err != nil {
			t.Fatal(err)
		}
	}
	each, bulk := runs[0].puts, runs[1].puts
	if len(each) < canonChunk/4 || len(bulk) != len(each) {
		t.Fatalf("%d Puts in bulk, %d one by one", len(bulk), len(each))
	}
	for i := range each {
		a, b := each[i], bulk[i]
		if a.Customer != b.Customer || a.Kind != b.Kind || a.ID != b.ID || !bytes.Equal(a.Data, b.Data) || !bytes.Equal(a.Internal, b.Internal) {
			t.Fatalf("Put %d: one by one %s %s %s, in bulk %s %s %s", i, a.Kind, a.ID, a.Data, b.Kind, b.ID, b.Data)
		}
	}
}

// PutAll works through chunks, and reports the first record that fails,
// having stored those before it.
func TestCanonPutAllNamesTheRecordThatFails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eng := engine.New(catalog.Load(), nil)
	recs := make([]store.Record, 2*canonChunk+10)
	for i := range recs {
		recs[i] = store.Record{Customer: 1, Kind: "Server", ID: strconv.Itoa(i + 1), Data: []byte(`{"serverId":` + strconv.Itoa(i+1) + `}`)}
	}
	bad := canonChunk + 7
	recs[bad].Data = []byte(`[1]`)
	s := &recordingStore{Memory: store.NewMemory(), eng: eng}
	err := s.Memory.Update(ctx, func(tx store.Tx) error {
		i, err := canonTx{Tx: recordingTx{Tx: tx, s: s}, eng: eng}.PutAll(ctx, recs)
		if i != bad || err == nil {
			t.Errorf("PutAll = %d, %v; want %d and an error", i, err, bad)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.puts) != bad || s.puts[bad-1].ID != recs[bad-1].ID {
		t.Errorf("%d records stored before the failure, want %d", len(s.puts), bad)
	}
}

// A seed loaded through the control API is stored in canonical form, as
// one loaded at a first start or a reset: lists and reads of its records
// take the verbatim paths.
func TestLoadedSeedIsCanonical(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.NewMemory()
	srv, err := New(Options{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	doc := `{"customers":[{"customerId":41,"apiKey":{"accessKey":"LOADEDSEEDCANONICAL1","secretKey":"s","userId":-1},
	 "resources":{"Server":[{"status":"RUNNING","serverId":5,"name":"a"},{"name":"b","serverId":6}]}}]}`
	if err := srv.LoadSeed(ctx, []byte(doc), false); err != nil {
		t.Fatal(err)
	}
	n := 0
	err = st.View(ctx, func(tx store.Tx) error {
		return tx.Scan(ctx, store.Filter{Customer: 41, Kind: "Server"}, func(r store.Record) bool {
			n++
			if !bytes.HasPrefix(r.Internal, []byte(`{"_wire":`)) {
				t.Errorf("Server %s stored as %s, %s: not canonical", r.ID, r.Data, r.Internal)
			}
			return true
		})
	})
	if err != nil || n != 2 {
		t.Fatalf("%d servers, %v", n, err)
	}
}
