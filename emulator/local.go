package emulator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// The fixed demo key pair of --local state files. It only ever opens a
// local file, so there is nothing to protect.
const (
	LocalAccessKey = "MIXCOATLLOCALDEMOKEY"
	LocalSecretKey = "mixcoatl+local+demo+secret+key+0000000000"
	// LocalBaseURL is the made-up host in --local endpoints; requests never
	// leave the process.
	LocalBaseURL = "http://mixcoatl.local"
)

// LocalAccess is how a client reaches a local state file's emulator: the
// keys of its demo customer and the made-up endpoint of the in-process
// transport.
type LocalAccess struct {
	AccessKey, SecretKey string
	Endpoint             string // LocalBaseURL + /api/enstratus/<version>
	APIVersion           string
}

// Local serves the emulator of `mixcoatl --local` over st: it seeds an
// empty st once with the default seed and the fixed demo key pair (the
// seed's other customers keep its pairs: nothing outside the process
// reaches a --local emulator), and
// returns an in-process transport to the emulator and the client
// configuration to use with it. The caller opens st (emulator/store/open.Local
// opens the SQLite state file; this package links no database driver) and
// closes it when done. Every process that opens the same file sees the same
// state, so one-shot CLI calls chain naturally.
//
// A state file that an earlier Local prepared needs no preparing again: the
// keys it holds are read in one read-only transaction and, when they are
// what the last full preparation left (localMemoMeta), used as they are.
// Only a first start, or a state file changed since (a key deactivated or
// replaced, another seed's emulator), parses the seed and writes.
func Local(ctx context.Context, st store.Store) (http.RoundTripper, LocalAccess, error) {
	digest := seed.DefaultDigest()
	prep, err := preparedLocal(ctx, st, digest)
	if err != nil {
		return nil, LocalAccess{}, err
	}
	if prep == nil {
		if prep, err = prepareStore(ctx, st, defaultSeedSource(false), LocalAccessKey, LocalSecretKey); err != nil {
			return nil, LocalAccess{}, err
		}
		if err := rememberLocal(ctx, st, digest, prep.keys); err != nil {
			return nil, LocalAccess{}, err
		}
	}
	key := prep.keys[0]
	srv, err := New(Options{
		Store:     st,
		Anonymous: Caller{Customer: key.Customer, UserID: key.UserID},
		Reseed: func(ctx context.Context, st store.Store) error {
			sd, err := prep.reseed()
			if err != nil {
				return err
			}
			canon := prep.canon
			if canon == nil {
				canon = engine.New(catalog.Load(), nil)
			}
			return seed.Load(ctx, keyRecorder{Store: st, keys: prep.keys, first: true, canon: canon}, sd, &key)
		},
	})
	if err != nil {
		return nil, LocalAccess{}, err
	}
	v := srv.cat.DefaultVersion
	access := LocalAccess{
		AccessKey: key.AccessKey, SecretKey: key.SecretKey,
		Endpoint: LocalBaseURL + wire.BasePath + "/" + v, APIVersion: v,
	}
	return srv.RoundTripper(), access, nil
}

// localMemoMeta records what the last full preparation of a --local state
// file (prepareStore) settled: a digest of the built-in seed it prepared
// for, its customers in seed order and a digest of their keys, secrets
// included. It holds no secret itself.
const localMemoMeta = "emulator.local"

// localMemo is the value of localMemoMeta.
type localMemo struct {
	Seed      string  `json:"seed"`      // seed.DefaultDigest: a state file prepared by a binary with another seed is prepared again
	Customers []int64 `json:"customers"` // the seed's customers, in seed order
	Keys      string  `json:"keys"`      // hex SHA-256 of the keys (keysDigest)
}

