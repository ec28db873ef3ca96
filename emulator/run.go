package emulator

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// DefaultListen is where `mixcoatl emulator` listens: the on-premise port.
const DefaultListen = "127.0.0.1:15000"

// Config is what the `mixcoatl emulator` command needs; the CLI fills it
// from flags and calls Run.
type Config struct {
	Listen string // host:port; "" = DefaultListen; port 0 picks a free one
	// Store is the state; nil = a new in-memory store. The caller opens
	// (and closes) a persistent one: this package links no database
	// driver, so that dcmtest does not either. emulator/store/open.Store
	// opens what a --data value names (a SQLite file, a postgres:// URL).
	Store store.Store
	// State names Store in the start-up line (a Postgres URL with its
	// password masked: open.Describe); "" = "in memory".
	State string
	// AccessKey and SecretKey are the seeded customer's key. When empty, a
	// pair is generated on the first start of a persistent store (and
	// printed once) and reused from the store afterwards.
	AccessKey, SecretKey string
	Auth                 AuthMode
	SeedFile             string        // seed document; "" = the default seed
	PageSize             int           // 0 = DefaultPageSize
	Skew                 time.Duration // 0 = DefaultSkew
	JobMode              string        // default job mode (ParseJobMode); "" = the engine's default
	DefaultDetails       string        // "" = basic
	ControlToken         string
	Logger               *slog.Logger // nil = discard
}

// primaryKeyMeta is the store meta entry naming the seeded customer's key
// (never its secret), so restarts know whom unsigned requests act as.
const primaryKeyMeta = "emulator.primaryKey"

type primaryKey struct {
	AccessKey string `json:"accessKey"`
	Customer  int64  `json:"customer"`
	UserID    int64  `json:"userId"`
}

