package emulator

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

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

// OpenLocal opens (creating if needed, with its directory) the SQLite state
// file at path, seeds it once with the default seed and the fixed demo key
// pair, and returns an in-process transport to the emulator over it, the
// client configuration to use with it, and the function that closes the
// file. Every process that opens the same file sees the same state, so
// one-shot CLI calls chain naturally.
func OpenLocal(ctx context.Context, path string) (http.RoundTripper, LocalAccess, func() error, error) {
	fail := func(err error) (http.RoundTripper, LocalAccess, func() error, error) {
		return nil, LocalAccess{}, nil, err
	}
	if path == "" {
		return fail(errors.New("emulator: --local needs a state file path"))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fail(fmt.Errorf("emulator: create the directory of %s: %w", path, err))
	}
	st, err := openStore(path)
	if err != nil {
		return fail(err)
	}
	sd := seed.Default()
	key, _, err := prepareStore(ctx, st, sd, LocalAccessKey, LocalSecretKey)
	if err != nil {
		st.Close()
		return fail(err)
	}
	srv, err := New(Options{
		Store:     st,
		Anonymous: Caller{Customer: key.Customer, UserID: key.UserID},
		Reseed:    func(ctx context.Context, st store.Store) error { return seed.Load(ctx, st, sd, &key) },
	})
	if err != nil {
		st.Close()
		return fail(err)
	}
	v := srv.cat.DefaultVersion
	access := LocalAccess{
		AccessKey: key.AccessKey, SecretKey: key.SecretKey,
		Endpoint: LocalBaseURL + wire.BasePath + "/" + v, APIVersion: v,
	}
	return srv.RoundTripper(), access, st.Close, nil
}