// keysDigest is the hex SHA-256 of the keys' JSON encoding.
func keysDigest(keys []engine.APIKey) (string, error) {
	b, err := json.Marshal(keys)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// rememberLocal writes the memo of a full preparation that settled keys.
// It is a transaction of its own: a process killed before it leaves no
// memo, and the next start prepares in full again. A key changed between
// the preparation and the memo only makes the memo not match.
func rememberLocal(ctx context.Context, st store.Store, seedDigest string, keys []engine.APIKey) error {
	memo := localMemo{Seed: seedDigest}
	for _, k := range keys {
		memo.Customers = append(memo.Customers, k.Customer)
	}
	var err error
	if memo.Keys, err = keysDigest(keys); err != nil {
		return err
	}
	b, err := json.Marshal(memo)
	if err != nil {
		return err
	}
	return st.Update(ctx, func(tx store.Tx) error { return tx.PutMeta(ctx, localMemoMeta, b) })
}

// preparedLocal returns the preparation of a state file that prepareStore
// would leave exactly as it is, found in one read-only transaction: the
// store is seeded, the memo names this binary's seed, settling the keys of
// the memo's customers for the demo pair (settleKeys, prepareStore's own
// rule, run by localUnchanged) would write nothing new, and the keys it
// settles have the memo's digest. It returns nil when any of that does not
// hold, and the caller prepares in full. The seed is parsed only if the
// emulator is reset.
func preparedLocal(ctx context.Context, st store.Store, seedDigest string) (*prepared, error) {
	var keys []engine.APIKey
	err := st.View(ctx, func(tx store.Tx) error {
		keys = nil
		if _, seeded, err := tx.GetMeta(ctx, seed.LoadedMetaKey); err != nil || !seeded {
			return err
		}
		b, ok, err := tx.GetMeta(ctx, localMemoMeta)
		if err != nil || !ok {
			return err
		}
		var memo localMemo
		if json.Unmarshal(b, &memo) != nil || memo.Seed != seedDigest || len(memo.Customers) == 0 {
			return nil // not this binary's seed, or unreadable: prepare in full
		}
		found, err := localUnchanged(ctx, tx, memo.Customers)
		if err != nil || found == nil {
			return err
		}
		if digest, err := keysDigest(found); err != nil || digest != memo.Keys {
			return err
		}
		keys = found
		return nil
	})
	if err != nil || keys == nil {
		return nil, err
	}
	reseed, err := reseeder(seedSource{}, keys) // the built-in seed, parsed at a reset
	if err != nil {
		return nil, err
	}
	return &prepared{keys: keys, generated: make([]bool, len(keys)), reseed: reseed}, nil
}

// localUnchanged settles the keys of customers (seed order, the primary
// customer first) for the demo pair as prepareStore would (settleKeys) in
// tx, a read-only transaction, and returns them if that would write
// nothing new; else nil, also when settling fails: the full preparation
// then reports why. A customer without a recorded key starts from a key
// the seed would give it, unknown here; recording it would change the
// record of keys, so that case is nil whatever the seed's key.
func localUnchanged(ctx context.Context, tx store.Tx, customers []int64) ([]engine.APIKey, error) {
	keys := make([]engine.APIKey, len(customers))
	for i, c := range customers {
		keys[i].Customer = c
	}
	dry := &unchangedTx{Tx: tx}
	if err := settleKeys(ctx, dry, keys, LocalAccessKey, LocalSecretKey); err != nil || dry.changed {
		return nil, nil
	}
	return keys, nil
}

// unchangedTx runs a transaction's writes as comparisons: a meta value
// written as it is stored changes nothing; any other write (a new or
// different meta value, a record written or deleted, a sequence drawn)
// would, and is only noted. Nothing reaches the store.
//
// It also answers each meta key from one read: settleKeys reads the
// record of keys three times (twice, then to compare what it writes) and
// the demo key twice, and in a read-only transaction a value cannot
// change between reads. Every --local command runs this check.
type unchangedTx struct {
	store.Tx
	changed bool
	read    map[string]metaRead
}

// metaRead is one GetMeta answer.
type metaRead struct {
	value []byte
	ok    bool
}

func (t *unchangedTx) GetMeta(ctx context.Context, key string) ([]byte, bool, error) {
	if r, hit := t.read[key]; hit {
		return r.value, r.ok, nil
	}
	value, ok, err := t.Tx.GetMeta(ctx, key)
	if err != nil {
		return nil, false, err
	}
	if t.read == nil {
		t.read = map[string]metaRead{}
	}
	t.read[key] = metaRead{value: value, ok: ok}
	return value, ok, nil
}

func (t *unchangedTx) PutMeta(ctx context.Context, key string, value []byte) error {
	old, ok, err := t.GetMeta(ctx, key)
	if err != nil {
		return err
	}
	if !ok || !bytes.Equal(old, value) {
		t.changed = true
	}
	return nil
}

func (t *unchangedTx) Put(context.Context, store.Record) error {
	t.changed = true
	return nil
}

func (t *unchangedTx) Delete(context.Context, int64, string, string) error {
	t.changed = true
	return nil
}

func (t *unchangedTx) NextID(context.Context, string, int64) (int64, error) {
	t.changed = true
	return 0, errors.New("emulator: no sequence is drawn in a read-only check")
}