// Run serves the emulator until ctx is done, then shuts down gracefully.
// It prints the listening address and endpoint to stdout, and the key pair
// only when it was newly generated.
func Run(ctx context.Context, cfg Config, stdout io.Writer) error {
	st, state := cfg.Store, cfg.State
	if st == nil {
		st = store.NewMemory()
		defer st.Close()
	}
	if state == "" {
		state = "in memory"
	}
	sd, err := loadSeedFile(cfg.SeedFile)
	if err != nil {
		return err
	}
	key, generated, err := prepareStore(ctx, st, sd, cfg.AccessKey, cfg.SecretKey)
	if err != nil {
		return err
	}
	srv, err := New(Options{
		Store: st, Auth: cfg.Auth, Skew: cfg.Skew, PageSize: cfg.PageSize, DefaultDetails: cfg.DefaultDetails,
		Logger: cfg.Logger, ControlToken: cfg.ControlToken,
		Anonymous: Caller{Customer: key.Customer, UserID: key.UserID},
		Reseed:    func(ctx context.Context, st store.Store) error { return seed.Load(ctx, st, sd, &key) },
	})
	if err != nil {
		return err
	}
	if cfg.JobMode != "" {
		m, err := ParseJobMode(cfg.JobMode)
		if err != nil {
			return err
		}
		if err := srv.SetJobMode(ctx, "", m); err != nil {
			return err
		}
	}
	listen := cfg.Listen
	if listen == "" {
		listen = DefaultListen
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return fmt.Errorf("emulator: listen on %s: %w", listen, err)
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "mixcoatl emulator listening on %s%s (auth %s, state %s)\n",
		base, wire.BasePath, srv.opts.Auth, state)
	fmt.Fprintf(stdout, "DCM_ENDPOINT=%s%s/%s\n", base, wire.BasePath, srv.cat.DefaultVersion)
	if generated {
		fmt.Fprintf(stdout, "DCM_ACCESS_KEY=%s\nDCM_SECRET_KEY=%s\n", key.AccessKey, key.SecretKey)
		fmt.Fprintln(stdout, "(the key pair is shown only now; it is kept in the state file)")
	} else {
		fmt.Fprintf(stdout, "DCM_ACCESS_KEY=%s (secret as configured or as printed on first start)\n", key.AccessKey)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("emulator: serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("emulator: shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("emulator: serve: %w", err)
	}
	return nil
}

func loadSeedFile(path string) (*seed.Seed, error) {
	if path == "" {
		return seed.Default(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("emulator: read seed file: %w", err)
	}
	sd, err := seed.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("emulator: seed file %s: %w", path, err)
	}
	return sd, nil
}

// prepareStore seeds an empty store with the primary key (given, or
// generated) and otherwise finds the key stored on first start. A key pair
// given for an existing store replaces the stored one.
func prepareStore(ctx context.Context, st store.Store, sd *seed.Seed, access, secret string) (engine.APIKey, bool, error) {
	if (access == "") != (secret == "") {
		return engine.APIKey{}, false, errors.New("emulator: give both the access key and the secret key, or neither")
	}
	if len(sd.Customers) == 0 {
		return engine.APIKey{}, false, errors.New("emulator: the seed has no customer to hold the API key")
	}
	empty, err := seed.Empty(ctx, st)
	if err != nil {
		return engine.APIKey{}, false, fmt.Errorf("emulator: inspect the store: %w", err)
	}
	first := sd.Customers[0]
	key := engine.APIKey{AccessKey: access, SecretKey: secret, Customer: first.CustomerID, UserID: first.APIKey.UserID, Active: true}
	if empty {
		generated := access == ""
		if generated {
			key.AccessKey, key.SecretKey = GenerateKeyPair()
		}
		if err := seed.Load(ctx, st, sd, &key); err != nil {
			return engine.APIKey{}, false, err
		}
		return key, generated, writePrimaryKey(ctx, st, key)
	}
	var stored engine.APIKey
	err = st.Update(ctx, func(tx store.Tx) error {
		b, ok, err := tx.GetMeta(ctx, primaryKeyMeta)
		if err != nil {
			return err
		}
		var pk primaryKey
		if ok {
			if err := json.Unmarshal(b, &pk); err != nil {
				return fmt.Errorf("corrupt %s meta entry: %w", primaryKeyMeta, err)
			}
		}
		if access != "" {
			key.Customer, key.UserID = orDefault(pk.Customer, key.Customer), orDefault(pk.UserID, key.UserID)
			stored = key
			return engine.PutKey(ctx, tx, key)
		}
		if !ok {
			return errors.New("the state file was seeded without a recorded key; pass the access and secret key")
		}
		k, found, err := engine.LookupKey(ctx, tx, pk.AccessKey)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("the recorded access key %s is missing from the state file", pk.AccessKey)
		}
		stored = k
		return nil
	})
	if err != nil {
		return engine.APIKey{}, false, fmt.Errorf("emulator: %w", err)
	}
	return stored, false, writePrimaryKey(ctx, st, stored)
}

func orDefault(v, def int64) int64 {
	if v == 0 {
		return def
	}
	return v
}

func writePrimaryKey(ctx context.Context, st store.Store, k engine.APIKey) error {
	b, err := json.Marshal(primaryKey{AccessKey: k.AccessKey, Customer: k.Customer, UserID: k.UserID})
	if err != nil {
		return err
	}
	return st.Update(ctx, func(tx store.Tx) error { return tx.PutMeta(ctx, primaryKeyMeta, b) })
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

// ParseJobMode reads a job mode flag: "immediate", "polls:N",
// "duration:5s" or "fail[:message]".
func ParseJobMode(s string) (engine.JobMode, error) {
	name, arg, hasArg := strings.Cut(strings.TrimSpace(s), ":")
	switch name {
	case "immediate":
		if hasArg {
			break
		}
		return engine.JobMode{Mode: name}, nil
	case "polls":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 {
			return engine.JobMode{}, fmt.Errorf("invalid job mode %q: polls needs a count >= 1, e.g. polls:3", s)
		}
		return engine.JobMode{Mode: name, Polls: n}, nil
	case "duration":
		d, err := time.ParseDuration(arg)
		if err != nil || d <= 0 {
			return engine.JobMode{}, fmt.Errorf("invalid job mode %q: duration needs a positive duration, e.g. duration:5s", s)
		}
		return engine.JobMode{Mode: name, Duration: d}, nil
	case "fail":
		return engine.JobMode{Mode: name, Message: arg}, nil
	}
	return engine.JobMode{}, fmt.Errorf("invalid job mode %q: want immediate, polls:N, duration:D or fail[:message]", s)
}
