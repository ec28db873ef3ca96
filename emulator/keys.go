package emulator

import (
	"bytes"
	"cmp"
	"compress/flate"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// The keys of the seeded customers. The built-in seed's key pairs are
// published in this repository, so a server (Run) draws fresh pairs for
// every seeded customer at the first start of a store; a --seed file's
// pairs other than the first customer's are kept (its author chose them).
// The first customer's pair is given (--access-key, --local's demo pair) or
// drawn. The seed, its keys and the record of which key is whose
// (keysMeta) are stored in one transaction, so a first start that is
// killed leaves either nothing (the next start is a first start) or
// everything (`mixcoatl emulator keys` lists the keys). A reset seeds the
// same keys again.

// keysMeta lists the seeded customers' keys: access key, customer and
// user, never a secret (those are in the engine's key records).
const keysMeta = "emulator.keys"

// primaryKeyMeta names the first customer's key, whom unsigned requests
// act as; state files older than keysMeta have only this entry.
const primaryKeyMeta = "emulator.primaryKey"

// seededKey is an entry of keysMeta (and the value of primaryKeyMeta).
type seededKey struct {
	AccessKey string `json:"accessKey"`
	Customer  int64  `json:"customer"`
	UserID    int64  `json:"userId"`
}

// seedSource is a seed and the document it was parsed from, which
// re-keying rewrites.
type seedSource struct {
	doc   []byte
	sd    *seed.Seed
	fresh bool   // draw a pair for every customer at first start: the built-in seed
	path  string // the --seed file ("" = the built-in seed)
}

func defaultSeedSource(fresh bool) seedSource {
	return seedSource{doc: seed.DefaultJSON(), sd: seed.Default(), fresh: fresh}
}

func loadSeedSource(path string) (seedSource, error) {
	if path == "" {
		return defaultSeedSource(true), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return seedSource{}, fmt.Errorf("emulator: read seed file: %w", err)
	}
	sd, err := seed.Parse(b)
	if err != nil {
		return seedSource{}, fmt.Errorf("emulator: seed file %s: %w", path, err)
	}
	return seedSource{doc: b, sd: sd, path: path}, nil
}

// reseeder returns what a reset loads: src's seed with keys, parsed again
// at each call. Nothing of the parse is kept between resets: for a big seed
// file the parsed document and its records would cost more memory than the
// store holding them, for the whole life of the emulator. A --seed file's
// document is kept compressed (a reset loads it as it was at the start,
// whatever became of the file since); the built-in seed is in the binary.
func reseeder(src seedSource, keys []engine.APIKey) (func() (*seed.Seed, error), error) {
	fresh := src.fresh
	keys = slices.Clone(keys)
	if src.path == "" {
		return func() (*seed.Seed, error) { return defaultSeedSource(fresh).withKeys(keys) }, nil
	}
	var packed bytes.Buffer
	zw, err := flate.NewWriter(&packed, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(src.doc); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	doc := packed.Bytes()
	return func() (*seed.Seed, error) {
		b, err := io.ReadAll(flate.NewReader(bytes.NewReader(doc)))
		if err != nil {
			return nil, fmt.Errorf("emulator: unpack the seed: %w", err)
		}
		sd, err := seed.Parse(b)
		if err != nil {
			return nil, err
		}
		return seedSource{doc: b, sd: sd, fresh: fresh}.withKeys(keys)
	}, nil
}

// withKeys returns the seed with keys[i] as customer i's pair, for every
// customer but the first (seed.Load takes that one as an argument): the
// document's access and secret key strings are replaced and parsed again,
// so the customer's ApiKey record follows its access key.
func (src seedSource) withKeys(keys []engine.APIKey) (*seed.Seed, error) {
	doc := src.doc
	for i, c := range src.sd.Customers[1:] {
		k := keys[i+1]
		if k.AccessKey == c.APIKey.AccessKey && k.SecretKey == c.APIKey.SecretKey {
			continue
		}
		for _, pair := range [][2]string{{c.APIKey.AccessKey, k.AccessKey}, {c.APIKey.SecretKey, k.SecretKey}} {
			old, _ := json.Marshal(pair[0])
			if !bytes.Contains(doc, old) {
				return nil, fmt.Errorf("emulator: cannot re-key customer %d: its key is not written plainly in the seed document", c.CustomerID)
			}
			repl, _ := json.Marshal(pair[1])
			doc = bytes.ReplaceAll(doc, old, repl)
		}
	}
	if bytes.Equal(doc, src.doc) {
		return src.sd, nil
	}
	return seed.Parse(doc)
}

// seedKeys are the pairs the seed itself gives its customers.
func seedKeys(sd *seed.Seed) []engine.APIKey {
	keys := make([]engine.APIKey, len(sd.Customers))
	for i, c := range sd.Customers {
		keys[i] = engine.APIKey{AccessKey: c.APIKey.AccessKey, SecretKey: c.APIKey.SecretKey,
			Customer: c.CustomerID, UserID: c.APIKey.UserID, Active: true}
	}
	return keys
}

// prepared is what prepareStore found or made.
type prepared struct {
	keys      []engine.APIKey // per seed customer; [0] is the primary key
	generated []bool          // drawn by this start: shown once
	// reseed parses the seed with these keys again: what a reset loads.
	reseed func() (*seed.Seed, error)
	// canon puts seeded records in canonical form (keyRecorder.canon).
	canon *engine.Engine
}

// prepareStore seeds an empty store with the keys (the primary one given,
// or drawn; the others drawn when src is fresh) in one transaction, and
// otherwise finds the keys stored on first start. A key pair given for an
// existing store replaces the stored primary key.
func prepareStore(ctx context.Context, st store.Store, src seedSource, access, secret string) (*prepared, error) {
	if (access == "") != (secret == "") {
		return nil, errors.New("emulator: give both the access key and the secret key, or neither")
	}
	if len(src.sd.Customers) == 0 {
		return nil, errors.New("emulator: the seed has no customer to hold the API key")
	}
	empty, err := seed.Empty(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("emulator: inspect the store: %w", err)
	}
	if empty {
		p, err := firstStart(ctx, st, src, access, secret)
		if !errors.Is(err, errSeeded) {
			return p, err
		}
		// Another process seeded the store meanwhile: use its keys.
	}
	keys := seedKeys(src.sd)
	err = st.Update(ctx, func(tx store.Tx) error { return settleKeys(ctx, tx, keys, access, secret) })
	if err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	if _, err := src.withKeys(keys); err != nil {
		return nil, err // the keys must fit the seed now, not at the first reset
	}
	reseed, err := reseeder(src, keys)
	if err != nil {
		return nil, err
	}
	return &prepared{keys: keys, generated: make([]bool, len(keys)), reseed: reseed, canon: engine.New(catalog.Load(), nil)}, nil
}

// settleKeys is what a start of a seeded store makes of its keys (the
// rule of prepareStore, and of the --local memo, which runs it without
// writing: localUnchanged): keys (the seed's, one per customer in seed
// order) become the stored ones where a key is recorded, a given pair
// replaces the primary key, and the record of keys (keysMeta,
// primaryKeyMeta) is written again.
func settleKeys(ctx context.Context, tx store.Tx, keys []engine.APIKey, access, secret string) error {
	stored, err := readSeededKeys(ctx, tx)
	if err != nil {
		return err
	}
	for i := range keys {
		k, ok, err := storedKeyOf(ctx, tx, stored, keys[i].Customer, i == 0)
		if err != nil {
			return err
		}
		if ok {
			keys[i] = k
		}
	}
	if access != "" {
		keys[0].AccessKey, keys[0].SecretKey, keys[0].Active = access, secret, true
		if err := engine.PutKey(ctx, tx, keys[0]); err != nil {
			return err
		}
	} else if len(stored) == 0 {
		return errors.New("the state file was seeded without a recorded key; pass the access and secret key")
	}
	return recordKeys(ctx, tx, keys, true)
}

// errSeeded stops a first start that finds the store seeded after all.
var errSeeded = errors.New("emulator: the store was seeded meanwhile")

// firstStart draws the keys and loads the seed with them and their record,
// all in one transaction.
func firstStart(ctx context.Context, st store.Store, src seedSource, access, secret string) (*prepared, error) {
	keys := seedKeys(src.sd)
	generated := make([]bool, len(keys))
	for i := range keys {
		switch {
		case i == 0 && access != "":
			keys[0].AccessKey, keys[0].SecretKey = access, secret
		case i == 0 || src.fresh:
			keys[i].AccessKey, keys[i].SecretKey = GenerateKeyPair()
			generated[i] = true
		}
	}
	sd, err := src.withKeys(keys)
	if err != nil {
		return nil, err
	}
	canon := engine.New(catalog.Load(), nil)
	if err := seed.Load(ctx, keyRecorder{Store: st, keys: keys, first: true, canon: canon}, sd, &keys[0]); err != nil {
		return nil, err
	}
	reseed, err := reseeder(src, keys)
	if err != nil {
		return nil, err
	}
	return &prepared{keys: keys, generated: generated, reseed: reseed, canon: canon}, nil
}

// keyRecorder is a store whose Update, after its fn, records keys in
// keysMeta (merged by customer) and, when primary is set, keys[0] as the
// primary key: seed.Load writes a seed in one Update, so the seed and the
// record of its keys commit together. With first set, the Update fails
// with errSeeded on a store seeded already.
type keyRecorder struct {
	store.Store
	keys  []engine.APIKey
	first bool
	// canon, when set, stores the records in canonical form (canonTx).
	canon *engine.Engine
}

func (s keyRecorder) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if s.first {
			if _, seeded, err := tx.GetMeta(ctx, seed.LoadedMetaKey); err != nil || seeded {
				return cmp.Or(err, errSeeded)
			}
		}
		seedTx := tx
		if s.canon != nil {
			seedTx = canonTx{Tx: tx, eng: s.canon}
		}
		if err := fn(seedTx); err != nil {
			return err
		}
		return recordKeys(ctx, tx, s.keys, s.first)
	})
}

