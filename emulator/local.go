package emulator

import (
	"context"
	"net/http"

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
func Local(ctx context.Context, st store.Store) (http.RoundTripper, LocalAccess, error) {
	prep, err := prepareStore(ctx, st, defaultSeedSource(false), LocalAccessKey, LocalSecretKey)
	if err != nil {
		return nil, LocalAccess{}, err
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
			return seed.Load(ctx, keyRecorder{Store: st, keys: prep.keys, first: true, canon: prep.canon}, sd, &key)
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