// recordKeys merges keys into keysMeta, and with primary records keys[0]
// as the primary key.
func recordKeys(ctx context.Context, tx store.Tx, keys []engine.APIKey, primary bool) error {
	stored, err := readSeededKeys(ctx, tx)
	if err != nil {
		return err
	}
	for _, k := range keys {
		e := seededKey{AccessKey: k.AccessKey, Customer: k.Customer, UserID: k.UserID}
		if i := slices.IndexFunc(stored, func(s seededKey) bool { return s.Customer == k.Customer }); i >= 0 {
			stored[i] = e
		} else {
			stored = append(stored, e)
		}
	}
	b, err := json.Marshal(stored)
	if err != nil {
		return err
	}
	if err := tx.PutMeta(ctx, keysMeta, b); err != nil || !primary || len(keys) == 0 {
		return err
	}
	b, err = json.Marshal(seededKey{AccessKey: keys[0].AccessKey, Customer: keys[0].Customer, UserID: keys[0].UserID})
	if err != nil {
		return err
	}
	return tx.PutMeta(ctx, primaryKeyMeta, b)
}

// readSeededKeys reads keysMeta, or for an older state file the primary
// key alone.
func readSeededKeys(ctx context.Context, tx store.Tx) ([]seededKey, error) {
	var out []seededKey
	for _, meta := range []string{keysMeta, primaryKeyMeta} {
		b, ok, err := tx.GetMeta(ctx, meta)
		if err != nil || !ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		if meta == primaryKeyMeta {
			var k seededKey
			if err := json.Unmarshal(b, &k); err != nil {
				return nil, fmt.Errorf("corrupt %s meta entry: %w", meta, err)
			}
			return []seededKey{k}, nil
		}
		if err := json.Unmarshal(b, &out); err != nil {
			return nil, fmt.Errorf("corrupt %s meta entry: %w", meta, err)
		}
		return out, nil
	}
	return nil, nil
}

// storedKeyOf finds the stored key of a seeded customer (with primary,
// the first entry is taken whatever its customer: an older file's primary
// key names the customer it was stored for).
func storedKeyOf(ctx context.Context, tx store.Tx, stored []seededKey, customer int64, primary bool) (engine.APIKey, bool, error) {
	i := slices.IndexFunc(stored, func(s seededKey) bool { return s.Customer == customer })
	if primary && len(stored) > 0 {
		i = 0
	}
	if i < 0 {
		return engine.APIKey{}, false, nil
	}
	k, found, err := engine.LookupKey(ctx, tx, stored[i].AccessKey)
	if err != nil {
		return engine.APIKey{}, false, err
	}
	if !found {
		return engine.APIKey{}, false, fmt.Errorf("the recorded access key %s is missing from the state file", stored[i].AccessKey)
	}
	return k, true, nil
}

// Keys lists the API keys stored in st, secrets included, for `mixcoatl
// emulator keys`: every key of every customer recorded as seeded (their
// seeded pairs and the keys generated through the API since). A store
// never seeded has none.
func Keys(ctx context.Context, st store.Store) ([]engine.APIKey, error) {
	var out []engine.APIKey
	err := st.View(ctx, func(tx store.Tx) error {
		stored, err := readSeededKeys(ctx, tx)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		add := func(access string) error {
			if seen[access] {
				return nil
			}
			seen[access] = true
			k, found, err := engine.LookupKey(ctx, tx, access)
			if found {
				out = append(out, k)
			}
			return err
		}
		for _, s := range stored {
			if err := add(s.AccessKey); err != nil {
				return err
			}
			var ids []string
			err := tx.Scan(ctx, store.Filter{Customer: s.Customer, Kind: "ApiKey"}, func(r store.Record) bool {
				if r.Customer == s.Customer {
					ids = append(ids, r.ID)
				}
				return true
			})
			if err != nil {
				return err
			}
			for _, id := range ids {
				if err := add(id); err != nil {
					return err
				}
			}
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b engine.APIKey) int { return cmp.Compare(a.Customer, b.Customer) })
	return out, err
}

// GenerateKeyPair returns a fresh key pair in the enStratus shapes: a
// 20-letter upper-case access key and a 40-character secret.
func GenerateKeyPair() (access, secret string) {
	const upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	return randomString(upper, 20), randomString(b64, 40)
}

// randomString draws n characters uniformly (rejection sampling avoids the
// modulo bias of alphabets that do not divide 256).
func randomString(alphabet string, n int) string {
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	var buf [64]byte
	for len(out) < n {
		_, _ = rand.Read(buf[:]) // crypto/rand.Read never fails
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out)
}

// SeedStore loads a seed into st and records its customers' keys, as a
// started emulator does, so that Keys (and the web console's Keys page)
// lists them. dcmtest seeds its stores with it. The records are stored as
// the seed has them: putting them in canonical form needs the engine of
// the catalogue that will serve them, which a store seeded before its
// server is made does not know (its reads take the slower rendering path,
// with the same answers).
func SeedStore(ctx context.Context, st store.Store, sd *seed.Seed) error {
	return seedStore(ctx, st, sd, nil)
}

// seedStore is SeedStore with the records in canon's canonical form when
// canon is set.
func seedStore(ctx context.Context, st store.Store, sd *seed.Seed, canon *engine.Engine) error {
	return seed.Load(ctx, keyRecorder{Store: st, keys: seedKeys(sd), canon: canon}, sd, nil)
}
